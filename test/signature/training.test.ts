import { join } from 'node:path';
import { readTrainingTable } from '../../cli/src/commands/train';
import { icc21 } from '../../cli/src/training/icc';
import { DEFAULT_OPTIONS, stratifiedFolds, train, type TrainingOptions } from '../../cli/src/training/pipeline';
import { Random } from '../../cli/src/training/random';
import { validateCard } from '../../extension/src/signature/modelCard';
import { predict } from '../../extension/src/signature/predict';
import { REPO_ROOT } from '../support/fixtures';

describe('ICC(2,1)', () => {
  it('equals Shrout & Fleiss (1979) Table 4 for their 6 targets x 4 judges (0.29)', () => {
    const ratings = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]];
    expect(icc21(ratings)).toBeCloseTo(0.29, 2);
  });
});

describe('stratifiedFolds', () => {
  it('deals each class evenly over the folds', () => {
    const labels = Array.from({ length: 23 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const folds = stratifiedFolds(labels, 4, new Random(1));
    for (let f = 0; f < 4; f++) {
      const events = labels.filter((y, i) => y === 1 && folds[i] === f).length;
      expect(events === 2 || events === 1).toBe(true);
    }
  });
});

describe('train (small settings on the committed generated cohort)', () => {
  const table = readTrainingTable(join(REPO_ROOT, 'test', 'reference', 'signature', 'selection_cohort.csv'), { id: 'id', label: 'label', cohort: 'cohort', time: 'time', event: 'event' });
  const options: TrainingOptions = {
    ...DEFAULT_OPTIONS,
    sequences: ['T1', 'T2', 'T1C'],
    maxRanked: 30,
    maxFeaturesPerSequence: 2,
    nEstimators: 40,
    cvEstimators: 15,
    cvFolds: 3,
    grid: { maxDepth: [2], featuresPerTree: ['sqrt', 'all'] },
    bootstrapResamples: 50,
    card: {
      name: 'test', version: '0', intendedUse: 'tests', notForClinicalUse: true, provenance: 'synthetic', date: '2026-11-26',
      codeVersion: 'test', endpoint: 'label', extractionParams: {},
    },
  };
  const first = train(table, options);

  it('writes a valid card whose inference reproduces the training probabilities', () => {
    const card = validateCard(JSON.parse(JSON.stringify(first.card)));
    expect(card.provenance.kind).toBe('synthetic');
    const index = new Map(table.featureNames.map((name, j) => [name, j]));
    first.report.probabilities.slice(0, 20).forEach((row, i) => {
      const features = Object.fromEntries(card.features.map((f) => [f.name, table.values[i][index.get(f.name) as number]]));
      expect(predict(card, features).probability).toBe(row.probability);
    });
  });

  it('selects per sequence from the features scikit-learn ranks (selection.test.ts checks the ranking itself)', () => {
    for (const sequence of ['T1', 'T2', 'T1C']) {
      const s = first.report.sequences[sequence];
      expect(s.selected.length).toBe(s.k);
      s.selected.forEach((name) => expect(s.decorrelated).toContain(name));
    }
  });

  it('is reproducible from its seed', () => {
    expect(JSON.stringify(train(table, options).card)).toBe(JSON.stringify(first.card));
  });
});
