/** `prnn report`: the CLI writes the same SR (dciodvfy-clean) with features, prediction and card hash. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../cli/src/commands/report';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { roiToMask } from '../../extension/src/dicom/masks';
import { seriesToVolume } from '../../extension/src/dicom/series';
import { readPrnnSr } from '../../extension/src/dicom/sr';
import { extract } from '../../extension/src/radiomics/extractor';
import { loadParams } from '../../extension/src/radiomics/params';
import { predict } from '../../extension/src/signature/predict';
import { validateCard } from '../../extension/src/signature/modelCard';
import { fixturePath, REPO_ROOT } from '../support/fixtures';
import { dciodvfy } from './dciodvfy';

const workDir = mkdtempSync(join(tmpdir(), 'prnn-report-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const tiny = fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', '24x38x3');
const paramsPath = join(REPO_ROOT, 'test', 'sr', 'small-params.yaml');

/** The committed scikit-learn card, its six inputs renamed to features this extraction gives on T1. */
function writeCard(): string {
  const card = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'signature', 'forest_study.card.json'), 'utf8'));
  const names = ['original_firstorder_Mean', 'original_firstorder_Median', 'original_shape_VoxelVolume', 'original_glcm_Idmn', 'original_glszm_ZoneEntropy', 'original_firstorder_Entropy'];
  card.features = card.features.map((f: { name: string }, i: number) => ({ ...f, name: `${names[i]}_T1`, sequence: 'T1' }));
  card.extraction.sequences = ['T1'];
  const path = join(workDir, 'card.json');
  writeFileSync(path, JSON.stringify(card, null, 1));
  return path;
}

test('prnn report <series> <seg> --card --param --observer writes a valid SR with the prediction', async () => {
  const cardPath = writeCard();
  const out = join(workDir, 'result-sr.dcm');
  const code = await run([join(tiny, 'image'), join(tiny, 'seg', 'label.seg'), '--sequences', 'T1', '--roi', '1', '--card', cardPath, '--param', paramsPath, '--observer', 'Doe^John', '--out', out]);
  expect(code).toBe(0);
  const check = dciodvfy(out);
  expect(check.errors).toEqual([]);
  expect(check.undocumented).toEqual([]);

  const stored = readPrnnSr(await readDicomFile(out));
  const series = seriesToVolume(await readDicomImages(join(tiny, 'image')));
  const features = extract(series.volume, roiToMask(await readDicomFile(join(tiny, 'seg', 'label.seg')), series, 1), loadParams(readFileSync(paramsPath, 'utf8')));
  const numeric = Object.fromEntries(Object.entries(features).filter(([k, v]) => !k.startsWith('diagnostics_') && typeof v === 'number')) as Record<string, number>;
  expect(stored.sequences[0].features).toEqual(numeric);
  const card = validateCard(JSON.parse(readFileSync(cardPath, 'utf8')));
  const expected = predict(card, Object.fromEntries(Object.entries(numeric).map(([k, v]) => [`${k}_T1`, v])));
  expect(stored.signature).toEqual({
    card: { name: card.name, version: card.version, sha256: createHash('sha256').update(readFileSync(cardPath)).digest('hex'), notForClinicalUse: card.notForClinicalUse },
    probability: expected.probability,
    threshold: expected.threshold,
    riskGroup: expected.riskGroup,
    riskGroupLabel: expected.riskGroupLabel,
  });
  expect(stored.observer.person).toBe('Doe^John');
  expect(stored.extractionSettings).toBe(readFileSync(paramsPath, 'utf8').trimEnd());
  expect(stored.sequences[0].roi).toMatchObject({ kind: 'SEG', number: 1 });
});

test('prnn report refuses odd arguments and a missing --out with usage', async () => {
  const errors: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => errors.push(chunk) > 0) as typeof process.stderr.write;
  try {
    expect(await run([join(tiny, 'seg', 'label.seg')])).toBe(2);
    expect(await run([join(tiny, 'image'), join(tiny, 'seg', 'label.seg')])).toBe(2);
  } finally {
    process.stderr.write = write;
  }
  expect(errors.join('')).toMatch(/expected a <study-dir>, or <series-dir> <roi-file> pairs, got 1/);
  expect(errors.join('')).toMatch(/--out is required/);
});
