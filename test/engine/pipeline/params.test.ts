import { defaultParams, defaultSettings, imageTypeSettings, loadParams } from '../../../extension/src/radiomics/params';

describe('loadParams applies PyRadiomics defaults', () => {
  it('gives defaults, Original and every available class when the file is empty', () => {
    const params = loadParams('');
    expect(params.setting).toEqual(defaultSettings());
    expect(params.imageType).toEqual({ Original: {} });
    expect(Object.keys(params.featureClass)).toContain('firstorder');
    expect(Object.values(params.featureClass).every((v) => Array.isArray(v) && v.length === 0)).toBe(true);
  });

  it('overrides defaults with setting then voxelSetting, keeps image types and feature lists as given', () => {
    const params = loadParams(`
setting:
  binWidth: 10
  label: 2
  resampledPixelSpacing: [0.5, 0.5, 3]
voxelSetting:
  kernelRadius: 2
imageType:
  LoG: {sigma: [1.0, 3.0]}
  Original: {}
featureClass:
  firstorder: [Mean, StandardDeviation]
`);
    expect(params.setting).toMatchObject({ binWidth: 10, label: 2, resampledPixelSpacing: [0.5, 0.5, 3], kernelRadius: 2, padDistance: 5 });
    expect(Object.keys(params.imageType)).toEqual(['LoG', 'Original']);
    expect(params.featureClass).toEqual({ firstorder: ['Mean', 'StandardDeviation'] });
    expect(imageTypeSettings(params, 'LoG')).toMatchObject({ binWidth: 10, sigma: [1, 3] });
  });

  it('accepts the same structure as an object, and null feature lists (all features)', () => {
    const params = loadParams({ setting: { minimumROISize: null, binCount: 32 }, featureClass: { firstorder: null } });
    expect(params.setting.minimumROISize).toBeNull();
    expect(params.setting.binCount).toBe(32);
    expect(params.featureClass).toEqual({ firstorder: null });
  });

  it('defaultParams (no parameter file) enables every class except shape2D, as RadiomicsFeatureExtractor()', () => {
    const params = defaultParams();
    expect(params.imageType).toEqual({ Original: {} });
    expect('shape2D' in params.featureClass).toBe(false);
    expect(params.setting).toEqual(defaultSettings());
  });

  it('ships a seed configuration that validates', () => {
    const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const { join } = jest.requireActual<typeof import('node:path')>('node:path');
    const params = loadParams(readFileSync(join(__dirname, '../../../params/seed.yaml'), 'utf8'));
    expect(params.setting).toMatchObject({ resampledPixelSpacing: [0.5, 0.5, 3], interpolator: 'sitkBSpline', binWidth: 25 });
    expect(Object.keys(params.imageType)).toEqual(['Original', 'LoG', 'Wavelet']);
    expect(params.imageType.Wavelet).toMatchObject({ force2D: true, force2Ddimension: 0, wavelet: 'coif1' });
    expect(params.imageType.LoG.sigma).toEqual([1, 3, 5]);
  });
});

describe('loadParams refuses what PyRadiomics\' schema refuses, naming the key', () => {
  it.each([
    ['unknown top-level key', { settings: {} }, /^settings: unknown top-level key/],
    ['unknown setting', { setting: { binwidth: 25 } }, /setting\.binwidth: unknown setting/],
    ['wrong type', { setting: { binWidth: 'wide' } }, /setting\.binWidth: expected a number, got 'wide'/],
    ['bool where int', { setting: { label: true } }, /setting\.label: expected an integer/],
    ['float where int', { setting: { padDistance: 1.5 } }, /setting\.padDistance: expected an integer/],
    ['exclusive minimum', { setting: { binWidth: 0 } }, /setting\.binWidth: 0 must be greater than 0/],
    ['range', { setting: { minimumROIDimensions: 4 } }, /minimumROIDimensions: 4 is above the maximum 3/],
    ['list item', { setting: { resampledPixelSpacing: [1, -1, 1] } }, /resampledPixelSpacing\[1\]: -1 is below the minimum 0/],
    ['enum', { setting: { resegmentMode: 'percent' } }, /resegmentMode: 'percent' is not one of absolute, relative, sigma/],
    ['interpolator name', { setting: { interpolator: 'cubic' } }, /interpolator 'cubic' is not valid/],
    ['interpolator number', { setting: { interpolator: 11 } }, /interpolator 11 must be in the range 1-10/],
    ['weighting', { setting: { weightingNorm: 'l2' } }, /weightingNorm 'l2' is not one of/],
    ['wavelet', { imageType: { Wavelet: { wavelet: 'coif99' } } }, /imageType\.Wavelet\.wavelet: wavelet 'coif99' is not/],
    ['null where not nullable', { setting: { binWidth: null } }, /setting\.binWidth: expected a number, got null/],
    ['unknown image type', { imageType: { Laplacian: {} } }, /imageType\.Laplacian: image type is not recognized/],
    ['LBP2D image type', { imageType: { LBP2D: {} } }, /imageType\.LBP2D: image type LBP2D is not supported/],
    ['LBP3D image type', { imageType: { LBP3D: {} } }, /imageType\.LBP3D: image type LBP3D is not supported/],
    ['LBP2D setting', { imageType: { Original: { lbp2DRadius: 2 } } }, /imageType\.Original\.lbp2DRadius: not supported: image type LBP2D is not supported/],
    ['LBP3D setting', { setting: { lbp3DLevels: 2 } }, /setting\.lbp3DLevels: not supported: image type LBP3D is not supported/],
    ['setting inside image type', { imageType: { LoG: { sigma: [0] } } }, /imageType\.LoG\.sigma\[0\]: 0 must be greater than 0/],
    ['unknown feature class', { featureClass: { texture: null } }, /featureClass\.texture: feature class is not recognized/],
    ['unknown feature', { featureClass: { firstorder: ['Mode'] } }, /featureClass\.firstorder: unrecognized features: 'Mode'/],
    ['feature list not a list', { featureClass: { firstorder: 'Mean' } }, /featureClass\.firstorder: expected a list/],
    ['voxel setting', { voxelSetting: { kernelRadius: 0 } }, /voxelSetting\.kernelRadius: 0 must be greater than 0/],
    ['unsupported valid setting', { setting: { label_channel: 1 } }, /setting\.label_channel: not supported/],
  ])('%s', (_name, params, message) => {
    expect(() => loadParams(params)).toThrow(message);
  });

  it('refuses YAML that does not parse, and a file that is not a mapping', () => {
    expect(() => loadParams('setting: [unclosed')).toThrow(/parameter file is not valid YAML/);
    expect(() => loadParams('- a\n- b\n')).toThrow(/parameters: expected a mapping/);
  });
});
