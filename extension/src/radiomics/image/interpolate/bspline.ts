/**
 * Cubic B-spline interpolation as ITK 5.4 does it for SimpleITK's sitkBSpline:
 * itk::BSplineDecompositionImageFilter turns the whole image into B-spline coefficients (one causal and one
 * anti-causal recursive filter per axis, pole sqrt(3) - 2, mirror boundaries, causal initialisation truncated at the
 * horizon where |z|^n < 1e-10), then itk::BSplineInterpolateImageFunction sums 4x4x4 coefficients with cubic
 * B-spline weights, mirroring indices at the borders. The order of every sum and product follows ITK.
 */
import type { Vec3, Volume } from '../volume';
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

/** An index box of a volume, bounds inclusive. */
export interface IndexRegion {
  lower: Vec3;
  upper: Vec3;
}

export interface Coefficients {
  data: Float64Array;
  region: IndexRegion;
}

/**
 * The B-spline coefficients inside `region`, identical to those ITK computes for the whole volume. ITK filters every
 * x line, then every y line, then every z line; a coefficient inside the region needs the z line through it, which
 * needs y-filtered values at the region's (x, y) only, which need x-filtered values at the region's x only. So all
 * x lines are filtered but only the region's part is kept, and the y and z passes run on the region's lines: same
 * numbers, a fraction of the work and memory.
 */
export function bsplineCoefficients(input: Volume, region: IndexRegion): Coefficients {
  const [nx, ny, nz] = input.size;
  const [x0, y0, z0] = region.lower;
  const [bx, by, bz] = [region.upper[0] - x0 + 1, region.upper[1] - y0 + 1, region.upper[2] - z0 + 1];
  const scratch = new Float64Array(Math.max(nx, ny, nz));
  const source = input.data;

  const xFiltered = new Float64Array(bx * ny * nz);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      for (let n = 0; n < nx; n++) scratch[n] = source[row + n];
      dataToCoefficients1D(scratch, nx);
      xFiltered.set(scratch.subarray(x0, x0 + bx), bx * (y + ny * z));
    }
  }

  const yFiltered = new Float64Array(bx * by * nz);
  for (let z = 0; z < nz; z++) {
    for (let x = 0; x < bx; x++) {
      for (let n = 0; n < ny; n++) scratch[n] = xFiltered[x + bx * (n + ny * z)];
      dataToCoefficients1D(scratch, ny);
      for (let n = 0; n < by; n++) yFiltered[x + bx * (n + by * z)] = scratch[y0 + n];
    }
  }

  const data = new Float64Array(bx * by * bz);
  for (let y = 0; y < by; y++) {
    for (let x = 0; x < bx; x++) {
      for (let n = 0; n < nz; n++) scratch[n] = yFiltered[x + bx * (y + by * n)];
      dataToCoefficients1D(scratch, nz);
      for (let n = 0; n < bz; n++) data[x + bx * (y + by * n)] = scratch[z0 + n];
    }
  }
  return { data, region };
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

/**
 * Cubic B-spline interpolation of `input`; `region` bounds every coefficient an evaluation will touch (after
 * mirroring), so only those are computed. The resampler sweeps x lines, along which cj and ck usually stay the same:
 * an axis' weights and indices are recomputed only when its coordinate changes.
 */
export function bsplineInterpolator(input: Volume, region: IndexRegion): Interpolate {
  const [nx, ny, nz] = input.size;
  const { data: coefficients } = bsplineCoefficients(input, region);
  const { lower, upper } = region;
  const [x0, y0, z0] = lower;
  const bx = upper[0] - x0 + 1;
  const by = upper[1] - y0 + 1;
  const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4);
  const ix = new Int32Array(4), iy = new Int32Array(4), iz = new Int32Array(4);
  const sliceSize = bx * by;
  const rows = new Int32Array(16);
  let lastCj = NaN;
  let lastCk = NaN;
  const leaves = (indices: Int32Array, d: number) => {
    for (let k = 0; k < 4; k++) if (indices[k] < lower[d] || indices[k] > upper[d]) return true;
    return false;
  };
  return (ci, cj, ck) => {
    axisSupport(ci, nx, wx, ix);
    const newRows = cj !== lastCj || ck !== lastCk;
    if (cj !== lastCj) axisSupport(cj, ny, wy, iy);
    if (ck !== lastCk) axisSupport(ck, nz, wz, iz);
    if (newRows) {
      for (let c = 0; c < 4; c++) {
        for (let b = 0; b < 4; b++) rows[4 * c + b] = sliceSize * (iz[c] - z0) + bx * (iy[b] - y0) - x0;
      }
    }
    lastCj = cj;
    lastCk = ck;
    if (leaves(ix, 0) || leaves(iy, 1) || leaves(iz, 2)) {
      throw new Error(`B-spline support at index (${ci}, ${cj}, ${ck}) leaves the precomputed coefficient region`);
    }
    const wx0 = wx[0], wx1 = wx[1], wx2 = wx[2], wx3 = wx[3];
    const ix0 = ix[0], ix1 = ix[1], ix2 = ix[2], ix3 = ix[3];
    // ITK's order: for each z, y, x support index, interpolated += wx * wy * wz * coefficient.
    let interpolated = 0.0;
    for (let c = 0; c < 4; c++) {
      const wzc = wz[c];
      for (let b = 0; b < 4; b++) {
        const row = rows[4 * c + b];
        const wyb = wy[b];
        interpolated += wx0 * wyb * wzc * coefficients[row + ix0];
        interpolated += wx1 * wyb * wzc * coefficients[row + ix1];
        interpolated += wx2 * wyb * wzc * coefficients[row + ix2];
        interpolated += wx3 * wyb * wzc * coefficients[row + ix3];
      }
    }
    return interpolated;
  };
}
