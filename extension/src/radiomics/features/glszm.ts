/**
 * PyRadiomics 3.0.1 GLSZM (radiomics/glszm.py): grey level size zone matrix (zones connected in 26-connectivity,
 * 8 with force2D), features normalised by the number of zones Nz.
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, force2DdimensionOf } from '../matrices/binnedRoi';
import { calculateGlszm } from '../matrices/glszm';
import { NUMPY_EPS } from '../matrices/numeric';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';

/** The processed GLSZM PyRadiomics keeps as P_glszm, with its coefficients. */
export interface GlszmMatrix {
  /** Zone counts laid out [grey level][zone size]; only sizes that occur are kept. */
  P: Float64Array;
  /** Grey levels present (ivector), ascending. */
  grayLevels: Int32Array;
  /** Zone sizes that occur (jvector), ascending. */
  zoneSizes: Float64Array;
  /** Number of zones. */
  Nz: number;
  /** Number of voxels in the zones (the ROI voxel count). */
  Np: number;
  /** Sum over grey levels: ps[s]. */
  ps: Float64Array;
  /** Sum over sizes: pg[g]. */
  pg: Float64Array;
}

/** PyRadiomics RadiomicsGLSZM._calculateMatrix and _calculateCoefficients. */
export function glszmMatrix(input: FeatureClassInput): GlszmMatrix {
  return glszmMatrixOfRoi(binRoi(input), input.settings);
}

/** glszmMatrix of a discretised ROI the caller built (voxel-based extraction builds one per kernel). */
export function glszmMatrixOfRoi(roi: BinnedRoi, settings: Settings): GlszmMatrix {
  // Zones connect through distance-1 neighbours whatever `distances` says.
  const angles = generateAngles(roi.shape, [1], true, force2DdimensionOf(settings));
  const { counts, sizes } = calculateGlszm(roi, angles);
  const levels = roi.grayLevels.length;
  const nSizes = sizes.length;
  const ps = new Float64Array(nSizes);
  const pg = new Float64Array(levels);
  let Nz = 0;
  for (let g = 0; g < levels; g++) {
    for (let s = 0; s < nSizes; s++) {
      const p = counts[g * nSizes + s];
      ps[s] += p;
      pg[g] += p;
      Nz += p;
    }
  }
  let Np = 0;
  for (let s = 0; s < nSizes; s++) Np += ps[s] * sizes[s];
  return {
    P: counts,
    grayLevels: roi.grayLevels,
    zoneSizes: Float64Array.from(sizes),
    Nz: Nz === 0 ? 1 : Nz,
    Np: Np === 0 ? 1 : Np,
    ps,
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

/** Sum over the matrix of P[g][s] * weight(i, j). */
function jointSum(m: GlszmMatrix, weight: (i: number, j: number) => number): number {
  const n = m.zoneSizes.length;
  let sum = 0;
  for (let g = 0; g < m.grayLevels.length; g++) {
    for (let s = 0; s < n; s++) sum += m.P[g * n + s] * weight(m.grayLevels[g], m.zoneSizes[s]);
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

function SmallAreaEmphasis(m: GlszmMatrix): number {
  return weightedSum(m.ps, m.zoneSizes.map((j) => 1 / j ** 2)) / m.Nz;
}

function LargeAreaEmphasis(m: GlszmMatrix): number {
  return weightedSum(m.ps, m.zoneSizes.map((j) => j ** 2)) / m.Nz;
}

function GrayLevelNonUniformity(m: GlszmMatrix): number {
  return sumOfSquares(m.pg) / m.Nz;
}

function GrayLevelNonUniformityNormalized(m: GlszmMatrix): number {
  return sumOfSquares(m.pg) / m.Nz ** 2;
}

function SizeZoneNonUniformity(m: GlszmMatrix): number {
  return sumOfSquares(m.ps) / m.Nz;
}

function SizeZoneNonUniformityNormalized(m: GlszmMatrix): number {
  return sumOfSquares(m.ps) / m.Nz ** 2;
}

function ZonePercentage(m: GlszmMatrix): number {
  return m.Nz / m.Np;
}

function GrayLevelVariance(m: GlszmMatrix): number {
  return marginalVariance(m.pg, m.grayLevels, m.Nz);
}

function ZoneVariance(m: GlszmMatrix): number {
  return marginalVariance(m.ps, m.zoneSizes, m.Nz);
}

function ZoneEntropy(m: GlszmMatrix): number {
  let sum = 0;
  for (let k = 0; k < m.P.length; k++) {
    const p = m.P[k] / m.Nz;
    sum += p * Math.log2(p + NUMPY_EPS);
  }
  return -sum;
}

function LowGrayLevelZoneEmphasis(m: GlszmMatrix): number {
  return weightedSum(m.pg, Float64Array.from(m.grayLevels, (i) => 1 / i ** 2)) / m.Nz;
}

function HighGrayLevelZoneEmphasis(m: GlszmMatrix): number {
  return weightedSum(m.pg, Float64Array.from(m.grayLevels, (i) => i ** 2)) / m.Nz;
}

function SmallAreaLowGrayLevelEmphasis(m: GlszmMatrix): number {
  return jointSum(m, (i, j) => 1 / (i ** 2 * j ** 2)) / m.Nz;
}

function SmallAreaHighGrayLevelEmphasis(m: GlszmMatrix): number {
  return jointSum(m, (i, j) => i ** 2 / j ** 2) / m.Nz;
}

function LargeAreaLowGrayLevelEmphasis(m: GlszmMatrix): number {
  return jointSum(m, (i, j) => j ** 2 / i ** 2) / m.Nz;
}

function LargeAreaHighGrayLevelEmphasis(m: GlszmMatrix): number {
  return jointSum(m, (i, j) => i ** 2 * j ** 2) / m.Nz;
}

const FEATURES: Record<string, (m: GlszmMatrix) => number> = {
  GrayLevelNonUniformity,
  GrayLevelNonUniformityNormalized,
  GrayLevelVariance,
  HighGrayLevelZoneEmphasis,
  LargeAreaEmphasis,
  LargeAreaHighGrayLevelEmphasis,
  LargeAreaLowGrayLevelEmphasis,
  LowGrayLevelZoneEmphasis,
  SizeZoneNonUniformity,
  SizeZoneNonUniformityNormalized,
  SmallAreaEmphasis,
  SmallAreaHighGrayLevelEmphasis,
  SmallAreaLowGrayLevelEmphasis,
  ZoneEntropy,
  ZonePercentage,
  ZoneVariance,
};

/** The named features of a GLSZM (compute checks the names first). */
export function glszmFeatureValues(m: GlszmMatrix, names: readonly string[]): number[] {
  return names.map((name) => FEATURES[name](m));
}

export const glszm: FeatureClass = {
  name: 'glszm',
  defaultFeatures: Object.keys(FEATURES),
  deprecatedFeatures: [],
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    for (const name of enabled) if (!FEATURES[name]) throw new Error(`glszm has no feature '${name}'.`);
    const out: Record<string, number> = {};
    if (enabled.length === 0) return out;
    const values = glszmFeatureValues(glszmMatrix(input), enabled);
    enabled.forEach((name, k) => (out[name] = values[k]));
    return out;
  },
};
