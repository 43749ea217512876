/**
 * PyRadiomics 3.0.1 GLRLM (radiomics/glrlm.py): grey level run length matrices per angle (13 in 3D, 4 with
 * force2D; optionally merged by a distance weighting), features per angle normalised by the number of runs Nr and
 * averaged over the angles (numpy.nanmean).
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, force2DdimensionOf } from '../matrices/binnedRoi';
import { calculateGlrlm } from '../matrices/glrlm';
import { nanmean, NUMPY_EPS } from '../matrices/numeric';
import { angleWeights } from '../matrices/weights';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';

/** The processed GLRLM PyRadiomics keeps as P_glrlm, with its coefficients. */
export interface GlrlmMatrix {
  /** Run counts laid out [angle][grey level][run length]; only run lengths that occur are kept. */
  P: Float64Array;
  angles: number;
  /** Grey levels present (ivector), ascending. */
  grayLevels: Int32Array;
  /** Run lengths kept (jvector). */
  runLengths: Float64Array;
  /** Number of runs per angle (NaN for an empty angle). */
  Nr: Float64Array;
  /** Sum over grey levels: pr[a][r]. */
  pr: Float64Array;
  /** Sum over run lengths: pg[a][g]. */
  pg: Float64Array;
}

/** PyRadiomics RadiomicsGLRLM._calculateMatrix and _calculateCoefficients. */
export function glrlmMatrix(input: FeatureClassInput): GlrlmMatrix {
  return glrlmMatrixOfRoi(binRoi(input), input.settings, input.spacing);
}

/** glrlmMatrix of a discretised ROI the caller built (voxel-based extraction builds one per kernel). */
export function glrlmMatrixOfRoi(roi: BinnedRoi, settings: Settings, spacing: Vec3): GlrlmMatrix {
  // GLRLM always uses distance 1, whatever `distances` says.
  const angles = generateAngles(roi.shape, [1], false, force2DdimensionOf(settings));
  const levels = roi.grayLevels.length;
  const { counts, maxRunLength } = calculateGlrlm(roi, angles);
  const perAngle = levels * maxRunLength;
  let P = counts;
  let count = angles.count;
  const weights = angleWeights('glrlm', settings, spacing, angles);
  if (weights) {
    const merged = new Float64Array(perAngle);
    for (let a = 0; a < count; a++) for (let k = 0; k < perAngle; k++) merged[k] += P[a * perAngle + k] * weights[a];
    P = merged;
    count = 1;
  }
  let Nr = new Float64Array(count);
  for (let a = 0; a < count; a++) for (let k = 0; k < perAngle; k++) Nr[a] += P[a * perAngle + k];
  let keptAngles = Array.from({ length: count }, (_v, a) => a);
  if (count > 1) keptAngles = keptAngles.filter((a) => Nr[a] !== 0);
  // Run lengths that occur in no kept angle are deleted (the weighted sums are >= 0, so a zero sum means absent).
  const occurs = new Uint8Array(maxRunLength);
  for (const a of keptAngles) {
    for (let g = 0; g < levels; g++) {
      for (let r = 0; r < maxRunLength; r++) if (P[a * perAngle + g * maxRunLength + r] !== 0) occurs[r] = 1;
    }
  }
  const runLengthIndex: number[] = [];
  for (let r = 0; r < maxRunLength; r++) if (occurs[r]) runLengthIndex.push(r);
  const nRuns = runLengthIndex.length;
  const compact = new Float64Array(keptAngles.length * levels * nRuns);
  keptAngles.forEach((a, k) => {
    for (let g = 0; g < levels; g++) {
      for (let r = 0; r < nRuns; r++) {
        compact[(k * levels + g) * nRuns + r] = P[a * perAngle + g * maxRunLength + runLengthIndex[r]];
      }
    }
  });
  Nr = Float64Array.from(keptAngles, (a) => (Nr[a] === 0 ? NaN : Nr[a]));
  const angleCount = keptAngles.length;
  const pr = new Float64Array(angleCount * nRuns);
  const pg = new Float64Array(angleCount * levels);
  for (let a = 0; a < angleCount; a++) {
    for (let g = 0; g < levels; g++) {
      for (let r = 0; r < nRuns; r++) {
        const p = compact[(a * levels + g) * nRuns + r];
        pr[a * nRuns + r] += p;
        pg[a * levels + g] += p;
      }
    }
  }
  return {
    P: compact,
    angles: angleCount,
    grayLevels: roi.grayLevels,
    runLengths: Float64Array.from(runLengthIndex, (r) => r + 1),
    Nr,
    pr,
    pg,
  };
}

/** Sum over run lengths of pr[a][r] * weight[r] / Nr[a], averaged over angles. */
function runLengthSum(m: GlrlmMatrix, weights: Float64Array): number {
  const n = m.runLengths.length;
  const values = new Float64Array(m.angles);
  for (let a = 0; a < m.angles; a++) {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += m.pr[a * n + r] * weights[r];
    values[a] = sum / m.Nr[a];
  }
  return nanmean(values);
}

/** Sum over grey levels of pg[a][g] * weight[g] / Nr[a], averaged over angles. */
function grayLevelSum(m: GlrlmMatrix, weights: Float64Array): number {
  const n = m.grayLevels.length;
  const values = new Float64Array(m.angles);
  for (let a = 0; a < m.angles; a++) {
    let sum = 0;
    for (let g = 0; g < n; g++) sum += m.pg[a * n + g] * weights[g];
    values[a] = sum / m.Nr[a];
  }
  return nanmean(values);
}

/** Sum over the whole matrix of P[a][g][r] * weight(i, j) / Nr[a], averaged over angles. */
function jointSum(m: GlrlmMatrix, weights: Float64Array): number {
  const size = m.grayLevels.length * m.runLengths.length;
  const values = new Float64Array(m.angles);
  for (let a = 0; a < m.angles; a++) {
    let sum = 0;
    for (let k = 0; k < size; k++) sum += m.P[a * size + k] * weights[k];
    values[a] = sum / m.Nr[a];
  }
  return nanmean(values);
}

function jointWeights(m: GlrlmMatrix, weight: (i: number, j: number) => number): Float64Array {
  const out = new Float64Array(m.grayLevels.length * m.runLengths.length);
  m.grayLevels.forEach((i, g) => m.runLengths.forEach((j, r) => (out[g * m.runLengths.length + r] = weight(i, j))));
  return out;
}

function ShortRunEmphasis(m: GlrlmMatrix): number {
  return runLengthSum(m, m.runLengths.map((j) => 1 / j ** 2));
}

function LongRunEmphasis(m: GlrlmMatrix): number {
  return runLengthSum(m, m.runLengths.map((j) => j ** 2));
}

/** Sum of squared marginals over Nr^power. */
function nonUniformity(marginal: Float64Array, length: number, m: GlrlmMatrix, power: number): number {
  const values = new Float64Array(m.angles);
  for (let a = 0; a < m.angles; a++) {
    let sum = 0;
    for (let k = 0; k < length; k++) sum += marginal[a * length + k] ** 2;
    values[a] = sum / m.Nr[a] ** power;
  }
  return nanmean(values);
}

function GrayLevelNonUniformity(m: GlrlmMatrix): number {
  return nonUniformity(m.pg, m.grayLevels.length, m, 1);
}

function GrayLevelNonUniformityNormalized(m: GlrlmMatrix): number {
  return nonUniformity(m.pg, m.grayLevels.length, m, 2);
}

function RunLengthNonUniformity(m: GlrlmMatrix): number {
  return nonUniformity(m.pr, m.runLengths.length, m, 1);
}

function RunLengthNonUniformityNormalized(m: GlrlmMatrix): number {
  return nonUniformity(m.pr, m.runLengths.length, m, 2);
}

function RunPercentage(m: GlrlmMatrix): number {
  const n = m.runLengths.length;
  const values = new Float64Array(m.angles);
  for (let a = 0; a < m.angles; a++) {
    let Np = 0;
    for (let r = 0; r < n; r++) Np += m.pr[a * n + r] * m.runLengths[r];
    values[a] = m.Nr[a] / Np;
  }
  return nanmean(values);
}

/** Variance of a normalised marginal p = marginal / Nr over the values `support`. */
function marginalVariance(marginal: Float64Array, support: ArrayLike<number>, m: GlrlmMatrix): number {
  const n = support.length;
  const values = new Float64Array(m.angles);
  for (let a = 0; a < m.angles; a++) {
    let mean = 0;
    for (let k = 0; k < n; k++) mean += (marginal[a * n + k] / m.Nr[a]) * support[k];
    let sum = 0;
    for (let k = 0; k < n; k++) sum += (marginal[a * n + k] / m.Nr[a]) * (support[k] - mean) ** 2;
    values[a] = sum;
  }
  return nanmean(values);
}

function GrayLevelVariance(m: GlrlmMatrix): number {
  return marginalVariance(m.pg, m.grayLevels, m);
}

function RunVariance(m: GlrlmMatrix): number {
  return marginalVariance(m.pr, m.runLengths, m);
}

function RunEntropy(m: GlrlmMatrix): number {
  const size = m.grayLevels.length * m.runLengths.length;
  const values = new Float64Array(m.angles);
  for (let a = 0; a < m.angles; a++) {
    let sum = 0;
    for (let k = 0; k < size; k++) {
      const p = m.P[a * size + k] / m.Nr[a];
      sum += p * Math.log2(p + NUMPY_EPS);
    }
    values[a] = -sum;
  }
  return nanmean(values);
}

function LowGrayLevelRunEmphasis(m: GlrlmMatrix): number {
  return grayLevelSum(m, Float64Array.from(m.grayLevels, (i) => 1 / i ** 2));
}

function HighGrayLevelRunEmphasis(m: GlrlmMatrix): number {
  return grayLevelSum(m, Float64Array.from(m.grayLevels, (i) => i ** 2));
}

function ShortRunLowGrayLevelEmphasis(m: GlrlmMatrix): number {
  return jointSum(m, jointWeights(m, (i, j) => 1 / (i ** 2 * j ** 2)));
}

function ShortRunHighGrayLevelEmphasis(m: GlrlmMatrix): number {
  return jointSum(m, jointWeights(m, (i, j) => i ** 2 / j ** 2));
}

function LongRunLowGrayLevelEmphasis(m: GlrlmMatrix): number {
  return jointSum(m, jointWeights(m, (i, j) => j ** 2 / i ** 2));
}

function LongRunHighGrayLevelEmphasis(m: GlrlmMatrix): number {
  return jointSum(m, jointWeights(m, (i, j) => j ** 2 * i ** 2));
}

const FEATURES: Record<string, (m: GlrlmMatrix) => number> = {
  GrayLevelNonUniformity,
  GrayLevelNonUniformityNormalized,
  GrayLevelVariance,
  HighGrayLevelRunEmphasis,
  LongRunEmphasis,
  LongRunHighGrayLevelEmphasis,
  LongRunLowGrayLevelEmphasis,
  LowGrayLevelRunEmphasis,
  RunEntropy,
  RunLengthNonUniformity,
  RunLengthNonUniformityNormalized,
  RunPercentage,
  RunVariance,
  ShortRunEmphasis,
  ShortRunHighGrayLevelEmphasis,
  ShortRunLowGrayLevelEmphasis,
};

/** The named features of a GLRLM (compute checks the names first). */
export function glrlmFeatureValues(m: GlrlmMatrix, names: readonly string[]): number[] {
  return names.map((name) => FEATURES[name](m));
}

export const glrlm: FeatureClass = {
  name: 'glrlm',
  defaultFeatures: Object.keys(FEATURES),
  deprecatedFeatures: [],
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    for (const name of enabled) if (!FEATURES[name]) throw new Error(`glrlm has no feature '${name}'.`);
    const out: Record<string, number> = {};
    if (enabled.length === 0) return out;
    const values = glrlmFeatureValues(glrlmMatrix(input), enabled);
    enabled.forEach((name, k) => (out[name] = values[k]));
    return out;
  },
};
