import type { Settings } from '../settings';
import type { PixelType, Vec3 } from '../image/volume';

/**
 * What PyRadiomics hands a feature class: the (filtered) image and the ROI, both cropped to the ROI's
 * bounding box (plus padding), on the same grid. `mask` is 1 inside the ROI, 0 outside.
 */
export interface FeatureClassInput {
  image: Float64Array;
  mask: Uint8Array;
  size: Vec3;
  spacing: Vec3;
  settings: Settings;
  /**
   * The pixel type of PyRadiomics' image array for this image type (float32 for LoG/gradient or a float32 input),
   * needed by discretisation with binCount; float64 when absent.
   */
  pixelType?: PixelType;
}

/**
 * One PyRadiomics feature class (firstorder, shape, glcm, ...). `compute` returns the enabled features by
 * their PyRadiomics names (e.g. `JointAverage`); a feature that cannot be computed is NaN, as in PyRadiomics.
 */
export interface FeatureClass {
  /** PyRadiomics' class name, e.g. 'glcm'. */
  readonly name: string;
  /** Features computed when the class is enabled with no list, in PyRadiomics' order. */
  readonly defaultFeatures: readonly string[];
  /** Features computed only when named explicitly (deprecated in PyRadiomics). */
  readonly deprecatedFeatures: readonly string[];
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number>;
}
