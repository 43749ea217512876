import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { validateCard } from '../../../extension/src/signature/modelCard';
import { predict } from '../../../extension/src/signature/predict';
import { featureContributions } from '../../../extension/src/signature/contributions';
import { buildInsights } from '../../../extension/src/panels/insights/viewModel';
import { SignatureInsights } from '../../../extension/src/panels/insights/SignatureInsights';
import { FeatureMapController } from '../../../extension/src/panels/insights/featureMaps';
import { REPO_ROOT } from '../../support/fixtures';

const card = validateCard(JSON.parse(readFileSync(join(REPO_ROOT, 'models', 'demo-synthetic.card.json'), 'utf8')));
const patient = Object.fromEntries(card.features.map((f) => [f.name, f.distribution!.byClass['1'][3]]));
const prediction = predict(card, patient);

/** Markup text without tags, entities decoded where the assertions need it. */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&apos;/g, "'").replace(/\s+/g, ' ');
}

describe('SignatureInsights (server-rendered markup)', () => {
  const featureMaps = new FeatureMapController(
    { featureMap: () => Promise.reject(new Error('not used')), cancel: () => undefined },
    { buildRequest: () => Promise.reject(new Error('not used')), display: () => ({ setOpacity: () => undefined, destroy: () => undefined }) },
  );

  test('gauge text, contributions, one row per feature with value, z, cohort position and a chart canvas', () => {
    const view = buildInsights(card, prediction, featureContributions(card, patient));
    const html = renderToStaticMarkup(<SignatureInsights view={view} featureMaps={featureMaps} />);
    const shown = text(html);
    expect(shown).toContain('Why this risk');
    expect(shown).toContain('reported event rate 89.5 %');
    expect(shown).toContain('reported event rate 5.7 %');
    expect(shown).toContain(`to this patient, ${prediction.probability.toFixed(3)}`);
    expect(html.match(/data-testid="prnn-insights-feature"/g)).toHaveLength(card.features.length);
    expect(html.match(/data-testid="prnn-insights-distribution-chart"/g)).toHaveLength(card.features.length);
    expect(html).toContain('data-testid="prnn-insights-contribution-chart"');
    expect(shown).toContain('Contrast · glcm · T1C');
    expect(shown).toContain('SizeZoneNonUniformity · glszm · log-sigma-5-0-mm-3D · T1');
    const contrast = view.features.find((f) => f.name === 'original_glcm_Contrast_T1C')!;
    expect(shown).toContain(`z ${contrast.z.toFixed(2)}`);
    expect(shown).toMatch(/≈ P75 of PRNN \(class 1\)/);
    expect(shown).toMatch(/contribution [+−]\d\.\d{3}/);
    // Feature maps for first-order and texture features, none for the shape feature.
    expect(html.match(/data-testid="prnn-feature-map-button"/g)).toHaveLength(7);
  });

  test('without contributions: no contribution plot, no contribution numbers, no map buttons without a feature-map controller', () => {
    const html = renderToStaticMarkup(<SignatureInsights view={buildInsights(card, prediction, null)} />);
    expect(html).not.toContain('prnn-insights-contributions');
    expect(text(html)).not.toContain('contribution');
    expect(html).not.toContain('prnn-feature-map-button');
  });
});
