import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureContributions, forestShapley } from '../../extension/src/signature/contributions';
import { validateCard, type ModelCard } from '../../extension/src/signature/modelCard';
import { predict, zScores } from '../../extension/src/signature/predict';
import { REPO_ROOT } from '../support/fixtures';

const REFERENCE_DIR = join(REPO_ROOT, 'test', 'reference', 'signature');

function loadCard(path: string): ModelCard {
  return validateCard(JSON.parse(readFileSync(path, 'utf8')));
}

/** The demo card's synthetic patients (models/demo-synthetic.features.csv): card feature name -> value. */
function demoPatients(card: ModelCard): Record<string, number>[] {
  const [header, ...lines] = readFileSync(join(REPO_ROOT, 'models', 'demo-synthetic.features.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(card.features.map((f) => [f.name, Number(cells[names.indexOf(f.name)])]));
  });
}

/**
 * The definition of the Shapley value, over all subsets of ALL model inputs, with the whole forest's predict as the
 * game (v(S) = probability with the inputs in S from the patient, the others at the reference z = 0): independent
 * of the per-tree decomposition under test.
 */
function bruteForceShapley(card: ModelCard, features: Record<string, number>): number[] {
  const z = zScores(card, features);
  const m = z.length;
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const v = new Float64Array(1 << m);
  for (let subset = 0; subset < 1 << m; subset++) {
    const mixed = Object.fromEntries(card.features.map((f, i) => [f.name, subset & (1 << i) ? features[f.name] : f.mean]));
    v[subset] = predict(card, mixed).probability;
  }
  return card.features.map((_, i) => {
    let phi = 0;
    for (let subset = 0; subset < 1 << m; subset++) {
      if (subset & (1 << i)) continue;
      let size = 0;
      for (let s = subset; s; s &= s - 1) size++;
      phi += ((fact(size) * fact(m - size - 1)) / fact(m)) * (v[subset | (1 << i)] - v[subset]);
    }
    return phi;
  });
}

describe('feature contributions (exact per-tree Shapley values against the card mean patient)', () => {
  const demo = loadCard(join(REPO_ROOT, 'models', 'demo-synthetic.card.json'));
  const patients = demoPatients(demo);

  it('demo card (ml-random-forest): contributions sum to probability - base value within 1e-9; probability is predict()', () => {
    expect(patients.length).toBeGreaterThan(100);
    for (const patient of patients.slice(0, 12)) {
      const c = featureContributions(demo, patient);
      expect(c.probability).toBe(predict(demo, patient).probability);
      const sum = Object.values(c.contributions).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - (c.probability - c.baseValue))).toBeLessThan(1e-9);
      expect(Object.keys(c.contributions)).toEqual(demo.features.map((f) => f.name));
    }
  });

  it('demo card: base value is the probability of the mean patient', () => {
    const mean = Object.fromEntries(demo.features.map((f) => [f.name, f.mean]));
    const c = featureContributions(demo, mean);
    expect(c.baseValue).toBe(predict(demo, mean).probability);
    for (const value of Object.values(c.contributions)) expect(value).toBe(0);
  });

  it('demo card: equals the brute-force Shapley value over all 2^8 input subsets of the whole forest', () => {
    for (const patient of patients.slice(0, 3)) {
      const expected = bruteForceShapley(demo, patient);
      const got = Object.values(featureContributions(demo, patient).contributions);
      got.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(1e-12));
    }
  });

  describe.each(['study', 'deep'])('sklearn-forest reference card "%s"', (name) => {
    const card = loadCard(join(REFERENCE_DIR, `forest_${name}.card.json`));
    const reference = JSON.parse(readFileSync(join(REFERENCE_DIR, 'forest_predict_proba.json'), 'utf8')) as { featureNames: string[]; rows: number[][] };
    const rows = reference.rows.slice(0, 25).map((row) => Object.fromEntries(reference.featureNames.map((n, j) => [n, row[j]])));

    it('sums to probability - base value within 1e-9, probability is predict()', () => {
      for (const patient of rows) {
        const c = featureContributions(card, patient);
        expect(c.probability).toBeCloseTo(predict(card, patient).probability, 14);
        const sum = Object.values(c.contributions).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - (c.probability - c.baseValue))).toBeLessThan(1e-9);
      }
    });

    it('equals the brute-force Shapley value of the whole forest', () => {
      for (const patient of rows.slice(0, 3)) {
        const expected = bruteForceShapley(card, patient);
        const got = Object.values(featureContributions(card, patient).contributions);
        got.forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(1e-12));
      }
    });
  });

  it('refuses a reference of another length', () => {
    expect(() => forestShapley(demo.model, [0, 0], [0])).toThrow(/reference has 1/);
  });
});
