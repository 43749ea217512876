/**
 * PyRadiomics 3.0.1 GLDM (radiomics/gldm.py): grey level dependence matrix (dependence = number of neighbours,
 * over the bidirectional angles of `distances`, whose grey level differs by at most gldm_a), features normalised
 * by the number of voxels Nz.
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, distancesOf, force2DdimensionOf } from '../matrices/binnedRoi';
import { calculateGldm } from '../matrices/gldm';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';
import { graySizeFeature, type GraySizeFormula, type GraySizeMatrix } from './graySizeFeatures';

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

/** PyRadiomics' GLDM features: all are formulas shared with GLSZM and GLRLM (dependence size = size). */
const FEATURES: Record<string, GraySizeFormula> = {
  DependenceEntropy: 'entropy',
  DependenceNonUniformity: 'sizeNonUniformity',
  DependenceNonUniformityNormalized: 'sizeNonUniformityNormalized',
  DependenceVariance: 'sizeVariance',
  GrayLevelNonUniformity: 'grayLevelNonUniformity',
  GrayLevelVariance: 'grayLevelVariance',
  HighGrayLevelEmphasis: 'highGrayLevelEmphasis',
  LargeDependenceEmphasis: 'largeEmphasis',
  LargeDependenceHighGrayLevelEmphasis: 'largeHighGrayLevelEmphasis',
  LargeDependenceLowGrayLevelEmphasis: 'largeLowGrayLevelEmphasis',
  LowGrayLevelEmphasis: 'lowGrayLevelEmphasis',
  SmallDependenceEmphasis: 'smallEmphasis',
  SmallDependenceHighGrayLevelEmphasis: 'smallHighGrayLevelEmphasis',
  SmallDependenceLowGrayLevelEmphasis: 'smallLowGrayLevelEmphasis',
};

/**
 * Deprecated in PyRadiomics 3.0.1: their functions raise DeprecationWarning (GrayLevelNonUniformityNormalized equals
 * firstorder Uniformity, DependencePercentage is always 1), so PyRadiomics outputs no value for them; so do we.
 */
const DEPRECATED = ['DependencePercentage', 'GrayLevelNonUniformityNormalized'];

/** The named features of a GLDM (compute checks the names first). */
export function gldmFeatureValues(m: GldmMatrix, names: readonly string[]): number[] {
  const matrix: GraySizeMatrix = {
    P: m.P,
    pOffset: 0,
    pg: m.pg,
    gOffset: 0,
    ps: m.pd,
    sOffset: 0,
    grayLevels: m.grayLevels,
    sizes: m.dependenceSizes,
    N: m.Nz,
  };
  return names.map((name) => graySizeFeature(matrix, FEATURES[name]));
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
