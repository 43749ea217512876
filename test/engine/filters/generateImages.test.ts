import { generateImages } from '../../../extension/src/radiomics/filters';
import { pythonFloatString } from '../../../extension/src/radiomics/filters/log';
import type { Volume } from '../../../extension/src/radiomics/image/volume';
import { readReference } from '../../support/reference';

function ramp(size: [number, number, number]): Volume {
  const data = new Int16Array(size[0] * size[1] * size[2]).map((_, n) => (n * 37) % 101);
  return { size, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], pixelType: 'int16', data };
}

describe('generateImages', () => {
  const image = ramp([6, 6, 6]);

  it('refuses LBP image types as not supported, by name, and unknown image types', () => {
    expect(() => generateImages('LBP2D', image, image, {})).toThrow(/image type LBP2D is not supported/);
    expect(() => generateImages('LBP3D', image, image, {})).toThrow(/image type LBP3D is not supported/);
    expect(() => generateImages('log', image, image, {})).toThrow(/unknown image type "log"/);
  });

  it('refuses invalid wavelet settings when called, naming them', () => {
    expect(() => generateImages('Wavelet', image, image, { wavelet: 'coif99' })).toThrow(/wavelet "coif99" is not a discrete wavelet/);
    expect(() => generateImages('Wavelet', image, image, { wavelet: 'mexh' })).toThrow(/not a discrete wavelet/);
    expect(() => generateImages('Wavelet', image, image, { level: 0 })).toThrow(/level must be an integer >= 1/);
    expect(() => generateImages('Wavelet', image, image, { start_level: -1 })).toThrow(/start_level must be an integer >= 0/);
    expect(() => generateImages('Wavelet', image, image, { level: 1.5 })).toThrow(/level must be an integer/);
    expect(() => generateImages('Wavelet', image, image, { force2D: true, force2Ddimension: 3 })).toThrow(/force2Ddimension/);
  });

  it('yields no LoG image without sigma, as PyRadiomics', () => {
    expect([...generateImages('LoG', image, image, {})]).toEqual([]);
  });

  it('computes images one at a time, as they are consumed', () => {
    const bands = generateImages('Wavelet', image, image, {});
    const first = bands.next();
    expect(first.done).toBe(false);
    expect(first.value.imageTypeName).toBe('wavelet-LLH');
  });
});

describe('filters within a region', () => {
  const image = ramp([11, 9, 8]);
  image.spacing = [0.7, 0.9, 2.5];
  const region = { lower: [2, 3, 1] as [number, number, number], upper: [8, 5, 4] as [number, number, number] };

  /** Every image computed within the region equals the whole image's bit for bit where `computed` says, else is 0. */
  function expectRegionImages(imageType: string, settings: object, computed: (i: number, j: number, k: number) => boolean): void {
    const whole = [...generateImages(imageType, image, image, settings)];
    const inRegion = [...generateImages(imageType, image, image, settings, () => undefined, region)];
    expect(inRegion.map((d) => d.imageTypeName)).toEqual(whole.map((d) => d.imageTypeName));
    const [nx, ny, nz] = image.size;
    whole.forEach((derived, n) => {
      for (let k = 0; k < nz; k++) {
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++) {
            const p = i + nx * (j + ny * k);
            expect(Object.is(inRegion[n].image.data[p], computed(i, j, k) ? derived.image.data[p] : 0)).toBe(true);
          }
        }
      }
    });
  }

  it('LoG: computes the voxels of the region as on the whole image, and leaves the others 0', () => {
    expectRegionImages('LoG', { sigma: [1.0, 2.0] }, (i, j, k) => [i, j, k].every((c, d) => c >= region.lower[d] && c <= region.upper[d]));
  });

  it('Wavelet with force2D: computes the slices that cross the region as on the whole image, and leaves the others 0', () => {
    expectRegionImages('Wavelet', { force2D: true, force2Ddimension: 0 }, (_i, _j, k) => k >= region.lower[2] && k <= region.upper[2]);
  });

  it('Wavelet in 3D: computes the whole image', () => {
    expectRegionImages('Wavelet', {}, () => true);
  });
});

describe('LoG image names', () => {
  // Python's str() of each float, as PyRadiomics formats sigma in 'log-sigma-%s-mm-3D'
  const reference = readReference<{
    strings: Array<[number, string]>;
  }>('filters', 'python_float_str.json');

  it.each(reference.strings)('str(%p) is %p', (value, text) => {
    expect(pythonFloatString(value)).toBe(text);
  });
});
