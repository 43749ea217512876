/**
 * PyRadiomics 3.0.1 voxel-based extraction (featureextractor.execute(..., voxelBased=True)): the same loading steps
 * as segment-based extraction (getMask -> normalize -> resample | preCrop -> checkMask -> resegment), no shape
 * and no diagnostics, each (filtered) image cropped to the ROI's bounding box padded by kernelRadius, and every
 * enabled first-order or texture feature computed for each ROI voxel over its kernel (see kernel.ts). The result is
 * one map per feature on that cropped grid, holding initValue outside the ROI, as PyRadiomics returns sitk images.
 *
 * voxelBatch only splits PyRadiomics' work; values do not depend on it (an angle empty in one kernel is NaN there
 * and left out by the angle averages, as when a batch deletes it), so it is accepted and ignored.
 */
import { FEATURE_CLASSES, defaultFeatureOrder } from '../features';
import type { FeatureClassInput } from '../features/featureClass';
import { firstorder } from '../features/firstorder';
import { glcmFeatureValues, glcmMatrixOfRoi } from '../features/glcm';
import { gldmFeatureValues, gldmMatrixOfRoi } from '../features/gldm';
import { glrlmFeatureValues, glrlmMatrixOfRoi } from '../features/glrlm';
import { glszmFeatureValues, glszmMatrixOfRoi } from '../features/glszm';
import { ngtdmFeatureValues, ngtdmMatrixOfRoi } from '../features/ngtdm';
import { generateImages } from '../filters';
import { cropToTumorMask } from '../image/crop';
import { normalizeImage } from '../image/normalize';
import { resampleImage } from '../image/resample';
import { resegmentMask } from '../image/resegment';
import type { Vec3, Volume } from '../image/volume';
import { generateAngles } from '../matrices/angles';
import { distancesOf, force2DdimensionOf, type BinnedRoi } from '../matrices/binnedRoi';
import { checkMask, getMask, labelMap } from '../mask';
import type { Params, Settings } from '../settings';
import { glcmDifferenceFeatures, GlcmDifferenceMaps } from './glcmKernel';
import { GlrlmKernelMaps, glrlmKernelPathApplies } from './glrlmKernel';
import { glcmAngleUse, kernelBox, kernelRoi, voxelBinning, type KernelBox, type VoxelBinning } from './kernel';

export interface VoxelMapOptions {
  /**
   * Maps to compute, by PyRadiomics key (`original_glcm_Contrast`); the image type must be enabled in the params.
   * Default: every enabled non-shape feature of every enabled image type.
   */
  features?: string[];
  /** Overrides setting.label. */
  label?: number;
  /** done/total count ROI voxels over all images. */
  onProgress?: (done: number, total: number, stage: string) => void;
  onWarning?: (message: string) => void;
  /** Checked every few voxels; when set, the extraction stops with an Error. */
  signal?: { aborted: boolean };
}

/** One map per feature key, float64, on the cropped grid (origin, spacing, direction of the cropped image). */
export type VoxelMaps = Record<string, Volume<Float64Array>>;

type TextureClass = 'glcm' | 'glrlm' | 'glszm' | 'gldm' | 'ngtdm';

const TEXTURE: Record<TextureClass, (roi: BinnedRoi, settings: Settings, spacing: Vec3, names: string[]) => number[]> = {
  glcm: (roi, settings, spacing, names) => glcmFeatureValues(glcmMatrixOfRoi(roi, settings, spacing), names),
  glrlm: (roi, settings, spacing, names) => glrlmFeatureValues(glrlmMatrixOfRoi(roi, settings, spacing), names),
  glszm: (roi, settings, _spacing, names) => glszmFeatureValues(glszmMatrixOfRoi(roi, settings), names),
  gldm: (roi, settings, _spacing, names) => gldmFeatureValues(gldmMatrixOfRoi(roi, settings), names),
  ngtdm: (roi, settings, _spacing, names) => ngtdmFeatureValues(ngtdmMatrixOfRoi(roi, settings), names),
};

/** First-order features that use the discretised intensities (p_i); the others use the raw kernel values. */
const BINNED_FIRST_ORDER = new Set(['Entropy', 'Uniformity']);

const VOXEL_CLASSES = new Set(['firstorder', ...Object.keys(TEXTURE)]);

/** className -> feature names to compute for one image type. */
type Plan = Map<string, string[]>;

function planFor(imageTypeName: string, params: Params, requested: string[] | undefined, warn: (message: string) => void): Plan {
  const plan: Plan = new Map();
  if (requested) {
    for (const key of requested) {
      if (!key.startsWith(`${imageTypeName}_`)) continue;
      const [className, name] = key.slice(imageTypeName.length + 1).split('_');
      if (!VOXEL_CLASSES.has(className)) throw new Error(`Voxel maps exist for first-order and texture features only, not '${key}'.`);
      const featureClass = FEATURE_CLASSES.get(className);
      if (!featureClass || !(featureClass.defaultFeatures.includes(name) || featureClass.deprecatedFeatures.includes(name))) {
        throw new Error(`Unknown feature '${key}'.`);
      }
      if (featureClass.deprecatedFeatures.includes(name) && className !== 'firstorder') continue;
      plan.set(className, [...(plan.get(className) ?? []), name]);
    }
    return plan;
  }
  for (const [className, names] of Object.entries(params.featureClass)) {
    if (className.startsWith('shape')) continue;
    if (!VOXEL_CLASSES.has(className)) throw new Error(`unknown feature class '${className}'`);
    const featureClass = FEATURE_CLASSES.get(className);
    if (!featureClass) throw new Error(`unknown feature class '${className}'`);
    const enabled = names === null || names.length === 0 ? defaultFeatureOrder(featureClass) : [...new Set(names)];
    for (const name of enabled) if (featureClass.deprecatedFeatures.includes(name)) warn(`Feature ${name} is deprecated, use with caution!`);
    // Deprecated texture features raise DeprecationWarning in PyRadiomics and yield no map.
    plan.set(className, className === 'firstorder' ? enabled : enabled.filter((n) => !featureClass.deprecatedFeatures.includes(n)));
  }
  return plan;
}

function checkRequested(requested: string[] | undefined, imageTypeNames: string[]): void {
  for (const key of requested ?? []) {
    if (!imageTypeNames.some((name) => key.startsWith(`${name}_`))) {
      throw new Error(`Feature '${key}' is not of an enabled image type (${imageTypeNames.join(', ')}).`);
    }
  }
}

/**
 * Voxel-based feature maps of one image and mask (PyRadiomics voxel mode). Throws an Error saying what is wrong
 * when PyRadiomics would refuse the input or a requested feature does not exist.
 */
export function extractVoxelMaps(image: Volume, mask: Volume, params: Params, options: VoxelMapOptions = {}): VoxelMaps {
  const settings: Settings = { ...params.setting, ...params.voxelSetting };
  if (options.label !== undefined) settings.label = options.label;
  const label = settings.label ?? 1;
  const kernelRadius = settings.kernelRadius ?? 1;
  if (!Number.isInteger(kernelRadius) || kernelRadius < 1) throw new Error(`Setting kernelRadius must be an integer >= 1, got ${kernelRadius}.`);
  const initValue = settings.initValue ?? 0;
  const warn = options.onWarning ?? (() => undefined);

  let labels = getMask(mask, settings);
  let working = image;
  if (settings.normalize) working = normalizeImage(working, settings);
  if (settings.interpolator !== null && settings.interpolator !== undefined && settings.resampledPixelSpacing) {
    const resampled = resampleImage(working, labels, settings);
    working = resampled.image;
    labels = toLabelMap(resampled.mask);
  } else if (settings.preCrop) {
    const { boundingBox, correctedMask } = checkMask(working, labels, settings);
    if (correctedMask) labels = correctedMask;
    const cropped = cropToTumorMask(working, labels, boundingBox, settings.padDistance ?? 5);
    working = cropped.image;
    labels = toLabelMap(cropped.mask);
  }
  let { boundingBox, correctedMask } = checkMask(working, labels, settings);
  if (correctedMask) labels = correctedMask;
  if (settings.resegmentRange !== null && settings.resegmentRange !== undefined) {
    labels = resegmentMask(working, labels, settings);
    boundingBox = checkMask(working, labels, settings).boundingBox;
  }

  // Filtering is costly: with a list of maps, only the image types their names can come from (LoG -> log-sigma-*).
  const requested = options.features;
  const imageTypes = Object.entries(params.imageType).filter(
    ([imageType]) => !requested || requested.some((key) => key.toLowerCase().startsWith(imageType.toLowerCase())),
  );
  const derivedImages = imageTypes.flatMap(([imageType, custom]) => [
    ...generateImages(imageType, working, labels, { ...settings, ...custom }, warn),
  ]);
  checkRequested(requested, derivedImages.map((d) => d.imageTypeName));
  const plans = derivedImages.map((d) => planFor(d.imageTypeName, params, options.features, warn));
  const crops = derivedImages.map((d) => cropToTumorMask(d.image, labels, boundingBox, kernelRadius));
  const rois = crops.map((c) => labelMap(c.mask, label));
  const roiVoxels = rois.map(roiIndexes);
  const total = roiVoxels.reduce((a, voxels, k) => a + (plans[k].size > 0 ? voxels.length : 0), 0);
  let done = 0;
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new Error('voxel-based extraction cancelled');
  };
  const maps: VoxelMaps = {};
  derivedImages.forEach((derived, k) => {
    if (plans[k].size === 0) return;
    const progress = (voxels: number) => {
      checkCancelled();
      options.onProgress?.(done + voxels, total, derived.imageTypeName);
    };
    const computed = imageVoxelMaps(crops[k].image, rois[k], roiVoxels[k], derived.settings, plans[k], initValue, progress, checkCancelled);
    done += roiVoxels[k].length;
    for (const [key, map] of Object.entries(computed)) maps[`${derived.imageTypeName}_${key}`] = map;
  });
  options.onProgress?.(total, total, 'done');
  return maps;
}

/**
 * The indexes of the ROI's voxels (roi is 0 or 1), ascending. One pass without a branch: each index is written at
 * the next free place, which moves on only past ROI voxels.
 */
function roiIndexes(roi: Uint8Array): Int32Array {
  const voxels = new Int32Array(roi.length);
  let count = 0;
  for (let v = 0; v < roi.length; v++) {
    voxels[count] = v;
    count += roi[v];
  }
  return voxels.slice(0, count);
}

function toLabelMap(mask: Volume): Volume<Uint32Array> {
  return mask.data instanceof Uint32Array ? (mask as Volume<Uint32Array>) : { ...mask, data: Uint32Array.from(mask.data), pixelType: 'uint32' };
}

/** How often (in ROI voxels) progress is reported and cancellation checked. */
const PROGRESS_EVERY = 256;

/** Computes some of one class's maps for one ROI voxel, writing them at its index. */
type KernelMaps = (box: KernelBox, voxel: number, kernel: () => BinnedRoi) => void;

/** Maps keyed `<class>_<Feature>` of one cropped image. */
function imageVoxelMaps(
  image: Volume,
  roi: Uint8Array,
  /** The indexes of roi's voxels (roiIndexes). */
  voxels: Int32Array,
  settings: Settings,
  plan: Plan,
  initValue: number,
  progress: (voxels: number) => void,
  /** Cheap enough to run before each voxel of the maps computed for all voxels at once. */
  checkCancelled: () => void,
): Record<string, Volume<Float64Array>> {
  const values = image.data instanceof Float64Array ? image.data : Float64Array.from(image.data);
  const size = image.size;
  const kernelRadius = settings.kernelRadius ?? 1;
  // force2Ddimension is a numpy axis (z, y, x); the kernel box works on (i, j, k).
  const force2DAxis = settings.force2D ? 2 - (settings.force2Ddimension ?? 0) : -1;
  checkCancelled();
  const binning = voxelBinning(values, roi, settings, image.pixelType);
  const maps: Record<string, Volume<Float64Array>> = {};
  const mapsOf = (className: string, names: readonly string[]) =>
    names.map((name) => {
      const data = new Float64Array(values.length).fill(initValue);
      maps[`${className}_${name}`] = { size: [...size], spacing: [...image.spacing], origin: [...image.origin], direction: [...image.direction], data, pixelType: 'float64' };
      return data;
    });
  const kernelMaps: KernelMaps[] = [];
  const glcmNames = plan.get('glcm') ?? [];
  // Without a weighting norm PyRadiomics keeps the angles apart, and JointAverage needs each kernel's empty angles.
  const jointAverage =
    glcmNames.includes('JointAverage') && !settings.weightingNorm ? { voxels: [] as number[], use: [] as { used: string[]; empty: string[] }[] } : null;
  for (const [className, names] of plan) {
    if (className === 'firstorder') {
      const data = mapsOf(className, names);
      kernelMaps.push((box, voxel) => {
        const result = firstOrderValues(values, binning, size, box, image, settings, names);
        for (let n = 0; n < result.length; n++) data[n][voxel] = result[n];
      });
      continue;
    }
    let matrixNames = names;
    if (className === 'glcm') {
      const fast = glcmDifferenceFeatures(names, settings);
      if (fast.length > 0) new GlcmDifferenceMaps(binning, size, settings, fast, mapsOf(className, fast)).evaluateAll(voxels, kernelRadius, force2DAxis, checkCancelled);
      matrixNames = names.filter((name) => !fast.includes(name));
    } else if (className === 'glrlm' && glrlmKernelPathApplies(settings)) {
      const glrlmMaps = new GlrlmKernelMaps(binning, size, settings, kernelRadius, names, mapsOf(className, names));
      if (glrlmMaps.byLines) glrlmMaps.evaluateAll(voxels, kernelRadius, force2DAxis, checkCancelled);
      else kernelMaps.push((box, voxel) => glrlmMaps.evaluate(box, voxel));
      matrixNames = [];
    }
    if (matrixNames.length === 0) continue;
    const data = mapsOf(className, matrixNames);
    const texture = TEXTURE[className as TextureClass];
    kernelMaps.push((_box, voxel, kernel) => {
      const result = texture(kernel(), settings, image.spacing, matrixNames);
      for (let n = 0; n < result.length; n++) data[n][voxel] = result[n];
      if (className === 'glcm' && jointAverage) {
        jointAverage.voxels.push(voxel);
        jointAverage.use.push(glcmAngleUse(kernel(), generateAngles(kernel().shape, distancesOf(settings), false, force2DdimensionOf(settings))));
      }
    });
  }
  const [nx, ny, nz] = size;
  const box: KernelBox = { lower: [0, 0, 0], upper: [0, 0, 0] };
  const index: Vec3 = [0, 0, 0];
  let kernelOfBox: BinnedRoi | null = null;
  const kernel = () => (kernelOfBox ??= kernelRoi(binning, size, box));
  let voxel = 0;
  // No pass over the kernels when every map was computed for all voxels at once.
  for (let k = 0, v = 0; k < nz && kernelMaps.length > 0; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (roi[v] === 0) continue;
        if (voxel++ % PROGRESS_EVERY === 0) progress(voxel - 1);
        index[0] = i;
        index[1] = j;
        index[2] = k;
        kernelBox(index, size, kernelRadius, force2DAxis, box);
        kernelOfBox = null;
        for (const compute of kernelMaps) compute(box, v, kernel);
      }
    }
  }
  if (jointAverage) {
    const map = maps.glcm_JointAverage.data;
    const batch = settings.voxelBatch !== undefined && settings.voxelBatch > 0 ? settings.voxelBatch : jointAverage.voxels.length;
    for (let start = 0; start < jointAverage.voxels.length; start += batch) {
      const end = Math.min(start + batch, jointAverage.voxels.length);
      const usedInBatch = new Set<string>();
      for (let r = start; r < end; r++) for (const key of jointAverage.use[r].used) usedInBatch.add(key);
      for (let r = start; r < end; r++) {
        if (jointAverage.use[r].empty.some((key) => usedInBatch.has(key))) map[jointAverage.voxels[r]] = NaN;
      }
    }
  }
  return maps;
}

/**
 * firstorder for one kernel: the raw intensities of the kernel's maskArray voxels; Entropy and Uniformity from the
 * ROI-wide bins, handed to the class as integer bin numbers with bin width 1 (which keeps each bin distinct and its
 * count unchanged, and these two features depend on the counts only).
 */
function firstOrderValues(
  values: Float64Array,
  binning: VoxelBinning,
  size: Vec3,
  box: KernelBox,
  image: Volume,
  settings: Settings,
  names: string[],
): number[] {
  const [nx, ny] = size;
  const raw: number[] = [];
  const bins: number[] = [];
  for (let k = box.lower[2]; k <= box.upper[2]; k++) {
    for (let j = box.lower[1]; j <= box.upper[1]; j++) {
      for (let v = (k * ny + j) * nx + box.lower[0], end = (k * ny + j) * nx + box.upper[0]; v <= end; v++) {
        if (binning.maskArray[v] === 0) continue;
        raw.push(values[v]);
        bins.push(binning.binned[v]);
      }
    }
  }
  const input = (data: number[], kernelSettings: Settings): FeatureClassInput => ({
    image: Float64Array.from(data),
    mask: new Uint8Array(data.length).fill(1),
    size: [data.length, 1, 1],
    spacing: image.spacing,
    settings: kernelSettings,
    pixelType: image.pixelType,
  });
  const rawNames = names.filter((n) => !BINNED_FIRST_ORDER.has(n));
  const binnedNames = names.filter((n) => BINNED_FIRST_ORDER.has(n));
  const out: Record<string, number> = {
    ...(rawNames.length > 0 ? firstorder.compute(input(raw, settings), rawNames) : {}),
    ...(binnedNames.length > 0 ? firstorder.compute(input(bins, { ...settings, binWidth: 1, binCount: null }), binnedNames) : {}),
  };
  return names.map((n) => out[n]);
}
