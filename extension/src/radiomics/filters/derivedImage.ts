import type { Settings } from '../settings';
import type { PixelType, TypedArray, Volume } from '../image/volume';

/** One image a PyRadiomics image type yields: the filtered image, its name (e.g. `wavelet-LLH`) and its settings. */
export interface DerivedImage {
  imageTypeName: string;
  image: Volume;
  settings: Settings;
}

/** PyRadiomics logs a warning and skips an image it cannot make (e.g. LoG on a too small image); so do we, here. */
export type WarningSink = (message: string) => void;

/** A new image on the input's grid (sitk CopyInformation): same size, spacing, origin and direction. */
export function onSameGrid(input: Volume, data: TypedArray, pixelType: PixelType): Volume {
  return {
    size: [input.size[0], input.size[1], input.size[2]],
    spacing: [input.spacing[0], input.spacing[1], input.spacing[2]],
    origin: [input.origin[0], input.origin[1], input.origin[2]],
    direction: [...input.direction],
    data,
    pixelType,
  };
}
