import { glcm } from '../../../extension/src/radiomics/features/glcm';
import { gldm } from '../../../extension/src/radiomics/features/gldm';
import { glrlm } from '../../../extension/src/radiomics/features/glrlm';
import { glszm } from '../../../extension/src/radiomics/features/glszm';
import { ngtdm } from '../../../extension/src/radiomics/features/ngtdm';
import type { Settings } from '../../../extension/src/radiomics/settings';
import { inputOf } from './reference';

const input = (settings: Settings) => inputOf('breast1', settings);

describe('texture classes refuse bad input with a message', () => {
  it.each([glcm, glrlm, glszm, gldm, ngtdm].map((c) => [c.name, c] as const))('%s: unknown feature name', (_n, c) => {
    expect(() => c.compute(input({}), ['NoSuchFeature'])).toThrow(new RegExp(`${c.name} has no feature 'NoSuchFeature'`));
  });

  it('deprecated features are accepted and, as in PyRadiomics 3.0.1, yield no value', () => {
    expect(glcm.compute(input({}), ['Dissimilarity', 'SumVariance'])).toEqual({});
    expect(Object.keys(gldm.compute(input({}), ['DependencePercentage', 'DependenceEntropy']))).toEqual([
      'DependenceEntropy',
    ]);
  });

  it('invalid settings are named', () => {
    const weighting = { weightingNorm: 'chebyshev' } as unknown as Settings;
    expect(() => glcm.compute(input(weighting), ['Contrast'])).toThrow(/weightingNorm/);
    expect(() => glrlm.compute(input(weighting), ['RunEntropy'])).toThrow(/weightingNorm/);
    expect(() => gldm.compute(input({ gldm_a: 0.5 }), ['DependenceEntropy'])).toThrow(/gldm_a/);
    expect(() => gldm.compute(input({ gldm_a: -1 }), ['DependenceEntropy'])).toThrow(/gldm_a/);
    expect(() => glcm.compute(input({ force2D: true, force2Ddimension: 3 }), ['Contrast'])).toThrow(/force2Ddimension/);
    expect(() => ngtdm.compute(input({ distances: [0] }), ['Busyness'])).toThrow(/distances/);
    expect(() => glszm.compute(input({ binWidth: -5 }), ['ZoneEntropy'])).toThrow(/binWidth/);
  });

  it('image and mask of different sizes are refused', () => {
    const bad = { ...input({}), mask: new Uint8Array(3) };
    expect(() => glcm.compute(bad, ['Contrast'])).toThrow(/voxels/);
  });
});
