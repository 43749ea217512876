/**
 * The extraction pipeline of PyRadiomics 3.0.1's RadiomicsFeatureExtractor.execute (segment-based), step by step and
 * in its order: getMask -> [diagnostics] -> normalize -> resample | preCrop -> checkMask (correctMask) -> resegment ->
 * shape/shape2D on the (resampled) original image -> for each image type and each image it yields: crop to the ROI's
 * bounding box -> enabled feature classes. Keys and their order are PyRadiomics': diagnostics_*, then
 * original_shape_*, then <imageTypeName>_<class>_<Feature>.
 */
import { Diagnostics } from './diagnostics';
import { defaultFeatureOrder, FEATURE_CLASSES } from './features';
import type { FeatureClass, FeatureClassInput } from './features/featureClass';
import { generateImages } from './filters';
import { cropToTumorMask, extractRegion, type BoundingBox } from './image/crop';
import { normalizeImage } from './image/normalize';
import { resampleImage } from './image/resample';
import { resegmentMask } from './image/resegment';
import type { Volume } from './image/volume';
import { checkMask, getMask, labelMap } from './mask';
import type { Params, Settings } from './settings';

export type ExtractionValue = number | string | boolean | number[] | Record<string, unknown>;
export type ExtractionResult = Record<string, ExtractionValue>;

export interface ExtractOptions {
  /** Overrides setting.label, as execute(label=...) does. */
  label?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
  /** Receives the warnings PyRadiomics logs when it skips something (and carries on). */
  onWarning?: (message: string) => void;
  /** Checked between stages; when set, the extraction stops with an Error. */
  signal?: { aborted: boolean };
}

function toFloat64(data: ArrayLike<number>): Float64Array {
  return data instanceof Float64Array ? data : new Float64Array(data);
}

function asLabelMap(mask: Volume): Volume<Uint32Array> {
  return mask.data instanceof Uint32Array ? (mask as Volume<Uint32Array>) : { ...mask, data: new Uint32Array(mask.data), pixelType: 'uint32' };
}

/**
 * The features a class computes for an enabled-features entry: the listed names (first occurrence), or its
 * defaults. Deprecated features named explicitly get PyRadiomics' warning.
 */
function enabledFeatureNames(featureClass: FeatureClass, names: string[] | null, warn: (message: string) => void): string[] {
  if (names === null || names.length === 0) return defaultFeatureOrder(featureClass);
  const unique = [...new Set(names)];
  for (const name of unique) {
    if (featureClass.deprecatedFeatures.includes(name)) warn(`Feature ${name} is deprecated, use with caution!`);
  }
  return unique;
}

/** Number of images each image type will yield, for progress reporting (filters may still skip some). */
function expectedImages(imageType: string, settings: Settings): number {
  switch (imageType) {
    case 'LoG':
      return settings.sigma?.length ?? 0;
    case 'Wavelet':
      return (settings.force2D ? 3 : 7) * (settings.level ?? 1) + 1;
    default:
      return 1;
  }
}

/**
 * Extracts PyRadiomics features and diagnostics for one image and mask (the mask may lie on another grid when
 * correctMask is set). Throws an Error saying what is wrong when PyRadiomics would refuse the input.
 */
export function extract(image: Volume, mask: Volume, params: Params, options: ExtractOptions = {}): ExtractionResult {
  const settings: Settings = { ...params.setting };
  if (options.label !== undefined) settings.label = options.label;
  const label = settings.label ?? 1;
  const warn = options.onWarning ?? (() => undefined);
  const imageTypes = Object.entries(params.imageType);
  const totalStages = 2 + imageTypes.reduce((n, [type, custom]) => n + expectedImages(type, { ...settings, ...custom }), 0);
  let done = 0;
  const step = (stage: string) => {
    if (options.signal?.aborted) throw new Error('extraction cancelled');
    options.onProgress?.(done, totalStages, stage);
  };

  step('loading image and mask');
  if (settings.binCount !== null && settings.binCount !== undefined) {
    warn('Fixed bin Count enabled! However, we recommend using a fixed bin Width. See http://pyradiomics.readthedocs.io/en/latest/faq.html#radiomics-fixed-bin-width for more details');
  }
  const diagnostics = settings.additionalInfo ? new Diagnostics() : null;
  diagnostics?.addGeneralSettings(settings);
  diagnostics?.addEnabledImageTypes(params.imageType);

  // featureextractor.loadImage
  let labels = getMask(mask, settings);
  diagnostics?.addImageElements(image);
  diagnostics?.addMaskElements(null, labels, label, 'original');
  let working = image;
  if (settings.normalize) working = normalizeImage(working, settings);
  if (settings.interpolator !== null && settings.interpolator !== undefined && settings.resampledPixelSpacing) {
    const resampled = resampleImage(working, labels, settings);
    working = resampled.image;
    labels = asLabelMap(resampled.mask);
    diagnostics?.addImageElements(working, 'interpolated');
    diagnostics?.addMaskElements(working, labels, label, 'interpolated');
  } else if (settings.preCrop) {
    const { boundingBox, correctedMask } = checkMask(working, labels, settings);
    if (correctedMask) labels = correctedMask;
    const cropped = cropToTumorMask(working, labels, boundingBox, settings.padDistance ?? 5);
    working = cropped.image;
    labels = asLabelMap(cropped.mask);
  }

  // execute
  let { boundingBox, correctedMask } = checkMask(working, labels, settings);
  if (correctedMask) {
    diagnostics?.addMaskElements(working, correctedMask, label, 'corrected');
    labels = correctedMask;
  }
  let resegmented: Volume<Uint32Array> | null = null;
  if (settings.resegmentRange !== null && settings.resegmentRange !== undefined) {
    resegmented = resegmentMask(working, labels, settings);
    boundingBox = checkMask(working, resegmented, settings).boundingBox;
    diagnostics?.addMaskElements(working, resegmented, label, 'resegmented');
  }
  const result: ExtractionResult = { ...(diagnostics?.entries ?? {}) };

  done++;
  step('shape');
  const shapeMask = settings.resegmentShape && resegmented ? resegmented : labels;
  Object.assign(result, computeShape(working, shapeMask, boundingBox, params, settings, warn));
  if (resegmented) labels = resegmented;

  // Every derived image is on the grid of `working` and cropped to the same box: the ROI is cropped once.
  const roiMask = labelMap(cropToTumorMask(working, labels, boundingBox, 0).mask, label);
  for (const [imageType, customSettings] of imageTypes) {
    const imageSettings: Settings = { ...settings, ...customSettings };
    for (const derived of generateImages(imageType, working, labels, imageSettings, warn, boundingBox)) {
      done++;
      step(derived.imageTypeName);
      const cropped = extractRegion(derived.image, boundingBox.lower, boundingBox.upper);
      Object.assign(result, computeFeatures(cropped, roiMask, derived.imageTypeName, params, derived.settings, warn));
    }
  }
  done = totalStages;
  options.onProgress?.(done, totalStages, 'done');
  return result;
}

function featureInput(image: Volume, roiMask: Uint8Array, settings: Settings): FeatureClassInput {
  return {
    image: toFloat64(image.data),
    mask: roiMask,
    size: image.size,
    spacing: image.spacing,
    settings,
    pixelType: image.pixelType,
  };
}

/** featureextractor.computeShape: shape on 3D input; shape2D only with force2D and a ROI more than 1 voxel thick. */
function computeShape(
  image: Volume,
  mask: Volume,
  boundingBox: BoundingBox,
  params: Params,
  settings: Settings,
  warn: (message: string) => void,
): Record<string, number> {
  const out: Record<string, number> = {};
  const enabled = params.featureClass;
  const cropped = cropToTumorMask(image, mask, boundingBox, 0);
  const compute = (className: 'shape' | 'shape2D') => {
    const featureClass = FEATURE_CLASSES.get(className);
    if (!featureClass) throw new Error(`unknown feature class '${className}'`);
    const names = enabledFeatureNames(featureClass, enabled[className], warn);
    const values = featureClass.compute(featureInput(cropped.image, labelMap(cropped.mask, settings.label ?? 1), settings), names);
    for (const name of names) if (name in values) out[`original_${className}_${name}`] = values[name];
  };
  if ('shape' in enabled) compute('shape');
  if ('shape2D' in enabled) {
    const dimension = settings.force2Ddimension ?? 0;
    if (!settings.force2D) {
      warn('parameter force2D must be set to True to enable shape2D extraction');
    } else if (!(boundingBox.upper[dimension] - boundingBox.lower[dimension] + 1 > 1)) {
      // PyRadiomics' message and condition, kept as they are: shape2D is computed only when the ROI is thicker than
      // one voxel along force2Ddimension.
      warn(`Size in specified 2D dimension (${dimension}) is greater than 1, cannot calculate 2D shape`);
    } else {
      compute('shape2D');
    }
  }
  return out;
}

/** featureextractor.computeFeatures: every enabled non-shape class on one (filtered, cropped) image. */
function computeFeatures(
  image: Volume,
  roiMask: Uint8Array,
  imageTypeName: string,
  params: Params,
  settings: Settings,
  warn: (message: string) => void,
): Record<string, number> {
  const out: Record<string, number> = {};
  let input: FeatureClassInput | null = null;
  for (const [className, names] of Object.entries(params.featureClass)) {
    if (className.startsWith('shape')) continue;
    const featureClass = FEATURE_CLASSES.get(className);
    if (!featureClass) throw new Error(`unknown feature class '${className}'`);
    input ??= featureInput(image, roiMask, settings);
    const enabled = enabledFeatureNames(featureClass, names, warn);
    const values = featureClass.compute(input, enabled);
    // A class leaves out what PyRadiomics leaves out (deprecated features that only raise DeprecationWarning).
    for (const name of enabled) if (name in values) out[`${imageTypeName}_${className}_${name}`] = values[name];
  }
  return out;
}
