/**
 * Raw grey level run length counts, as PyRadiomics' cmatrices.c calculate_glrlm: along every line of the array in
 * the direction of each angle, maximal runs of consecutive ROI voxels with the same grey level are counted by grey
 * level and length. An angle along which no line holds more than one ROI voxel (a 2D ROI seen across its plane)
 * yields no runs at all.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';

/** Counts laid out [angle][grey level present][run length - 1], with `maxRunLength` = the largest array side. */
export function calculateGlrlm(roi: BinnedRoi, angles: Angles): { counts: Float64Array; maxRunLength: number } {
  const { binned, mask, shape, levelIndex } = roi;
  const [nz, ny, nx] = shape;
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
    let multiElement = false;
    /** Counts the runs of the line starting at (z, y, x) and going along the angle. */
    const walk = (z: number, y: number, x: number): void => {
      let length = Infinity;
      if (dz !== 0) length = Math.min(length, dz > 0 ? nz - z : z + 1);
      if (dy !== 0) length = Math.min(length, dy > 0 ? ny - y : y + 1);
      if (dx !== 0) length = Math.min(length, dx > 0 ? nx - x : x + 1);
      let grey = -1;
      let run = 0;
      let elements = 0;
      for (let step = 0, v = (z * ny + y) * nx + x; step < length; step++, v += delta) {
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
      if (elements > 1) multiElement = true;
    };
    // A line starts where the previous voxel along the angle falls outside the array: whole rows when that happens
    // along z or y, else the first voxel of each row along x.
    const firstX = dx > 0 ? 0 : nx - 1;
    for (let z = 0; z < nz; z++) {
      const zStarts = dz !== 0 && (z - dz < 0 || z - dz >= nz);
      for (let y = 0; y < ny; y++) {
        if (zStarts || (dy !== 0 && (y - dy < 0 || y - dy >= ny))) {
          for (let x = 0; x < nx; x++) walk(z, y, x);
        } else if (dx !== 0) walk(z, y, firstX);
      }
    }
    if (!multiElement) counts.fill(0, base, base + perAngle);
  }
  return { counts, maxRunLength };
}
