/**
 * Cubic B-spline interpolation as ITK 5.4 does it for SimpleITK's sitkBSpline:
 * itk::BSplineDecompositionImageFilter turns the whole image into B-spline coefficients (one causal and one
 * anti-causal recursive filter per axis, pole sqrt(3) - 2, mirror boundaries, causal initialisation truncated at the
 * horizon where |z|^n < 1e-10), then itk::BSplineInterpolateImageFunction sums 4x4x4 coefficients with cubic
 * B-spline weights, mirroring indices at the borders. The order of every sum and product follows ITK.
 */
import type { Vec3, Volume } from '../volume';
import type { RowInterpolator } from './index';

const POLE = Math.sqrt(3.0) - 2.0;
const TOLERANCE = 1e-10;

/**
 * BSplineDecompositionImageFilter::DataToCoefficients1D on `count` lines at once, in place: sample t of line l at
 * lines[offset + t * count + l]. Every line gets exactly the operations of ITK's one-line filter, in its order; the
 * lines are interleaved so that the recursions of neighbouring lines overlap instead of waiting on each other.
 * `sums` holds at least `count` values.
 */
function dataToCoefficients(lines: Float64Array, offset: number, length: number, count: number, sums: Float64Array): void {
  if (length === 1) return;
  const z = POLE;
  const gain = 1.0 * (1.0 - z) * (1.0 - 1.0 / z);
  const end = offset + length * count;
  for (let k = offset; k < end; k++) lines[k] *= gain;

  // causal initialisation (mirror boundaries)
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  let zn = z;
  if (horizon < length) {
    for (let l = 0; l < count; l++) sums[l] = lines[offset + l];
    for (let n = 1; n < horizon; n++) {
      const row = offset + n * count;
      for (let l = 0; l < count; l++) sums[l] += zn * lines[row + l];
      zn *= z;
    }
    for (let l = 0; l < count; l++) lines[offset + l] = sums[l];
  } else {
    const iz = 1.0 / z;
    let z2n = Math.pow(z, length - 1);
    const last = offset + (length - 1) * count;
    for (let l = 0; l < count; l++) sums[l] = lines[offset + l] + z2n * lines[last + l];
    z2n *= z2n * iz;
    for (let n = 1; n <= length - 2; n++) {
      const row = offset + n * count;
      const weight = zn + z2n;
      for (let l = 0; l < count; l++) sums[l] += weight * lines[row + l];
      zn *= z;
      z2n *= iz;
    }
    const denominator = 1.0 - zn * zn;
    for (let l = 0; l < count; l++) lines[offset + l] = sums[l] / denominator;
  }
  for (let row = offset + count; row < end; row += count) {
    for (let l = 0; l < count; l++) lines[row + l] += z * lines[row - count + l];
  }

  // anti-causal initialisation and recursion
  const last = end - count;
  const factor = z / (z * z - 1.0);
  for (let l = 0; l < count; l++) lines[last + l] = factor * (z * lines[last - count + l] + lines[last + l]);
  for (let row = last - count; row >= offset; row -= count) {
    for (let l = 0; l < count; l++) lines[row + l] = z * (lines[row + count + l] - lines[row + l]);
  }
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
  const sums = new Float64Array(Math.max(16, bx, bx * by));
  const source = input.data;

  // x lines, a few rows at a time, transposed so that sample x of line l sits at x * count + l
  const rowsPerBatch = 16;
  const batch = new Float64Array(nx * rowsPerBatch);
  const xFiltered = new Float64Array(bx * ny * nz);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y += rowsPerBatch) {
      const count = Math.min(rowsPerBatch, ny - y);
      for (let l = 0; l < count; l++) {
        const row = nx * (y + l + ny * z);
        for (let x = 0; x < nx; x++) batch[x * count + l] = source[row + x];
      }
      dataToCoefficients(batch, 0, nx, count, sums);
      for (let l = 0; l < count; l++) {
        const row = bx * (y + l + ny * z) - x0;
        for (let x = x0; x < x0 + bx; x++) xFiltered[row + x] = batch[x * count + l];
      }
    }
  }

  // y lines of the region's x, in place: sample y of line x at bx * (y + ny * z) + x
  for (let z = 0; z < nz; z++) dataToCoefficients(xFiltered, bx * ny * z, ny, bx, sums);
  const yFiltered = new Float64Array(bx * by * nz);
  for (let z = 0; z < nz; z++) {
    yFiltered.set(xFiltered.subarray(bx * (y0 + ny * z), bx * (y0 + by + ny * z)), bx * by * z);
  }

  // z lines of the region's (x, y), in place: sample z of line (x, y) at bx * by * z + bx * y + x
  dataToCoefficients(yFiltered, 0, nz, bx * by, sums);
  return { data: yFiltered.slice(bx * by * z0, bx * by * (z0 + bz)), region };
}

/** ApplyMirrorBoundaryConditions for one support index. */
function mirrored(index: number, size: number): number {
  if (size === 1) return 0;
  const end = size - 1;
  let mirroredIndex = index < 0 ? -index : index;
  if (mirroredIndex >= end) mirroredIndex = end - (mirroredIndex - end);
  return mirroredIndex;
}

/**
 * Cubic B-spline interpolation of `input` along output rows; `region` bounds every coefficient an evaluation will
 * touch (after mirroring), so only those are computed. Each point follows ITK's BSplineInterpolateImageFunction
 * bit for bit: per axis, the support starts at floor(float(x)) - 1 with the cubic weights of ITK's
 * SetInterpolationWeights, indices mirrored at the borders, and the 64 terms ((wx * wy) * wz) * coefficient are
 * summed in ITK's order (z, then y, then x support index). Rows usually keep cj and ck: the y and z supports are
 * recomputed only when they change.
 */
export function bsplineInterpolator(input: Volume, region: IndexRegion): RowInterpolator {
  const [nx, ny, nz] = input.size;
  const { data: coefficients } = bsplineCoefficients(input, region);
  const [x0, y0, z0] = region.lower;
  const [x1, y1, z1] = region.upper;
  const bx = x1 - x0 + 1;
  const sliceSize = bx * (y1 - y0 + 1);
  const wy = new Float64Array(4), wz = new Float64Array(4);
  const rows = new Int32Array(16);
  const outside = (ci: number, cj: number, ck: number): Error =>
    new Error(`B-spline support at index (${ci}, ${cj}, ${ck}) leaves the precomputed coefficient region`);

  const sampleRow = (start: Vec3, end: Vec3, count: number, values: Float64Array, inside: Uint8Array): void => {
    const v0 = end[0] - start[0], v1 = end[1] - start[1], v2 = end[2] - start[2];
    const upperI = nx - 0.5, upperJ = ny - 0.5, upperK = nz - 0.5;
    let lastCj = NaN;
    let lastCk = NaN;
    for (let i = 0; i < count; i++) {
      const alpha = i / count;
      const ci = start[0] + alpha * v0;
      const cj = start[1] + alpha * v1;
      const ck = start[2] + alpha * v2;
      // ImageFunction::IsInsideBuffer, written so that NaN counts as outside
      if (!(ci >= -0.5 && ci < upperI && cj >= -0.5 && cj < upperJ && ck >= -0.5 && ck < upperK)) {
        inside[i] = 0;
        continue;
      }
      inside[i] = 1;
      if (cj !== lastCj || ck !== lastCk) {
        const firstJ = Math.floor(Math.fround(cj)) - 1;
        const tj = cj - (firstJ + 1);
        wy[3] = (1.0 / 6.0) * tj * tj * tj;
        wy[0] = 1.0 / 6.0 + 0.5 * tj * (tj - 1.0) - wy[3];
        wy[2] = tj + wy[0] - 2.0 * wy[3];
        wy[1] = 1.0 - wy[0] - wy[2] - wy[3];
        const firstK = Math.floor(Math.fround(ck)) - 1;
        const tk = ck - (firstK + 1);
        wz[3] = (1.0 / 6.0) * tk * tk * tk;
        wz[0] = 1.0 / 6.0 + 0.5 * tk * (tk - 1.0) - wz[3];
        wz[2] = tk + wz[0] - 2.0 * wz[3];
        wz[1] = 1.0 - wz[0] - wz[2] - wz[3];
        for (let c = 0; c < 4; c++) {
          const k = mirrored(firstK + c, nz);
          if (k < z0 || k > z1) throw outside(ci, cj, ck);
          for (let b = 0; b < 4; b++) {
            const j = mirrored(firstJ + b, ny);
            if (j < y0 || j > y1) throw outside(ci, cj, ck);
            rows[4 * c + b] = sliceSize * (k - z0) + bx * (j - y0) - x0;
          }
        }
        lastCj = cj;
        lastCk = ck;
      }
      const firstI = Math.floor(Math.fround(ci)) - 1;
      const ti = ci - (firstI + 1);
      const wx3 = (1.0 / 6.0) * ti * ti * ti;
      const wx0 = 1.0 / 6.0 + 0.5 * ti * (ti - 1.0) - wx3;
      const wx2 = ti + wx0 - 2.0 * wx3;
      const wx1 = 1.0 - wx0 - wx2 - wx3;
      const ix0 = mirrored(firstI, nx), ix1 = mirrored(firstI + 1, nx);
      const ix2 = mirrored(firstI + 2, nx), ix3 = mirrored(firstI + 3, nx);
      if (
        ix0 < x0 || ix0 > x1 || ix1 < x0 || ix1 > x1 || ix2 < x0 || ix2 > x1 || ix3 < x0 || ix3 > x1
      ) {
        throw outside(ci, cj, ck);
      }
      // ((wx * wy) * wz) * coefficient: the wx * wy products are shared by the four z terms.
      const wy0 = wy[0], wy1 = wy[1], wy2 = wy[2], wy3 = wy[3];
      const p00 = wx0 * wy0, p01 = wx1 * wy0, p02 = wx2 * wy0, p03 = wx3 * wy0;
      const p10 = wx0 * wy1, p11 = wx1 * wy1, p12 = wx2 * wy1, p13 = wx3 * wy1;
      const p20 = wx0 * wy2, p21 = wx1 * wy2, p22 = wx2 * wy2, p23 = wx3 * wy2;
      const p30 = wx0 * wy3, p31 = wx1 * wy3, p32 = wx2 * wy3, p33 = wx3 * wy3;
      let interpolated = 0.0;
      for (let c = 0; c < 4; c++) {
        const w = wz[c];
        let row = rows[4 * c];
        interpolated += p00 * w * coefficients[row + ix0];
        interpolated += p01 * w * coefficients[row + ix1];
        interpolated += p02 * w * coefficients[row + ix2];
        interpolated += p03 * w * coefficients[row + ix3];
        row = rows[4 * c + 1];
        interpolated += p10 * w * coefficients[row + ix0];
        interpolated += p11 * w * coefficients[row + ix1];
        interpolated += p12 * w * coefficients[row + ix2];
        interpolated += p13 * w * coefficients[row + ix3];
        row = rows[4 * c + 2];
        interpolated += p20 * w * coefficients[row + ix0];
        interpolated += p21 * w * coefficients[row + ix1];
        interpolated += p22 * w * coefficients[row + ix2];
        interpolated += p23 * w * coefficients[row + ix3];
        row = rows[4 * c + 3];
        interpolated += p30 * w * coefficients[row + ix0];
        interpolated += p31 * w * coefficients[row + ix1];
        interpolated += p32 * w * coefficients[row + ix2];
        interpolated += p33 * w * coefficients[row + ix3];
      }
      values[i] = interpolated;
    }
  };
  return { sampleRow };
}
