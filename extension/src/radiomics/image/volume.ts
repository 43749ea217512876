/**
 * A 3D image or mask on a grid in patient (LPS) space, laid out as SimpleITK/ITK do:
 * voxel (i, j, k) is at data[i + size[0] * (j + size[1] * k)]; i runs fastest.
 */
export type Vec3 = [number, number, number];

/**
 * Row-major 3x3 matrix whose columns are the unit directions of the i, j, k axes in patient space,
 * exactly as SimpleITK's GetDirection() returns it.
 */
export type Direction = [number, number, number, number, number, number, number, number, number];

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/** Pixel types PyRadiomics can meet; resampling casts back to the input's type, as PyRadiomics does. */
export type PixelType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

export interface Geometry {
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Direction;
}

export interface Volume<T extends TypedArray = TypedArray> extends Geometry {
  data: T;
  pixelType: PixelType;
}

export const IDENTITY_DIRECTION: Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(size: Vec3): number {
  return size[0] * size[1] * size[2];
}

/** Maps a continuous index to patient coordinates: origin + direction * (index .* spacing). */
export function indexToPhysical(g: Geometry, index: Vec3): Vec3 {
  const d = g.direction;
  const a = index[0] * g.spacing[0];
  const b = index[1] * g.spacing[1];
  const c = index[2] * g.spacing[2];
  return [
    g.origin[0] + d[0] * a + d[1] * b + d[2] * c,
    g.origin[1] + d[3] * a + d[4] * b + d[5] * c,
    g.origin[2] + d[6] * a + d[7] * b + d[8] * c,
  ];
}

/** Inverse of indexToPhysical; the direction matrix is orthonormal so its inverse is its transpose. */
export function physicalToIndex(g: Geometry, point: Vec3): Vec3 {
  const d = g.direction;
  const x = point[0] - g.origin[0];
  const y = point[1] - g.origin[1];
  const z = point[2] - g.origin[2];
  return [
    (d[0] * x + d[3] * y + d[6] * z) / g.spacing[0],
    (d[1] * x + d[4] * y + d[7] * z) / g.spacing[1],
    (d[2] * x + d[5] * y + d[8] * z) / g.spacing[2],
  ];
}
