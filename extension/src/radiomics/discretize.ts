/**
 * Grey-level discretisation exactly as PyRadiomics 3.0.1's imageoperations.getBinEdges / binImage: the edges are
 * computed with numpy's own arithmetic (numpy.arange for a fixed bin width, numpy.histogram's linspace for a fixed
 * bin count) so that every edge is bit-identical to PyRadiomics' and voxels on an edge land in the same bin.
 *
 * `pixelType` is the dtype of PyRadiomics' image array (e.g. float32 for LoG and gradient images, or a float32
 * original): numpy.histogram stores the fixed-bin-count edges of a float32 array as float32. The fixed-bin-width
 * edges are float64 whatever the dtype (numpy scalar arithmetic promotes them).
 */
import type { PixelType } from './image/volume';
import type { Settings } from './settings';

const DEFAULT_BIN_WIDTH = 25;

/** Python's (and numpy's) floor modulo: the result takes the sign of the divisor. */
function floorMod(a: number, b: number): number {
  let mod = a % b;
  if (mod !== 0 && b < 0 !== mod < 0) mod += b;
  return mod;
}

/**
 * numpy.arange(start, stop, step) for floats: numpy stores start and start + step, then fills element i with
 * start + i * delta where delta = (start + step) - start, which can differ from step in the last bit.
 */
function numpyArange(start: number, stop: number, step: number): Float64Array {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Float64Array(length);
  if (length === 0) return out;
  out[0] = start;
  if (length === 1) return out;
  out[1] = start + step;
  const delta = out[1] - start;
  for (let i = 2; i < length; i++) out[i] = start + i * delta;
  return out;
}

/** numpy.linspace(start, stop, num, endpoint=True) for float64 scalars, as numpy 1.26 evaluates it. */
function numpyLinspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

function valueRange(values: ArrayLike<number>): { minimum: number; maximum: number } {
  if (values.length === 0) throw new Error('Cannot discretize an empty set of grey values: the ROI contains no voxel.');
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`Cannot discretize a non-finite grey value (${v}) inside the ROI.`);
    if (v < minimum) minimum = v;
    if (v > maximum) maximum = v;
  }
  return { minimum, maximum };
}

/**
 * Bin edges of the grey values inside the ROI (PyRadiomics getBinEdges). With `binCount` set: numpy.histogram's
 * equal-width edges over [min, max] with the last edge raised by 1; otherwise edges at multiples of `binWidth`
 * (default 25) from the largest multiple not above the minimum to beyond the maximum.
 */
export function getBinEdges(
  values: ArrayLike<number>,
  settings: Settings,
  pixelType: PixelType = 'float64',
): Float64Array {
  const { minimum, maximum } = valueRange(values);
  const binCount = settings.binCount;
  if (binCount !== undefined && binCount !== null) {
    if (!Number.isInteger(binCount) || binCount < 1) {
      throw new Error(`Setting binCount must be a positive integer, got ${binCount}.`);
    }
    const flat = minimum === maximum;
    const edges = numpyLinspace(flat ? minimum - 0.5 : minimum, flat ? maximum + 0.5 : maximum, binCount + 1);
    // numpy.histogram computes the edges in float64 and stores them in the array's dtype; the +1 is float32 too.
    const round = pixelType === 'float32' ? Math.fround : (x: number) => x;
    for (let k = 0; k <= binCount; k++) edges[k] = round(edges[k]);
    edges[binCount] = round(edges[binCount] + 1);
    return edges;
  }
  const binWidth = settings.binWidth ?? DEFAULT_BIN_WIDTH;
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) {
    throw new Error(`Setting binWidth must be a positive number, got ${binWidth}.`);
  }
  // highBound lies at least 2 bin widths above lowBound, so arange yields >= 2 edges even for a flat region
  // (PyRadiomics' single-edge fallback cannot trigger with a positive binWidth).
  const lowBound = minimum - floorMod(minimum, binWidth);
  const highBound = maximum + 2 * binWidth;
  return numpyArange(lowBound, highBound, binWidth);
}

/** numpy.digitize(value, edges, right=False) for increasing edges: the number of edges <= value. */
function digitize(value: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * PyRadiomics binImage: the bin index (from 1) of every voxel inside the mask, 0 outside; the edges are computed
 * from the ROI's grey values only. Each pass over the voxels is a function of its own with one loop: V8 compiles a
 * loop while it first runs, and code after it with no type feedback yet would then be thrown away on each of the
 * next calls, leaving the next loop to the interpreter.
 */
export function binImage(
  image: Float64Array,
  mask: Uint8Array,
  settings: Settings,
  pixelType: PixelType = 'float64',
): { binned: Int32Array; binEdges: Float64Array } {
  if (image.length !== mask.length) {
    throw new Error(`Image (${image.length} voxels) and mask (${mask.length} voxels) must have the same size.`);
  }
  const roiValues = new Float64Array(countNonZero(mask));
  gatherRoiValues(image, mask, roiValues);
  const binEdges = getBinEdges(roiValues, settings, pixelType);
  const binned = new Int32Array(image.length);
  digitizeRoi(image, mask, binEdges, binned);
  return { binned, binEdges };
}

/** Number of non-zero values (ROI voxels of a 0/1 or label mask). */
export function countNonZero(mask: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  return count;
}

/** The grey values of the ROI voxels, in raster order, into `out`. */
function gatherRoiValues(image: Float64Array, mask: Uint8Array, out: Float64Array): void {
  for (let i = 0, n = 0; i < mask.length; i++) if (mask[i] !== 0) out[n++] = image[i];
}

/** binned[i] = the bin of image[i] for every ROI voxel i. */
function digitizeRoi(image: Float64Array, mask: Uint8Array, binEdges: Float64Array, binned: Int32Array): void {
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) binned[i] = digitize(image[i], binEdges);
}
