/**
 * PyRadiomics 3.0.1 parameters, with the same names and structure as its YAML parameter files
 * (radiomics/schemas/paramSchema.yaml). Defaults are applied by the params module, never here.
 */
export type InterpolatorName =
  | 'sitkNearestNeighbor'
  | 'sitkLinear'
  | 'sitkBSpline'
  | 'sitkGaussian'
  | 'sitkLabelGaussian'
  | 'sitkHammingWindowedSinc'
  | 'sitkCosineWindowedSinc'
  | 'sitkWelchWindowedSinc'
  | 'sitkLanczosWindowedSinc'
  | 'sitkBlackmanWindowedSinc';

export interface Settings {
  // diagnostics and mask handling
  additionalInfo?: boolean;
  label?: number;
  minimumROIDimensions?: number;
  minimumROISize?: number | null;
  geometryTolerance?: number | null;
  correctMask?: boolean;
  // image normalisation
  normalize?: boolean;
  normalizeScale?: number;
  removeOutliers?: number | null;
  // resampling
  resampledPixelSpacing?: number[] | null;
  interpolator?: InterpolatorName | number;
  padDistance?: number;
  preCrop?: boolean;
  // resegmentation
  resegmentRange?: number[] | null;
  resegmentMode?: 'absolute' | 'relative' | 'sigma';
  resegmentShape?: boolean;
  // 2D extraction
  force2D?: boolean;
  force2Ddimension?: number;
  // discretisation
  binWidth?: number;
  binCount?: number | null;
  // image filters
  /**
   * LoG sigmas (mm). PyRadiomics names each image from Python's str(sigma): an int 1 gives 'log-sigma-1-mm-3D', a
   * float 1.0 'log-sigma-1-0-mm-3D'. A bigint stands for a Python int (what an integer literal of a YAML or JSON
   * parameter file becomes), a number for a Python float.
   */
  sigma?: Array<number | bigint>;
  start_level?: number;
  level?: number;
  wavelet?: string;
  gradientUseSpacing?: boolean;
  // feature classes
  voxelArrayShift?: number;
  symmetricalGLCM?: boolean;
  weightingNorm?: 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting' | null;
  distances?: number[];
  gldm_a?: number;
  // voxel-based extraction
  kernelRadius?: number;
  maskedKernel?: boolean;
  initValue?: number;
  voxelBatch?: number;
}

/** A whole parameter file: `setting`, `imageType` (filter name -> its own settings), `featureClass`, `voxelSetting`. */
export interface Params {
  setting: Settings;
  imageType: Record<string, Settings>;
  /** Feature class -> enabled feature names; null or [] means all features enabled by default. */
  featureClass: Record<string, string[] | null>;
  voxelSetting: Settings;
}
