import type { Settings } from '../settings';
import type { Volume } from '../image/volume';
import type { DerivedImage } from './derivedImage';

/** PyRadiomics getOriginalImage: the input image itself, unfiltered, as `original`. */
export function* getOriginalImage(image: Volume, settings: Settings): Generator<DerivedImage> {
  yield { imageTypeName: 'original', image, settings };
}
