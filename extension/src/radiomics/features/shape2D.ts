/**
 * PyRadiomics 3.0.1 shape2D (radiomics/shape2D.py + src/cshape.c): 2D size and shape of a single-slice ROI from a
 * marching-squares perimeter mesh and a principal component analysis of the pixel centres. A 3D mask qualifies when
 * `force2D` is set and the ROI is one voxel thick along `force2Ddimension` (numpy axis order: 0 = z, 1 = y, 2 = x).
 */
import type { FeatureClass, FeatureClassInput } from './featureClass';
import { allPoints, maxSquaredDistance } from './mesh/diameter';
import { marchingSquares } from './mesh/marchingSquares';
import { paddedRoi, principalMoments } from './mesh/roi';

interface Shape2DCoefficients {
  surface: number;
  perimeter: number;
  diameter: number;
  /** Principal moments, ascending: minor, major. */
  eigenValues: number[];
  pixelCount: number;
  /** In-plane spacing (rows, columns) in mm. */
  spacing: [number, number];
}

/** Division of two Python floats: PyRadiomics' feature turns the ZeroDivisionError into NaN. */
function pythonDivide(numerator: number, denominator: number): number {
  return denominator === 0 ? NaN : numerator / denominator;
}

function coefficients(input: FeatureClassInput): Shape2DCoefficients {
  if (!input.settings.force2D) {
    throw new Error('shape2D can only be calculated on a 3D mask with force2D: true');
  }
  const outOfPlane = input.settings.force2Ddimension ?? 0;
  if (![0, 1, 2].includes(outOfPlane)) throw new Error(`force2Ddimension must be 0, 1 or 2, got ${outOfPlane}`);
  const roi = paddedRoi(input.mask, input.size);
  if (roi.boxZYX[outOfPlane] > 1) {
    throw new Error(
      `shape2D needs a single-slice ROI, but its size in dimension ${outOfPlane} (force2Ddimension) is ${roi.boxZYX[outOfPlane]}`,
    );
  }
  const spacingZYX = [input.spacing[2], input.spacing[1], input.spacing[0]];
  const axes = [0, 1, 2].filter((d) => d !== outOfPlane);
  const spacing: [number, number] = [spacingZYX[axes[0]], spacingZYX[axes[1]]];
  // The padded ROI is 3 voxels thick along the dropped axis; its middle layer is the 2D mask PyRadiomics pads.
  const size = roi.sizeZYX;
  const rows = size[axes[0]];
  const columns = size[axes[1]];
  const strides = [size[1] * size[2], size[2], 1];
  const mask = new Uint8Array(rows * columns);
  const coordinates = [new Float64Array(roi.count), new Float64Array(roi.count)];
  let m = 0;
  for (let r = 0, n = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++, n++) {
      const inside = roi.mask[strides[outOfPlane] + r * strides[axes[0]] + c * strides[axes[1]]];
      if (!inside) continue;
      mask[n] = 1;
      coordinates[0][m] = r * spacing[0];
      coordinates[1][m] = c * spacing[1];
      m++;
    }
  }
  const mesh = marchingSquares(mask, rows, columns, spacing);
  return {
    surface: mesh.surface,
    perimeter: mesh.perimeter,
    diameter: Math.sqrt(maxSquaredDistance(mesh.vertices, 2, allPoints(mesh.vertices, 2))),
    eigenValues: principalMoments(coordinates, roi.count),
    pixelCount: roi.count,
    spacing,
  };
}

function MeshSurface(c: Shape2DCoefficients): number {
  return c.surface;
}

function PixelSurface(c: Shape2DCoefficients): number {
  const [y, x] = c.spacing;
  return c.pixelCount * (x * y);
}

function Perimeter(c: Shape2DCoefficients): number {
  return c.perimeter;
}

function PerimeterSurfaceRatio(c: Shape2DCoefficients): number {
  return pythonDivide(c.perimeter, c.surface);
}

function Sphericity(c: Shape2DCoefficients): number {
  // numpy.sqrt makes the numerator a numpy float: division by zero gives inf/nan, not an error.
  return (2 * Math.sqrt(Math.PI * c.surface)) / c.perimeter;
}

/** Deprecated in PyRadiomics (the inverse of Sphericity): computed only when named. */
function SphericalDisproportion(c: Shape2DCoefficients): number {
  return 1.0 / Sphericity(c);
}

function MaximumDiameter(c: Shape2DCoefficients): number {
  return c.diameter;
}

function MajorAxisLength(c: Shape2DCoefficients): number {
  return c.eigenValues[1] < 0 ? NaN : Math.sqrt(c.eigenValues[1]) * 4;
}

function MinorAxisLength(c: Shape2DCoefficients): number {
  return c.eigenValues[0] < 0 ? NaN : Math.sqrt(c.eigenValues[0]) * 4;
}

function Elongation(c: Shape2DCoefficients): number {
  const [minor, major] = c.eigenValues;
  return minor < 0 || major < 0 ? NaN : Math.sqrt(minor / major);
}

/** In PyRadiomics' order: sorted by the name of the get<Name>FeatureValue method. */
const FEATURES: Record<string, (c: Shape2DCoefficients) => number> = {
  Elongation,
  MajorAxisLength,
  MaximumDiameter,
  MeshSurface,
  MinorAxisLength,
  Perimeter,
  PerimeterSurfaceRatio,
  PixelSurface,
  SphericalDisproportion,
  Sphericity,
};

const DEPRECATED = ['SphericalDisproportion'];

export const shape2D: FeatureClass = {
  name: 'shape2D',
  defaultFeatures: Object.keys(FEATURES).filter((name) => !DEPRECATED.includes(name)),
  deprecatedFeatures: DEPRECATED,
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    for (const name of enabled) if (!FEATURES[name]) throw new Error(`shape2D has no feature '${name}'`);
    const c = coefficients(input);
    const out: Record<string, number> = {};
    for (const name of enabled) out[name] = FEATURES[name](c);
    return out;
  },
};
