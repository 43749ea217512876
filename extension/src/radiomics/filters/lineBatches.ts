import type { BoundingBox } from '../image/crop';
import type { Vec3 } from '../image/volume';

/**
 * The lines of a volume along one axis, grouped so that filters can sweep along the axis while the innermost loop
 * runs across neighbouring lines (contiguous in memory for the y and z axes): voxel t of line l of a batch is at
 * base + l * lineStride + t * step. Each line is still computed on its own, in its own operation order.
 */
export interface LineBatch {
  base: number;
  /** number of lines in the batch */
  count: number;
  lineStride: number;
  /** distance between consecutive voxels of a line */
  step: number;
  /** voxels per line */
  length: number;
}

/** The whole volume as a BoundingBox (inclusive bounds). */
export function wholeVolume(size: Vec3): BoundingBox {
  return { lower: [0, 0, 0], upper: [size[0] - 1, size[1] - 1, size[2] - 1] };
}

/**
 * The whole lines along `dim` whose coordinates on the two other axes lie within `lines` (its bounds along `dim`
 * are not used; wholeVolume(size) gives every line of the volume).
 */
export function lineBatches(size: Vec3, dim: number, lines: BoundingBox): LineBatch[] {
  const [nx, ny, nz] = size;
  const plane = nx * ny;
  const { lower, upper } = lines;
  const batches: LineBatch[] = [];
  switch (dim) {
    case 0:
      for (let k = lower[2]; k <= upper[2]; k++) {
        batches.push({ base: k * plane + lower[1] * nx, count: upper[1] - lower[1] + 1, lineStride: nx, step: 1, length: nx });
      }
      return batches;
    case 1:
      for (let k = lower[2]; k <= upper[2]; k++) {
        batches.push({ base: k * plane + lower[0], count: upper[0] - lower[0] + 1, lineStride: 1, step: nx, length: ny });
      }
      return batches;
    case 2:
      for (let j = lower[1]; j <= upper[1]; j++) {
        batches.push({ base: j * nx + lower[0], count: upper[0] - lower[0] + 1, lineStride: 1, step: plane, length: nz });
      }
      return batches;
    default:
      throw new Error(`axis ${dim} is not 0, 1 or 2`);
  }
}
