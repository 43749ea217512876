/**
 * Per-voxel neighbourhood tallies shared by GLDM and NGTDM (cmatrices.c calculate_gldm / calculate_ngtdm): for
 * every ROI voxel, its neighbours at the given offsets that lie inside the array and the ROI.
 */
import type { Angles } from './angles';
import { offsetRange } from './angles';
import type { BinnedRoi } from './binnedRoi';

/** Number of ROI neighbours whose grey level differs from the voxel's by at most `alpha` (GLDM dependence). */
export function dependentNeighbours(roi: BinnedRoi, angles: Angles, alpha: number): Int32Array {
  const { binned, mask, shape } = roi;
  const [, ny, nx] = shape;
  const dependent = new Int32Array(mask.length);
  for (let a = 0; a < angles.count; a++) {
    const { z0, z1, y0, y1, x0, x1, delta } = offsetRange(shape, angles.offsets, a);
    for (let z = z0; z < z1; z++) {
      for (let y = y0; y < y1; y++) {
        const row = (z * ny + y) * nx;
        for (let v = row + x0, end = row + x1; v < end; v++) {
          if (mask[v] !== 0 && mask[v + delta] !== 0 && Math.abs(binned[v] - binned[v + delta]) <= alpha) dependent[v]++;
        }
      }
    }
  }
  return dependent;
}

/** Number of ROI neighbours and the sum of their grey levels (NGTDM neighbourhood). */
export function neighbourSums(roi: BinnedRoi, angles: Angles): { count: Int32Array; sum: Float64Array } {
  const { binned, mask, shape } = roi;
  const [, ny, nx] = shape;
  const count = new Int32Array(mask.length);
  const sum = new Float64Array(mask.length);
  for (let a = 0; a < angles.count; a++) {
    const { z0, z1, y0, y1, x0, x1, delta } = offsetRange(shape, angles.offsets, a);
    for (let z = z0; z < z1; z++) {
      for (let y = y0; y < y1; y++) {
        const row = (z * ny + y) * nx;
        for (let v = row + x0, end = row + x1; v < end; v++) {
          if (mask[v] === 0 || mask[v + delta] === 0) continue;
          count[v]++;
          sum[v] += binned[v + delta];
        }
      }
    }
  }
  return { count, sum };
}
