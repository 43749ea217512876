/**
 * Raw grey level co-occurrence counts, as PyRadiomics' cmatrices.c calculate_glcm: for every ROI voxel with grey
 * level i and every angle, its neighbour at that offset, if inside the array and the ROI, with grey level j adds
 * 1 to P[a][i][j]. Rows and columns are the grey levels present in the ROI (PyRadiomics deletes the absent ones).
 */
import type { Angles } from './angles';
import { offsetRange } from './angles';
import type { BinnedRoi } from './binnedRoi';

/** Counts laid out [angle][i][j], each of size grayLevels.length. */
export function calculateGlcm(roi: BinnedRoi, angles: Angles): Float64Array {
  const { binned, mask, shape, levelIndex } = roi;
  const n = roi.grayLevels.length;
  const [, ny, nx] = shape;
  const glcm = new Float64Array(angles.count * n * n);
  for (let a = 0; a < angles.count; a++) {
    const { z0, z1, y0, y1, x0, x1, delta } = offsetRange(shape, angles.offsets, a);
    const base = a * n * n;
    for (let z = z0; z < z1; z++) {
      for (let y = y0; y < y1; y++) {
        const row = (z * ny + y) * nx;
        for (let v = row + x0, end = row + x1; v < end; v++) {
          if (mask[v] === 0 || mask[v + delta] === 0) continue;
          glcm[base + levelIndex[binned[v]] * n + levelIndex[binned[v + delta]]]++;
        }
      }
    }
  }
  return glcm;
}
