/**
 * The `weightingNorm` factors with which PyRadiomics merges the per-angle GLCMs and GLRLMs into one matrix: a
 * function of the angle's offset scaled by the voxel spacing (numpy order z, y, x).
 */
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import type { Angles } from './angles';

const NORMS = ['manhattan', 'euclidean', 'infinity', 'no_weighting'];

/**
 * One weight per angle, or null when `weightingNorm` is not set (the angles are then kept apart). The GLCM
 * weight is exp(-distance^2), the GLRLM weight the distance itself (glcm.py / glrlm.py _calculateMatrix).
 */
export function angleWeights(
  matrix: 'glcm' | 'glrlm',
  settings: Settings,
  spacing: Vec3,
  angles: Angles,
): Float64Array | null {
  const norm = settings.weightingNorm;
  if (norm === undefined || norm === null) return null;
  if (!NORMS.includes(norm)) {
    throw new Error(`Setting weightingNorm must be one of ${NORMS.join(', ')}, got '${String(norm)}'.`);
  }
  const numpySpacing = [spacing[2], spacing[1], spacing[0]];
  const weights = new Float64Array(angles.count);
  for (let a = 0; a < angles.count; a++) {
    const d = [0, 1, 2].map((k) => Math.abs(angles.offsets[a * 3 + k]) * numpySpacing[k]);
    if (norm === 'no_weighting') weights[a] = 1;
    else if (matrix === 'glcm') {
      if (norm === 'infinity') weights[a] = Math.exp(-(Math.max(d[0], d[1], d[2]) ** 2));
      else if (norm === 'euclidean') weights[a] = Math.exp(-(d[0] ** 2 + d[1] ** 2 + d[2] ** 2));
      else weights[a] = Math.exp(-((d[0] + d[1] + d[2]) ** 2));
    } else if (norm === 'infinity') weights[a] = Math.max(d[0], d[1], d[2]);
    else if (norm === 'euclidean') weights[a] = Math.sqrt(d[0] ** 2 + d[1] ** 2 + d[2] ** 2);
    else weights[a] = d[0] + d[1] + d[2];
  }
  return weights;
}

/** The per-angle matrices (perAngle values each) summed with their angle weights into one. */
export function mergeAngles(P: Float64Array, weights: Float64Array, perAngle: number): Float64Array {
  const merged = new Float64Array(perAngle);
  for (let a = 0; a < weights.length; a++) for (let k = 0; k < perAngle; k++) merged[k] += P[a * perAngle + k] * weights[a];
  return merged;
}

/** The sum of each of `count` per-angle matrices (perAngle values each). */
export function angleSums(P: Float64Array, count: number, perAngle: number): Float64Array {
  const sums = new Float64Array(count);
  for (let a = 0; a < count; a++) for (let k = 0; k < perAngle; k++) sums[a] += P[a * perAngle + k];
  return sums;
}
