import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, parseNumber } from '../../cli/src/training/csv';
import { decorrelate, rankByL1Svm, rfePath } from '../../cli/src/training/selection';
import { l1SquaredHingeSvm } from '../../cli/src/training/svm';
import { mean, std } from '../../cli/src/training/stats';
import { REPO_ROOT } from '../support/fixtures';

/** Produced by scripts/reference/signature_selection.py with scikit-learn 1.5.2 (liblinear). */
const DIR = join(REPO_ROOT, 'test', 'reference', 'signature');
const ref = JSON.parse(readFileSync(join(DIR, 'selection.json'), 'utf8'));
const table = parseCsv(readFileSync(join(DIR, 'selection_cohort.csv'), 'utf8'), 'selection_cohort.csv');
const trainRows = table.rows.filter((r) => r[table.header.indexOf('cohort')] === 'train');
const labels = trainRows.map((r) => parseNumber(r[table.header.indexOf('label')]));

/** The training cohort's columns of one sequence, z-scored as StandardScaler does. */
function sequenceData(sequence: string): { names: string[]; z: Float64Array[] } {
  const columns = table.header.map((name, j) => [name, j] as const).filter(([name]) => name.endsWith(`_${sequence}`));
  const values = columns.map(([, j]) => trainRows.map((r) => parseNumber(r[j])));
  const stats = values.map((v) => ({ m: mean(v), s: std(v) }));
  const z = trainRows.map((_, i) => Float64Array.from(values, (v, c) => (v[i] - stats[c].m) / stats[c].s));
  return { names: columns.map(([name]) => name), z };
}

describe.each(['T1', 'T2', 'T1C'])('feature selection on sequence %s vs scikit-learn', (sequence) => {
  const expected = ref.sequences[sequence];
  const { names, z } = sequenceData(sequence);
  const ranking = rankByL1Svm(z, labels, 0.01, 100);
  const ranked = ranking.ranked.map((j) => names[j]);

  it('L1 SVM coefficients agree with liblinear (zero pattern exact, values to 1e-3)', () => {
    const { coef, intercept } = l1SquaredHingeSvm(z, labels, 0.01);
    coef.forEach((c, j) => {
      expect(c === 0).toBe(expected.l1Coef[j] === 0);
      expect(Math.abs(c - expected.l1Coef[j])).toBeLessThan(1e-3);
    });
    expect(Math.abs(intercept - expected.l1Intercept)).toBeLessThan(1e-3);
  });

  it('SelectFromModel(median, max_features 100) selects the same features in the same rank order', () => {
    expect([...ranked].sort()).toEqual([...expected.selected].sort());
    expect(ranked).toEqual(expected.ranked);
  });

  it('decorrelation keeps the same features', () => {
    expect(decorrelate(z, ranking.ranked, 0.7).map((j) => names[j])).toEqual(expected.decorrelated);
  });

  it('RFE to K = 1..4 selects the same features as sklearn RFE', () => {
    const kept = decorrelate(z, ranking.ranked, 0.7);
    const path = rfePath(z, labels, kept, 1, 1.0);
    for (const k of [1, 2, 3, 4]) {
      expect(path[path.length - k].map((j) => names[j])).toEqual(expected.rfe[k]);
    }
  });
});
