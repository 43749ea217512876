import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCard } from '../../../extension/src/signature/modelCard';
import type { ModelCard } from '../../../extension/src/signature/modelCard';
import { predict } from '../../../extension/src/signature/predict';
import { featureContributions } from '../../../extension/src/signature/contributions';
import { buildInsights, byContribution, parseFeatureName, quantileLevel } from '../../../extension/src/panels/insights/viewModel';
import { contributionChart, describeBand, distributionChart, gaugeChart } from '../../../extension/src/panels/insights/charts';
import { REPO_ROOT } from '../../support/fixtures';

const card = validateCard(JSON.parse(readFileSync(join(REPO_ROOT, 'models', 'demo-synthetic.card.json'), 'utf8')));

/** A patient at the PRNN class's median of every feature (quantile level 0.5 of class '1'). */
function medianPatient(c: ModelCard, classKey: string): Record<string, number> {
  return Object.fromEntries(c.features.map((f) => [f.name, f.distribution!.byClass[classKey][2]]));
}

describe('insights view model', () => {
  test('feature names split into image type, class, feature and sequence', () => {
    expect(parseFeatureName('log-sigma-5-0-mm-3D_glszm_SizeZoneNonUniformity_T1', 'T1')).toEqual({
      imageType: 'log-sigma-5-0-mm-3D', featureClass: 'glszm', feature: 'SizeZoneNonUniformity', sequence: 'T1',
    });
    expect(() => parseFeatureName('original_glcm_Contrast_T2', 'T1')).toThrow(/not named/);
    expect(() => parseFeatureName('Contrast_T1', 'T1')).toThrow(/not named/);
  });

  test('quantile level: interpolation, ties, beyond the ends', () => {
    const levels = [0.05, 0.25, 0.5, 0.75, 0.95];
    expect(quantileLevel(15, levels, [0, 10, 20, 30, 40])).toEqual({ level: 0.375, beyond: null });
    expect(quantileLevel(0, levels, [0, 10, 20, 30, 40])).toEqual({ level: 0.05, beyond: null });
    expect(quantileLevel(-1, levels, [0, 10, 20, 30, 40])).toEqual({ level: 0.05, beyond: 'below' });
    expect(quantileLevel(41, levels, [0, 10, 20, 30, 40])).toEqual({ level: 0.95, beyond: 'above' });
    // The demo card's SizeZoneNonUniformity of class 0: 1, 1, 1, 1.1667, 1.52 -> a value of 1 is the middle of P5..P50.
    expect(quantileLevel(1, levels, [1, 1, 1, 7 / 6, 1.52])).toEqual({ level: 0.275, beyond: null });
    expect(() => quantileLevel(1, levels, [1, 2])).toThrow(/5 levels but 2 quantiles/);
  });

  test('demo card: every signature feature with value, z, cohort position and contribution; contributions sum to p - base', () => {
    const features = medianPatient(card, '1');
    const prediction = predict(card, features);
    const contributions = featureContributions(card, features);
    const view = buildInsights(card, prediction, contributions);
    let untied = 0;
    expect(view.features.map((f) => f.name)).toEqual(card.features.map((f) => f.name));
    for (const f of view.features) {
      const cardFeature = card.features.find((c) => c.name === f.name)!;
      expect(f.value).toBe(features[f.name]);
      expect(f.z).toBeCloseTo((f.value - cardFeature.mean) / cardFeature.std, 12);
      // Classes ordered no-PRNN first; the patient sits at the PRNN median (level 0.5, or the middle of a tie run).
      expect(f.distribution!.classes.map((c) => [c.classKey, c.isPositive])).toEqual([['0', false], ['1', true]]);
      const prnn = f.distribution!.classes[1];
      expect(prnn.patientLevel.beyond).toBeNull();
      if (prnn.quantiles.filter((q) => q === f.value).length === 1) {
        expect(prnn.patientLevel.level).toBe(0.5);
        untied++;
      }
    }
    expect(untied).toBeGreaterThanOrEqual(6);
    const sum = view.features.reduce((s, f) => s + (f.contribution as number), 0);
    expect(Math.abs(sum - (prediction.probability - (view.baseValue as number)))).toBeLessThan(1e-9);
    expect(view.features.find((f) => f.parsed.featureClass === 'shape')!.hasFeatureMap).toBe(false);
    expect(view.features.filter((f) => f.hasFeatureMap).map((f) => f.parsed.featureClass)).toEqual(['glszm', 'firstorder', 'firstorder', 'firstorder', 'firstorder', 'glcm', 'glcm']);
    const ordered = byContribution(view.features).map((f) => Math.abs(f.contribution as number));
    expect(ordered).toEqual([...ordered].sort((a, b) => b - a));
  });

  test('gauge: bands split at the card threshold with the card event rates', () => {
    const prediction = predict(card, medianPatient(card, '0'));
    const { gauge } = buildInsights(card, prediction, null);
    expect(gauge.threshold).toBe(card.threshold.value);
    expect(gauge.bands.map((b) => [b.group, b.from, b.to, b.eventRate])).toEqual([
      ['low', 0, card.threshold.value, card.riskGroups.low.eventRate],
      ['high', card.threshold.value, 1, card.riskGroups.high.eventRate],
    ]);
    expect(describeBand(gauge.bands[1])).toBe(
      'High risk (synthetic model, not for clinical use): probability ≥ 0.488; reported event rate 89.5 %, synthetic event within 12 months',
    );
  });

  test('without contributions nothing is invented: null contributions, no contribution chart', () => {
    const view = buildInsights(card, predict(card, medianPatient(card, '0')), null);
    expect(view.baseValue).toBeNull();
    expect(view.features.every((f) => f.contribution === null)).toBe(true);
    expect(contributionChart(view)).toBeNull();
  });

  test('contributions of another patient are refused', () => {
    const prediction = predict(card, medianPatient(card, '0'));
    const other = featureContributions(card, medianPatient(card, '1'));
    expect(prediction.probability).not.toBeCloseTo(other.probability, 6);
    expect(() => buildInsights(card, prediction, other)).toThrow(/Contributions are for probability/);
  });

  test('a card feature without distribution has no plot', () => {
    const bare = validateCard({ ...card, features: card.features.map(({ distribution: _unused, ...f }) => f) });
    const view = buildInsights(bare, predict(bare, medianPatient(card, '1')), null);
    expect(view.features.every((f) => f.distribution === null)).toBe(true);
    expect(distributionChart(view.features[0])).toBeNull();
  });
});

describe('insight chart configurations', () => {
  const features = medianPatient(card, '1');
  const view = buildInsights(card, predict(card, features), featureContributions(card, features));

  test('distribution: whiskers P5–P95 and boxes P25–P75 per class, quantiles and patient position on hover', () => {
    const feature = view.features[6]; // original_glcm_Contrast_T1C
    const config = distributionChart(feature)!;
    const q = card.features[6].distribution!.byClass;
    expect(config.data.labels).toEqual(['No PRNN (class 0)', 'PRNN (class 1)']);
    expect(config.data.datasets[0].data).toEqual([[q['0'][0], q['0'][4]], [q['1'][0], q['1'][4]]]);
    expect(config.data.datasets[1].data).toEqual([[q['0'][1], q['0'][3]], [q['1'][1], q['1'][3]]]);
    const label = config.options!.plugins!.tooltip!.callbacks!.label as unknown as (item: { dataIndex: number }) => string[];
    const text = label({ dataIndex: 1 });
    expect(text[0]).toMatch(/^PRNN \(class 1\): P5 .* P50 .* P95 /);
    expect(text[1]).toMatch(/≈ P50 of this class$/);
  });

  test('contributions: sorted by size, red for toward high risk, signed numbers on hover', () => {
    const config = contributionChart(view)!;
    const data = config.data.datasets[0].data;
    expect(data.map(Math.abs)).toEqual([...data].map(Math.abs).sort((a, b) => b - a));
    const colours = config.data.datasets[0].backgroundColor as string[];
    data.forEach((c, n) => expect(colours[n]).toBe(c >= 0 ? '#f87171' : '#4ade80'));
    const label = config.options!.plugins!.tooltip!.callbacks!.label as unknown as (item: { dataIndex: number }) => string[];
    expect(label({ dataIndex: 0 })[0]).toMatch(/^[+−]\d\.\d{3} toward (high|low) risk$/);
  });

  test('gauge: two bands on 0..1, event rates on hover', () => {
    const config = gaugeChart(view.gauge);
    expect(config.data.datasets.map((d) => d.data)).toEqual([[[0, card.threshold.value]], [[card.threshold.value, 1]]]);
    expect(config.options!.scales!.x).toMatchObject({ min: 0, max: 1 });
    const label = config.options!.plugins!.tooltip!.callbacks!.label as unknown as (item: { datasetIndex: number }) => string;
    expect(label({ datasetIndex: 0 })).toMatch(/reported event rate 5\.7 %/);
  });
});
