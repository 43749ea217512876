import { applySignature } from '../../extension/src/worker/pipeline';
import { validateCard } from '../../extension/src/signature/modelCard';

/** One stump on T2's RootMeanSquared (z > 0 -> leaf 2): small enough to check by hand. */
const card = validateCard({
  cardFormat: 'prnn-model-card/1',
  name: 'Stump',
  version: '1',
  intendedUse: 'test',
  notForClinicalUse: true,
  provenance: { kind: 'synthetic', date: '2026-11-26', codeVersion: 'test', cohorts: [{ name: 'none', patients: 0 }] },
  extraction: { params: {}, sequences: ['T1', 'T2'] },
  features: [
    { name: 'original_shape_Sphericity_T1', sequence: 'T1', mean: 0.6, std: 0.1 },
    { name: 'original_firstorder_RootMeanSquared_T2', sequence: 'T2', mean: 300, std: 100 },
  ],
  model: {
    kind: 'sklearn-forest',
    classes: [0, 1],
    positiveClass: 1,
    trees: [{ childrenLeft: [1, -1, -1], childrenRight: [2, -1, -1], feature: [1, -2, -2], threshold: [0, -2, -2], value: [[0.5, 0.5], [0.8, 0.2], [0.2, 0.8]] }],
  },
  threshold: { value: 0.5, method: 'manual' },
  riskGroups: { low: { label: 'Low risk' }, high: { label: 'High risk', eventRate: 0.5 } },
  performance: [],
});

describe('worker: signature step', () => {
  test('probability, risk group and the signature features with their z-scores', () => {
    const result = applySignature(card, { original_shape_Sphericity_T1: 0.7, original_firstorder_RootMeanSquared_T2: 450, other_T2: 1 });
    expect(result.probability).toBe(0.8);
    expect(result.riskGroup).toBe('high');
    expect(result.riskGroupLabel).toBe('High risk');
    expect(result.card).toMatchObject({ name: 'Stump', sequences: ['T1', 'T2'], notForClinicalUse: true, provenance: 'synthetic' });
    expect(result.signatureFeatures).toEqual([
      { name: 'original_shape_Sphericity_T1', sequence: 'T1', value: 0.7, z: expect.closeTo(1, 12) },
      { name: 'original_firstorder_RootMeanSquared_T2', sequence: 'T2', value: 450, z: expect.closeTo(1.5, 12) },
    ]);
  });

  test('a NaN or missing signature feature is named, never turned into a probability', () => {
    expect(() => applySignature(card, { original_shape_Sphericity_T1: Number.NaN, original_firstorder_RootMeanSquared_T2: 450 })).toThrow(
      /original_shape_Sphericity_T1 = NaN/,
    );
    expect(() => applySignature(card, { original_shape_Sphericity_T1: 0.7 })).toThrow(/original_firstorder_RootMeanSquared_T2 = not computed/);
  });
});
