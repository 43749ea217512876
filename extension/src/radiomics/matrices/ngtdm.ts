/**
 * Neighbouring grey tone difference sums, as PyRadiomics' cmatrices.c calculate_ngtdm: for every ROI voxel, the
 * absolute difference between its grey level and the mean grey level of its ROI neighbours (0 without any),
 * accumulated per grey level in raster order, with the voxel count per grey level.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { neighbourSums } from './neighbours';
import { paddedLevels } from './paddedLevels';

/** n_i (voxel count) and s_i (summed differences) per grey level present. */
export function calculateNgtdm(roi: BinnedRoi, angles: Angles): { n: Float64Array; s: Float64Array } {
  const padded = paddedLevels(roi, angles);
  const { count, sum } = neighbourSums(padded, angles);
  const grayLevels = roi.grayLevels.length;
  const n = new Float64Array(grayLevels);
  const s = new Float64Array(grayLevels);
  const { levels, roiVoxels } = padded;
  const { levelIndex } = roi;
  // Raster order, as PyRadiomics accumulates the (non-integer) differences.
  for (let r = 0; r < roiVoxels.length; r++) {
    const p = roiVoxels[r];
    const level = levelIndex[levels[p]];
    n[level]++;
    s[level] += count[p] === 0 ? 0 : Math.abs(levels[p] - sum[p] / count[p]);
  }
  return { n, s };
}
