/**
 * The panel's reader comparison on the synthetic demo study (what the viewer shows): reader A's SEG (drawn on CE-T1,
 * mapped through patient coordinates) vs reader B's SEG and vs the RTSTRUCT (both drawn on T2), on the T2 grid,
 * against scripts/reference/compare_demo_reference.py (SimpleITK resampling, plastimatch rasterisation, scipy).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReadersOnStudy, readerMask, type MaskAgreement, type ReaderRoi } from '../../extension/src/compare';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { buildPrnnSr, readPrnnSr, roiReferenceOf, toPart10 } from '../../extension/src/dicom/sr';
import { toSrComparison } from '../../extension/src/panels/compare/controller';
import { srInputOf } from '../../extension/src/panels/results/srInput';
import type { DisplaySetLike } from '../../extension/src/panels/studyData';
import type { CompareResult, ComputeResult, ReaderRoiInput } from '../../extension/src/worker/api';
import { seriesToVolume, type SeriesVolume } from '../../extension/src/dicom/series';
import { loadParams } from '../../extension/src/radiomics/params';
import { validateCard } from '../../extension/src/signature/modelCard';
import { predict } from '../../extension/src/signature/predict';
import { ensureSamples } from '../../servers/samples/generate';
import { REPO_ROOT } from '../support/fixtures';
import { dciodvfy } from '../sr/dciodvfy';

/** What scripts/reference/compare_demo_reference.py computes with SimpleITK, plastimatch and scipy. */
type ReferenceCase = Omit<MaskAgreement, 'volumeDifferenceMm3'> & { volumeDifferencePercent: number };

const reference = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'compare', 'demo_readers.json'), 'utf8')) as { cases: Record<string, ReferenceCase> };
const card = validateCard(JSON.parse(readFileSync(join(REPO_ROOT, 'models', 'demo-synthetic.card.json'), 'utf8')));
const params = loadParams(readFileSync(join(REPO_ROOT, 'params', 'seed.yaml'), 'utf8'));

const workDir = mkdtempSync(join(tmpdir(), 'prnn-demo-readers-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let images: Record<string, SeriesVolume>;
let instances: Record<string, DicomDataset[]>;
let comparisonOfTheDemo: ReturnType<typeof compareReadersOnStudy> | undefined;
let readerA: ReaderRoi;
let readerB: ReaderRoi;
let rtstruct: ReaderRoi;

beforeAll(async () => {
  const demo = join(await ensureSamples(), 'demo');
  images = {};
  instances = {};
  for (const [sequence, folder] of [['T1', 't1'], ['T2', 't2'], ['T1C', 't1c']]) {
    instances[sequence] = await readDicomImages(join(demo, folder));
    images[sequence] = seriesToVolume(instances[sequence]);
  }
  readerA = { label: 'reader A', roiDataset: await readDicomFile(join(demo, 'seg', 'tumour-seg.dcm')), number: 1, drawnOn: images.T1C };
  readerB = { label: 'reader B', roiDataset: await readDicomFile(join(demo, 'seg-reader-b', 'tumour-seg.dcm')), number: 1, drawnOn: images.T2 };
  rtstruct = { label: 'RTSTRUCT', roiDataset: await readDicomFile(join(demo, 'rtstruct', 'tumour-rtstruct.dcm')), number: 1, drawnOn: images.T2 };
}, 180_000);

test("reader A's SEG vs reader B's SEG on T2: Dice, HD95 and volumes equal the reference; predictions of each reader", () => {
  const expected = reference.cases.segA_vs_segB;
  const result = compareReadersOnStudy({ images, compareOn: 'T2', readers: [readerA, readerB], params, card });
  expect([result.voxelsA, result.voxelsB, result.intersection]).toEqual([expected.voxelsA, expected.voxelsB, expected.intersection]);
  expect(result.dice).toBeCloseTo(expected.dice, 12);
  expect(result.hausdorff95Mm).toBeCloseTo(expected.hausdorff95Mm, 9);
  expect(result.volumeAMm3).toBeCloseTo(expected.volumeAMm3, 6);
  expect(result.volumeBMm3).toBeCloseTo(expected.volumeBMm3, 6);
  expect(result.volumeDifferencePercent).toBeCloseTo(expected.volumeDifferencePercent, 9);

  // Every feature of the three sequences, for both readers; the signature's inputs listed with their differences.
  expect(Object.keys(result.featuresA).sort()).toEqual(['T1', 'T1C', 'T2']);
  expect(Object.keys(result.allRelativeDifferences)).toHaveLength(3 * Object.keys(result.featuresA.T2).length);
  expect(result.relativeDifferences).toEqual(
    Object.fromEntries(Object.keys(result.featuresA.T2).map((key) => [key, expect.any(Number)])),
  );
  expect(result.signatureFeatures.map((f) => f.name)).toEqual(card.features.map((f) => f.name));
  for (const f of result.signatureFeatures) {
    const [name, sequence] = [f.name.slice(0, f.name.lastIndexOf('_')), f.name.slice(f.name.lastIndexOf('_') + 1)];
    expect([f.a, f.b]).toEqual([result.featuresA[sequence][name], result.featuresB[sequence][name]]);
    expect(f.relativeDifference).toBe((f.b - f.a) / Math.abs(f.a));
  }
  // Each reader's prediction is the card applied to that reader's features on every sequence.
  const suffixed = (bySequence: Record<string, Record<string, number>>) =>
    Object.fromEntries(Object.entries(bySequence).flatMap(([sequence, features]) => Object.entries(features).map(([k, v]) => [`${k}_${sequence}`, v])));
  const [a, b] = [predict(card, suffixed(result.featuresA)), predict(card, suffixed(result.featuresB))];
  expect(result.predictionA?.probability).toBe(a.probability);
  expect(result.predictionB?.probability).toBe(b.probability);
  expect(result.probabilityDifference).toBe(b.probability - a.probability);
  expect(result.riskGroupChanged).toBe(a.riskGroup !== b.riskGroup);
  expect(result.warnings).toEqual([]);
  comparisonOfTheDemo = result;
  console.log(`demo readers on T2: Dice ${result.dice}, HD95 ${result.hausdorff95Mm} mm, volume ${result.volumeDifferencePercent.toFixed(2)} %, probability ${a.probability} -> ${b.probability}`);
}, 120_000);

test("reader A's SEG vs the RTSTRUCT on T2 (masks only): within plastimatch's rasterisation of the contours", () => {
  const expected = reference.cases.segA_vs_rtstruct;
  const result = compareReadersOnStudy({ images: { T2: images.T2 }, compareOn: 'T2', readers: [readerA, rtstruct], params: loadParams({ imageType: { Original: {} }, featureClass: { firstorder: ['Mean'] } }) });
  expect(result.voxelsA).toBe(expected.voxelsA);
  // Our contour rasterisation and plastimatch's may differ on boundary voxels (docs/dicom.md).
  expect(Math.abs(result.voxelsB - expected.voxelsB)).toBeLessThanOrEqual(0.005 * expected.voxelsB);
  expect(Math.abs(result.dice - expected.dice)).toBeLessThan(0.005);
  expect(Math.abs(result.hausdorff95Mm - expected.hausdorff95Mm)).toBeLessThanOrEqual(images.T2.volume.spacing[0] + 1e-9);
  expect(result.predictionA).toBeUndefined();
});

test('an ROI in another frame of reference, or one that leaves the image, is refused with a message that says so', () => {
  const elsewhere = { ...images.T2, frameOfReferenceUID: '1.2.3.4' };
  expect(() => readerMask(readerA, elsewhere)).toThrow(/reader A cannot be placed on the images: .*frame of reference .*not registered/);
  const shifted: SeriesVolume = { ...images.T2, seriesInstanceUID: 'shifted', volume: { ...images.T2.volume, origin: [images.T2.volume.origin[0] + 100, images.T2.volume.origin[1], images.T2.volume.origin[2]] } };
  expect(() => readerMask(readerA, shifted)).toThrow(/reader A cannot be placed on the images: .*outside the image/);
  expect(() => compareReadersOnStudy({ images: { T2: images.T2 }, compareOn: 'T2', readers: [readerA, readerB], params, card })).toThrow(/card needs T1, T1C/);
});

test('Store in PACS with a comparison: the SR holds it (dciodvfy-clean) and gives it back when reloaded', async () => {
  if (!comparisonOfTheDemo) throw new Error('the comparison test above did not finish');
  const uid = (ds: DicomDataset, keyword: string) => ds[keyword] as string;
  const segA = readerA.roiDataset;
  const segB = readerB.roiDataset;
  const displaySets: DisplaySetLike[] = [
    ...Object.entries(instances).map(([sequence, series]) => ({ displaySetInstanceUID: sequence, SeriesInstanceUID: uid(series[0], 'SeriesInstanceUID'), Modality: 'MR', instances: series })),
    ...[segA, segB].map((seg) => ({ displaySetInstanceUID: uid(seg, 'SeriesInstanceUID'), SeriesInstanceUID: uid(seg, 'SeriesInstanceUID'), Modality: 'SEG', instances: [seg] })),
  ];
  const reader = (seg: DicomDataset, name: string, drawnOn: string): ReaderRoiInput => ({
    seriesInstanceUID: uid(seg, 'SeriesInstanceUID'), modality: 'SEG', number: 1, label: 'GTV recurrent tumour', readerLabel: `${name}: GTV recurrent tumour, SEG`, drawnOnSeriesInstanceUID: drawnOn,
  });
  const compared: CompareResult = {
    ...comparisonOfTheDemo,
    compareOn: 'T2',
    readers: [reader(segA, 'reader A (SYNTHETIC READER A)', uid(instances.T1C[0], 'SeriesInstanceUID')), reader(segB, 'reader B (SYNTHETIC READER B)', uid(instances.T2[0], 'SeriesInstanceUID'))],
    readerRois: [roiReferenceOf(segA, 1), roiReferenceOf(segB, 1)],
    elapsedMs: 1,
  };
  // The panel's computed result: reader A's ROI on every sequence, as Compute would have given it.
  const computed = {
    probability: comparisonOfTheDemo.predictionA!.probability,
    riskGroup: comparisonOfTheDemo.predictionA!.riskGroup,
    riskGroupLabel: comparisonOfTheDemo.predictionA!.riskGroupLabel,
    threshold: card.threshold.value,
    card: { name: card.name, version: card.version, notForClinicalUse: card.notForClinicalUse },
    features: Object.fromEntries(Object.entries(comparisonOfTheDemo.featuresA).flatMap(([sequence, f]) => Object.entries(f).map(([k, v]) => [`${k}_${sequence}`, v]))),
  } as unknown as ComputeResult;
  const request = {
    studyInstanceUID: uid(instances.T2[0], 'StudyInstanceUID'),
    dicomweb: { wadoRoot: 'unused', headers: {} },
    cardUrl: 'unused',
    sequences: (['T1', 'T2', 'T1C'] as const).map((sequence) => ({ sequence, seriesInstanceUID: uid(instances[sequence][0], 'SeriesInstanceUID'), roi: compared.readers[0] })),
  };
  const comparison = toSrComparison(compared);
  const sr = buildPrnnSr(srInputOf(computed, request, { displaySets, cardSha256: 'c'.repeat(64), extractionSettings: '{}', softwareVersion: 'test', comparison }));
  const path = join(workDir, 'sr-with-comparison.dcm');
  writeFileSync(path, toPart10(sr));
  const check = dciodvfy(path);
  expect(check.errors).toEqual([]);
  expect(check.undocumented).toEqual([]);
  const stored = readPrnnSr(await readDicomFile(path));
  expect(stored.comparison).toEqual(comparison);
  expect(stored.comparison).toMatchObject({
    readerA: 'reader A (SYNTHETIC READER A): GTV recurrent tumour, SEG on T2',
    dice: reference.cases.segA_vs_segB.dice,
    hausdorff95Mm: reference.cases.segA_vs_segB.hausdorff95Mm,
    riskGroupChanged: false,
  });
  // Each reader's SEG segment is referenced (and listed in the evidence), not only named in its label.
  const roiOf = (seg: DicomDataset) => ({ kind: 'SEG', sopClassUID: uid(seg, 'SOPClassUID'), sopInstanceUID: uid(seg, 'SOPInstanceUID'), seriesInstanceUID: uid(seg, 'SeriesInstanceUID'), studyInstanceUID: uid(seg, 'StudyInstanceUID'), number: 1, name: 'GTV recurrent tumour' });
  expect(stored.comparison!.readerRois).toEqual([roiOf(segA), roiOf(segB)]);
  const evidence = (sr.CurrentRequestedProcedureEvidenceSequence as DicomDataset[]).flatMap((study) => (study.ReferencedSeriesSequence as DicomDataset[]).flatMap((series) => (series.ReferencedSOPSequence as DicomDataset[]).map((i) => i.ReferencedSOPInstanceUID)));
  expect(evidence).toEqual(expect.arrayContaining([uid(segA, 'SOPInstanceUID'), uid(segB, 'SOPInstanceUID')]));
  expect(Object.keys(stored.comparison!.relativeDifferences)).toHaveLength(Object.keys(comparisonOfTheDemo.featuresA.T2).length);
  // The comparison adds no measurement group, so Recompute still checks the three sequences of the result only.
  expect(stored.sequences.map((s) => s.sequence)).toEqual(['T1', 'T2', 'T1C']);
});
