/**
 * Shape end to end from the fixture files: read the label, (resample,) take the ROI's bounding box, crop, compute,
 * as PyRadiomics' extractor does for shape. Compared with PyRadiomics 3.0.1 (1e-6 relative, test/reference/geometry)
 * and with PyRadiomics' own baseline CSVs (< 3 %, the criterion of its test suite).
 */
import { existsSync, readFileSync } from 'node:fs';
import { shape } from '../../../extension/src/radiomics/features/shape';
import { shape2D } from '../../../extension/src/radiomics/features/shape2D';
import type { FeatureClass } from '../../../extension/src/radiomics/features/featureClass';
import { boundingBox, cropToTumorMask } from '../../../extension/src/radiomics/image/crop';
import { resampleImage } from '../../../extension/src/radiomics/image/resample';
import type { Volume } from '../../../extension/src/radiomics/image/volume';
import type { Settings } from '../../../extension/src/radiomics/settings';
import { fixturePath } from '../../support/fixtures';
import { deviation, loadReference } from './reference';
import { readFixtureImage } from '../../support/reference';

const DATA = 'pyradiomics/data';
const reference = loadReference<{ shape: Record<string, { features: Record<string, number> }> }>('shape.json');

/** The baseline CSVs: one row per feature, one column per test case; quoted fields may hold commas. */
function readBaseline(name: string): Map<string, Map<string, string>> {
  const rows = readFileSync(fixturePath(DATA, 'baseline', name), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')));
  const header = rows[0];
  const table = new Map<string, Map<string, string>>();
  header.slice(1).forEach((column, c) => table.set(column, new Map(rows.slice(1).map((row) => [row[0], row[c + 1]]))));
  return table;
}

function readCase(name: string): { image: Volume; mask: Volume } {
  const label = readFixtureImage(DATA, `${name}_label.nrrd`);
  // PyRadiomics' getMask casts the mask to UInt32
  const mask: Volume = { ...label, data: Uint32Array.from(label.data), pixelType: 'uint32' };
  const imagePath = `${DATA}/${name}_image.nrrd`;
  let image: Volume;
  try {
    image = readFixtureImage(imagePath);
  } catch {
    // lung images are not distributed with the fixtures: shape needs only the mask's grid
    image = { ...label, data: Float32Array.from(label.data), pixelType: 'float32' };
  }
  return { image, mask };
}

function computeShapeClass(featureClass: FeatureClass, image: Volume, mask: Volume, settings: Settings): Record<string, number> {
  const cropped = cropToTumorMask(image, mask, boundingBox(mask, 1)).mask;
  const roi = Uint8Array.from(cropped.data, (v) => (v === 1 ? 1 : 0));
  return featureClass.compute(
    { image: new Float64Array(roi.length), mask: roi, size: cropped.size, spacing: cropped.spacing, settings },
    [...featureClass.defaultFeatures, ...featureClass.deprecatedFeatures],
  );
}

function worstAgainst(actual: Record<string, number>, expected: Record<string, number>, names: string[]): { name: string; deviation: number } {
  return names
    .map((name) => ({ name, deviation: deviation(actual[name], expected[name]) }))
    .sort((a, b) => b.deviation - a.deviation)[0];
}

const baselineShape = readBaseline('baseline_shape.csv');
const baselineShape2D = readBaseline('baseline_shape2D.csv');
const CASES = ['brain1', 'brain2', 'breast1', 'lung1', 'lung2'].filter((name) => existsSync(fixturePath(DATA, `${name}_label.nrrd`)));

describe('shape from the fixture files', () => {
  test.each(CASES.flatMap((name) => [[name, false], [name, true]] as const))('%s (resampled to 2 mm: %s)', (name, resampled) => {
    let { image, mask } = readCase(name);
    const baselineColumn = baselineShape.get(resampled ? `${name}_resampling` : name)!;
    if (resampled) {
      const settings = JSON.parse(baselineColumn.get('diagnostics_Configuration_Settings')!.replace(/'/g, '"').replace(/None/g, 'null').replace(/False/g, 'false').replace(/True/g, 'true')) as Settings;
      expect(settings.resampledPixelSpacing).toEqual([2, 2, 2]);
      ({ image, mask } = resampleImage(image, mask, { ...settings, label: 1 }));
    }
    const actual = computeShapeClass(shape, image, mask, {});
    const pyradiomics = reference.shape[resampled ? `${name}_resampled` : name].features;
    expect(worstAgainst(actual, pyradiomics, Object.keys(pyradiomics)).deviation).toBeLessThan(1e-6);

    const baselineNames = [...baselineColumn.keys()].filter((key) => key.startsWith('original_shape_'));
    expect(baselineNames.length).toBe(14);
    const baseline = Object.fromEntries(baselineNames.map((key) => [key.slice('original_shape_'.length), Number(baselineColumn.get(key))]));
    expect(worstAgainst(actual, baseline, Object.keys(baseline)).deviation).toBeLessThan(0.03);
  });
});

describe('shape2D from the fixture files vs baseline_shape2D.csv', () => {
  test.each(CASES)('%s: the single-slice label of PyRadiomics\' 2D test case', (name) => {
    const column = baselineShape2D.get(`${name}_shape2D`)!;
    // PyRadiomics' <case>_label_2D.nrrd is the 3D label's slice at the baseline's bounding-box z (same sitk.Hash)
    const [, , z] = column.get('diagnostics_Mask-corrected_BoundingBox')!.replace(/[()]/g, '').split(',').map(Number);
    const { image, mask } = readCase(name);
    const [nx, ny] = mask.size;
    const slice: Volume = { ...mask, data: new Uint32Array(mask.data.length) };
    slice.data.set(mask.data.subarray(nx * ny * z, nx * ny * (z + 1)), nx * ny * z);
    expect(Array.from(slice.data).filter((v) => v === 1).length).toBe(Number(column.get('diagnostics_Mask-original_VoxelNum')));
    const actual = computeShapeClass(shape2D, image, slice, { force2D: true, force2Ddimension: 0 });
    const names = [...column.keys()].filter((key) => key.startsWith('original_shape2D_'));
    expect(names.length).toBe(9);
    const baseline = Object.fromEntries(names.map((key) => [key.slice('original_shape2D_'.length), Number(column.get(key))]));
    expect(worstAgainst(actual, baseline, Object.keys(baseline)).deviation).toBeLessThan(0.03);
  });
});
