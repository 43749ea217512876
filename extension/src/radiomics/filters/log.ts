import type { Settings } from '../settings';
import type { BoundingBox } from '../image/crop';
import type { Vec3, Volume } from '../image/volume';
import { onSameGrid, type DerivedImage, type WarningSink } from './derivedImage';
import { lineBatches, wholeVolume } from './lineBatches';
import { recursiveGaussianBatch, recursiveGaussianCoefficients, type RecursiveGaussianCoefficients } from './recursiveGaussian';

/**
 * Filters the lines along `dim` within `lines` (see lineBatches) from `source` into `target` (distinct arrays),
 * exactly at the region's positions along `dim` (see recursiveGaussianBatch).
 */
function filterAlong(
  source: Float64Array,
  target: Float64Array,
  size: Vec3,
  dim: number,
  c: RecursiveGaussianCoefficients,
  lines: BoundingBox,
  region: BoundingBox,
): void {
  const batches = lineBatches(size, dim, lines);
  const causal = new Float64Array(batches[0].count * size[dim]);
  const antiCausal = new Float64Array(causal.length);
  for (const batch of batches) {
    recursiveGaussianBatch(c, source, target, batch, causal, antiCausal, region.lower[dim], region.upper[dim]);
  }
}

/**
 * ITK LaplacianRecursiveGaussianImageFilter as SimpleITK runs it (float32 output and float32 intermediate images):
 * for each axis, the second-order recursive Gaussian along it, then the zero-order one along the two other axes
 * in increasing order, accumulated as cumulative + pass * (1 / spacing^2) (in double, stored as float32).
 *
 * Only the voxels inside `region` are computed (elsewhere the result is 0). The later passes and the sum need the
 * output of a pass along an axis only at the region's coordinates on that axis: each pass stops its recursions
 * there (the rest of its output is never read), and the later passes skip the lines outside them. Every computed
 * voxel is bit-identical to the whole image's.
 */
export function laplacianRecursiveGaussian(
  image: Volume,
  sigma: number,
  normalizeAcrossScale: boolean,
  region: BoundingBox,
): Float32Array {
  const { size } = image;
  const voxels = image.data.length;
  const cumulative = new Float32Array(voxels);
  // Every pixel type converts exactly to double; the passes hold float32 values in double arrays (see
  // recursiveGaussianBatch), and alternate between two of them.
  const input = image.data instanceof Float64Array ? image.data : new Float64Array(image.data);
  let pass = new Float64Array(voxels);
  let next = new Float64Array(voxels);
  for (let dim = 0; dim < 3; dim++) {
    const spacing = image.spacing[dim];
    const lines = wholeVolume(size);
    filterAlong(input, pass, size, dim, recursiveGaussianCoefficients(sigma, spacing, 'second', normalizeAcrossScale), lines, region);
    narrowTo(lines, region, dim);
    for (const other of [0, 1, 2].filter((d) => d !== dim)) {
      const c = recursiveGaussianCoefficients(sigma, image.spacing[other], 'zero', normalizeAcrossScale);
      filterAlong(pass, next, size, other, c, lines, region);
      narrowTo(lines, region, other);
      [pass, next] = [next, pass];
    }
    accumulate(cumulative, pass, 1.0 / (spacing * spacing), size, region);
  }
  return cumulative;
}

/**
 * cumulative + pass * scale inside `region`. A function of its own, so that the hot loops of a LoG run in small
 * functions: the driver above, with no loop of its own, is never compiled together with all of them.
 */
function accumulate(cumulative: Float32Array, pass: Float64Array, scale: number, size: Vec3, region: BoundingBox): void {
  const [nx, ny] = size;
  const { lower, upper } = region;
  for (let k = lower[2]; k <= upper[2]; k++) {
    for (let j = lower[1]; j <= upper[1]; j++) {
      const row = nx * (j + ny * k);
      for (let p = row + lower[0]; p <= row + upper[0]; p++) cumulative[p] = cumulative[p] + pass[p] * scale;
    }
  }
}

/** Restricts `lines` to the region's bounds on axis `dim`. */
function narrowTo(lines: BoundingBox, region: BoundingBox, dim: number): void {
  lines.lower[dim] = region.lower[dim];
  lines.upper[dim] = region.upper[dim];
}

/** Python's str() of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on. */
export function pythonFloatString(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integerDigits = exponent + 1;
  const whole = digits.slice(0, integerDigits).padEnd(integerDigits, '0');
  const fraction = digits.slice(integerDigits);
  return `${sign}${whole}.${fraction || '0'}`;
}

/**
 * PyRadiomics getLoGImage: one `log-sigma-<sigma>-mm-3D` image per sigma (mm), NormalizeAcrossScale on. An image
 * smaller than 4 voxels along any axis gives no image at all; a sigma <= 0, or one whose sigma/spacing + 1 exceeds
 * the image size, is skipped; each with a warning, as in PyRadiomics.
 *
 * The name is Python's str() of the sigma as written: a float ('1.0' -> 'log-sigma-1-0-mm-3D') for a number, an int
 * ('1' -> 'log-sigma-1-mm-3D') for a bigint (see Settings.sigma).
 *
 * Only the voxels inside `region` are computed (see laplacianRecursiveGaussian).
 */
export function* getLoGImage(image: Volume, settings: Settings, warn: WarningSink, region: BoundingBox): Generator<DerivedImage> {
  const { size, spacing } = image;
  if (Math.min(...size) < 4) {
    warn(`Image too small to apply LoG filter, size: [${size.join(' ')}]`);
    return;
  }
  // Converted once for all sigmas (every pixel type converts exactly to double).
  const input = image.data instanceof Float64Array ? image : onSameGrid(image, new Float64Array(image.data), 'float64');
  for (const written of settings.sigma ?? []) {
    const sigma = Number(written);
    if (!(sigma > 0)) {
      warn(`applyLoG: sigma must be greater than 0.0: ${sigma}`);
      continue;
    }
    if (!size.every((n, d) => n >= Math.ceil(sigma / spacing[d]) + 1)) {
      warn(
        `applyLoG: sigma(${sigma})/spacing([${spacing.join(' ')}]) + 1 must be greater than the size([${size.join(' ')}]) of the inputImage`,
      );
      continue;
    }
    const imageTypeName = `log-sigma-${(typeof written === 'bigint' ? String(written) : pythonFloatString(sigma)).replace(/\./g, '-')}-mm-3D`;
    yield { imageTypeName, image: onSameGrid(image, laplacianRecursiveGaussian(input, sigma, true, region), 'float32'), settings };
  }
}
