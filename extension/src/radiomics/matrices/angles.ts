/**
 * Neighbour offsets ("angles") exactly as PyRadiomics 3.0.1 generates them (cmatrices.c get_angle_count /
 * build_angles). Offsets and sizes are in numpy axis order (z, y, x), as PyRadiomics returns them, so that the
 * order of the angles, and hence of any per-angle result, is PyRadiomics'.
 */
import type { Vec3 } from '../image/volume';

export interface Angles {
  /** Number of angles. */
  count: number;
  /** count x 3 offsets, (dz, dy, dx) per angle. */
  offsets: Int32Array;
}

/** Numpy shape (z, y, x) of a volume whose size is given as [nx, ny, nz] (i fastest). */
export function numpyShape(size: Vec3): Vec3 {
  return [size[2], size[1], size[0]];
}

function validateDistances(distances: readonly number[]): void {
  if (distances.length === 0) throw new Error('Setting distances must list at least one distance.');
  for (const d of distances) {
    if (!Number.isInteger(d) || d < 1) throw new Error(`Setting distances must hold integers >= 1, got ${d}.`);
  }
}

function angleCount(shape: Vec3, distances: readonly number[], bidirectional: boolean, force2Ddimension: number): number {
  let count = 0;
  for (const distance of distances) {
    let withDistance = 1;
    let belowDistance = 1;
    for (let d = 0; d < 3; d++) {
      if (d === force2Ddimension) continue;
      if (distance < shape[d]) {
        withDistance *= 2 * distance + 1;
        belowDistance *= 2 * distance - 1;
      } else {
        withDistance *= 2 * (shape[d] - 1) + 1;
        belowDistance *= 2 * (shape[d] - 1) + 1;
      }
    }
    count += withDistance - belowDistance;
  }
  return bidirectional ? count : Math.trunc(count / 2);
}

/**
 * The angles PyRadiomics uses on an array of numpy shape `shape`: every offset whose infinity norm is one of
 * `distances`, fits in the array and (with force2D) does not move along `force2Ddimension` (-1: none).
 * Unidirectional (GLCM, GLRLM) keeps the first half of PyRadiomics' enumeration; bidirectional (GLSZM, GLDM,
 * NGTDM) keeps both directions.
 */
export function generateAngles(
  shape: Vec3,
  distances: readonly number[],
  bidirectional: boolean,
  force2Ddimension: number,
): Angles {
  validateDistances(distances);
  const count = angleCount(shape, distances, bidirectional, force2Ddimension);
  if (count === 0) {
    throw new Error(
      `No neighbour offsets fit an ROI bounding box of ${shape[2]}x${shape[1]}x${shape[0]} voxels with distances ` +
        `[${distances.join(', ')}]: the ROI is too small for texture features.`,
    );
  }
  const maxDistance = Math.max(...distances);
  const nOffsets = 2 * maxDistance + 1;
  const strides = [nOffsets * nOffsets, nOffsets, 1];
  const offsets = new Int32Array(count * 3);
  const candidate = [0, 0, 0];
  const combinations = nOffsets * nOffsets * nOffsets;
  for (let generated = 0, a = 0; a < count; generated++) {
    if (generated === combinations) {
      throw new Error(`Setting distances [${distances.join(', ')}] must not repeat a distance.`);
    }
    let norm = 0;
    for (let d = 0; d < 3 && norm >= 0; d++) {
      const offset = maxDistance - (Math.trunc(generated / strides[d]) % nOffsets);
      if ((d === force2Ddimension && offset !== 0) || offset >= shape[d] || offset <= -shape[d]) norm = -1;
      else {
        candidate[d] = offset;
        norm = Math.max(norm, Math.abs(offset));
      }
    }
    if (norm < 1 || !distances.includes(norm)) continue;
    offsets.set(candidate, a * 3);
    a++;
  }
  return { count, offsets };
}
