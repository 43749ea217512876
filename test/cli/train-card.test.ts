/**
 * `prnn train` on a tiny cohort extracted with integer LoG sigmas, end to end: PyRadiomics names those LoG images by
 * str(sigma) ('log-sigma-1-mm-3D', not 'log-sigma-1-0-mm-3D'), so the card must carry the parameter file such that the
 * viewer, extracting with the card's params, names its features as the cohort's table does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from '../../extension/src/radiomics/extractor';
import { loadParams } from '../../extension/src/radiomics/params';
import { IDENTITY_DIRECTION, type Volume } from '../../extension/src/radiomics/image/volume';
import type { Params } from '../../extension/src/radiomics/settings';
import { checkCardFeatures } from '../../extension/src/signature/modelCard';
import { predict } from '../../extension/src/signature/predict';
import { cardParams, parseCard } from '../../extension/src/worker/engine';
import { REPO_ROOT } from '../support/fixtures';

/** Integer literals: Python ints, as a site's parameter file may well write them. LoG only, so every feature is named by a sigma. */
const PARAMS_YAML = `imageType:
  LoG:
    sigma: [1, 2]
featureClass:
  firstorder: [Mean, Energy, Maximum, Skewness]
`;

/** 20 x 20 x 8 at 1 mm: a cube of tumour whose brightness and texture follow the outcome, with noise from `seed`. */
function patient(seed: number, label: 0 | 1): { image: Volume<Int16Array>; mask: Volume<Uint8Array> } {
  const size: [number, number, number] = [20, 20, 8];
  const image = new Int16Array(20 * 20 * 8);
  const mask = new Uint8Array(image.length);
  let state = seed * 2654435761;
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % 60;
  };
  for (let k = 0; k < 8; k++)
    for (let j = 0; j < 20; j++)
      for (let i = 0; i < 20; i++) {
        const n = i + 20 * (j + 20 * k);
        const inside = i >= 6 && i < 14 && j >= 6 && j < 14 && k >= 2 && k < 6;
        mask[n] = inside ? 1 : 0;
        image[n] = 200 + noise() + (inside ? 150 + label * 120 + ((i + j) % 2) * label * 40 : 0);
      }
  const geometry = { size, spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: IDENTITY_DIRECTION };
  return { image: { ...geometry, data: image, pixelType: 'int16' }, mask: { ...geometry, data: mask, pixelType: 'uint8' } };
}

function features(params: Params, seed: number, label: 0 | 1): Record<string, number> {
  const { image, mask } = patient(seed, label);
  const result = extract(image, mask, params);
  return Object.fromEntries(Object.entries(result).filter((entry): entry is [string, number] => !entry[0].startsWith('diagnostics_') && typeof entry[1] === 'number'));
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'prnn-train-card-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('a cohort extracted with integer LoG sigmas gives a card the viewer accepts, extracting features of the same names', () => {
  // The cohort, extracted as PyRadiomics reads the file (integer sigmas stay ints).
  const cohortParams = loadParams(PARAMS_YAML);
  const patients = Array.from({ length: 24 }, (_, n) => ({ id: `P${n + 1}`, label: (n % 2) as 0 | 1, cohort: n < 16 ? 'train' : 'validation' }));
  const rows = patients.map((p, n) => ({ ...p, features: features(cohortParams, n + 1, p.label) }));
  const names = Object.keys(rows[0].features);
  expect(names).toContain('log-sigma-1-mm-3D_firstorder_Mean');
  expect(names.some((name) => name.includes('-0-mm'))).toBe(false);
  const table = join(work, 'cohort.csv');
  writeFileSync(
    table,
    [['id', 'label', 'cohort', ...names.map((name) => `${name}_T2`)].join(','), ...rows.map((r) => [r.id, r.label, r.cohort, ...names.map((name) => String(r.features[name]))].join(','))].join('\n') + '\n',
  );
  const paramsFile = join(work, 'site-params.yaml');
  writeFileSync(paramsFile, PARAMS_YAML);

  const cardFile = join(work, 'card.json');
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'cli', 'bin', 'prnn.cjs'),
      'train',
      ...['--features', table, '--card', cardFile, '--report', join(work, 'report'), '--params', paramsFile, '--sequences', 'T2'],
      ...['--trees', '20', '--cv-trees', '10', '--folds', '2', '--bootstrap', '20', '--max-k', '2', '--synthetic', '--date', '2026-11-27'],
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );

  // The viewer's side: the card file as served, its validator, its extraction params, its features on a new patient.
  const card = parseCard(JSON.parse(readFileSync(cardFile, 'utf8')));
  expect(card.features.length).toBeGreaterThan(0);
  const viewerFeatures = features(cardParams(card), 99, 1);
  expect(Object.keys(viewerFeatures).sort()).toEqual([...names].sort());
  const suffixed = Object.fromEntries(Object.entries(viewerFeatures).map(([name, value]) => [`${name}_T2`, value]));
  expect(() => checkCardFeatures(card, Object.keys(suffixed))).not.toThrow();
  expect(Number.isFinite(predict(card, suffixed).probability)).toBe(true);
}, 120_000);
