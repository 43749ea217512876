/** The small case of scripts/reference/voxel_maps.py and its PyRadiomics 3.0.1 maps (voxelBased=True). */
import type { Direction, PixelType, Vec3, Volume } from '../../../extension/src/radiomics/image/volume';
import { readReference } from '../../support/reference';

export interface ReferenceVolume {
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Direction;
  pixelType: string;
  data: number[] | string;
}

export const voxelReference = readReference<{
  image: ReferenceVolume;
  mask: ReferenceVolume;
  /**
   * slice: the case runs on that one z-slice of the phantom (image and mask, same geometry); crop: on that box of it
   * (numpy [z, y, x] index ranges, upper bound excluded; same geometry).
   */
  cases: { id: string; slice?: number; crop?: [number, number][]; params: Record<string, unknown>; maps: Record<string, ReferenceVolume> }[];
}>('voxel', 'voxel_maps.json');

export function volumeOf(v: ReferenceVolume, data: Volume['data']): Volume {
  return { size: v.size, spacing: v.spacing, origin: v.origin, direction: v.direction, data, pixelType: v.pixelType as PixelType };
}

export const referenceImage = volumeOf(voxelReference.image, Int16Array.from(voxelReference.image.data as number[]));
export const referenceMask = volumeOf(voxelReference.mask, Uint8Array.from(voxelReference.mask.data as number[]));

/** One z-slice of a reference volume, with the same spacing, origin and direction (as the generating script does). */
export function zSlice(v: Volume, k: number): Volume {
  const [nx, ny, nz] = v.size;
  if (!Number.isInteger(k) || k < 0 || k >= nz) throw new Error(`slice ${k} is outside the reference volume's ${nz} slices`);
  return { ...v, size: [nx, ny, 1], data: v.data.slice(k * nx * ny, (k + 1) * nx * ny) };
}

/** The box of a reference volume given as numpy [z, y, x] ranges (upper excluded), same spacing, origin and direction. */
export function cropBox(v: Volume, ranges: [number, number][]): Volume {
  const [nx, ny, nz] = v.size;
  if (ranges.length !== 3) throw new Error(`a crop needs 3 ranges (z, y, x), got ${ranges.length}`);
  const [[z0, z1], [y0, y1], [x0, x1]] = ranges;
  [[z0, z1, nz], [y0, y1, ny], [x0, x1, nx]].forEach(([lower, upper, n]) => {
    if (!Number.isInteger(lower) || !Number.isInteger(upper) || lower < 0 || upper > n || lower >= upper)
      throw new Error(`crop range [${lower}, ${upper}) does not fit an axis of ${n} voxels`);
  });
  const data = new (v.data.constructor as new (length: number) => Volume['data'])((x1 - x0) * (y1 - y0) * (z1 - z0));
  let o = 0;
  for (let k = z0; k < z1; k++) for (let j = y0; j < y1; j++) for (let i = x0; i < x1; i++) data[o++] = v.data[(k * ny + j) * nx + i];
  return { ...v, size: [x1 - x0, y1 - y0, z1 - z0], data };
}
