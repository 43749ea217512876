import type { Settings } from '../settings';
import type { Vec3, Volume } from '../image/volume';
import { onSameGrid, type DerivedImage } from './derivedImage';
import { WAVELET_FILTER_BANKS } from './waveletFilters';

/*
 * PyRadiomics getWaveletImage / _swt3: at each level, pywt.swtn(level=1) over the image axes in reversed numpy
 * order (x, then y, then z; with force2D, minus the numpy axis force2Ddimension), after padding each odd-sized axis
 * with one wrapped voxel (numpy.pad 'wrap'), and cropping the results back. Every level is a plain level-1 transform
 * of the previous approximation (no a-trous upsampling of the filters), as PyRadiomics calls it.
 *
 * Arithmetic is PyWavelets' C convolution with periodic extension, term order included, in float64, or in float32
 * when the image is float32 (pywt keeps float32, and turns every other pixel type into float64).
 */

type WorkArray = Float64Array | Float32Array;

interface FilterPair {
  lowPass: Float64Array;
  highPass: Float64Array;
}

function quadratureMirror(lowPass: readonly number[]): number[] {
  const length = lowPass.length;
  return lowPass.map((_, i) => (i % 2 === 0 ? -1 : 1) * lowPass[length - 1 - i]);
}

function filtersFor(wavelet: string, float32: boolean): FilterPair {
  const bank = Object.prototype.hasOwnProperty.call(WAVELET_FILTER_BANKS, wavelet) ? WAVELET_FILTER_BANKS[wavelet] : undefined;
  if (!bank) {
    throw new Error(
      `wavelet "${wavelet}" is not a discrete wavelet of PyWavelets; use one of ${Object.keys(WAVELET_FILTER_BANKS).join(', ')}`,
    );
  }
  const highPass64 = bank.decHi ?? quadratureMirror(bank.decLo);
  if (!float32) return { lowPass: Float64Array.from(bank.decLo), highPass: Float64Array.from(highPass64) };
  const lowPass = bank.decLoFloat32 ?? bank.decLo.map(Math.fround);
  const highPass = bank.decHiFloat32 ?? (bank.decLoFloat32 ? quadratureMirror(bank.decLoFloat32) : highPass64.map(Math.fround));
  return { lowPass: Float64Array.from(lowPass), highPass: Float64Array.from(highPass) };
}

function wrapIndex(index: number, length: number): number {
  const r = index % length;
  return r < 0 ? r + length : r;
}

/**
 * One level-1 stationary transform of a line with periodic extension: out[o] = sum_j f[j] x[(o + F/2 - j) mod n].
 * Terms are summed in PyWavelets' order: ascending j, except at the right overhang (o + F/2 >= n), where the
 * taps j = i-n .. 0 come first, in descending order, then j = i-n+1 .. F-1.
 */
function stationaryLine64(x: Float64Array, n: number, f: Float64Array, out: Float64Array): void {
  const taps = f.length;
  const half = taps >> 1;
  for (let o = 0; o < n; o++) {
    const i = o + half;
    let sum = 0;
    if (i < n) {
      if (i >= taps - 1) for (let j = 0; j < taps; j++) sum += f[j] * x[i - j];
      else for (let j = 0; j < taps; j++) sum += f[j] * x[wrapIndex(i - j, n)];
    } else {
      for (let j = i - n; j >= 0; j--) sum += f[j] * x[wrapIndex(i - j, n)];
      for (let j = i - n + 1; j < taps; j++) sum += f[j] * x[wrapIndex(i - j, n)];
    }
    out[o] = sum;
  }
}

/** stationaryLine64 in float32 arithmetic: every product and every partial sum rounded to float32, as C float. */
function stationaryLine32(x: Float64Array, n: number, f: Float64Array, out: Float64Array): void {
  const fr = Math.fround;
  const taps = f.length;
  const half = taps >> 1;
  for (let o = 0; o < n; o++) {
    const i = o + half;
    let sum = 0;
    if (i < n) {
      if (i >= taps - 1) for (let j = 0; j < taps; j++) sum = fr(sum + fr(f[j] * x[i - j]));
      else for (let j = 0; j < taps; j++) sum = fr(sum + fr(f[j] * x[wrapIndex(i - j, n)]));
    } else {
      for (let j = i - n; j >= 0; j--) sum = fr(sum + fr(f[j] * x[wrapIndex(i - j, n)]));
      for (let j = i - n + 1; j < taps; j++) sum = fr(sum + fr(f[j] * x[wrapIndex(i - j, n)]));
    }
    out[o] = sum;
  }
}

/** Low- or high-pass transform of every line of `input` along `dim` (size `size`), into a new array. */
function transformAlong(input: WorkArray, size: Vec3, dim: number, filter: Float64Array, float32: boolean): WorkArray {
  const output = float32 ? new Float32Array(input.length) : new Float64Array(input.length);
  const n = size[dim];
  const stride = dim === 0 ? 1 : dim === 1 ? size[0] : size[0] * size[1];
  const line = new Float64Array(n);
  const result = new Float64Array(n);
  const convolve = float32 ? stationaryLine32 : stationaryLine64;
  // the two axes other than `dim`, as (count, stride) pairs
  const others = [0, 1, 2].filter((d) => d !== dim);
  const strides = [1, size[0], size[0] * size[1]];
  const [outerCount, outerStride] = [size[others[1]], strides[others[1]]];
  const [innerCount, innerStride] = [size[others[0]], strides[others[0]]];
  for (let a = 0; a < outerCount; a++) {
    for (let b = 0; b < innerCount; b++) {
      const start = a * outerStride + b * innerStride;
      for (let t = 0, p = start; t < n; t++, p += stride) line[t] = input[p];
      convolve(line, n, filter, result);
      for (let t = 0, p = start; t < n; t++, p += stride) output[p] = result[t];
    }
  }
  return output;
}

function paddedSize(size: Vec3, transformedDims: readonly number[]): Vec3 {
  const padded: Vec3 = [size[0], size[1], size[2]];
  for (const d of transformedDims) if (padded[d] % 2 !== 0) padded[d] += 1;
  return padded;
}

/** The image in the working precision, each odd transformed axis extended by its first voxel (numpy.pad 'wrap'). */
function padWrapped(image: Volume, padded: Vec3, float32: boolean): WorkArray {
  const [nx, ny, nz] = image.size;
  const [px, py, pz] = padded;
  const out = float32 ? new Float32Array(px * py * pz) : new Float64Array(px * py * pz);
  for (let k = 0; k < pz; k++) {
    const sk = k % nz;
    for (let j = 0; j < py; j++) {
      const sj = j % ny;
      for (let i = 0; i < px; i++) out[i + px * (j + py * k)] = image.data[(i % nx) + nx * (sj + ny * sk)];
    }
  }
  return out;
}

function cropped(data: WorkArray, padded: Vec3, size: Vec3, float32: boolean): WorkArray {
  const [nx, ny, nz] = size;
  const [px, py] = padded;
  const out = float32 ? new Float32Array(nx * ny * nz) : new Float64Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const from = px * (j + py * k);
      out.set(data.subarray(from, from + nx), nx * (j + ny * k));
    }
  }
  return out;
}

function checkedInteger(value: number, name: string, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`wavelet setting ${name} must be an integer >= ${minimum}, got ${value}`);
  }
  return value;
}

/** The image axes (0 = x, 1 = y, 2 = z) in PyRadiomics' order: numpy axes (2, 1, 0), minus force2Ddimension. */
function transformedAxes(settings: Settings): number[] {
  const axes = [0, 1, 2];
  if (!settings.force2D) return axes;
  const numpyAxis = settings.force2Ddimension ?? 0;
  if (numpyAxis !== 0 && numpyAxis !== 1 && numpyAxis !== 2) {
    throw new Error(`force2Ddimension must be 0, 1 or 2, got ${numpyAxis}`);
  }
  return axes.filter((d) => d !== 2 - numpyAxis);
}

/**
 * PyRadiomics getWaveletImage. Yields the sub-bands in its order: for each level, the detail bands in pywt.swtn's
 * order (LLH, LHL, LHH, HLL, HLH, HHL, HHH; LH, HL, HH with force2D; first letter = x axis), then the final
 * approximation. Settings are checked at once; bands are computed as they are consumed.
 */
export function getWaveletImage(image: Volume, settings: Settings): Generator<DerivedImage> {
  const wavelet = settings.wavelet ?? 'coif1';
  const levels = checkedInteger(settings.level ?? 1, 'level', 1);
  const startLevel = checkedInteger(settings.start_level ?? 0, 'start_level', 0);
  const axes = transformedAxes(settings);
  const float32 = image.pixelType === 'float32';
  return waveletImages(image, settings, { filters: filtersFor(wavelet, float32), levels, startLevel, axes, float32 });
}

interface WaveletPlan {
  filters: FilterPair;
  levels: number;
  startLevel: number;
  axes: number[];
  float32: boolean;
}

function* waveletImages(image: Volume, settings: Settings, plan: WaveletPlan): Generator<DerivedImage> {
  const { filters, levels, startLevel, axes, float32 } = plan;
  const pixelType = float32 ? 'float32' : 'float64';
  const padded = paddedSize(image.size, axes);
  const along = (data: WorkArray, dim: number, filter: Float64Array) => transformAlong(data, padded, dim, filter, float32);
  const bandImage = (data: WorkArray): Volume => onSameGrid(image, cropped(data, padded, image.size, float32), pixelType);

  let approximation = padWrapped(image, padded, float32);
  for (let level = 0; level < startLevel; level++) {
    for (const dim of axes) approximation = along(approximation, dim, filters.lowPass);
  }

  for (let index = 1; index <= levels; index++) {
    const prefix = index === 1 ? 'wavelet-' : `wavelet${index}-`;
    let nextApproximation = approximation;
    // Depth-first over the sub-band tree: the leaves come out in pywt.swtn's dictionary order.
    const descend = function* (data: WorkArray, depth: number, name: string): Generator<DerivedImage> {
      if (depth === axes.length) {
        if (name.includes('H')) yield { imageTypeName: prefix + name, image: bandImage(data), settings };
        else nextApproximation = data;
        return;
      }
      yield* descend(along(data, axes[depth], filters.lowPass), depth + 1, name + 'L');
      yield* descend(along(data, axes[depth], filters.highPass), depth + 1, name + 'H');
    };
    yield* descend(approximation, 0, '');
    approximation = nextApproximation;
  }

  const approximationName = levels === 1 ? 'wavelet-' : `wavelet${levels}-`;
  yield { imageTypeName: approximationName + 'L'.repeat(axes.length), image: bandImage(approximation), settings };
}
