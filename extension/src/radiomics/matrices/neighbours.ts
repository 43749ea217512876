/**
 * ROI voxels and their neighbours at an angle's offset (cmatrices.c: a neighbour counts when it lies inside the
 * array and the ROI), for GLCM, and the per-voxel neighbourhood tallies of GLDM and NGTDM built on them.
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

/** The array index distance from a voxel to its neighbour at angle `a`. */
export function neighbourDelta(roi: BinnedRoi, angles: Angles, a: number): number {
  const [, ny, nx] = roi.shape;
  return (angles.offsets[a * 3] * ny + angles.offsets[a * 3 + 1]) * nx + angles.offsets[a * 3 + 2];
}

/**
 * Writes to `voxels` the array index of every ROI voxel whose neighbour at angle `a` lies inside the array and the
 * ROI (that neighbour is at index + neighbourDelta); returns how many voxels were written. `voxels` must hold
 * roi.roiIndex.length entries. Only a number is returned: an object built after the loop would have no type feedback
 * when V8 compiles the loop on the first call, and that optimised code would then be thrown away on every later call.
 */
export function roiNeighbourPairs(roi: BinnedRoi, angles: Angles, a: number, voxels: Int32Array): number {
  const { mask, shape, roiIndex, roiZ, roiY, roiX } = roi;
  const [nz, ny, nx] = shape;
  const dz = angles.offsets[a * 3];
  const dy = angles.offsets[a * 3 + 1];
  const dx = angles.offsets[a * 3 + 2];
  const delta = neighbourDelta(roi, angles, a);
  let pairs = 0;
  for (let r = 0; r < roiIndex.length; r++) {
    const z = roiZ[r] + dz;
    const y = roiY[r] + dy;
    const x = roiX[r] + dx;
    if (z < 0 || z >= nz || y < 0 || y >= ny || x < 0 || x >= nx) continue;
    const v = roiIndex[r];
    if (mask[v + delta] !== 0) voxels[pairs++] = v;
  }
  return pairs;
}

/** roiNeighbourPairs for each forward angle; `voxels` is one buffer, overwritten at each step. */
function* forwardPairs(roi: BinnedRoi, angles: Angles): Generator<{ voxels: Int32Array; delta: number; pairs: number }> {
  const voxels = new Int32Array(roi.roiIndex.length);
  for (const a of forwardAngles(angles)) {
    yield { voxels, delta: neighbourDelta(roi, angles, a), pairs: roiNeighbourPairs(roi, angles, a, voxels) };
  }
}

/** Number of ROI neighbours whose grey level differs from the voxel's by at most `alpha` (GLDM dependence). */
export function dependentNeighbours(roi: BinnedRoi, angles: Angles, alpha: number): Int32Array {
  const { binned, mask } = roi;
  const dependent = new Int32Array(mask.length);
  for (const { voxels, delta, pairs } of forwardPairs(roi, angles)) {
    for (let p = 0; p < pairs; p++) {
      const v = voxels[p];
      if (Math.abs(binned[v] - binned[v + delta]) <= alpha) {
        dependent[v]++;
        dependent[v + delta]++;
      }
    }
  }
  return dependent;
}

/** Number of ROI neighbours and the sum of their grey levels (NGTDM neighbourhood). */
export function neighbourSums(roi: BinnedRoi, angles: Angles): { count: Int32Array; sum: Float64Array } {
  const { binned, mask } = roi;
  const count = new Int32Array(mask.length);
  const sum = new Float64Array(mask.length);
  for (const { voxels, delta, pairs } of forwardPairs(roi, angles)) {
    for (let p = 0; p < pairs; p++) {
      const v = voxels[p];
      const w = v + delta;
      count[v]++;
      count[w]++;
      // Integer grey levels: the sums are exact whatever the order.
      sum[v] += binned[w];
      sum[w] += binned[v];
    }
  }
  return { count, sum };
}
