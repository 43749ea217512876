import { readFileSync } from 'node:fs';
import { firstorder } from '../../../extension/src/radiomics/features/firstorder';
import { defaultFeatureOrder } from '../../../extension/src/radiomics/features';
import type { Vec3 } from '../../../extension/src/radiomics/image/volume';
import type { Settings } from '../../../extension/src/radiomics/settings';
import { fixturePath } from '../../support/fixtures';
import { readFixtureImage, readReference } from '../../support/reference';

interface Reference {
  features: string[];
  cases: { case: string; settings: Settings; values: Record<string, number> }[];
}
const reference = readReference<Reference>('firstorder', 'firstorder.json');

interface Input {
  image: Float64Array;
  mask: Uint8Array;
  size: Vec3;
  spacing: Vec3;
}

/** The synthetic volumes of scripts/reference/firstorder_reference.py. */
function synthetic(kind: string): Input {
  const size: Vec3 = [7, 6, 5];
  const image = new Float64Array(7 * 6 * 5);
  const mask = new Uint8Array(image.length);
  for (let k = 0, n = 0; k < 5; k++) {
    for (let j = 0; j < 6; j++) {
      for (let i = 0; i < 7; i++, n++) {
        image[n] = kind === 'wave' ? 1000 * Math.sin(0.7 * i + 1.3 * j + 2.1 * k) + 0.25 * i : 42;
        mask[n] = i >= 1 && i <= 5 && j >= 1 && j <= 4 && k >= 1 && k <= 3 ? 1 : 0;
      }
    }
  }
  return { image, mask, size, spacing: [0.5, 0.75, 2] };
}

const inputs = new Map<string, Input>();
function input(name: string): Input {
  const cached = inputs.get(name);
  if (cached) return cached;
  let made: Input;
  if (name.startsWith('synthetic-')) {
    made = synthetic(name.slice('synthetic-'.length));
  } else {
    const image = readFixtureImage('pyradiomics', 'data', `${name}_image.nrrd`);
    const label = readFixtureImage('pyradiomics', 'data', `${name}_label.nrrd`);
    made = { image: Float64Array.from(image.data), mask: Uint8Array.from(label.data, (v) => (v === 1 ? 1 : 0)), size: image.size, spacing: image.spacing };
  }
  inputs.set(name, made);
  return made;
}

describe('firstorder matches PyRadiomics 3.0.1 (radiomics.firstorder)', () => {
  it.each(reference.cases.map((c) => [c.case, JSON.stringify(c.settings), c] as const))('%s %s', (_name, _settings, c) => {
    const values = firstorder.compute({ ...input(c.case), settings: c.settings }, reference.features);
    const failures = reference.features.filter((feature) => {
      const expected = c.values[feature];
      const actual = values[feature];
      const difference = Math.abs(expected - actual);
      return !(difference <= 1e-9 || difference / Math.max(Math.abs(expected), Math.abs(actual)) <= 1e-12);
    });
    expect(failures.map((f) => `${f}: PyRadiomics ${c.values[f]}, ours ${values[f]}`)).toEqual([]);
  });
});

describe('firstorder feature lists', () => {
  it('enables the 18 default features in PyRadiomics order, StandardDeviation only on request', () => {
    expect(defaultFeatureOrder(firstorder)).toEqual([
      '10Percentile', '90Percentile', 'Energy', 'Entropy', 'InterquartileRange', 'Kurtosis', 'Maximum',
      'MeanAbsoluteDeviation', 'Mean', 'Median', 'Minimum', 'Range', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared',
      'Skewness', 'TotalEnergy', 'Uniformity', 'Variance',
    ]);
    expect(firstorder.deprecatedFeatures).toEqual(['StandardDeviation']);
  });

  it('refuses an unknown feature name', () => {
    expect(() => firstorder.compute({ ...synthetic('wave'), settings: {} }, ['Mode'])).toThrow(/no feature 'Mode'/);
  });
});

describe('firstorder against the baseline CSV shipped with PyRadiomics (its own < 3 % criterion)', () => {
  const csv = readFileSync(fixturePath('pyradiomics', 'data', 'baseline', 'baseline_firstorder.csv'), 'utf8');
  const rows = csv.trim().split('\n').map((line) => line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '')));
  const header = rows[0];
  it.each(['brain1', 'brain2', 'breast1'])('%s', (name) => {
    const column = header.indexOf(name);
    const settingsCell = rows.find((r) => r[0] === 'diagnostics_Configuration_Settings')![column];
    const shift = /'voxelArrayShift': (\d+)/.exec(settingsCell);
    const binWidth = /'binWidth': ([\d.]+)/.exec(settingsCell);
    const settings: Settings = { voxelArrayShift: shift ? Number(shift[1]) : 0, binWidth: binWidth ? Number(binWidth[1]) : 25 };
    const values = firstorder.compute({ ...input(name), settings }, defaultFeatureOrder(firstorder));
    let compared = 0;
    for (const row of rows) {
      const match = /^original_firstorder_(.+)$/.exec(row[0]);
      if (!match) continue;
      const expected = Number(row[column]);
      const actual = values[match[1]];
      compared++;
      expect(expected === 0 ? Math.abs(actual) : Math.abs(1 - actual / expected)).toBeLessThan(0.03);
    }
    expect(compared).toBe(18);
  });
});
