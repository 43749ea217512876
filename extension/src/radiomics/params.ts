/**
 * PyRadiomics 3.0.1 parameter files: parsing (YAML or an object of the same structure), validation with the rules of
 * radiomics/schemas/paramSchema.yaml + schemaFuncs.py, and the defaults RadiomicsFeatureExtractor applies.
 */
import { parse as parseYaml } from 'yaml';
import { FEATURE_CLASSES } from './features';
import { IMAGE_TYPES, UNSUPPORTED_IMAGE_TYPES, unsupportedImageType } from './filters';
import type { Params, Settings } from './settings';


/** RadiomicsFeatureExtractor._getDefaultSettings(). */
export function defaultSettings(): Settings {
  return {
    minimumROIDimensions: 2,
    minimumROISize: null,
    normalize: false,
    normalizeScale: 1,
    removeOutliers: null,
    resampledPixelSpacing: null,
    interpolator: 'sitkBSpline',
    preCrop: false,
    padDistance: 5,
    distances: [1],
    force2D: false,
    force2Ddimension: 0,
    resegmentRange: null,
    label: 1,
    additionalInfo: true,
  };
}

const INTERPOLATORS = [
  'sitkNearestNeighbor',
  'sitkLinear',
  'sitkBSpline',
  'sitkGaussian',
  'sitkLabelGaussian',
  'sitkHammingWindowedSinc',
  'sitkCosineWindowedSinc',
  'sitkWelchWindowedSinc',
  'sitkLanczosWindowedSinc',
  'sitkBlackmanWindowedSinc',
];

/** pywt.wavelist(kind='discrete') of PyWavelets 1.8 (PyRadiomics checks names against pywt.wavelist()). */
const WAVELETS = new Set([
  ...['1.1', '1.3', '1.5', '2.2', '2.4', '2.6', '2.8', '3.1', '3.3', '3.5', '3.7', '3.9', '4.4', '5.5', '6.8'].flatMap((v) => [`bior${v}`, `rbio${v}`]),
  ...Array.from({ length: 17 }, (_, n) => `coif${n + 1}`),
  ...Array.from({ length: 38 }, (_, n) => `db${n + 1}`),
  ...Array.from({ length: 19 }, (_, n) => `sym${n + 2}`),
  'dmey',
  'haar',
]);

type Rule =
  | { type: 'int' | 'float'; min?: number; max?: number; minEx?: number; nullable?: boolean }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'list'; item: 'int' | 'float'; min?: number; minEx?: number; nullable?: boolean }
  | { type: 'interpolator' }
  | { type: 'weighting' }
  | { type: 'wavelet' };

/** paramSchema.yaml `setting` (also each imageType's settings). Keys absent here are refused. */
const SETTING_RULES: Record<string, Rule> = {
  minimumROIDimensions: { type: 'int', min: 1, max: 3 },
  minimumROISize: { type: 'int', minEx: 0, nullable: true },
  geometryTolerance: { type: 'float', minEx: 0, nullable: true },
  correctMask: { type: 'bool' },
  additionalInfo: { type: 'bool' },
  label: { type: 'int', minEx: 0 },
  binWidth: { type: 'float', minEx: 0 },
  binCount: { type: 'int', minEx: 0, nullable: true },
  normalize: { type: 'bool' },
  normalizeScale: { type: 'float', minEx: 0 },
  removeOutliers: { type: 'float', minEx: 0, nullable: true },
  resampledPixelSpacing: { type: 'list', item: 'float', min: 0, nullable: true },
  interpolator: { type: 'interpolator' },
  padDistance: { type: 'int', min: 0 },
  distances: { type: 'list', item: 'int', minEx: 0 },
  force2D: { type: 'bool' },
  force2Ddimension: { type: 'int', min: 0, max: 2 },
  resegmentRange: { type: 'list', item: 'float', nullable: true },
  resegmentMode: { type: 'enum', values: ['absolute', 'relative', 'sigma'] },
  resegmentShape: { type: 'bool' },
  preCrop: { type: 'bool' },
  sigma: { type: 'list', item: 'float', minEx: 0 },
  start_level: { type: 'int', min: 0 },
  level: { type: 'int', minEx: 0 },
  wavelet: { type: 'wavelet' },
  gradientUseSpacing: { type: 'bool' },
  voxelArrayShift: { type: 'int' },
  symmetricalGLCM: { type: 'bool' },
  weightingNorm: { type: 'weighting' },
  gldm_a: { type: 'int', min: 0 },
};

/** paramSchema.yaml `voxelSetting`. */
const VOXEL_SETTING_RULES: Record<string, Rule> = {
  kernelRadius: { type: 'int', minEx: 0 },
  maskedKernel: { type: 'bool' },
  initValue: { type: 'float' },
  voxelBatch: { type: 'int', minEx: 0 },
};

/** Valid PyRadiomics settings this engine does not implement: refused with a reason rather than ignored. */
const UNSUPPORTED_SETTINGS: Record<string, string> = {
  label_channel: 'vector (multi-channel) masks are not supported; give a scalar label map',
  lbp2DRadius: 'image type LBP2D is not supported by this engine',
  lbp2DSamples: 'image type LBP2D is not supported by this engine',
  lbp2DMethod: 'image type LBP2D is not supported by this engine',
  lbp3DLevels: 'image type LBP3D is not supported by this engine',
  lbp3DIcosphereRadius: 'image type LBP3D is not supported by this engine',
  lbp3DIcosphereSubdivision: 'image type LBP3D is not supported by this engine',
};

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? `[${value.map(describe).join(', ')}]` : typeof value === 'string' ? `'${value}'` : String(value);
}

function isNumber(value: unknown, item: 'int' | 'float'): value is number {
  return typeof value === 'number' && Number.isFinite(value) && (item === 'float' || Number.isInteger(value));
}

/** A list item may be a bigint (a Python int, kept for LoG sigmas); it is checked as the number it is. */
function listItemNumber(item: unknown): unknown {
  return typeof item === 'bigint' ? Number(item) : item;
}

function checkRange(path: string, value: number, rule: { min?: number; max?: number; minEx?: number }): void {
  if (rule.min !== undefined && value < rule.min) throw new Error(`${path}: ${value} is below the minimum ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) throw new Error(`${path}: ${value} is above the maximum ${rule.max}`);
  if (rule.minEx !== undefined && value <= rule.minEx) throw new Error(`${path}: ${value} must be greater than ${rule.minEx}`);
}

function checkValue(path: string, value: unknown, rule: Rule): void {
  switch (rule.type) {
    case 'int':
    case 'float':
      if (value === null && rule.nullable) return;
      if (!isNumber(value, rule.type)) throw new Error(`${path}: expected ${rule.type === 'int' ? 'an integer' : 'a number'}, got ${describe(value)}`);
      checkRange(path, value, rule);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw new Error(`${path}: expected true or false, got ${describe(value)}`);
      return;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        throw new Error(`${path}: ${describe(value)} is not one of ${rule.values.join(', ')}`);
      }
      return;
    case 'list':
      if (value === null && rule.nullable) return;
      if (!Array.isArray(value)) throw new Error(`${path}: expected a list of ${rule.item === 'int' ? 'integers' : 'numbers'}, got ${describe(value)}`);
      value.forEach((written, n) => {
        const item = listItemNumber(written);
        if (!isNumber(item, rule.item)) throw new Error(`${path}[${n}]: expected ${rule.item === 'int' ? 'an integer' : 'a number'}, got ${describe(item)}`);
        checkRange(`${path}[${n}]`, item, rule);
      });
      return;
    case 'interpolator':
      if (value === null) return;
      if (typeof value === 'string') {
        if (!INTERPOLATORS.includes(value)) throw new Error(`${path}: interpolator ${describe(value)} is not valid; possible values: ${INTERPOLATORS.join(', ')}`);
        return;
      }
      if (isNumber(value, 'int')) {
        if (value < 1 || value > 10) throw new Error(`${path}: interpolator ${value} must be in the range 1-10`);
        return;
      }
      throw new Error(`${path}: interpolator must be a SimpleITK interpolator name or number, got ${describe(value)}`);
    case 'weighting':
      if (value === null) return;
      if (typeof value !== 'string' || !['euclidean', 'manhattan', 'infinity', 'no_weighting'].includes(value)) {
        throw new Error(`${path}: weightingNorm ${describe(value)} is not one of euclidean, manhattan, infinity, no_weighting`);
      }
      return;
    case 'wavelet':
      if (typeof value !== 'string' || !WAVELETS.has(value)) throw new Error(`${path}: wavelet ${describe(value)} is not a PyWavelets discrete wavelet`);
      return;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python ints (bigint) as numbers, except where PyRadiomics' output tells an int from a float: LoG sigmas. */
function asSettingValue(key: string, value: unknown): unknown {
  if (key === 'sigma') return value;
  if (typeof value === 'bigint') return Number(value);
  return Array.isArray(value) ? value.map((item) => asSettingValue(key, item)) : value;
}

function validateSettings(path: string, value: unknown, rules: Record<string, Rule>): Settings {
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) throw new Error(`${path}: expected a mapping of setting names to values, got ${describe(value)}`);
  const settings: Record<string, unknown> = {};
  for (const [key, written] of Object.entries(value)) {
    if (key in UNSUPPORTED_SETTINGS) throw new Error(`${path}.${key}: not supported: ${UNSUPPORTED_SETTINGS[key]}`);
    const rule = rules[key];
    if (!rule) throw new Error(`${path}.${key}: unknown setting (PyRadiomics' parameter schema does not define it)`);
    const setting = asSettingValue(key, written);
    checkValue(`${path}.${key}`, setting, rule);
    settings[key] = setting;
  }
  return settings as Settings;
}

function validateImageTypes(value: unknown): Record<string, Settings> {
  if (value === null) throw new Error('imageType: the imageType mapping cannot be empty (null)');
  if (!isPlainObject(value)) throw new Error(`imageType: expected a mapping of image types to settings, got ${describe(value)}`);
  const out: Record<string, Settings> = {};
  for (const [name, settings] of Object.entries(value)) {
    if (UNSUPPORTED_IMAGE_TYPES.includes(name)) throw new Error(`imageType.${name}: ${unsupportedImageType(name)}`);
    if (!(IMAGE_TYPES as readonly string[]).includes(name)) {
      throw new Error(`imageType.${name}: image type is not recognized; available image types are ${IMAGE_TYPES.join(', ')}`);
    }
    out[name] = validateSettings(`imageType.${name}`, settings, SETTING_RULES);
  }
  return out;
}

function validateFeatureClasses(value: unknown): Record<string, string[] | null> {
  if (value === null) throw new Error('featureClass: the featureClass mapping cannot be empty (null)');
  if (!isPlainObject(value)) throw new Error(`featureClass: expected a mapping of feature classes to feature lists, got ${describe(value)}`);
  const out: Record<string, string[] | null> = {};
  for (const [name, features] of Object.entries(value)) {
    const featureClass = FEATURE_CLASSES.get(name);
    if (!featureClass) {
      throw new Error(`featureClass.${name}: feature class is not recognized; available feature classes are ${[...FEATURE_CLASSES.keys()].join(', ')}`);
    }
    if (features === null || features === undefined) {
      out[name] = null;
      continue;
    }
    if (!Array.isArray(features)) throw new Error(`featureClass.${name}: expected a list of feature names, got ${describe(features)}`);
    const known = new Set([...featureClass.defaultFeatures, ...featureClass.deprecatedFeatures]);
    const unknown = features.filter((f) => typeof f !== 'string' || !known.has(f));
    if (unknown.length > 0) throw new Error(`featureClass.${name}: unrecognized features: ${unknown.map(describe).join(', ')}`);
    out[name] = [...(features as string[])];
  }
  return out;
}

/** What RadiomicsFeatureExtractor() does with no parameter file: defaults, Original only, all classes but shape2D. */
export function defaultParams(): Params {
  const featureClass: Record<string, string[] | null> = {};
  for (const name of FEATURE_CLASSES.keys()) if (name !== 'shape2D') featureClass[name] = [];
  return { setting: defaultSettings(), imageType: { Original: {} }, featureClass, voxelSetting: {} };
}

/**
 * Validates a PyRadiomics parameter file (YAML/JSON text or the parsed object) and applies the defaults as
 * RadiomicsFeatureExtractor._applyParams does: defaults overridden by `setting` then `voxelSetting`; no image type
 * -> {Original: {}}; no feature class -> every class (shape2D included) with all its default features.
 * Throws an Error naming the offending key when the file does not satisfy PyRadiomics' schema.
 * An object's numbers are Python floats; write a Python int LoG sigma as a bigint (`sigma: [1n, 3n]`), as an integer
 * literal of a YAML or JSON file is read.
 */
export function loadParams(source: string | object): Params {
  let raw: unknown = source;
  if (typeof source === 'string') {
    try {
      // Integer literals as bigint: Python ints, which PyRadiomics names differently from floats (LoG sigma).
      raw = parseYaml(source, { intAsBigInt: true });
    } catch (error) {
      throw new Error(`parameter file is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  if (raw === null || raw === undefined) raw = {};
  if (!isPlainObject(raw)) throw new Error(`parameters: expected a mapping with setting, imageType, featureClass, voxelSetting; got ${describe(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!['setting', 'imageType', 'featureClass', 'voxelSetting'].includes(key)) {
      throw new Error(`${key}: unknown top-level key (expected setting, imageType, featureClass or voxelSetting)`);
    }
  }
  const setting = validateSettings('setting', raw.setting, SETTING_RULES);
  const voxelSetting = validateSettings('voxelSetting', raw.voxelSetting, VOXEL_SETTING_RULES);
  const imageType = raw.imageType === undefined ? {} : validateImageTypes(raw.imageType);
  const featureClass = raw.featureClass === undefined ? {} : validateFeatureClasses(raw.featureClass);

  const enabledFeatures: Record<string, string[] | null> = {};
  if (Object.keys(featureClass).length === 0) {
    for (const name of FEATURE_CLASSES.keys()) enabledFeatures[name] = [];
  } else {
    Object.assign(enabledFeatures, featureClass);
  }
  return {
    setting: { ...defaultSettings(), ...setting, ...voxelSetting },
    imageType: Object.keys(imageType).length === 0 ? { Original: {} } : imageType,
    featureClass: enabledFeatures,
    voxelSetting,
  };
}

/** Settings for one image type: the general settings overridden by that image type's own (featureextractor.execute). */
export function imageTypeSettings(params: Params, imageType: string): Settings {
  return { ...params.setting, ...(params.imageType[imageType] ?? {}) };
}
