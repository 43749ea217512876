/**
 * Cubic B-spline interpolation as ITK 5.4 does it for SimpleITK's sitkBSpline:
 * itk::BSplineDecompositionImageFilter turns the whole image into B-spline coefficients (one causal and one
 * anti-causal recursive filter per axis, pole sqrt(3) - 2, mirror boundaries, causal initialisation truncated at the
 * horizon where |z|^n < 1e-10), then itk::BSplineInterpolateImageFunction sums 4x4x4 coefficients with cubic
 * B-spline weights, mirroring indices at the borders. The order of every sum and product follows ITK.
 */
import type { Volume } from '../volume';
import type { Interpolate } from './index';

const POLE = Math.sqrt(3.0) - 2.0;
const TOLERANCE = 1e-10;

/** In-place 1D coefficients of scratch[0..length) (BSplineDecompositionImageFilter::DataToCoefficients1D). */
function dataToCoefficients1D(scratch: Float64Array, length: number): void {
  if (length === 1) return;
  const z = POLE;
  const gain = 1.0 * (1.0 - z) * (1.0 - 1.0 / z);
  for (let n = 0; n < length; n++) scratch[n] *= gain;

  // causal initialisation (mirror boundaries)
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  let zn = z;
  if (horizon < length) {
    let sum = scratch[0];
    for (let n = 1; n < horizon; n++) {
      sum += zn * scratch[n];
      zn *= z;
    }
    scratch[0] = sum;
  } else {
    const iz = 1.0 / z;
    let z2n = Math.pow(z, length - 1);
    let sum = scratch[0] + z2n * scratch[length - 1];
    z2n *= z2n * iz;
    for (let n = 1; n <= length - 2; n++) {
      sum += (zn + z2n) * scratch[n];
      zn *= z;
      z2n *= iz;
    }
    scratch[0] = sum / (1.0 - zn * zn);
  }
  for (let n = 1; n < length; n++) scratch[n] += z * scratch[n - 1];

  // anti-causal initialisation and recursion
  scratch[length - 1] = (z / (z * z - 1.0)) * (z * scratch[length - 2] + scratch[length - 1]);
  for (let n = length - 2; n >= 0; n--) scratch[n] = z * (scratch[n + 1] - scratch[n]);
}

/** B-spline coefficients of a whole volume, axis by axis (x, then y, then z). */
export function bsplineCoefficients(input: Volume): Float64Array {
  const [nx, ny, nz] = input.size;
  const coefficients = new Float64Array(input.data);
  const scratch = new Float64Array(Math.max(nx, ny, nz));
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  for (let axis = 0; axis < 3; axis++) {
    const length = sizes[axis];
    if (length === 1) continue;
    const stride = strides[axis];
    const [a, b] = [0, 1, 2].filter((d) => d !== axis);
    for (let q = 0; q < sizes[b]; q++) {
      for (let p = 0; p < sizes[a]; p++) {
        const start = p * strides[a] + q * strides[b];
        for (let n = 0; n < length; n++) scratch[n] = coefficients[start + n * stride];
        dataToCoefficients1D(scratch, length);
        for (let n = 0; n < length; n++) coefficients[start + n * stride] = scratch[n];
      }
    }
  }
  return coefficients;
}

/**
 * Fills weights[0..3] and indices[0..3] for one axis (DetermineRegionOfSupport, SetInterpolationWeights and
 * ApplyMirrorBoundaryConditions). ITK takes the support's start from the index rounded to float precision.
 */
function axisSupport(x: number, size: number, weights: Float64Array, indices: Int32Array): void {
  const first = Math.floor(Math.fround(x)) - 1;
  const w = x - (first + 1);
  weights[3] = (1.0 / 6.0) * w * w * w;
  weights[0] = 1.0 / 6.0 + 0.5 * w * (w - 1.0) - weights[3];
  weights[2] = w + weights[0] - 2.0 * weights[3];
  weights[1] = 1.0 - weights[0] - weights[2] - weights[3];
  const end = size - 1;
  for (let k = 0; k < 4; k++) {
    let index = first + k;
    if (size === 1) {
      index = 0;
    } else {
      if (index < 0) index = -index;
      if (index >= end) index = end - (index - end);
    }
    indices[k] = index;
  }
}

export function bsplineInterpolator(input: Volume): Interpolate {
  const [nx, ny, nz] = input.size;
  const coefficients = bsplineCoefficients(input);
  const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4);
  const ix = new Int32Array(4), iy = new Int32Array(4), iz = new Int32Array(4);
  const sliceSize = nx * ny;
  return (ci, cj, ck) => {
    axisSupport(ci, nx, wx, ix);
    axisSupport(cj, ny, wy, iy);
    axisSupport(ck, nz, wz, iz);
    let interpolated = 0.0;
    for (let c = 0; c < 4; c++) {
      const slice = sliceSize * iz[c];
      for (let b = 0; b < 4; b++) {
        const row = slice + nx * iy[b];
        const wyb = wy[b];
        for (let a = 0; a < 4; a++) {
          interpolated += wx[a] * wyb * wz[c] * coefficients[row + ix[a]];
        }
      }
    }
    return interpolated;
  };
}
