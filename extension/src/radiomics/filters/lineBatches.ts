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

export function lineBatches(size: Vec3, dim: number): LineBatch[] {
  const [nx, ny, nz] = size;
  const plane = nx * ny;
  switch (dim) {
    case 0:
      return Array.from({ length: nz }, (_, k) => ({ base: k * plane, count: ny, lineStride: nx, step: 1, length: nx }));
    case 1:
      return Array.from({ length: nz }, (_, k) => ({ base: k * plane, count: nx, lineStride: 1, step: nx, length: ny }));
    case 2:
      return Array.from({ length: ny }, (_, j) => ({ base: j * nx, count: nx, lineStride: 1, step: plane, length: nz }));
    default:
      throw new Error(`axis ${dim} is not 0, 1 or 2`);
  }
}
