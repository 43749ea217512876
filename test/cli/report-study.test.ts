/**
 * `prnn report <study-dir>`: a folder with a whole study. Series and ROIs are matched as the viewer's panel matches
 * them; the SR is dciodvfy-clean and holds what the same extraction gives on the chosen series and ROIs. On STS_001
 * (an ROI per sequence, different grids) the study mode writes the same features as the explicit pairs.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../cli/src/commands/report';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { roiToMask } from '../../extension/src/dicom/masks';
import { seriesToVolume } from '../../extension/src/dicom/series';
import { readPrnnSr } from '../../extension/src/dicom/sr';
import { extract } from '../../extension/src/radiomics/extractor';
import { loadParams } from '../../extension/src/radiomics/params';
import { validateCard } from '../../extension/src/signature/modelCard';
import { predict } from '../../extension/src/signature/predict';
import { ensureSamples } from '../../servers/samples/generate';
import { uidFor } from '../../servers/samples/uids';
import { fixturePath, REPO_ROOT } from '../support/fixtures';
import { dciodvfy } from '../sr/dciodvfy';

const workDir = mkdtempSync(join(tmpdir(), 'prnn-report-study-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const cardPath = join(REPO_ROOT, 'models', 'demo-synthetic.card.json');
// Reading and placing the ROIs is under test here, not the engine: first-order features keep it quick.
const smallParams = join(workDir, 'first-order.yaml');
writeFileSync(smallParams, 'setting:\n  binWidth: 25\nimageType:\n  Original: {}\nfeatureClass:\n  firstorder:\n  shape: [VoxelVolume]\n');

async function quietly<T>(body: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => chunks.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    return { value: await body(), stderr: chunks.join('') };
  } finally {
    process.stderr.write = write;
  }
}

test('the synthetic demo study folder: T1, T2, CE-T1 matched, ROIs chosen as in the viewer, card applied, SR valid', async () => {
  const demo = join(await ensureSamples(), 'demo');
  const out = join(workDir, 'demo-sr.dcm');
  const { value: code, stderr } = await quietly(() => run([demo, '--card', cardPath, '--observer', 'Doe^Jane', '--out', out]));
  expect({ code, stderr }).toMatchObject({ code: 0 });
  const check = dciodvfy(out);
  expect(check.errors).toEqual([]);
  expect(check.undocumented).toEqual([]);

  const stored = readPrnnSr(await readDicomFile(out));
  // The generator's series: T1 't1', T2 't2', CE-T1 't1c'; the RTSTRUCT is drawn on T2, reader A's SEG on CE-T1.
  expect(stored.sequences.map((s) => [s.sequence, s.sourceSeriesInstanceUID])).toEqual([
    ['T1', uidFor('demo/t1/series')],
    ['T2', uidFor('demo/t2/series')],
    ['T1C', uidFor('demo/t1c/series')],
  ]);
  const t2 = stored.sequences[1];
  const t1c = stored.sequences[2];
  expect(t2.roi).toMatchObject({ kind: 'RTSTRUCT', sopInstanceUID: uidFor('demo/rtstruct/t2'), number: 1 });
  expect(t1c.roi).toMatchObject({ kind: 'SEG', sopInstanceUID: uidFor('demo/seg/t1c'), number: 1 });

  // The T2 features are those of the RTSTRUCT on the T2 series with the card's settings; the prediction is the card's.
  const card = validateCard(JSON.parse(readFileSync(cardPath, 'utf8')));
  const series = seriesToVolume(await readDicomImages(join(demo, 't2')));
  const mask = roiToMask(await readDicomFile(join(demo, 'rtstruct', 'tumour-rtstruct.dcm')), series, 1);
  const expected = extract(series.volume, mask, loadParams(card.extraction.params));
  for (const key of ['original_shape_VoxelVolume', 'original_firstorder_10Percentile', 'log-sigma-3-0-mm-3D_glcm_Idmn', 'wavelet-HH_glrlm_RunEntropy']) {
    expect(t2.features[key]).toBe(expected[key]);
  }
  const inputs = Object.fromEntries(stored.sequences.flatMap((s) => Object.entries(s.features).map(([k, v]) => [`${k}_${s.sequence}`, v])));
  expect(stored.signature?.probability).toBe(predict(card, inputs).probability);
  expect(stored.observer.person).toBe('Doe^Jane');
  expect(stderr).toMatch(/T2: series "t2_tse_fs_tra", RTSTRUCT "Tumour RTSTRUCT \(t2_tse_fs_tra\)" GTV_recurrence/);
}, 120_000);

test('STS_001 as one folder (T1 and T2 fat-sat on different grids, an RTSTRUCT each): each ROI on its own series, volumes as plastimatch rasterises them', async () => {
  const study = fixturePath('mr_multiseq_sts001', 'STS_001');
  const out = join(workDir, 'sts-folder.dcm');
  const folder = await quietly(() => run([study, '--roi', 'GTV_Mass', '--param', smallParams, '--out', out]));
  expect(folder).toMatchObject({ value: 0 });
  expect(folder.stderr).toMatch(/T1: series "AXIAL SE T1 - RESEARCH", RTSTRUCT "RTstruct_T1" GTV_Mass/);
  expect(folder.stderr).toMatch(/T2: series "AXIAL SE T2 FAT SAT - RESEARCH", RTSTRUCT "RTstruct_T2FS" GTV_Mass/);
  const check = dciodvfy(out);
  expect(check.errors).toEqual([]);
  expect(check.undocumented).toEqual([]);
  const stored = readPrnnSr(await readDicomFile(out));
  const reference = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'dicom', 'sts001.json'), 'utf8')) as {
    series: Record<string, { spacing: number[] }>;
    plastimatch: Record<string, { GTV_Mass: { runs: [number, number][] } }>;
  };
  for (const [n, sequence] of ['T1', 'T2'].entries()) {
    const rtstruct = await readDicomFile(join(study, `MR_${sequence}`, 'mask', '1-1.dcm'));
    const result = stored.sequences[n];
    expect(result).toMatchObject({ sequence, roi: { kind: 'RTSTRUCT', name: 'GTV_Mass', sopInstanceUID: rtstruct.SOPInstanceUID } });
    // Our contour rasterisation and plastimatch's differ by a few boundary voxels (docs/dicom.md).
    const voxels = reference.plastimatch[`${sequence}_on_${sequence}`].GTV_Mass.runs.reduce((sum, [, length]) => sum + length, 0);
    const volume = voxels * reference.series[sequence].spacing.reduce((p, x) => p * x, 1);
    expect(Math.abs(result.features.original_shape_VoxelVolume / volume - 1)).toBeLessThan(0.01);
  }
  expect(Object.keys(stored.sequences[0].features)).toHaveLength(19);
}, 180_000);

test('a study folder without the series the card needs, or an unknown --roi, is refused saying what is missing', async () => {
  const noCet1 = join(await ensureSamples(), 'no-cet1');
  const missing = await quietly(() => run([noCet1, '--card', cardPath, '--out', join(workDir, 'x.dcm')]));
  expect(missing.value).toBe(1);
  expect(missing.stderr).toMatch(/prnn report: no series of the folder is recognised as CE-T1/);
  const unknown = await quietly(() => run([noCet1, '--roi', 'Parotid', '--out', join(workDir, 'y.dcm')]));
  expect(unknown.value).toBe(1);
  expect(unknown.stderr).toMatch(/no ROI of the study is named or numbered Parotid; it has "GTV recurrent tumour" \(SEG 1\)/);
  const sequences = await quietly(() => run([noCet1, '--sequences', 'T1,T2', '--out', join(workDir, 'z.dcm')]));
  expect(sequences.value).toBe(2);
});
