/**
 * PyRadiomics 3.0.1 GLSZM (radiomics/glszm.py): grey level size zone matrix (zones connected in 26-connectivity,
 * 8 with force2D), features normalised by the number of zones Nz.
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, force2DdimensionOf } from '../matrices/binnedRoi';
import { calculateGlszm } from '../matrices/glszm';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';
import { graySizeFeature, type GraySizeFormula, type GraySizeMatrix } from './graySizeFeatures';

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

function ZonePercentage(m: GlszmMatrix): number {
  return m.Nz / m.Np;
}

/** PyRadiomics' GLSZM features that are formulas shared with GLDM and GLRLM (zone size = size). */
const SHARED: Record<string, GraySizeFormula> = {
  GrayLevelNonUniformity: 'grayLevelNonUniformity',
  GrayLevelNonUniformityNormalized: 'grayLevelNonUniformityNormalized',
  GrayLevelVariance: 'grayLevelVariance',
  HighGrayLevelZoneEmphasis: 'highGrayLevelEmphasis',
  LargeAreaEmphasis: 'largeEmphasis',
  LargeAreaHighGrayLevelEmphasis: 'largeHighGrayLevelEmphasis',
  LargeAreaLowGrayLevelEmphasis: 'largeLowGrayLevelEmphasis',
  LowGrayLevelZoneEmphasis: 'lowGrayLevelEmphasis',
  SizeZoneNonUniformity: 'sizeNonUniformity',
  SizeZoneNonUniformityNormalized: 'sizeNonUniformityNormalized',
  SmallAreaEmphasis: 'smallEmphasis',
  SmallAreaHighGrayLevelEmphasis: 'smallHighGrayLevelEmphasis',
  SmallAreaLowGrayLevelEmphasis: 'smallLowGrayLevelEmphasis',
  ZoneEntropy: 'entropy',
  ZoneVariance: 'sizeVariance',
};

/** Every GLSZM feature (defaultFeatureOrder puts them in PyRadiomics' order). */
const FEATURES = [...Object.keys(SHARED), 'ZonePercentage'].sort();

/** The named features of a GLSZM (compute checks the names first). */
export function glszmFeatureValues(m: GlszmMatrix, names: readonly string[]): number[] {
  const matrix: GraySizeMatrix = {
    P: m.P,
    pOffset: 0,
    pg: m.pg,
    gOffset: 0,
    ps: m.ps,
    sOffset: 0,
    grayLevels: m.grayLevels,
    sizes: m.zoneSizes,
    N: m.Nz,
  };
  return names.map((name) => (name === 'ZonePercentage' ? ZonePercentage(m) : graySizeFeature(matrix, SHARED[name])));
}

export const glszm: FeatureClass = {
  name: 'glszm',
  defaultFeatures: FEATURES,
  deprecatedFeatures: [],
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    for (const name of enabled) if (!FEATURES.includes(name)) throw new Error(`glszm has no feature '${name}'.`);
    const out: Record<string, number> = {};
    if (enabled.length === 0) return out;
    const values = glszmFeatureValues(glszmMatrix(input), enabled);
    enabled.forEach((name, k) => (out[name] = values[k]));
    return out;
  },
};
