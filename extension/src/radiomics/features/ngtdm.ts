/**
 * PyRadiomics 3.0.1 NGTDM (radiomics/ngtdm.py): neighbouring grey tone difference matrix over the bidirectional
 * angles of `distances`; one row (n_i, s_i, i) per grey level present.
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, distancesOf, force2DdimensionOf } from '../matrices/binnedRoi';
import { calculateNgtdm } from '../matrices/ngtdm';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';

/** The processed NGTDM PyRadiomics keeps as P_ngtdm, with its coefficients. */
export interface NgtdmMatrix {
  /** Grey levels present (ivector), ascending. */
  grayLevels: Int32Array;
  /** Voxel count per grey level (n_i). */
  n: Float64Array;
  /** Summed absolute differences per grey level (s_i). */
  s: Float64Array;
  /** n_i / Nvp. */
  p: Float64Array;
  /** Number of voxels (Nvp). */
  Nvp: number;
  /** Number of grey levels with p_i > 0. */
  Ngp: number;
}

/** PyRadiomics RadiomicsNGTDM._calculateMatrix and _calculateCoefficients. */
export function ngtdmMatrix(input: FeatureClassInput): NgtdmMatrix {
  return ngtdmMatrixOfRoi(binRoi(input), input.settings);
}

/** ngtdmMatrix of a discretised ROI the caller built (voxel-based extraction builds one per kernel). */
export function ngtdmMatrixOfRoi(roi: BinnedRoi, settings: Settings): NgtdmMatrix {
  const angles = generateAngles(roi.shape, distancesOf(settings), true, force2DdimensionOf(settings));
  const { n, s } = calculateNgtdm(roi, angles);
  let Nvp = 0;
  for (let k = 0; k < n.length; k++) Nvp += n[k];
  return { grayLevels: roi.grayLevels, n, s, p: n.map((v) => v / Nvp), Nvp, Ngp: n.filter((v) => v > 0).length };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let k = 0; k < values.length; k++) total += values[k];
  return total;
}

function Coarseness(m: NgtdmMatrix): number {
  let sumCoarse = 0;
  for (let k = 0; k < m.p.length; k++) sumCoarse += m.p[k] * m.s[k];
  // PyRadiomics caps the coarseness of a region without any grey tone difference at 10^6.
  return sumCoarse !== 0 ? 1 / sumCoarse : 1e6;
}

function Contrast(m: NgtdmMatrix): number {
  const { p, grayLevels: g } = m;
  const div = m.Ngp * (m.Ngp - 1);
  let weighted = 0;
  for (let i = 0; i < p.length; i++) for (let j = 0; j < p.length; j++) weighted += p[i] * p[j] * (g[i] - g[j]) ** 2;
  const contrast = (weighted * sum(m.s)) / m.Nvp;
  return div !== 0 ? contrast / div : 0;
}

function Busyness(m: NgtdmMatrix): number {
  const { p, s, grayLevels: g } = m;
  let absdiff = 0;
  for (let i = 0; i < p.length; i++) for (let j = 0; j < p.length; j++) absdiff += Math.abs(g[i] * p[i] - g[j] * p[j]);
  let busyness = 0;
  for (let k = 0; k < p.length; k++) busyness += p[k] * s[k];
  return absdiff !== 0 ? busyness / absdiff : 0;
}

function Complexity(m: NgtdmMatrix): number {
  const { p, s, grayLevels: g } = m;
  let complexity = 0;
  for (let i = 0; i < p.length; i++) {
    for (let j = 0; j < p.length; j++) {
      const divisor = p[i] + p[j];
      complexity += (Math.abs(g[i] - g[j]) * (p[i] * s[i] + p[j] * s[j])) / (divisor === 0 ? 1 : divisor);
    }
  }
  return complexity / m.Nvp;
}

function Strength(m: NgtdmMatrix): number {
  const { p, grayLevels: g } = m;
  let strength = 0;
  for (let i = 0; i < p.length; i++) for (let j = 0; j < p.length; j++) strength += (p[i] + p[j]) * (g[i] - g[j]) ** 2;
  const sumS = sum(m.s);
  return sumS !== 0 ? strength / sumS : 0;
}

const FEATURES: Record<string, (m: NgtdmMatrix) => number> = {
  Busyness,
  Coarseness,
  Complexity,
  Contrast,
  Strength,
};

/** The named features of a NGTDM (compute checks the names first). */
export function ngtdmFeatureValues(m: NgtdmMatrix, names: readonly string[]): number[] {
  return names.map((name) => FEATURES[name](m));
}

export const ngtdm: FeatureClass = {
  name: 'ngtdm',
  defaultFeatures: Object.keys(FEATURES),
  deprecatedFeatures: [],
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    for (const name of enabled) if (!FEATURES[name]) throw new Error(`ngtdm has no feature '${name}'.`);
    const out: Record<string, number> = {};
    if (enabled.length === 0) return out;
    const values = ngtdmFeatureValues(ngtdmMatrix(input), enabled);
    enabled.forEach((name, k) => (out[name] = values[k]));
    return out;
  },
};
