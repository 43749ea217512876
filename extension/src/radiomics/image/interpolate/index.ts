/**
 * The interpolators SimpleITK's ResampleImageFilter uses (ITK 5.4, interpolator precision double), reproducing
 * ITK's arithmetic step by step so that resampled voxels match SimpleITK's to the last bits. An interpolator
 * evaluates the input at a continuous index that ResampleImageFilter has already found inside the buffer
 * ([-0.5, size - 0.5) on every axis).
 */
import type { InterpolatorName } from '../../settings';
import type { Vec3, Volume } from '../volume';
import { bsplineInterpolator, type IndexRegion } from './bspline';
import { gaussianInterpolator, labelGaussianInterpolator } from './gaussian';
import { windowedSincInterpolator, type SincWindow } from './windowedSinc';

export type Interpolate = (ci: number, cj: number, ck: number) => number;

/**
 * An interpolator as ResampleImageFilter drives it (LinearThreadedGenerateData): along one output row, the points
 * start + (i / count) * (end - start), i = 0 .. count - 1 (the row mapped through its two ends, which is what makes
 * the continuous indices bit-exact). Points inside the buffer ([-0.5, size - 0.5) on every axis, NaN outside) get
 * inside[i] = 1 and their value in values[i]; the others inside[i] = 0.
 */
export interface RowInterpolator {
  sampleRow(start: Vec3, end: Vec3, count: number, values: Float64Array, inside: Uint8Array): void;
}

/** A RowInterpolator evaluating a point interpolator at each point inside the buffer. */
function pointwise(input: Volume, interpolate: Interpolate): RowInterpolator {
  const [nx, ny, nz] = input.size;
  return {
    sampleRow(start, end, count, values, inside) {
      const v0 = end[0] - start[0], v1 = end[1] - start[1], v2 = end[2] - start[2];
      for (let i = 0; i < count; i++) {
        const alpha = i / count;
        const ci = start[0] + alpha * v0;
        const cj = start[1] + alpha * v1;
        const ck = start[2] + alpha * v2;
        // ImageFunction::IsInsideBuffer, written so that NaN counts as outside
        if (ci >= -0.5 && ci < nx - 0.5 && cj >= -0.5 && cj < ny - 0.5 && ck >= -0.5 && ck < nz - 0.5) {
          inside[i] = 1;
          values[i] = interpolate(ci, cj, ck);
        } else {
          inside[i] = 0;
        }
      }
    },
  };
}

export type InterpolatorKind = 'nearest' | 'linear' | 'bspline3' | 'gaussian' | 'labelGaussian' | { sinc: SincWindow };

/**
 * PyRadiomics' `interpolator` setting (a SimpleITK name, or its SimpleITK 2.x enum value) to an implemented
 * interpolator; the others are refused rather than silently replaced.
 */
export function interpolatorKind(interpolator: InterpolatorName | number): InterpolatorKind {
  switch (interpolator) {
    case 'sitkNearestNeighbor':
    case 1:
      return 'nearest';
    case 'sitkLinear':
    case 2:
      return 'linear';
    case 'sitkBSpline':
    case 23:
      return 'bspline3';
    case 'sitkGaussian':
    case 4:
      return 'gaussian';
    case 'sitkLabelGaussian':
    case 5:
      return 'labelGaussian';
    case 'sitkHammingWindowedSinc':
    case 6:
      return { sinc: 'hamming' };
    case 'sitkCosineWindowedSinc':
    case 7:
      return { sinc: 'cosine' };
    case 'sitkWelchWindowedSinc':
    case 8:
      return { sinc: 'welch' };
    case 'sitkLanczosWindowedSinc':
    case 9:
      return { sinc: 'lanczos' };
    case 'sitkBlackmanWindowedSinc':
    case 10:
      return { sinc: 'blackman' };
    case 3:
      // SimpleITK 1.x numbered sitkBSpline 3; SimpleITK 2 has no interpolator 3 and PyRadiomics fails on it
      throw new Error("interpolator 3 (sitkBSpline in SimpleITK 1.x) is not a SimpleITK 2 interpolator; use 'sitkBSpline'");
    default:
      throw new Error(
        `interpolator ${JSON.stringify(interpolator)} is not implemented; use one of PyRadiomics' interpolators (sitkBSpline, sitkLinear, sitkNearestNeighbor, sitkGaussian, sitkLabelGaussian, sitk*WindowedSinc)`,
      );
  }
}

/** itk::NearestNeighborInterpolateImageFunction: the voxel at Math::RoundHalfIntegerUp (floor(x + 0.5)). */
function nearestInterpolator(input: Volume): Interpolate {
  const [nx, ny] = input.size;
  const data = input.data;
  return (ci, cj, ck) => data[Math.floor(ci + 0.5) + nx * (Math.floor(cj + 0.5) + ny * Math.floor(ck + 0.5))];
}

/**
 * itk::LinearInterpolateImageFunction (its 3D EvaluateOptimized): an axis takes part only when the index lies
 * strictly after its base voxel and the next voxel exists; x is interpolated first, then y, then z. Giving an
 * inactive axis the base voxel as neighbour and weight 0 reproduces each of ITK's special cases exactly
 * (a + (a - a) * 0 === a).
 */
function linearInterpolator(input: Volume): Interpolate {
  const [nx, ny, nz] = input.size;
  const data = input.data;
  const sliceSize = nx * ny;
  return (ci, cj, ck) => {
    const i0 = Math.max(Math.floor(ci), 0);
    const j0 = Math.max(Math.floor(cj), 0);
    const k0 = Math.max(Math.floor(ck), 0);
    let d0 = ci - i0;
    let d1 = cj - j0;
    let d2 = ck - k0;
    let di = 1, dj = nx, dk = sliceSize;
    if (!(d0 > 0) || i0 + 1 > nx - 1) { d0 = 0; di = 0; }
    if (!(d1 > 0) || j0 + 1 > ny - 1) { d1 = 0; dj = 0; }
    if (!(d2 > 0) || k0 + 1 > nz - 1) { d2 = 0; dk = 0; }
    const n = i0 + nx * j0 + sliceSize * k0;
    const v000 = data[n], v100 = data[n + di];
    const v010 = data[n + dj], v110 = data[n + dj + di];
    const v001 = data[n + dk], v101 = data[n + dk + di];
    const v011 = data[n + dk + dj], v111 = data[n + dk + dj + di];
    const x00 = v000 + (v100 - v000) * d0;
    const x10 = v010 + (v110 - v010) * d0;
    const xx0 = x00 + (x10 - x00) * d1;
    const x01 = v001 + (v101 - v001) * d0;
    const x11 = v011 + (v111 - v011) * d0;
    const xx1 = x01 + (x11 - x01) * d1;
    return xx0 + (xx1 - xx0) * d2;
  };
}

/**
 * Builds the interpolation function of `input`. `region` must contain every voxel the evaluations will reach
 * (the B-spline computes its coefficients there only); by default the whole volume.
 */
export function createInterpolator(input: Volume, kind: InterpolatorKind, region?: IndexRegion): RowInterpolator {
  if (typeof kind === 'object') return pointwise(input, windowedSincInterpolator(input, kind.sinc));
  switch (kind) {
    case 'nearest':
      return pointwise(input, nearestInterpolator(input));
    case 'linear':
      return pointwise(input, linearInterpolator(input));
    case 'gaussian':
      return pointwise(input, gaussianInterpolator(input));
    case 'labelGaussian':
      return pointwise(input, labelGaussianInterpolator(input));
    case 'bspline3': {
      const whole: IndexRegion = { lower: [0, 0, 0], upper: [input.size[0] - 1, input.size[1] - 1, input.size[2] - 1] };
      return bsplineInterpolator(input, region ?? whole);
    }
  }
}
