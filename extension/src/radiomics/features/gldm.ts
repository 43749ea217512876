/**
 * PyRadiomics 3.0.1 GLDM (radiomics/gldm.py): grey level dependence matrix (dependence = number of neighbours,
 * over the bidirectional angles of `distances`, whose grey level differs by at most gldm_a), features normalised
 * by the number of voxels Nz.
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, distancesOf, force2DdimensionOf } from '../matrices/binnedRoi';
import { calculateGldm } from '../matrices/gldm';
import { NUMPY_EPS } from '../matrices/numeric';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';

/** The processed GLDM PyRadiomics keeps as P_gldm, with its coefficients. */
export interface GldmMatrix {
  /** Voxel counts laid out [grey level][dependence]; only dependence sizes that occur are kept. */
  P: Float64Array;
  /** Grey levels present (ivector), ascending. */
  grayLevels: Int32Array;
  /** Dependence sizes kept (jvector = number of dependent neighbours + 1). */
  dependenceSizes: Float64Array;
  /** Number of voxels (1 for an empty matrix). */
  Nz: number;
  /** Sum over grey levels: pd[d]. */
  pd: Float64Array;
  /** Sum over dependence sizes: pg[g]. */
  pg: Float64Array;
}

function alphaOf(settings: Settings): number {
  const alpha = settings.gldm_a ?? 0;
  if (!Number.isInteger(alpha) || alpha < 0) throw new Error(`Setting gldm_a must be an integer >= 0, got ${alpha}.`);
  return alpha;
}

/** PyRadiomics RadiomicsGLDM._calculateMatrix. */
export function gldmMatrix(input: FeatureClassInput): GldmMatrix {
  return gldmMatrixOfRoi(binRoi(input), input.settings);
}

/** gldmMatrix of a discretised ROI the caller built (voxel-based extraction builds one per kernel). */
export function gldmMatrixOfRoi(roi: BinnedRoi, settings: Settings): GldmMatrix {
  const angles = generateAngles(roi.shape, distancesOf(settings), true, force2DdimensionOf(settings));
  const counts = calculateGldm(roi, angles, alphaOf(settings));
  const levels = roi.grayLevels.length;
  const columns = angles.count + 1;
  const kept: number[] = [];
  for (let d = 0; d < columns; d++) {
    let total = 0;
    for (let g = 0; g < levels; g++) total += counts[g * columns + d];
    if (total !== 0) kept.push(d);
  }
  const P = new Float64Array(levels * kept.length);
  const pd = new Float64Array(kept.length);
  const pg = new Float64Array(levels);
  let Nz = 0;
  for (let g = 0; g < levels; g++) {
    kept.forEach((d, k) => {
      const p = counts[g * columns + d];
      P[g * kept.length + k] = p;
      pd[k] += p;
      pg[g] += p;
      Nz += p;
    });
  }
  return {
    P,
    grayLevels: roi.grayLevels,
    dependenceSizes: Float64Array.from(kept, (d) => d + 1),
    Nz: Nz === 0 ? 1 : Nz,
    pd,
    pg,
  };
}

function weightedSum(marginal: Float64Array, weights: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < marginal.length; k++) sum += marginal[k] * weights[k];
  return sum;
}

function sumOfSquares(values: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k] ** 2;
  return sum;
}

/** Sum over the matrix of P[g][d] * weight(i, j). */
function jointSum(m: GldmMatrix, weight: (i: number, j: number) => number): number {
  const n = m.dependenceSizes.length;
  let sum = 0;
  for (let g = 0; g < m.grayLevels.length; g++) {
    for (let d = 0; d < n; d++) sum += m.P[g * n + d] * weight(m.grayLevels[g], m.dependenceSizes[d]);
  }
  return sum;
}

/** Variance of the normalised marginal p = marginal / Nz over `support`. */
function marginalVariance(marginal: Float64Array, support: ArrayLike<number>, Nz: number): number {
  let mean = 0;
  for (let k = 0; k < marginal.length; k++) mean += (marginal[k] / Nz) * support[k];
  let sum = 0;
  for (let k = 0; k < marginal.length; k++) sum += (marginal[k] / Nz) * (support[k] - mean) ** 2;
  return sum;
}

function SmallDependenceEmphasis(m: GldmMatrix): number {
  return weightedSum(m.pd, m.dependenceSizes.map((j) => 1 / j ** 2)) / m.Nz;
}

function LargeDependenceEmphasis(m: GldmMatrix): number {
  return weightedSum(m.pd, m.dependenceSizes.map((j) => j ** 2)) / m.Nz;
}

function GrayLevelNonUniformity(m: GldmMatrix): number {
  return sumOfSquares(m.pg) / m.Nz;
}

function DependenceNonUniformity(m: GldmMatrix): number {
  return sumOfSquares(m.pd) / m.Nz;
}

function DependenceNonUniformityNormalized(m: GldmMatrix): number {
  return sumOfSquares(m.pd) / m.Nz ** 2;
}

function GrayLevelVariance(m: GldmMatrix): number {
  return marginalVariance(m.pg, m.grayLevels, m.Nz);
}

function DependenceVariance(m: GldmMatrix): number {
  return marginalVariance(m.pd, m.dependenceSizes, m.Nz);
}

function DependenceEntropy(m: GldmMatrix): number {
  let sum = 0;
  for (let k = 0; k < m.P.length; k++) {
    const p = m.P[k] / m.Nz;
    sum += p * Math.log2(p + NUMPY_EPS);
  }
  return -sum;
}

function LowGrayLevelEmphasis(m: GldmMatrix): number {
  return weightedSum(m.pg, Float64Array.from(m.grayLevels, (i) => 1 / i ** 2)) / m.Nz;
}

function HighGrayLevelEmphasis(m: GldmMatrix): number {
  return weightedSum(m.pg, Float64Array.from(m.grayLevels, (i) => i ** 2)) / m.Nz;
}

function SmallDependenceLowGrayLevelEmphasis(m: GldmMatrix): number {
  return jointSum(m, (i, j) => 1 / (i ** 2 * j ** 2)) / m.Nz;
}

function SmallDependenceHighGrayLevelEmphasis(m: GldmMatrix): number {
  return jointSum(m, (i, j) => i ** 2 / j ** 2) / m.Nz;
}

function LargeDependenceLowGrayLevelEmphasis(m: GldmMatrix): number {
  return jointSum(m, (i, j) => j ** 2 / i ** 2) / m.Nz;
}

function LargeDependenceHighGrayLevelEmphasis(m: GldmMatrix): number {
  return jointSum(m, (i, j) => j ** 2 * i ** 2) / m.Nz;
}

const FEATURES: Record<string, (m: GldmMatrix) => number> = {
  DependenceEntropy,
  DependenceNonUniformity,
  DependenceNonUniformityNormalized,
  DependenceVariance,
  GrayLevelNonUniformity,
  GrayLevelVariance,
  HighGrayLevelEmphasis,
  LargeDependenceEmphasis,
  LargeDependenceHighGrayLevelEmphasis,
  LargeDependenceLowGrayLevelEmphasis,
  LowGrayLevelEmphasis,
  SmallDependenceEmphasis,
  SmallDependenceHighGrayLevelEmphasis,
  SmallDependenceLowGrayLevelEmphasis,
};

/**
 * Deprecated in PyRadiomics 3.0.1: their functions raise DeprecationWarning (GrayLevelNonUniformityNormalized equals
 * firstorder Uniformity, DependencePercentage is always 1), so PyRadiomics outputs no value for them; so do we.
 */
const DEPRECATED = ['DependencePercentage', 'GrayLevelNonUniformityNormalized'];

/** The named features of a GLDM (compute checks the names first). */
export function gldmFeatureValues(m: GldmMatrix, names: readonly string[]): number[] {
  return names.map((name) => FEATURES[name](m));
}

export const gldm: FeatureClass = {
  name: 'gldm',
  defaultFeatures: Object.keys(FEATURES),
  deprecatedFeatures: DEPRECATED,
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    const computed = enabled.filter((name) => !DEPRECATED.includes(name));
    for (const name of computed) if (!FEATURES[name]) throw new Error(`gldm has no feature '${name}'.`);
    const out: Record<string, number> = {};
    if (computed.length === 0) return out;
    const values = gldmFeatureValues(gldmMatrix(input), computed);
    computed.forEach((name, k) => (out[name] = values[k]));
    return out;
  },
};
