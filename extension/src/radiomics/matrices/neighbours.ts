/**
 * Per-voxel neighbourhood tallies shared by GLDM and NGTDM (cmatrices.c calculate_gldm / calculate_ngtdm): for
 * every ROI voxel, its neighbours at the given offsets that lie inside the array and the ROI.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';

/**
 * The bidirectional angle sets are symmetric (every offset comes with its opposite), so each unordered pair of
 * neighbours is visited once, for the offsets whose first non-zero component is positive, and tallied for both.
 */
function forwardAngles(angles: Angles): number[] {
  const forward: number[] = [];
  for (let a = 0; a < angles.count; a++) {
    const [dz, dy, dx] = angles.offsets.subarray(a * 3, a * 3 + 3);
    if (dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)))) forward.push(a);
  }
  if (forward.length * 2 !== angles.count) throw new Error('Neighbourhood tallies need a bidirectional angle set.');
  return forward;
}

/** Number of ROI neighbours whose grey level differs from the voxel's by at most `alpha` (GLDM dependence). */
export function dependentNeighbours(roi: BinnedRoi, angles: Angles, alpha: number): Int32Array {
  const { binned, mask, shape, roiIndex, roiZ, roiY, roiX } = roi;
  const [nz, ny, nx] = shape;
  const dependent = new Int32Array(mask.length);
  for (const a of forwardAngles(angles)) {
    const dz = angles.offsets[a * 3];
    const dy = angles.offsets[a * 3 + 1];
    const dx = angles.offsets[a * 3 + 2];
    const delta = (dz * ny + dy) * nx + dx;
    for (let r = 0; r < roiIndex.length; r++) {
      const z = roiZ[r] + dz;
      const y = roiY[r] + dy;
      const x = roiX[r] + dx;
      if (z < 0 || z >= nz || y < 0 || y >= ny || x < 0 || x >= nx) continue;
      const v = roiIndex[r];
      const w = v + delta;
      if (mask[w] !== 0 && Math.abs(binned[v] - binned[w]) <= alpha) {
        dependent[v]++;
        dependent[w]++;
      }
    }
  }
  return dependent;
}

/** Number of ROI neighbours and the sum of their grey levels (NGTDM neighbourhood). */
export function neighbourSums(roi: BinnedRoi, angles: Angles): { count: Int32Array; sum: Float64Array } {
  const { binned, mask, shape, roiIndex, roiZ, roiY, roiX } = roi;
  const [nz, ny, nx] = shape;
  const count = new Int32Array(mask.length);
  const sum = new Float64Array(mask.length);
  for (const a of forwardAngles(angles)) {
    const dz = angles.offsets[a * 3];
    const dy = angles.offsets[a * 3 + 1];
    const dx = angles.offsets[a * 3 + 2];
    const delta = (dz * ny + dy) * nx + dx;
    for (let r = 0; r < roiIndex.length; r++) {
      const z = roiZ[r] + dz;
      const y = roiY[r] + dy;
      const x = roiX[r] + dx;
      if (z < 0 || z >= nz || y < 0 || y >= ny || x < 0 || x >= nx) continue;
      const v = roiIndex[r];
      const w = v + delta;
      if (mask[w] === 0) continue;
      count[v]++;
      count[w]++;
      // Integer grey levels: the sums are exact whatever the order.
      sum[v] += binned[w];
      sum[w] += binned[v];
    }
  }
  return { count, sum };
}
