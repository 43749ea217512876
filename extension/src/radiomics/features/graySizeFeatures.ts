/**
 * The formulas GLSZM, GLDM and GLRLM share. PyRadiomics writes them alike over a matrix P(i, j) of grey level i by
 * a "size" j (zone size, dependence size, run length), with its marginals over sizes, pg(i), and over grey levels,
 * ps(j), normalised by the matrix total N (Nz, Nz, Nr). GLRLM keeps one matrix per angle: each function reads one
 * matrix starting at an offset of its arrays, so the per-angle GLRLM and the single GLSZM and GLDM use the same code.
 */
import { NUMPY_EPS } from '../matrices/numeric';

/** One grey level x size matrix: P (levels x sizes, row-major) from pOffset, pg from gOffset, ps from sOffset. */
export interface GraySizeMatrix {
  P: Float64Array;
  pOffset: number;
  pg: Float64Array;
  gOffset: number;
  ps: Float64Array;
  sOffset: number;
  /** Grey levels present (ivector) and sizes kept (jvector). */
  grayLevels: ArrayLike<number>;
  sizes: ArrayLike<number>;
  /** The normalising total: Nz (GLSZM zones, GLDM voxels) or Nr (GLRLM runs of the angle). */
  N: number;
}

/**
 * The shared formulas; each class maps its PyRadiomics feature names onto them (e.g. GLSZM SmallAreaEmphasis, GLDM
 * SmallDependenceEmphasis and GLRLM ShortRunEmphasis are all `smallEmphasis`).
 */
export type GraySizeFormula =
  | 'smallEmphasis'
  | 'largeEmphasis'
  | 'grayLevelNonUniformity'
  | 'grayLevelNonUniformityNormalized'
  | 'sizeNonUniformity'
  | 'sizeNonUniformityNormalized'
  | 'grayLevelVariance'
  | 'sizeVariance'
  | 'entropy'
  | 'lowGrayLevelEmphasis'
  | 'highGrayLevelEmphasis'
  | 'smallLowGrayLevelEmphasis'
  | 'smallHighGrayLevelEmphasis'
  | 'largeLowGrayLevelEmphasis'
  | 'largeHighGrayLevelEmphasis';

export function graySizeFeature(m: GraySizeMatrix, formula: GraySizeFormula): number {
  const levels = m.grayLevels.length;
  const sizes = m.sizes.length;
  switch (formula) {
    case 'smallEmphasis':
      return weightedSum(m.ps, m.sOffset, inverseSquares(m.sizes), m.N);
    case 'largeEmphasis':
      return weightedSum(m.ps, m.sOffset, squares(m.sizes), m.N);
    case 'grayLevelNonUniformity':
      return sumOfSquares(m.pg, m.gOffset, levels) / m.N;
    case 'grayLevelNonUniformityNormalized':
      return sumOfSquares(m.pg, m.gOffset, levels) / m.N ** 2;
    case 'sizeNonUniformity':
      return sumOfSquares(m.ps, m.sOffset, sizes) / m.N;
    case 'sizeNonUniformityNormalized':
      return sumOfSquares(m.ps, m.sOffset, sizes) / m.N ** 2;
    case 'grayLevelVariance':
      return marginalVariance(m.pg, m.gOffset, m.grayLevels, m.N);
    case 'sizeVariance':
      return marginalVariance(m.ps, m.sOffset, m.sizes, m.N);
    case 'entropy':
      return normalisedEntropy(m.P, m.pOffset, levels * sizes, m.N);
    case 'lowGrayLevelEmphasis':
      return weightedSum(m.pg, m.gOffset, inverseSquares(m.grayLevels), m.N);
    case 'highGrayLevelEmphasis':
      return weightedSum(m.pg, m.gOffset, squares(m.grayLevels), m.N);
    case 'smallLowGrayLevelEmphasis':
      return weightedSum(m.P, m.pOffset, jointEmphasisWeights(m.grayLevels, m.sizes, 'lowSmall'), m.N);
    case 'smallHighGrayLevelEmphasis':
      return weightedSum(m.P, m.pOffset, jointEmphasisWeights(m.grayLevels, m.sizes, 'highSmall'), m.N);
    case 'largeLowGrayLevelEmphasis':
      return weightedSum(m.P, m.pOffset, jointEmphasisWeights(m.grayLevels, m.sizes, 'lowLarge'), m.N);
    case 'largeHighGrayLevelEmphasis':
      return weightedSum(m.P, m.pOffset, jointEmphasisWeights(m.grayLevels, m.sizes, 'highLarge'), m.N);
  }
}

/** 1 / v^2 for each value (Small/Short emphasis over sizes, Low grey level emphasis over grey levels). */
function inverseSquares(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = 1 / values[k] ** 2;
  return out;
}

/** v^2 for each value (Large/Long emphasis over sizes, High grey level emphasis over grey levels). */
function squares(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = values[k] ** 2;
  return out;
}

/** Which of the four joint emphases: grey level low or high, size small or large. */
type JointEmphasis = 'lowSmall' | 'highSmall' | 'lowLarge' | 'highLarge';

/**
 * The weight of each cell (i, j) of a levels x sizes matrix for a joint emphasis, as PyRadiomics' formulas have it:
 * 1 / (i^2 j^2), i^2 / j^2, j^2 / i^2, i^2 j^2.
 */
function jointEmphasisWeights(grayLevels: ArrayLike<number>, sizes: ArrayLike<number>, emphasis: JointEmphasis): Float64Array {
  const nSizes = sizes.length;
  const out = new Float64Array(grayLevels.length * nSizes);
  for (let g = 0; g < grayLevels.length; g++) {
    const i2 = grayLevels[g] ** 2;
    for (let s = 0; s < nSizes; s++) {
      const j2 = sizes[s] ** 2;
      out[g * nSizes + s] =
        emphasis === 'lowSmall' ? 1 / (i2 * j2) : emphasis === 'highSmall' ? i2 / j2 : emphasis === 'lowLarge' ? j2 / i2 : i2 * j2;
    }
  }
  return out;
}

/** sum_k values[offset + k] * weights[k] / N: an emphasis over a marginal (weights over its support) or over P. */
function weightedSum(values: Float64Array, offset: number, weights: Float64Array, N: number): number {
  let sum = 0;
  for (let k = 0; k < weights.length; k++) sum += values[offset + k] * weights[k];
  return sum / N;
}

/** sum_k marginal[offset + k]^2 over `length` values: the numerator of the non-uniformities. */
function sumOfSquares(marginal: Float64Array, offset: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += marginal[offset + k] ** 2;
  return sum;
}

/** Variance of the normalised marginal p = marginal / N over the values `support`. */
function marginalVariance(marginal: Float64Array, offset: number, support: ArrayLike<number>, N: number): number {
  let mean = 0;
  for (let k = 0; k < support.length; k++) mean += (marginal[offset + k] / N) * support[k];
  let sum = 0;
  for (let k = 0; k < support.length; k++) sum += (marginal[offset + k] / N) * (support[k] - mean) ** 2;
  return sum;
}

/** Entropy of the normalised matrix p = P / N over `length` cells: -sum p log2(p + eps). */
function normalisedEntropy(P: Float64Array, offset: number, length: number, N: number): number {
  let sum = 0;
  for (let k = offset; k < offset + length; k++) {
    const p = P[k] / N;
    sum += p * Math.log2(p + NUMPY_EPS);
  }
  return -sum;
}
