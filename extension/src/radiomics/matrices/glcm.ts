/**
 * Raw grey level co-occurrence counts, as PyRadiomics' cmatrices.c calculate_glcm: for every ROI voxel with grey
 * level i and every angle, its neighbour at that offset, if inside the array and the ROI, with grey level j adds
 * 1 to P[a][i][j]. Rows and columns are the grey levels present in the ROI (PyRadiomics deletes the absent ones).
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';

/** Counts laid out [angle][i][j], each of size grayLevels.length. */
export function calculateGlcm(roi: BinnedRoi, angles: Angles): Float64Array {
  const { binned, mask, shape, levelIndex, roiIndex, roiZ, roiY, roiX } = roi;
  const n = roi.grayLevels.length;
  const [nz, ny, nx] = shape;
  const glcm = new Float64Array(angles.count * n * n);
  for (let a = 0; a < angles.count; a++) {
    const dz = angles.offsets[a * 3];
    const dy = angles.offsets[a * 3 + 1];
    const dx = angles.offsets[a * 3 + 2];
    const delta = (dz * ny + dy) * nx + dx;
    const base = a * n * n;
    for (let r = 0; r < roiIndex.length; r++) {
      const z = roiZ[r] + dz;
      const y = roiY[r] + dy;
      const x = roiX[r] + dx;
      if (z < 0 || z >= nz || y < 0 || y >= ny || x < 0 || x >= nx) continue;
      const v = roiIndex[r];
      if (mask[v + delta] === 0) continue;
      glcm[base + levelIndex[binned[v]] * n + levelIndex[binned[v + delta]]]++;
    }
  }
  return glcm;
}
