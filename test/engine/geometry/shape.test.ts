import { shape } from '../../../extension/src/radiomics/features/shape';
import { shape2D } from '../../../extension/src/radiomics/features/shape2D';
import type { FeatureClass } from '../../../extension/src/radiomics/features/featureClass';
import type { Settings } from '../../../extension/src/radiomics/settings';
import type { Vec3 } from '../../../extension/src/radiomics/image/volume';
import { deviation, loadReference, unpackBits } from './reference';

interface ShapeEntry {
  size: Vec3;
  spacing: Vec3;
  mask: string;
  settings: Settings;
  features: Record<string, number>;
}

interface ShapeReference {
  pyradiomics: string;
  shape: Record<string, ShapeEntry>;
  shape2D: Record<string, ShapeEntry>;
}

const reference = loadReference<ShapeReference>('shape.json');

function computeAll(featureClass: FeatureClass, entry: ShapeEntry): Record<string, number> {
  const count = entry.size[0] * entry.size[1] * entry.size[2];
  const names = [...featureClass.defaultFeatures, ...featureClass.deprecatedFeatures];
  return featureClass.compute(
    { image: new Float64Array(count), mask: unpackBits(entry.mask, count), size: entry.size, spacing: entry.spacing, settings: entry.settings },
    names,
  );
}

describe.each([
  ['shape', shape, reference.shape],
  ['shape2D', shape2D, reference.shape2D],
] as const)('%s vs PyRadiomics 3.0.1', (_name, featureClass, entries) => {
  test.each(Object.keys(entries))('%s: every feature within 1e-6 relative', (key) => {
    const entry = entries[key];
    const actual = computeAll(featureClass, entry);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(entry.features).sort());
    const worst = Object.entries(entry.features)
      .map(([name, expected]) => ({ name, expected, actual: actual[name], deviation: deviation(actual[name], expected) }))
      .sort((a, b) => b.deviation - a.deviation)[0];
    expect(worst.deviation).toBeLessThan(1e-6);
  });
});

describe('shape class contract', () => {
  test('default features are the non-deprecated ones in PyRadiomics order', () => {
    expect(shape.defaultFeatures).toEqual([
      'Elongation', 'Flatness', 'LeastAxisLength', 'MajorAxisLength', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow',
      'Maximum2DDiameterSlice', 'Maximum3DDiameter', 'MeshVolume', 'MinorAxisLength', 'Sphericity', 'SurfaceArea',
      'SurfaceVolumeRatio', 'VoxelVolume',
    ]);
    expect(shape2D.defaultFeatures).toEqual([
      'Elongation', 'MajorAxisLength', 'MaximumDiameter', 'MeshSurface', 'MinorAxisLength', 'Perimeter',
      'PerimeterSurfaceRatio', 'PixelSurface', 'Sphericity',
    ]);
  });

  test('an unknown feature name is refused', () => {
    const entry = reference.shape.flat;
    expect(() => shape.compute({ image: new Float64Array(1), mask: new Uint8Array(1), size: [1, 1, 1], spacing: entry.spacing, settings: {} }, ['Volume'])).toThrow(/no feature 'Volume'/);
  });

  test('an empty mask is refused', () => {
    expect(() => shape.compute({ image: new Float64Array(8), mask: new Uint8Array(8), size: [2, 2, 2], spacing: [1, 1, 1], settings: {} }, ['MeshVolume'])).toThrow(/no voxel inside/);
  });

  test('shape2D refuses a thick ROI and a missing force2D', () => {
    const entry = reference.shape.concave;
    const count = entry.size[0] * entry.size[1] * entry.size[2];
    const input = { image: new Float64Array(count), mask: unpackBits(entry.mask, count), size: entry.size, spacing: entry.spacing };
    expect(() => shape2D.compute({ ...input, settings: { force2D: true, force2Ddimension: 0 } }, ['Perimeter'])).toThrow(/single-slice ROI/);
    expect(() => shape2D.compute({ ...input, settings: {} }, ['Perimeter'])).toThrow(/force2D/);
  });
});
