/**
 * Raw grey level co-occurrence counts, as PyRadiomics' cmatrices.c calculate_glcm: for every ROI voxel with grey
 * level i and every angle, its neighbour at that offset, if inside the array and the ROI, with grey level j adds
 * 1 to P[a][i][j]. Rows and columns are the grey levels present in the ROI (PyRadiomics deletes the absent ones).
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { roiNeighbourPairs } from './neighbours';
import { paddedDelta, paddedLevels } from './paddedLevels';

/**
 * Counts laid out [angle][i][j], each of size grayLevels.length. The angle loop is the only code here: each hot loop
 * is a function of its own (roiNeighbourPairs, countPairs), so that V8 optimises each once, on its own, instead of
 * recompiling this function around them as their type feedback arrives.
 */
export function calculateGlcm(roi: BinnedRoi, angles: Angles): Float64Array {
  const n = roi.grayLevels.length;
  const glcm = new Float64Array(angles.count * n * n);
  const padded = paddedLevels(roi, angles);
  const voxels = new Int32Array(padded.roiVoxels.length);
  for (let a = 0; a < angles.count; a++) {
    const delta = paddedDelta(padded, angles, a);
    const pairs = roiNeighbourPairs(padded, delta, voxels);
    countPairs(padded.levels, roi.levelIndex, voxels, pairs, delta, glcm, a * n * n, n);
  }
  return glcm;
}

/**
 * Adds 1 to glcm[base + i n + j] for each of the first `pairs` voxels (padded indices; grey level i) and its
 * neighbour (j) at delta.
 */
function countPairs(
  levels: Int32Array,
  levelIndex: Int32Array,
  voxels: Int32Array,
  pairs: number,
  delta: number,
  glcm: Float64Array,
  base: number,
  n: number,
): void {
  for (let p = 0; p < pairs; p++) {
    const v = voxels[p];
    glcm[base + levelIndex[levels[v]] * n + levelIndex[levels[v + delta]]]++;
  }
}
