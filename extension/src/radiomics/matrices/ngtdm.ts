/**
 * Neighbouring grey tone difference sums, as PyRadiomics' cmatrices.c calculate_ngtdm: for every ROI voxel, the
 * absolute difference between its grey level and the mean grey level of its ROI neighbours (0 without any),
 * accumulated per grey level in raster order, with the voxel count per grey level.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { neighbourSums } from './neighbours';

/** n_i (voxel count) and s_i (summed differences) per grey level present. */
export function calculateNgtdm(roi: BinnedRoi, angles: Angles): { n: Float64Array; s: Float64Array } {
  const { count, sum } = neighbourSums(roi, angles);
  const levels = roi.grayLevels.length;
  const n = new Float64Array(levels);
  const s = new Float64Array(levels);
  const { binned, levelIndex } = roi;
  // Raster order, as PyRadiomics accumulates the (non-integer) differences.
  for (const v of roi.roiIndex) {
    const level = levelIndex[binned[v]];
    n[level]++;
    s[level] += count[v] === 0 ? 0 : Math.abs(binned[v] - sum[v] / count[v]);
  }
  return { n, s };
}
