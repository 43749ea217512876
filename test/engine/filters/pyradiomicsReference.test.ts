import { generateImages, type DerivedImage } from '../../../extension/src/radiomics/filters';
import { CASE_NAMES, deviation, loadCase, type ReferenceCase } from './referenceCases';

/*
 * Every image type on every reference case against PyRadiomics 3.0.1's own imageoperations generators
 * (SimpleITK 2.5.7, PyWavelets 1.8; scripts/reference/filters_reference.py): image type names in order, pixel types,
 * skip warnings, and every voxel. LoG, wavelet, gradient, square and square root are bit-identical. Logarithm and
 * exponential use the platform's log/exp (numpy's vs V8's), which may differ in the last bit.
 */
const LAST_BIT_TOLERANCE: Record<string, number> = { Logarithm: 1e-15, Exponential: 1e-15 };

const cases = new Map<string, ReferenceCase>();
function referenceCase(name: string): ReferenceCase {
  let loaded = cases.get(name);
  if (!loaded) cases.set(name, (loaded = loadCase(name)));
  return loaded;
}

const runs = CASE_NAMES.flatMap((name) =>
  referenceCase(name).runs.map((run, index) => ({ name, index, label: `${name}: ${run.imageType} ${JSON.stringify(run.settings)}` })),
);

describe.each(runs)('$label', ({ name, index }) => {
  const { input, runs: caseRuns } = referenceCase(name);
  const run = caseRuns[index];
  const warnings: string[] = [];
  let images: DerivedImage[] = [];
  beforeAll(() => {
    const mask = { ...input, pixelType: 'uint8' as const, data: new Uint8Array(input.data.length).fill(1) };
    images = [...generateImages(run.imageType, input, mask, run.settings, (message) => warnings.push(message))];
  });

  it('yields the same image type names, in order, and the same skip warnings', () => {
    expect(images.map((image) => image.imageTypeName)).toEqual(run.outputs.map((output) => output.imageTypeName));
    expect(warnings.length).toBe(run.warnings.length);
    warnings.forEach((message, n) => expect(message.slice(0, 20)).toBe(run.warnings[n].slice(0, 20)));
  });

  it('yields images of the same pixel type and grid, with the same settings', () => {
    images.forEach((image, n) => {
      expect(image.image.pixelType).toBe(run.outputs[n].pixelType);
      expect(image.image.data.length).toBe(run.outputs[n].data.length);
      expect(image.image.size).toEqual(input.size);
      expect(image.image.spacing).toEqual(input.spacing);
      expect(image.image.origin).toEqual(input.origin);
      expect(image.image.direction).toEqual(input.direction);
      expect(image.settings).toBe(run.settings);
    });
  });

  it('matches every voxel', () => {
    const tolerance = LAST_BIT_TOLERANCE[run.imageType];
    images.forEach((image, n) => {
      const d = deviation(image.image.data, run.outputs[n].data, 1e-300);
      if (tolerance === undefined) expect({ name: image.imageTypeName, ...d }).toEqual({ name: image.imageTypeName, differing: 0, maxAbsolute: 0, maxRelative: 0, maxUlp32: 0 });
      else expect(d.maxRelative).toBeLessThanOrEqual(tolerance);
    });
  });
});
