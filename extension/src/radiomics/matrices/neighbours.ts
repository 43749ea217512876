/**
 * ROI voxels and their neighbours at an angle's offset (cmatrices.c: a neighbour counts when it lies inside the
 * array and the ROI), for GLCM, and the per-voxel neighbourhood tallies of GLDM and NGTDM built on them. Voxels are
 * named by their index in the padded ROI (paddedLevels), where a neighbour outside the array reads 0 like one outside
 * the ROI.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { paddedDelta, type PaddedLevels } from './paddedLevels';

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

/** The array index distance from a voxel to its neighbour at angle `a` (in the ROI's own, unpadded arrays). */
export function neighbourDelta(roi: BinnedRoi, angles: Angles, a: number): number {
  const [, ny, nx] = roi.shape;
  return (angles.offsets[a * 3] * ny + angles.offsets[a * 3 + 1]) * nx + angles.offsets[a * 3 + 2];
}

/**
 * Writes to `voxels` the padded index of every ROI voxel whose neighbour at padded offset `delta` lies in the ROI;
 * returns how many were written. `voxels` must hold one entry per ROI voxel. Only a number is returned: an object
 * built after the loop would have no type feedback when V8 compiles the loop on the first call, and that optimised
 * code would then be thrown away on every later call.
 */
export function roiNeighbourPairs(padded: PaddedLevels, delta: number, voxels: Int32Array): number {
  const { levels, roiVoxels } = padded;
  let pairs = 0;
  for (let r = 0; r < roiVoxels.length; r++) {
    const p = roiVoxels[r];
    if (levels[p + delta] !== 0) voxels[pairs++] = p;
  }
  return pairs;
}

/** roiNeighbourPairs for each forward angle; `voxels` is one buffer, overwritten at each step. */
function* forwardPairs(padded: PaddedLevels, angles: Angles): Generator<{ voxels: Int32Array; delta: number; pairs: number }> {
  const voxels = new Int32Array(padded.roiVoxels.length);
  for (const a of forwardAngles(angles)) {
    const delta = paddedDelta(padded, angles, a);
    yield { voxels, delta, pairs: roiNeighbourPairs(padded, delta, voxels) };
  }
}

/**
 * Number of ROI neighbours whose grey level differs from the voxel's by at most `alpha` (GLDM dependence), by padded
 * index.
 */
export function dependentNeighbours(padded: PaddedLevels, angles: Angles, alpha: number): Int32Array {
  const { levels } = padded;
  const dependent = new Int32Array(levels.length);
  for (const { voxels, delta, pairs } of forwardPairs(padded, angles)) {
    for (let p = 0; p < pairs; p++) {
      const v = voxels[p];
      if (Math.abs(levels[v] - levels[v + delta]) <= alpha) {
        dependent[v]++;
        dependent[v + delta]++;
      }
    }
  }
  return dependent;
}

/** Number of ROI neighbours and the sum of their grey levels (NGTDM neighbourhood), by padded index. */
export function neighbourSums(padded: PaddedLevels, angles: Angles): { count: Int32Array; sum: Float64Array } {
  const { levels } = padded;
  const count = new Int32Array(levels.length);
  const sum = new Float64Array(levels.length);
  for (const { voxels, delta, pairs } of forwardPairs(padded, angles)) {
    for (let p = 0; p < pairs; p++) {
      const v = voxels[p];
      const w = v + delta;
      count[v]++;
      count[w]++;
      // Integer grey levels: the sums are exact whatever the order.
      sum[v] += levels[w];
      sum[w] += levels[v];
    }
  }
  return { count, sum };
}
