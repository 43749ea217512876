/**
 * PyRadiomics 3.0.1 mask handling (imageoperations.getMask, checkMask, _correctMask, _checkROI): the label map is
 * cast to UInt32, the label must be present, image and mask must share a grid (within geometryTolerance) unless
 * correctMask resamples the mask onto the image, and the ROI must satisfy minimumROIDimensions/minimumROISize.
 */
import { boundingBox, type BoundingBox } from './image/crop';
import { checkROI, resampleToReference } from './image/resample';
import type { Geometry, Volume } from './image/volume';
import type { Settings } from './settings';

/** ITK's default coordinate and direction tolerance (ProcessObject::GetGlobalDefaultCoordinateTolerance). */
const ITK_DEFAULT_TOLERANCE = 1e-6;

/** getMask: the mask cast to UInt32 (as sitk.Cast does: truncation, modulo 2^32), refusing an empty or unlabelled mask. */
export function getMask(mask: Volume, settings: Settings): Volume<Uint32Array> {
  const label = settings.label ?? 1;
  const data = mask.data instanceof Uint32Array ? mask.data : new Uint32Array(mask.data);
  const labels = new Set<number>();
  // Masks come in long runs of one value: the set is consulted only where the value changes.
  let previous = -1;
  for (let n = 0; n < data.length; n++) {
    const value = data[n];
    if (value !== previous) {
      labels.add(value);
      previous = value;
    }
  }
  if (labels.size === 1) throw new Error('No labels found in this mask (i.e. nothing is segmented)!');
  if (!labels.has(label)) {
    const present = [...labels].filter((v) => v !== 0).sort((a, b) => a - b);
    throw new Error(`Label (${label}) not present in mask. Choose from [${present.join(' ')}]`);
  }
  return { ...mask, data, pixelType: 'uint32' };
}

function allClose(a: readonly number[], b: readonly number[], tolerance: number): boolean {
  return a.every((v, n) => Math.abs(v - b[n]) <= tolerance);
}

/**
 * ITK's ImageToImageFilter::VerifyInputInformation, as LabelStatisticsImageFilter applies it: origins and spacings
 * equal within tolerance * spacing[0] of the image, directions within tolerance, sizes equal.
 */
function sameGrid(image: Geometry, mask: Geometry, tolerance: number): 'ok' | 'size' | 'space' {
  const coordinateTolerance = Math.abs(tolerance * image.spacing[0]);
  if (
    !allClose(image.origin, mask.origin, coordinateTolerance) ||
    !allClose(image.spacing, mask.spacing, coordinateTolerance) ||
    !allClose(image.direction, mask.direction, tolerance)
  ) {
    return 'space';
  }
  return image.size.every((s, d) => s === mask.size[d]) ? 'ok' : 'size';
}

/** Number of voxels carrying `label`. */
export function countLabel(mask: Volume, label: number): number {
  let count = 0;
  for (let n = 0; n < mask.data.length; n++) if (mask.data[n] === label) count++;
  return count;
}

export interface CheckedMask {
  boundingBox: BoundingBox;
  /** The mask resampled onto the image grid when correctMask had to act, else null. */
  correctedMask: Volume<Uint32Array> | null;
}

/**
 * checkMask: verifies that image and mask share a grid (or, with correctMask, resamples the mask onto the image
 * with nearest neighbour after checking the ROI lies inside the image), that the label is present, and that the ROI
 * spans at least minimumROIDimensions dimensions and more than minimumROISize voxels.
 */
export function checkMask(image: Volume, mask: Volume<Uint32Array>, settings: Settings): CheckedMask {
  const label = settings.label ?? 1;
  const minimumDimensions = settings.minimumROIDimensions ?? 2;
  const minimumSize = settings.minimumROISize ?? null;
  const tolerance = settings.geometryTolerance ?? ITK_DEFAULT_TOLERANCE;

  let checked = mask;
  let correctedMask: Volume<Uint32Array> | null = null;
  const grid = sameGrid(image, mask, tolerance);
  if (grid === 'ok') {
    if (countLabel(mask, label) === 0) throw new Error(`Label (${label}) not present in mask`);
  } else {
    if (!settings.correctMask) {
      if (grid === 'size') {
        throw new Error(
          `Image/Mask size mismatch (image ${image.size.join('x')}, mask ${mask.size.join('x')}). ` +
            'Potential fix: enable correctMask (setting correctMask: true) to resample the mask onto the image',
        );
      }
      throw new Error(
        'Image/Mask geometry mismatch (origin, spacing or direction differ beyond geometryTolerance ' +
          `${tolerance}). Potential fix: increase tolerance using geometryTolerance, or enable correctMask`,
      );
    }
    checkROI(image, mask, label);
    const resampled = resampleToReference(mask, image, 'sitkNearestNeighbor');
    const corrected: Volume<Uint32Array> = { ...resampled, data: Uint32Array.from(resampled.data), pixelType: 'uint32' };
    correctedMask = corrected;
    checked = corrected;
    if (countLabel(checked, label) === 0) {
      throw new Error('Calculation of bounding box failed: the label vanished when resampling the mask onto the image');
    }
  }

  const bb = boundingBox(checked, label);
  const dimensions = [0, 1, 2].filter((d) => bb.upper[d] - bb.lower[d] + 1 > 1).length;
  if (dimensions === 0) throw new Error('mask only contains 1 segmented voxel! Cannot extract features for a single voxel.');
  if (dimensions < minimumDimensions) {
    throw new Error(`mask has too few dimensions (number of dimensions ${dimensions}, minimum required ${minimumDimensions})`);
  }
  if (minimumSize !== null) {
    const roiSize = countLabel(checked, label);
    if (roiSize <= minimumSize) throw new Error(`Size of the ROI is too small (minimum size: ${minimumSize}, ROI size: ${roiSize})`);
  }
  return { boundingBox: bb, correctedMask };
}

/** 1 where the mask carries `label`, 0 elsewhere (what feature classes receive). */
export function labelMap(mask: Volume, label: number): Uint8Array {
  const out = new Uint8Array(mask.data.length);
  for (let n = 0; n < out.length; n++) out[n] = mask.data[n] === label ? 1 : 0;
  return out;
}
