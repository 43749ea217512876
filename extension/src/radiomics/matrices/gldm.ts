/**
 * Grey level dependence counts, as PyRadiomics' cmatrices.c calculate_gldm: every ROI voxel is counted by its grey
 * level and by its number of dependent neighbours (ROI neighbours, over the bidirectional angles, whose grey level
 * differs by at most alpha).
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { dependentNeighbours } from './neighbours';
import { paddedLevels } from './paddedLevels';

/** Counts laid out [grey level present][dependence 0 .. angles.count]. */
export function calculateGldm(roi: BinnedRoi, angles: Angles, alpha: number): Float64Array {
  const padded = paddedLevels(roi, angles);
  const dependent = dependentNeighbours(padded, angles, alpha);
  const columns = angles.count + 1;
  const counts = new Float64Array(roi.grayLevels.length * columns);
  const { levels, roiVoxels } = padded;
  const { levelIndex } = roi;
  for (let r = 0; r < roiVoxels.length; r++) counts[levelIndex[levels[roiVoxels[r]]] * columns + dependent[roiVoxels[r]]]++;
  return counts;
}
