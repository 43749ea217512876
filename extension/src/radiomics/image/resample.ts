/**
 * Resampling exactly as PyRadiomics 3.0.1 (imageoperations.resampleImage, _checkROI) drives SimpleITK 2.5's
 * ResampleImageFilter (ITK 5.4): the same corner-aligned grid around the ROI, the same index arithmetic as ITK's
 * linear-transform fast path (including ITK's SVD-based inverse of the direction matrix), ITK's interpolators,
 * and the same cast back to the input's pixel type (clamped to the type's range, then truncated toward zero for
 * integer types); points outside the input get 0. Voxels match SimpleITK's bit for bit.
 */
import type { InterpolatorName, Settings } from '../settings';
import { boundingBox, cropToTumorMask, type BoundingBox } from './crop';
import { createInterpolator, interpolatorKind, type InterpolatorKind } from './interpolate';
import type { IndexRegion } from './interpolate/bspline';
import { itkPhysicalPointToIndexMatrix } from './interpolate/itkIndexMatrix';
import type { Geometry, PixelType, TypedArray, Vec3, Volume } from './volume';

/** Row-major 3x3 matrix direction * diag(spacing): ITK's IndexToPhysicalPoint. */
function indexToPhysicalMatrix(g: Geometry): number[] {
  const m: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m.push(g.direction[3 * r + c] * g.spacing[c]);
  return m;
}

/** ImageBase::TransformContinuousIndexToPhysicalPoint: the matrix product first, the origin added last. */
function continuousIndexToPhysicalPoint(g: Geometry, index: Vec3): Vec3 {
  const m = indexToPhysicalMatrix(g);
  const point: Vec3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    let sum = 0;
    for (let c = 0; c < 3; c++) sum += m[3 * r + c] * index[c];
    point[r] = sum + g.origin[r];
  }
  return point;
}

/** ImageBase::TransformPhysicalPointToContinuousIndex. */
function physicalPointToContinuousIndex(g: Geometry, point: Vec3, inverse = itkPhysicalPointToIndexMatrix(g)): Vec3 {
  const v = [point[0] - g.origin[0], point[1] - g.origin[1], point[2] - g.origin[2]];
  const index: Vec3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    let sum = 0;
    for (let c = 0; c < 3; c++) sum += inverse[3 * r + c] * v[c];
    index[r] = sum;
  }
  return index;
}

const INTEGER_RANGES: Partial<Record<PixelType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};
const FLOAT32_MAX = 3.4028234663852886e38;

const ARRAY_TYPES: Record<PixelType, new (length: number) => TypedArray> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * ResampleImageFilter::CastComponentWithBoundsChecking of one row's interpolated values into the output type:
 * clamped to [minimum, maximum], then truncated toward zero for integer types. Points outside the input keep 0.
 */
function storeRow(
  out: TypedArray,
  offset: number,
  values: Float64Array,
  inside: Uint8Array,
  count: number,
  minimum: number,
  maximum: number,
  integer: boolean,
): void {
  for (let i = 0; i < count; i++) {
    if (inside[i] === 0) continue;
    const value = values[i];
    out[offset + i] = value <= minimum ? minimum : value >= maximum ? maximum : integer ? Math.trunc(value) : value;
  }
}

/**
 * The input voxels an interpolator can reach from the output grid: the continuous indices of the output rows lie
 * within the box of the mapped grid corners (rows run from index 0 to size[0], as ITK maps them), widened by the
 * cubic B-spline's support and its mirror at the borders, plus rounding slack.
 */
function reachedRegion(input: Volume, size: Vec3, mapIndex: (index: Vec3) => Vec3): IndexRegion {
  const low = [Infinity, Infinity, Infinity];
  const high = [-Infinity, -Infinity, -Infinity];
  for (const i of [0, size[0]]) {
    for (const j of [0, size[1] - 1]) {
      for (const k of [0, size[2] - 1]) {
        const c = mapIndex([i, j, k]);
        for (let d = 0; d < 3; d++) {
          low[d] = Math.min(low[d], c[d]);
          high[d] = Math.max(high[d], c[d]);
        }
      }
    }
  }
  const margin = 4;
  const lower = [0, 1, 2].map((d) => (Number.isFinite(low[d]) ? Math.min(Math.max(Math.floor(low[d]) - margin, 0), input.size[d] - 1) : 0)) as Vec3;
  const upper = [0, 1, 2].map((d) =>
    Number.isFinite(high[d]) ? Math.max(Math.min(Math.ceil(high[d]) + margin, input.size[d] - 1), lower[d]) : input.size[d] - 1,
  ) as Vec3;
  return { lower, upper };
}

/**
 * Samples `input` on the grid `grid` (SimpleITK ResampleImageFilter with an identity transform), giving a volume of
 * `pixelType`. Follows ITK's LinearThreadedGenerateData: each output row is mapped through its two ends (index 0
 * and index size[0]) and points are placed along that line, which is what makes the continuous indices bit-exact.
 */
function resampleOnGrid(input: Volume, grid: Geometry, kind: InterpolatorKind, pixelType: PixelType): Volume {
  const [nx, ny, nz] = grid.size;
  for (let d = 0; d < 3; d++) {
    if (!Number.isInteger(grid.size[d]) || grid.size[d] < 1) throw new Error(`resampling grid size ${grid.size.join('x')} is invalid`);
  }
  const out = new ARRAY_TYPES[pixelType](nx * ny * nz);
  const toPhysical = indexToPhysicalMatrix(grid);
  const toIndex = itkPhysicalPointToIndexMatrix(input);
  const mapIndex = (index: Vec3): Vec3 => {
    const point: Vec3 = [0, 0, 0];
    for (let r = 0; r < 3; r++) {
      let p = grid.origin[r];
      for (let c = 0; c < 3; c++) p += toPhysical[3 * r + c] * index[c];
      point[r] = p;
    }
    return physicalPointToContinuousIndex(input, point, toIndex);
  };
  const interpolator = createInterpolator(input, kind, reachedRegion(input, [nx, ny, nz], mapIndex));
  const integerRange = INTEGER_RANGES[pixelType];
  const [minimum, maximum] = integerRange ?? (pixelType === 'float32' ? [-FLOAT32_MAX, FLOAT32_MAX] : [-Infinity, Infinity]);
  const values = new Float64Array(nx);
  const inside = new Uint8Array(nx);
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++, n += nx) {
      interpolator.sampleRow(mapIndex([0, j, k]), mapIndex([nx, j, k]), nx, values, inside);
      storeRow(out, n, values, inside, nx, minimum, maximum, integerRange !== undefined);
    }
  }
  return {
    size: [nx, ny, nz],
    spacing: [...grid.spacing],
    origin: [...grid.origin],
    direction: [...grid.direction],
    data: out,
    pixelType,
  };
}

/**
 * Samples `moving` on the grid of `reference` (size, spacing, origin, direction), keeping moving's pixel type:
 * sitk.ResampleImageFilter with SetReferenceImage, as PyRadiomics' correctMask and its no-resampling path use it.
 */
export function resampleToReference(moving: Volume, reference: Geometry, interpolator: InterpolatorName | number): Volume {
  return resampleOnGrid(moving, reference, interpolatorKind(interpolator), moving.pixelType);
}

/**
 * imageoperations._checkROI: the bounding box of `label` in `mask`, after checking that the ROI (voxel corners
 * included) lies inside the physical extent of `image` within 1e-3 voxel. Throws when the label is absent or the
 * ROI reaches outside the image.
 */
export function checkROI(image: Geometry, mask: Volume, label: number): BoundingBox {
  const bbox = boundingBox(mask, label);
  const corners = [
    continuousIndexToPhysicalPoint(mask, [bbox.lower[0] - 0.5, bbox.lower[1] - 0.5, bbox.lower[2] - 0.5]),
    continuousIndexToPhysicalPoint(mask, [bbox.upper[0] + 0.5, bbox.upper[1] + 0.5, bbox.upper[2] + 0.5]),
  ].map((point) => physicalPointToContinuousIndex(image, point));
  const tolerance = 1e-3;
  for (let d = 0; d < 3; d++) {
    const low = Math.min(corners[0][d], corners[1][d]);
    const high = Math.max(corners[0][d], corners[1][d]);
    if (low < -0.5 - tolerance || high > image.size[d] - 0.5 + tolerance) {
      throw new Error(
        `the ROI (label ${label}) reaches outside the image: its bounds in image index space are ` +
          `[${corners[0].map((v) => v.toFixed(3)).join(', ')}] to [${corners[1].map((v) => v.toFixed(3)).join(', ')}], ` +
          `image size ${image.size.join('x')}`,
      );
    }
  }
  return bbox;
}

/** numpy.allclose with its default tolerances (rtol 1e-5, atol 1e-8). */
function allClose(a: readonly number[], b: readonly number[]): boolean {
  return a.every((value, d) => Math.abs(value - b[d]) <= 1e-8 + 1e-5 * Math.abs(b[d]));
}

/**
 * imageoperations.resampleImage: resamples image (settings.interpolator, default sitkBSpline) and mask (nearest
 * neighbour) to settings.resampledPixelSpacing (0 keeps an axis' spacing; an axis the ROI spans with one voxel keeps
 * it too), on a grid aligned with the mask's voxel corners and covering only the ROI's bounding box grown by
 * padDistance (default 5) voxels of the new grid. Both come back with the mask's direction and their own pixel
 * types. When the new spacing equals the image's, only the mask is resampled onto the image grid and both are
 * cropped to the ROI plus padDistance.
 */
export function resampleImage(image: Volume, mask: Volume, settings: Settings): { image: Volume; mask: Volume } {
  const requested = settings.resampledPixelSpacing;
  if (!requested || requested.length !== 3) {
    throw new Error(`resampledPixelSpacing must list 3 spacings (0 keeps an axis), got ${JSON.stringify(requested)}`);
  }
  if (requested.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new Error(`resampledPixelSpacing must be non-negative numbers, got ${JSON.stringify(requested)}`);
  }
  const kind = interpolatorKind(settings.interpolator ?? 'sitkBSpline');
  const padDistance = settings.padDistance ?? 5;
  const label = settings.label ?? 1;
  const maskSpacing = mask.spacing;

  const bbox = checkROI(image, mask, label);
  const spacing = requested.map((s, d) =>
    s === 0 || bbox.upper[d] === bbox.lower[d] ? maskSpacing[d] : s,
  ) as Vec3;

  if (allClose(image.spacing, spacing)) {
    const aligned = resampleOnGrid(mask, image, 'nearest', mask.pixelType);
    // PyRadiomics passes its settings on to cropToTumorMask, whose own padDistance default is 0.
    return cropToTumorMask(image, aligned, boundingBox(aligned, label), settings.padDistance ?? 0);
  }

  const ratio = maskSpacing.map((s, d) => s / spacing[d]);
  const lower: number[] = [];
  const size: number[] = [];
  for (let d = 0; d < 3; d++) {
    const roiSize = bbox.upper[d] - bbox.lower[d] + 1;
    let newLower = Math.floor((bbox.lower[d] - 0.5) * ratio[d] - padDistance);
    let newUpper = Math.ceil((bbox.lower[d] + roiSize - 0.5) * ratio[d] + padDistance);
    const maxUpper = Math.ceil(mask.size[d] * ratio[d]) - 1;
    if (newLower < 0) newLower = 0;
    if (newUpper > maxUpper) newUpper = maxUpper;
    lower.push(newLower);
    size.push(Math.trunc(newUpper - newLower + 1));
  }
  // Continuous index, in the mask's grid, of the new grid's first voxel centre.
  const originIndex = [0, 1, 2].map(
    (d) => (0.5 * (spacing[d] - maskSpacing[d])) / maskSpacing[d] + lower[d] / ratio[d],
  ) as Vec3;
  const grid: Geometry = {
    size: size as Vec3,
    spacing,
    origin: continuousIndexToPhysicalPoint(mask, originIndex),
    direction: [...mask.direction],
  };
  return {
    image: resampleOnGrid(image, grid, kind, image.pixelType),
    mask: resampleOnGrid(mask, grid, 'nearest', mask.pixelType),
  };
}
