import type { Settings } from '../settings';
import type { BoundingBox } from '../image/crop';
import type { Vec3, Volume } from '../image/volume';
import { onSameGrid, type DerivedImage } from './derivedImage';
import { lineBatches, wholeVolume } from './lineBatches';
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

/**
 * PyWavelets' level-1 stationary transform of a line of n voxels with periodic extension (C
 * downsampling_convolution_periodization, step 1): out[o] = sum_j f[j] x[(o + F/2 - j) mod n], with its terms in its
 * order: ascending j, except at the right overhang (i = o + F/2 >= n), where j = i-n .. 0 come first, descending,
 * then j = i-n+1 .. F-1. Returned as, for each output o, F pairs (filter tap, input position) in summation order.
 */
function stationaryTermOrder(n: number, taps: number): { tap: Int32Array; position: Int32Array } {
  const tap = new Int32Array(n * taps);
  const position = new Int32Array(n * taps);
  const wrap = (index: number) => ((index % n) + n) % n;
  for (let o = 0, q = 0; o < n; o++) {
    const i = o + (taps >> 1);
    const order: number[] = [];
    if (i < n) for (let j = 0; j < taps; j++) order.push(j);
    else {
      for (let j = i - n; j >= 0; j--) order.push(j);
      for (let j = i - n + 1; j < taps; j++) order.push(j);
    }
    for (const j of order) {
      tap[q] = j;
      position[q++] = wrap(i - j);
    }
  }
  return { tap, position };
}

/**
 * Low- or high-pass transform of the lines of `input` along `dim` within `lines` (see lineBatches), into a new array, in float64 or, for float32
 * images, in float32 arithmetic (every product and partial sum rounded to float32, as C float). The sum of each
 * output runs over the taps in PyWavelets' order, from the output array's initial +0 as C's `sum = 0`; it is kept in
 * the output array between blocks of six and of two taps (all PyWavelets filters have an even length), unrolled
 * because a loop over the taps is several times slower.
 */
function transformAlong(input: WorkArray, size: Vec3, dim: number, filter: Float64Array, float32: boolean, lines: BoundingBox): WorkArray {
  const output = float32 ? new Float32Array(input.length) : new Float64Array(input.length);
  const n = size[dim];
  const taps = filter.length;
  const { tap, position } = stationaryTermOrder(n, taps);
  const fr = Math.fround;
  for (const { base, count, lineStride, step } of lineBatches(size, dim, lines)) {
    const end = count * lineStride;
    for (let o = 0; o < n; o++) {
      const at = base + o * step;
      const first = o * taps;
      const last = first + taps;
      let k = first;
      for (; k + 6 <= last; k += 6) {
        const [f0, f1, f2, f3, f4, f5] = [filter[tap[k]], filter[tap[k + 1]], filter[tap[k + 2]], filter[tap[k + 3]], filter[tap[k + 4]], filter[tap[k + 5]]];
        const r0 = base + position[k] * step;
        const r1 = base + position[k + 1] * step;
        const r2 = base + position[k + 2] * step;
        const r3 = base + position[k + 3] * step;
        const r4 = base + position[k + 4] * step;
        const r5 = base + position[k + 5] * step;
        if (float32) {
          for (let l = 0; l < end; l += lineStride) {
            let sum = output[at + l];
            sum = fr(sum + fr(f0 * input[r0 + l]));
            sum = fr(sum + fr(f1 * input[r1 + l]));
            sum = fr(sum + fr(f2 * input[r2 + l]));
            sum = fr(sum + fr(f3 * input[r3 + l]));
            sum = fr(sum + fr(f4 * input[r4 + l]));
            output[at + l] = fr(sum + fr(f5 * input[r5 + l]));
          }
        } else {
          for (let l = 0; l < end; l += lineStride) {
            let sum = output[at + l];
            sum += f0 * input[r0 + l];
            sum += f1 * input[r1 + l];
            sum += f2 * input[r2 + l];
            sum += f3 * input[r3 + l];
            sum += f4 * input[r4 + l];
            output[at + l] = sum + f5 * input[r5 + l];
          }
        }
      }
      for (; k < last; k += 2) {
        const [f0, f1] = [filter[tap[k]], filter[tap[k + 1]]];
        const r0 = base + position[k] * step;
        const r1 = base + position[k + 1] * step;
        if (float32) {
          for (let l = 0; l < end; l += lineStride) {
            const sum = fr(output[at + l] + fr(f0 * input[r0 + l]));
            output[at + l] = fr(sum + fr(f1 * input[r1 + l]));
          }
        } else {
          for (let l = 0; l < end; l += lineStride) {
            const sum = output[at + l] + f0 * input[r0 + l];
            output[at + l] = sum + f1 * input[r1 + l];
          }
        }
      }
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
    for (let j = 0; j < py; j++) {
      const from = nx * ((j % ny) + ny * (k % nz));
      const to = px * (j + py * k);
      out.set(image.data.subarray(from, from + nx), to);
      if (px > nx) out[to + nx] = out[to];
    }
  }
  return out;
}

/** The image's own grid cut out of a padded array (the array itself when nothing was padded). */
function cropped(data: WorkArray, padded: Vec3, size: Vec3, float32: boolean): WorkArray {
  const [nx, ny, nz] = size;
  const [px, py, pz] = padded;
  if (px === nx && py === ny && pz === nz) return data;
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
 * approximation. Settings are checked at once; bands are computed as they are consumed. With force2D, only the slices
 * that cross `region` are computed (the others are 0).
 */
export function getWaveletImage(image: Volume, settings: Settings, region: BoundingBox): Generator<DerivedImage> {
  const wavelet = settings.wavelet ?? 'coif1';
  const levels = checkedInteger(settings.level ?? 1, 'level', 1);
  const startLevel = checkedInteger(settings.start_level ?? 0, 'start_level', 0);
  const axes = transformedAxes(settings);
  const float32 = image.pixelType === 'float32';
  return waveletImages(image, settings, { filters: filtersFor(wavelet, float32), levels, startLevel, axes, float32, region });
}

interface WaveletPlan {
  filters: FilterPair;
  levels: number;
  startLevel: number;
  axes: number[];
  float32: boolean;
  region: BoundingBox;
}

function* waveletImages(image: Volume, settings: Settings, plan: WaveletPlan): Generator<DerivedImage> {
  const { filters, levels, startLevel, axes, float32, region } = plan;
  const pixelType = float32 ? 'float32' : 'float64';
  const padded = paddedSize(image.size, axes);
  // Every transform runs whole lines along the transformed axes; along an axis left out with force2D the slices are
  // independent, and those outside the region are skipped (left 0).
  const lines = wholeVolume(padded);
  for (let d = 0; d < 3; d++) {
    if (axes.includes(d)) continue;
    lines.lower[d] = region.lower[d];
    lines.upper[d] = region.upper[d];
  }
  const along = (data: WorkArray, dim: number, filter: Float64Array) => transformAlong(data, padded, dim, filter, float32, lines);
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
