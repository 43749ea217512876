/**
 * PyRadiomics 3.0.1 GLRLM (radiomics/glrlm.py): grey level run length matrices per angle (13 in 3D, 4 with
 * force2D; optionally merged by a distance weighting), features per angle normalised by the number of runs Nr and
 * averaged over the angles (numpy.nanmean).
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, force2DdimensionOf } from '../matrices/binnedRoi';
import { calculateGlrlm } from '../matrices/glrlm';
import { angleSums, angleWeights, mergeAngles } from '../matrices/weights';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';
import { graySizeFeature, type GraySizeFormula, type GraySizeMatrix } from './graySizeFeatures';

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
    P = mergeAngles(P, weights, perAngle);
    count = 1;
  }
  let Nr = angleSums(P, count, perAngle);
  let keptAngles = Array.from({ length: count }, (_v, a) => a);
  if (count > 1) keptAngles = keptAngles.filter((a) => Nr[a] !== 0);
  // Run lengths that occur in no kept angle are deleted (the weighted sums are >= 0, so a zero sum means absent).
  const occurs = occurringRunLengths(P, keptAngles, levels, maxRunLength);
  const runLengthIndex: number[] = [];
  for (let r = 0; r < maxRunLength; r++) if (occurs[r]) runLengthIndex.push(r);
  const nRuns = runLengthIndex.length;
  const compact = keptRuns(P, keptAngles, levels, maxRunLength, Int32Array.from(runLengthIndex));
  Nr = Float64Array.from(keptAngles, (a) => (Nr[a] === 0 ? NaN : Nr[a]));
  const angleCount = keptAngles.length;
  const pr = new Float64Array(angleCount * nRuns);
  const pg = new Float64Array(angleCount * levels);
  addMarginals(compact, angleCount, levels, nRuns, pr, pg);
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

/*
 * The steps of glrlmMatrixOfRoi over the matrices, each a function with one loop nest, so that V8 optimises each once
 * instead of recompiling glrlmMatrixOfRoi around them on the first extractions.
 */

/** occurs[r] = 1 when run length r + 1 has a count in some kept angle. */
function occurringRunLengths(P: Float64Array, keptAngles: readonly number[], levels: number, maxRunLength: number): Uint8Array {
  const perAngle = levels * maxRunLength;
  const occurs = new Uint8Array(maxRunLength);
  for (const a of keptAngles) {
    for (let g = 0; g < levels; g++) {
      for (let r = 0; r < maxRunLength; r++) if (P[a * perAngle + g * maxRunLength + r] !== 0) occurs[r] = 1;
    }
  }
  return occurs;
}

/** The kept angles' counts of the kept run lengths (runLengthIndex: run length - 1), laid out [angle][level][run]. */
function keptRuns(P: Float64Array, keptAngles: readonly number[], levels: number, maxRunLength: number, runLengthIndex: Int32Array): Float64Array {
  const perAngle = levels * maxRunLength;
  const nRuns = runLengthIndex.length;
  const compact = new Float64Array(keptAngles.length * levels * nRuns);
  for (let k = 0; k < keptAngles.length; k++) {
    const a = keptAngles[k];
    for (let g = 0; g < levels; g++) {
      for (let r = 0; r < nRuns; r++) {
        compact[(k * levels + g) * nRuns + r] = P[a * perAngle + g * maxRunLength + runLengthIndex[r]];
      }
    }
  }
  return compact;
}

/** Adds each angle's sums over grey levels to pr[a][r] and over run lengths to pg[a][g]. */
function addMarginals(P: Float64Array, angleCount: number, levels: number, nRuns: number, pr: Float64Array, pg: Float64Array): void {
  for (let a = 0; a < angleCount; a++) {
    for (let g = 0; g < levels; g++) {
      for (let r = 0; r < nRuns; r++) {
        const p = P[(a * levels + g) * nRuns + r];
        pr[a * nRuns + r] += p;
        pg[a * levels + g] += p;
      }
    }
  }
}

function RunPercentage(m: GlrlmMatrix, a: number): number {
  const n = m.runLengths.length;
  let Np = 0;
  for (let r = 0; r < n; r++) Np += m.pr[a * n + r] * m.runLengths[r];
  return m.Nr[a] / Np;
}

/** PyRadiomics' GLRLM features that are formulas shared with GLSZM and GLDM (run length = size), per angle. */
const SHARED: Record<string, GraySizeFormula> = {
  GrayLevelNonUniformity: 'grayLevelNonUniformity',
  GrayLevelNonUniformityNormalized: 'grayLevelNonUniformityNormalized',
  GrayLevelVariance: 'grayLevelVariance',
  HighGrayLevelRunEmphasis: 'highGrayLevelEmphasis',
  LongRunEmphasis: 'largeEmphasis',
  LongRunHighGrayLevelEmphasis: 'largeHighGrayLevelEmphasis',
  LongRunLowGrayLevelEmphasis: 'largeLowGrayLevelEmphasis',
  LowGrayLevelRunEmphasis: 'lowGrayLevelEmphasis',
  RunEntropy: 'entropy',
  RunLengthNonUniformity: 'sizeNonUniformity',
  RunLengthNonUniformityNormalized: 'sizeNonUniformityNormalized',
  RunVariance: 'sizeVariance',
  ShortRunEmphasis: 'smallEmphasis',
  ShortRunHighGrayLevelEmphasis: 'smallHighGrayLevelEmphasis',
  ShortRunLowGrayLevelEmphasis: 'smallLowGrayLevelEmphasis',
};

/** Every GLRLM feature (defaultFeatureOrder puts them in PyRadiomics' order). */
const FEATURES = [...Object.keys(SHARED), 'RunPercentage'].sort();

/** One feature per angle, averaged over the angles with numpy.nanmean (summed in angle order, NaN skipped). */
export function glrlmFeatureValue(m: GlrlmMatrix, name: string): number {
  const levels = m.grayLevels.length;
  const runs = m.runLengths.length;
  let sum = 0;
  let count = 0;
  for (let a = 0; a < m.angles; a++) {
    let value: number;
    if (name === 'RunPercentage') {
      value = RunPercentage(m, a);
    } else {
      const matrix: GraySizeMatrix = {
        P: m.P,
        pOffset: a * levels * runs,
        pg: m.pg,
        gOffset: a * levels,
        ps: m.pr,
        sOffset: a * runs,
        grayLevels: m.grayLevels,
        sizes: m.runLengths,
        N: m.Nr[a],
      };
      value = graySizeFeature(matrix, SHARED[name]);
    }
    if (Number.isNaN(value)) continue;
    sum += value;
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

/** The named features of a GLRLM (compute checks the names first). */
export function glrlmFeatureValues(m: GlrlmMatrix, names: readonly string[]): number[] {
  return names.map((name) => glrlmFeatureValue(m, name));
}

export const glrlm: FeatureClass = {
  name: 'glrlm',
  defaultFeatures: FEATURES,
  deprecatedFeatures: [],
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    for (const name of enabled) if (!FEATURES.includes(name)) throw new Error(`glrlm has no feature '${name}'.`);
    const out: Record<string, number> = {};
    if (enabled.length === 0) return out;
    const values = glrlmFeatureValues(glrlmMatrix(input), enabled);
    enabled.forEach((name, k) => (out[name] = values[k]));
    return out;
  },
};
