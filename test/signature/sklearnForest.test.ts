import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCard, type ModelCard, type SklearnForestModel } from '../../extension/src/signature/modelCard';
import { predict, zScores } from '../../extension/src/signature/predict';
import { REPO_ROOT } from '../support/fixtures';

/** Produced by scripts/reference/signature_forest.py with scikit-learn 1.5.2. */
const REFERENCE_DIR = join(REPO_ROOT, 'test', 'reference', 'signature');
const reference = JSON.parse(readFileSync(join(REFERENCE_DIR, 'forest_predict_proba.json'), 'utf8')) as {
  featureNames: string[];
  rows: number[][];
  probability: Record<'study' | 'deep', number[]>;
};

function loadCard(name: string): ModelCard {
  return validateCard(JSON.parse(readFileSync(join(REFERENCE_DIR, `forest_${name}.card.json`), 'utf8')));
}

function featuresOf(row: number[]): Record<string, number> {
  return Object.fromEntries(reference.featureNames.map((name, j) => [name, row[j]]));
}

/** The same forest evaluated with float64 inputs: what a port that skips scikit-learn's float32 cast computes. */
function float64Probability(model: SklearnForestModel, z: Float64Array): number {
  let sum = 0;
  for (const tree of model.trees) {
    let node = 0;
    while (tree.childrenLeft[node] !== -1) node = z[tree.feature[node]] <= tree.threshold[node] ? tree.childrenLeft[node] : tree.childrenRight[node];
    sum += tree.value[node][1];
  }
  return sum / model.trees.length;
}

describe.each(['study', 'deep'] as const)('sklearn-forest card "%s" vs scikit-learn predict_proba', (name) => {
  const card = loadCard(name);
  const expected = reference.probability[name];

  it('has 1000 reference rows', () => {
    expect(reference.rows).toHaveLength(1000);
    expect(expected).toHaveLength(1000);
  });

  it('matches predict_proba[:, 1] within 1e-12 on every row', () => {
    let maxError = 0;
    reference.rows.forEach((row, i) => {
      maxError = Math.max(maxError, Math.abs(predict(card, featuresOf(row)).probability - expected[i]));
    });
    expect(maxError).toBeLessThanOrEqual(1e-12);
  });

  it('class probabilities sum to 1', () => {
    const p = predict(card, featuresOf(reference.rows[0])).classProbabilities;
    expect(p[0] + p[1]).toBeCloseTo(1, 14);
  });
});

describe('float32 input cast', () => {
  it('matters on the reference rows: float64 comparisons change some predictions', () => {
    const card = loadCard('deep');
    const model = card.model as SklearnForestModel;
    const changed = reference.rows.filter((row, i) => Math.abs(float64Probability(model, zScores(card, featuresOf(row))) - reference.probability.deep[i]) > 1e-12);
    expect(changed.length).toBeGreaterThan(0);
  });
});

describe('missing values', () => {
  const card = loadCard('study');
  const row = featuresOf(reference.rows[0]);

  it('refuses an absent feature, naming it', () => {
    const { original_shape_Sphericity_T1C: _, ...rest } = row;
    expect(() => predict(card, rest)).toThrow(/original_shape_Sphericity_T1C \(absent\)/);
  });

  it('refuses a NaN feature, naming it', () => {
    expect(() => predict(card, { ...row, 'wavelet-LH_glrlm_RunEntropy_T1C': NaN })).toThrow(/wavelet-LH_glrlm_RunEntropy_T1C = NaN/);
  });
});
