/**
 * Raw grey level run length counts, as PyRadiomics' cmatrices.c calculate_glrlm: along every line of the array in
 * the direction of each angle, maximal runs of consecutive ROI voxels with the same grey level are counted by grey
 * level and length. An angle along which no line holds more than one ROI voxel (a 2D ROI seen across its plane)
 * yields no runs at all.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';

/**
 * Counts the runs of one line into counts[base + level * maxRunLength + run - 1]: `length` voxels from v, stepping
 * by delta. Returns the number of ROI voxels on the line.
 */
function countLineRuns(
  roi: BinnedRoi,
  counts: Float64Array,
  base: number,
  maxRunLength: number,
  v: number,
  delta: number,
  length: number,
): number {
  const { binned, mask, levelIndex } = roi;
  let grey = -1;
  let run = 0;
  let elements = 0;
  for (let step = 0; step < length; step++, v += delta) {
    if (mask[v] !== 0) {
      elements++;
      if (grey === -1) grey = binned[v];
      else if (binned[v] === grey) run++;
      else {
        counts[base + levelIndex[grey] * maxRunLength + run]++;
        grey = binned[v];
        run = 0;
      }
    } else if (grey !== -1) {
      counts[base + levelIndex[grey] * maxRunLength + run]++;
      grey = -1;
      run = 0;
    }
  }
  if (grey !== -1) counts[base + levelIndex[grey] * maxRunLength + run]++;
  return elements;
}

/** Counts laid out [angle][grey level present][run length - 1], with `maxRunLength` = the largest array side. */
export function calculateGlrlm(roi: BinnedRoi, angles: Angles): { counts: Float64Array; maxRunLength: number } {
  const [nz, ny, nx] = roi.shape;
  const levels = roi.grayLevels.length;
  const maxRunLength = Math.max(nz, ny, nx);
  const perAngle = levels * maxRunLength;
  const counts = new Float64Array(angles.count * perAngle);
  for (let a = 0; a < angles.count; a++) {
    const dz = angles.offsets[a * 3];
    const dy = angles.offsets[a * 3 + 1];
    const dx = angles.offsets[a * 3 + 2];
    const delta = (dz * ny + dy) * nx + dx;
    const base = a * perAngle;
    let mostElements = 0;
    // A line starts where the previous voxel along the angle falls outside the array: whole rows when that happens
    // along z or y, else the first voxel of each row along x. It runs until the next voxel leaves the array.
    const firstX = dx > 0 ? 0 : nx - 1;
    for (let z = 0; z < nz; z++) {
      const zStarts = dz !== 0 && (z - dz < 0 || z - dz >= nz);
      const zLength = dz === 0 ? Infinity : dz > 0 ? nz - z : z + 1;
      for (let y = 0; y < ny; y++) {
        const yLength = dy === 0 ? zLength : Math.min(zLength, dy > 0 ? ny - y : y + 1);
        if (zStarts || (dy !== 0 && (y - dy < 0 || y - dy >= ny))) {
          for (let x = 0; x < nx; x++) {
            const length = dx === 0 ? yLength : Math.min(yLength, dx > 0 ? nx - x : x + 1);
            const elements = countLineRuns(roi, counts, base, maxRunLength, (z * ny + y) * nx + x, delta, length);
            if (elements > mostElements) mostElements = elements;
          }
        } else if (dx !== 0) {
          const length = Math.min(yLength, dx > 0 ? nx - firstX : firstX + 1);
          const elements = countLineRuns(roi, counts, base, maxRunLength, (z * ny + y) * nx + firstX, delta, length);
          if (elements > mostElements) mostElements = elements;
        }
      }
    }
    if (mostElements <= 1) counts.fill(0, base, base + perAngle);
  }
  return { counts, maxRunLength };
}
