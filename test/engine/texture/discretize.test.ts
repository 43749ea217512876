import { binImage, getBinEdges } from '../../../extension/src/radiomics/discretize';
import type { PixelType } from '../../../extension/src/radiomics/image/volume';
import type { Settings } from '../../../extension/src/radiomics/settings';
import { readReference } from '../../support/reference';

interface DiscretizeCase {
  name: string;
  settings: Settings;
  pixelType: PixelType;
  values: number[];
  binEdges: number[];
  image: number[];
  mask: number[];
  binned: number[];
}

const reference = readReference<{ cases: DiscretizeCase[] }>('texture', 'discretize.json');

describe('discretize vs PyRadiomics 3.0.1 imageoperations (scripts/reference/texture_discretize.py)', () => {
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s: bit-identical edges and bins', (_name, c) => {
    expect(Array.from(getBinEdges(c.values, c.settings, c.pixelType))).toEqual(c.binEdges);
    const { binned, binEdges } = binImage(Float64Array.from(c.image), Uint8Array.from(c.mask), c.settings, c.pixelType);
    expect(Array.from(binEdges)).toEqual(c.binEdges);
    expect(Array.from(binned)).toEqual(c.binned);
  });

  it('refuses bad settings and empty or non-finite ROIs with a message', () => {
    expect(() => getBinEdges([1, 2], { binWidth: 0 })).toThrow(/binWidth/);
    expect(() => getBinEdges([1, 2], { binCount: 2.5 })).toThrow(/binCount/);
    expect(() => getBinEdges([], {})).toThrow(/empty/);
    expect(() => getBinEdges([1, NaN], {})).toThrow(/non-finite/);
    expect(() => binImage(new Float64Array(3), new Uint8Array(2), {})).toThrow(/same size/);
  });
});
