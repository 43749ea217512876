/**
 * Raw grey level co-occurrence counts, as PyRadiomics' cmatrices.c calculate_glcm: for every ROI voxel with grey
 * level i and every angle, its neighbour at that offset, if inside the array and the ROI, with grey level j adds
 * 1 to P[a][i][j]. Rows and columns are the grey levels present in the ROI (PyRadiomics deletes the absent ones).
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { neighbourDelta, roiNeighbourPairs } from './neighbours';

/** Counts laid out [angle][i][j], each of size grayLevels.length. */
export function calculateGlcm(roi: BinnedRoi, angles: Angles): Float64Array {
  const { binned, levelIndex } = roi;
  const n = roi.grayLevels.length;
  const glcm = new Float64Array(angles.count * n * n);
  const voxels = new Int32Array(roi.roiIndex.length);
  for (let a = 0; a < angles.count; a++) {
    const delta = neighbourDelta(roi, angles, a);
    const pairs = roiNeighbourPairs(roi, angles, a, voxels);
    const base = a * n * n;
    for (let p = 0; p < pairs; p++) {
      const v = voxels[p];
      glcm[base + levelIndex[binned[v]] * n + levelIndex[binned[v + delta]]]++;
    }
  }
  return glcm;
}
