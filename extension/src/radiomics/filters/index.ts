import type { BoundingBox } from '../image/crop';
import type { Settings } from '../settings';
import type { Volume } from '../image/volume';
import type { DerivedImage, WarningSink } from './derivedImage';
import { getGradientImage } from './gradient';
import { wholeVolume } from './lineBatches';
import { getLoGImage } from './log';
import { getOriginalImage } from './original';
import { getExponentialImage, getLogarithmImage, getSquareImage, getSquareRootImage } from './simple';
import { getWaveletImage } from './wavelet';

export type { DerivedImage, WarningSink } from './derivedImage';

/** PyRadiomics 3.0.1's image types that this engine computes, with their generator's PyRadiomics name. */
export const IMAGE_TYPES = ['Original', 'LoG', 'Wavelet', 'Square', 'SquareRoot', 'Logarithm', 'Exponential', 'Gradient'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** PyRadiomics 3.0.1 image types this engine does not compute: refused by name rather than ignored. */
export const UNSUPPORTED_IMAGE_TYPES: readonly string[] = ['LBP2D', 'LBP3D'];

export function unsupportedImageType(name: string): string {
  return `image type ${name} is not supported by this engine (PyRadiomics 3.0.1 has it; supported image types are ${IMAGE_TYPES.join(', ')})`;
}

function isImageType(name: string): name is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(name);
}

/**
 * The images PyRadiomics' imageoperations.get<imageType>Image(image, mask, **settings) yields, in its order and with
 * its names ('original', 'log-sigma-1-0-mm-3D', 'wavelet-LLH', 'square', ...). Images are computed lazily, one per
 * step of the iteration. Images PyRadiomics skips with a warning (LoG on a too small image, sigma <= 0) are reported
 * to `warn` and not yielded. The mask is not used by any of these filters (PyRadiomics passes it for LBP only).
 *
 * `region` is the box of voxels the caller will read (the extractor's ROI bounding box; by default the whole image):
 * LoG computes only the voxels inside it, and Wavelet with force2D only the slices that cross it, leaving the others 0.
 */
export function generateImages(
  imageType: string,
  image: Volume,
  mask: Volume,
  settings: Settings,
  warn: WarningSink = () => undefined,
  region: BoundingBox = wholeVolume(image.size),
): Generator<DerivedImage> {
  if (!isImageType(imageType)) {
    if (UNSUPPORTED_IMAGE_TYPES.includes(imageType)) throw new Error(unsupportedImageType(imageType));
    throw new Error(`unknown image type "${imageType}"; valid image types are ${IMAGE_TYPES.join(', ')}`);
  }
  switch (imageType) {
    case 'Original':
      return getOriginalImage(image, settings);
    case 'LoG':
      return getLoGImage(image, settings, warn, region);
    case 'Wavelet':
      return getWaveletImage(image, settings, region);
    case 'Square':
      return getSquareImage(image, settings);
    case 'SquareRoot':
      return getSquareRootImage(image, settings);
    case 'Logarithm':
      return getLogarithmImage(image, settings);
    case 'Exponential':
      return getExponentialImage(image, settings);
    case 'Gradient':
      return getGradientImage(image, settings);
  }
}
