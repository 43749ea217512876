import type { Params } from '../../../extension/src/radiomics/settings';
import { loadParams } from '../../../extension/src/radiomics/params';
import { extractVoxelMaps } from '../../../extension/src/radiomics/voxel/extractVoxelMaps';
import { cropBox, referenceImage, referenceMask, voxelReference as reference, zSlice } from './reference';

function decodeFloat64(base64: string): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const image = referenceImage;
const mask = referenceMask;

function sameValue(got: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  return Math.abs(got - expected) <= 1e-6 * Math.max(Math.abs(expected), 1e-12);
}

describe.each(reference.cases.map((c) => [c.id, c] as const))('voxel maps vs PyRadiomics 3.0.1 voxel mode: %s', (_id, testCase) => {
  const params: Params = loadParams(testCase.params);
  const region = (v: typeof image) =>
    testCase.slice !== undefined ? zSlice(v, testCase.slice) : testCase.crop !== undefined ? cropBox(v, testCase.crop) : v;
  const maps = extractVoxelMaps(region(image), region(mask), params);

  it('produces exactly the maps PyRadiomics produces', () => {
    expect(Object.keys(maps).sort()).toEqual(Object.keys(testCase.maps).sort());
  });

  it.each(Object.keys(testCase.maps))('%s: geometry identical, every voxel within 1e-6 relative', (key) => {
    const expected = testCase.maps[key];
    const got = maps[key];
    expect(got.size).toEqual(expected.size);
    expect(got.spacing).toEqual(expected.spacing);
    expect(got.origin).toEqual(expected.origin);
    expect(got.direction).toEqual(expected.direction);
    expect(expected.pixelType).toBe('64-bit float');
    const values = decodeFloat64(expected.data as string);
    expect(got.data).toHaveLength(values.length);
    const wrong: string[] = [];
    values.forEach((value, v) => {
      if (!sameValue(got.data[v], value) && wrong.length < 5) wrong.push(`voxel ${v}: ${got.data[v]} vs ${value}`);
    });
    expect(wrong).toEqual([]);
  });
});

describe('voxel maps: options and errors', () => {
  const params = loadParams({ setting: { binWidth: 25 }, imageType: { Original: {} }, featureClass: { glcm: ['Contrast'], firstorder: ['Mean'] } });

  it('features selects maps, progress reaches the total, cancel stops', () => {
    const progress: number[][] = [];
    const maps = extractVoxelMaps(image, mask, params, { features: ['original_firstorder_Mean'], onProgress: (done, total) => progress.push([done, total]) });
    expect(Object.keys(maps)).toEqual(['original_firstorder_Mean']);
    expect(progress[progress.length - 1][0]).toBe(progress[progress.length - 1][1]);
    expect(() => extractVoxelMaps(image, mask, params, { signal: { aborted: true } })).toThrow(/cancelled/);
  });

  it('refuses unknown and shape features, image types not enabled and a bad kernelRadius', () => {
    expect(() => extractVoxelMaps(image, mask, params, { features: ['original_glcm_Nope'] })).toThrow(/Unknown feature/);
    expect(() => extractVoxelMaps(image, mask, params, { features: ['original_shape_Sphericity'] })).toThrow(/first-order and texture/);
    expect(() => extractVoxelMaps(image, mask, params, { features: ['log-sigma-1-0-mm-3D_glcm_Contrast'] })).toThrow(/not of an enabled image type/);
    // loadParams refuses it already; the engine refuses it too when handed Params built in code.
    expect(() => extractVoxelMaps(image, mask, { ...params, voxelSetting: { kernelRadius: 0 } })).toThrow(/kernelRadius/);
  });

  it('cancel stops the GLCM difference maps (checked per row and offset) and the GLRLM line maps (per voxel), computed for all voxels at once', () => {
    const withGlrlm = loadParams({ setting: { binWidth: 25 }, voxelSetting: { kernelRadius: 2 }, imageType: { Original: {} }, featureClass: { glcm: ['Contrast'], glrlm: ['RunLengthNonUniformity'] } });
    for (const key of ['original_glcm_Contrast', 'original_glrlm_RunLengthNonUniformity']) {
      // Aborted after the checks before the extraction's passes start, so that a pass over the voxels must see it.
      let checks = 0;
      const signal = {
        get aborted() {
          return ++checks > 3;
        },
      };
      expect(() => extractVoxelMaps(image, mask, withGlrlm, { features: [key], signal })).toThrow(/cancelled/);
      expect(checks).toBe(4);
    }
  });
});
