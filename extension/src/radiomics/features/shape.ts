/**
 * PyRadiomics 3.0.1 shape (radiomics/shape.py + src/cshape.c): 3D size and shape of the ROI from a marching-cubes
 * mesh (volume, surface, diameters between mesh vertices) and from a principal component analysis of the voxel
 * centres (axis lengths). Grey values are not used.
 */
import type { FeatureClass, FeatureClassInput } from './featureClass';
import { allPoints, maxSquaredDistance, maxSquaredDistanceInPlanes } from './mesh/diameter';
import { marchingCubes } from './mesh/marchingCubes';
import { paddedRoi, principalMoments } from './mesh/roi';

interface ShapeCoefficients {
  meshVolume: number;
  surfaceArea: number;
  /** Largest vertex distances within a slice (same z), column plane (same y), row plane (same x), and overall. */
  diameterSlice: number;
  diameterColumn: number;
  diameterRow: number;
  diameter3D: number;
  /** Principal moments, ascending: least, minor, major. */
  eigenValues: number[];
  voxelCount: number;
  /** Spacing (z, y, x) in mm. */
  spacingZYX: [number, number, number];
}

/** Division of two Python floats: PyRadiomics' feature turns the ZeroDivisionError into NaN. */
function pythonDivide(numerator: number, denominator: number): number {
  return denominator === 0 ? NaN : numerator / denominator;
}

function coefficients(input: FeatureClassInput): ShapeCoefficients {
  const spacingZYX: [number, number, number] = [input.spacing[2], input.spacing[1], input.spacing[0]];
  const roi = paddedRoi(input.mask, input.size);
  const mesh = marchingCubes(roi.mask, roi.sizeZYX, spacingZYX);
  const vertices = mesh.vertices;
  const coordinates = [new Float64Array(roi.count), new Float64Array(roi.count), new Float64Array(roi.count)];
  const [nz, ny, nx] = roi.sizeZYX;
  let m = 0;
  for (let z = 0, n = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, n++) {
        if (!roi.mask[n]) continue;
        coordinates[0][m] = z * spacingZYX[0];
        coordinates[1][m] = y * spacingZYX[1];
        coordinates[2][m] = x * spacingZYX[2];
        m++;
      }
    }
  }
  return {
    meshVolume: mesh.volume,
    surfaceArea: mesh.surfaceArea,
    diameterSlice: Math.sqrt(maxSquaredDistanceInPlanes(vertices, 3, 0)),
    diameterColumn: Math.sqrt(maxSquaredDistanceInPlanes(vertices, 3, 1)),
    diameterRow: Math.sqrt(maxSquaredDistanceInPlanes(vertices, 3, 2)),
    diameter3D: Math.sqrt(maxSquaredDistance(vertices, 3, allPoints(vertices, 3))),
    eigenValues: principalMoments(coordinates, roi.count),
    voxelCount: roi.count,
    spacingZYX,
  };
}

function MeshVolume(c: ShapeCoefficients): number {
  return c.meshVolume;
}

function VoxelVolume(c: ShapeCoefficients): number {
  const [z, y, x] = c.spacingZYX;
  return c.voxelCount * (z * x * y);
}

function SurfaceArea(c: ShapeCoefficients): number {
  return c.surfaceArea;
}

function SurfaceVolumeRatio(c: ShapeCoefficients): number {
  return pythonDivide(c.surfaceArea, c.meshVolume);
}

function Sphericity(c: ShapeCoefficients): number {
  return pythonDivide((36 * Math.PI * c.meshVolume ** 2) ** (1.0 / 3.0), c.surfaceArea);
}

/** Deprecated in PyRadiomics (a function of Sphericity): computed only when named. */
function Compactness1(c: ShapeCoefficients): number {
  // numpy.sqrt(numpy.pi) makes the denominator a numpy float: division by zero gives inf/nan, not an error.
  return c.meshVolume / (c.surfaceArea ** (3.0 / 2.0) * Math.sqrt(Math.PI));
}

/** Deprecated in PyRadiomics (Sphericity cubed): computed only when named. */
function Compactness2(c: ShapeCoefficients): number {
  return pythonDivide(36.0 * Math.PI * c.meshVolume ** 2.0, c.surfaceArea ** 3.0);
}

/** Deprecated in PyRadiomics (the inverse of Sphericity): computed only when named. */
function SphericalDisproportion(c: ShapeCoefficients): number {
  return pythonDivide(c.surfaceArea, (36 * Math.PI * c.meshVolume ** 2) ** (1.0 / 3.0));
}

function Maximum3DDiameter(c: ShapeCoefficients): number {
  return c.diameter3D;
}

function Maximum2DDiameterSlice(c: ShapeCoefficients): number {
  return c.diameterSlice;
}

function Maximum2DDiameterColumn(c: ShapeCoefficients): number {
  return c.diameterColumn;
}

function Maximum2DDiameterRow(c: ShapeCoefficients): number {
  return c.diameterRow;
}

function MajorAxisLength(c: ShapeCoefficients): number {
  return c.eigenValues[2] < 0 ? NaN : Math.sqrt(c.eigenValues[2]) * 4;
}

function MinorAxisLength(c: ShapeCoefficients): number {
  return c.eigenValues[1] < 0 ? NaN : Math.sqrt(c.eigenValues[1]) * 4;
}

function LeastAxisLength(c: ShapeCoefficients): number {
  return c.eigenValues[0] < 0 ? NaN : Math.sqrt(c.eigenValues[0]) * 4;
}

function Elongation(c: ShapeCoefficients): number {
  const [, minor, major] = c.eigenValues;
  return minor < 0 || major < 0 ? NaN : Math.sqrt(minor / major);
}

function Flatness(c: ShapeCoefficients): number {
  const [least, , major] = c.eigenValues;
  return least < 0 || major < 0 ? NaN : Math.sqrt(least / major);
}

/** In PyRadiomics' order: sorted by the name of the get<Name>FeatureValue method. */
const FEATURES: Record<string, (c: ShapeCoefficients) => number> = {
  Compactness1,
  Compactness2,
  Elongation,
  Flatness,
  LeastAxisLength,
  MajorAxisLength,
  Maximum2DDiameterColumn,
  Maximum2DDiameterRow,
  Maximum2DDiameterSlice,
  Maximum3DDiameter,
  MeshVolume,
  MinorAxisLength,
  SphericalDisproportion,
  Sphericity,
  SurfaceArea,
  SurfaceVolumeRatio,
  VoxelVolume,
};

const DEPRECATED = ['Compactness1', 'Compactness2', 'SphericalDisproportion'];

export const shape: FeatureClass = {
  name: 'shape',
  defaultFeatures: Object.keys(FEATURES).filter((name) => !DEPRECATED.includes(name)),
  deprecatedFeatures: DEPRECATED,
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    for (const name of enabled) if (!FEATURES[name]) throw new Error(`shape has no feature '${name}'`);
    const c = coefficients(input);
    const out: Record<string, number> = {};
    for (const name of enabled) out[name] = FEATURES[name](c);
    return out;
  },
};
