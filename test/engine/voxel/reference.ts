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
  /** slice: the case runs on that one z-slice of the phantom (image and mask, same geometry). */
  cases: { id: string; slice?: number; params: Record<string, unknown>; maps: Record<string, ReferenceVolume> }[];
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
