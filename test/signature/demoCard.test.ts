import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, parseNumber } from '../../cli/src/training/csv';
import { validateCard } from '../../extension/src/signature/modelCard';
import { predict } from '../../extension/src/signature/predict';
import { loadParams } from '../../extension/src/radiomics/params';
import { REPO_ROOT } from '../support/fixtures';

/** models/ is written by `npm run demo-card` (scripts/demo-cohort): a card trained on a SYNTHETIC cohort. */
const MODELS = join(REPO_ROOT, 'models');
const card = validateCard(JSON.parse(readFileSync(join(MODELS, 'demo-synthetic.card.json'), 'utf8')));
const report = JSON.parse(readFileSync(join(MODELS, 'demo-synthetic.report.json'), 'utf8')) as { probabilities: { id: string; probability: number }[] };

describe('demo card (synthetic)', () => {
  it('says everywhere that it is synthetic and not for clinical use', () => {
    expect(card.provenance.kind).toBe('synthetic');
    expect(card.notForClinicalUse).toBe(true);
    for (const text of [card.name, card.intendedUse, card.description ?? '']) expect(text).toMatch(/SYNTHETIC/);
    expect(card.riskGroups.high.label).toMatch(/synthetic/);
    expect(readFileSync(join(MODELS, 'demo-synthetic.report.html'), 'utf8')).toContain('NOT FOR CLINICAL USE: trained on a SYNTHETIC cohort');
  });

  it('carries the seed extraction settings, loadable by the engine', () => {
    const params = loadParams(card.extraction.params);
    expect(params.setting.resampledPixelSpacing).toEqual([0.5, 0.5, 3.0]);
    expect(card.extraction.sequences).toEqual(['T1', 'T2', 'T1C']);
  });

  it('reproduces the training run probabilities of all 200 synthetic patients from their features', () => {
    const table = parseCsv(readFileSync(join(MODELS, 'demo-synthetic.features.csv'), 'utf8'), 'demo-synthetic.features.csv');
    const expected = new Map(report.probabilities.map((p) => [p.id, p.probability]));
    expect(table.rows).toHaveLength(200);
    for (const row of table.rows) {
      const features = Object.fromEntries(card.features.map((f) => [f.name, parseNumber(row[table.header.indexOf(f.name)])]));
      expect(predict(card, features).probability).toBe(expected.get(row[0]));
    }
  });
});
