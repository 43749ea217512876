import type { Geometry, TypedArray, Vec3, Volume } from './volume';

/**
 * Inclusive voxel-index bounds of an ROI: the ROI occupies indices lower[d]..upper[d] on each axis (i, j, k),
 * the same box SimpleITK's LabelStatisticsImageFilter.GetBoundingBox returns as (L_x, U_x, L_y, U_y, L_z, U_z).
 */
export interface BoundingBox {
  lower: Vec3;
  upper: Vec3;
}

/** Bounding box of the voxels whose value equals `label`; throws when the label is absent. */
export function boundingBox(mask: Volume, label: number): BoundingBox {
  const [nx, ny, nz] = mask.size;
  const data = mask.data;
  let lx = nx, ly = ny, lz = nz, ux = -1, uy = -1, uz = -1;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (data[n] !== label) continue;
        if (i < lx) lx = i;
        if (i > ux) ux = i;
        if (j < ly) ly = j;
        if (j > uy) uy = j;
        if (k < lz) lz = k;
        if (k > uz) uz = k;
      }
    }
  }
  if (ux < 0) throw new Error(`label ${label} is not present in the mask`);
  return { lower: [lx, ly, lz], upper: [ux, uy, uz] };
}

/**
 * Physical point of an integer index, summed in ITK's order (origin first, then each axis), so that origins of
 * cropped images are bit-identical to SimpleITK's.
 */
function itkIndexToPhysicalPoint(g: Geometry, index: Vec3): Vec3 {
  const d = g.direction;
  const s = g.spacing;
  const point: Vec3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    let p = g.origin[r];
    for (let c = 0; c < 3; c++) p += d[3 * r + c] * s[c] * index[c];
    point[r] = p;
  }
  return point;
}

type TypedArrayConstructor = new (length: number) => TypedArray;

/** An empty array of the same element type as `like`. */
function allocateLike(like: TypedArray, length: number): TypedArray {
  return new (like.constructor as TypedArrayConstructor)(length);
}

/** Copies the box lower..upper (inclusive) of a volume into a new volume whose origin is moved accordingly. */
export function extractRegion(volume: Volume, lower: Vec3, upper: Vec3): Volume {
  const [nx, ny] = volume.size;
  const size: Vec3 = [upper[0] - lower[0] + 1, upper[1] - lower[1] + 1, upper[2] - lower[2] + 1];
  const data = allocateLike(volume.data, size[0] * size[1] * size[2]);
  let n = 0;
  for (let k = lower[2]; k <= upper[2]; k++) {
    for (let j = lower[1]; j <= upper[1]; j++) {
      const row = lower[0] + nx * (j + ny * k);
      data.set(volume.data.subarray(row, row + size[0]), n);
      n += size[0];
    }
  }
  return {
    size,
    spacing: [...volume.spacing],
    origin: itkIndexToPhysicalPoint(volume, lower),
    direction: [...volume.direction],
    data,
    pixelType: volume.pixelType,
  };
}

/**
 * imageoperations.cropToTumorMask: crops image and mask (same grid) to the ROI's bounding box grown by
 * `padDistance` voxels on each side, clipped to the image.
 */
export function cropToTumorMask(
  image: Volume,
  mask: Volume,
  bbox: BoundingBox,
  padDistance = 0,
): { image: Volume; mask: Volume } {
  for (let d = 0; d < 3; d++) {
    if (image.size[d] !== mask.size[d]) {
      throw new Error(`cannot crop: image size ${image.size.join('x')} differs from mask size ${mask.size.join('x')}`);
    }
  }
  const lower: Vec3 = [0, 0, 0];
  const upper: Vec3 = [0, 0, 0];
  for (let d = 0; d < 3; d++) {
    if (bbox.lower[d] < 0 || bbox.upper[d] >= mask.size[d] || bbox.lower[d] > bbox.upper[d]) {
      throw new Error(`bounding box [${bbox.lower.join(',')}]..[${bbox.upper.join(',')}] is not inside the mask`);
    }
    lower[d] = Math.max(bbox.lower[d] - padDistance, 0);
    upper[d] = Math.min(bbox.upper[d] + padDistance, mask.size[d] - 1);
  }
  return { image: extractRegion(image, lower, upper), mask: extractRegion(mask, lower, upper) };
}
