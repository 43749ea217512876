/**
 * Raw grey level run length counts, as PyRadiomics' cmatrices.c calculate_glrlm: along every line of the array in
 * the direction of each angle, maximal runs of consecutive ROI voxels with the same grey level are counted by grey
 * level and length. An angle along which no line holds more than one ROI voxel (a 2D ROI seen across its plane)
 * yields no runs at all.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { neighbourDelta } from './neighbours';
import { paddedDelta, paddedLevels, type PaddedLevels } from './paddedLevels';

/**
 * Counts the runs along offset `delta` (padded indices) into counts[base + level * maxRunLength + run - 1]: each run
 * is counted from its first voxel, the ROI voxel whose previous voxel along the angle does not continue it. Returns
 * the longest run.
 */
function countRuns(
  padded: PaddedLevels,
  levelIndex: Int32Array,
  delta: number,
  counts: Float64Array,
  base: number,
  maxRunLength: number,
): number {
  const { levels, roiVoxels } = padded;
  let longest = 0;
  for (let r = 0; r < roiVoxels.length; r++) {
    const p = roiVoxels[r];
    const grey = levels[p];
    if (levels[p - delta] === grey) continue;
    let run = 1;
    for (let q = p + delta; levels[q] === grey; q += delta) run++;
    counts[base + levelIndex[grey] * maxRunLength + run - 1]++;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * Whether some line of the array along angle `a` holds two ROI voxels, not necessarily adjacent (only asked when
 * every run has length 1, which is rare): each ROI voxel walks back to the first voxel of its line.
 */
function lineWithTwoRoiVoxels(roi: BinnedRoi, angles: Angles, a: number): boolean {
  const [nz, ny, nx] = roi.shape;
  const dz = angles.offsets[a * 3];
  const dy = angles.offsets[a * 3 + 1];
  const dx = angles.offsets[a * 3 + 2];
  const delta = neighbourDelta(roi, angles, a);
  const lineHasRoiVoxel = new Uint8Array(roi.mask.length);
  for (let r = 0; r < roi.roiIndex.length; r++) {
    let v = roi.roiIndex[r];
    let z = roi.roiZ[r], y = roi.roiY[r], x = roi.roiX[r];
    while (z - dz >= 0 && z - dz < nz && y - dy >= 0 && y - dy < ny && x - dx >= 0 && x - dx < nx) {
      z -= dz;
      y -= dy;
      x -= dx;
      v -= delta;
    }
    if (lineHasRoiVoxel[v]) return true;
    lineHasRoiVoxel[v] = 1;
  }
  return false;
}

/** Counts laid out [angle][grey level present][run length - 1], with `maxRunLength` = the largest array side. */
export function calculateGlrlm(roi: BinnedRoi, angles: Angles): { counts: Float64Array; maxRunLength: number } {
  const [nz, ny, nx] = roi.shape;
  const levels = roi.grayLevels.length;
  const maxRunLength = Math.max(nz, ny, nx);
  const perAngle = levels * maxRunLength;
  const counts = new Float64Array(angles.count * perAngle);
  const padded = paddedLevels(roi, angles);
  for (let a = 0; a < angles.count; a++) {
    const base = a * perAngle;
    const longest = countRuns(padded, roi.levelIndex, paddedDelta(padded, angles, a), counts, base, maxRunLength);
    if (longest <= 1 && !lineWithTwoRoiVoxels(roi, angles, a)) counts.fill(0, base, base + perAngle);
  }
  return { counts, maxRunLength };
}
