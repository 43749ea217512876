/**
 * The panel's "Compare readers" section: ROIs listed with reader, object, series and date; what stops a comparison;
 * the request sent to the worker; the result shown (Dice, HD95, volumes, verdict, signature features); the SR
 * comparison given to Store; and the comparison of a stored SR shown again.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { CompareController, toSrComparison } from '../../extension/src/panels/compare/controller';
import type { CompareClient } from '../../extension/src/panels/compare/client';
import { CompareSection } from '../../extension/src/panels/compare/CompareSection';
import { describeReaderRoi, personName, readerRoiOptions } from '../../extension/src/panels/compare/readerRois';
import { PanelController } from '../../extension/src/panels/controller';
import { classifyStudy } from '../../extension/src/panels/classify';
import { ResultsController } from '../../extension/src/panels/results/controller';
import type { DisplaySetLike } from '../../extension/src/panels/studyData';
import { MemoryPendingStore } from '../../extension/src/results';
import type { CompareRequest, CompareResult, ComputeProgress } from '../../extension/src/worker/api';
import { cardSummary, FRAME, RTSTRUCT, SEG, STUDY, T1, T1C, T2 } from '../extension/fixtures';
import { viewerRoiOptions, type ViewerSegment } from '../../extension/src/services/viewerSegmentations';

const card = cardSummary();

const withReaders = (ds: DisplaySetLike, fields: Record<string, unknown>): DisplaySetLike => ({ ...ds, SeriesNumber: ds.Modality === 'SEG' ? 100 : 101, instances: [{ ...ds.instances![0], ...fields }] });
const seg = withReaders(SEG, { ContentCreatorName: [{ Alphabetic: 'Doe^Jane' }], ContentDate: '20240115' });
const rtstruct = withReaders(RTSTRUCT, { StructureSetDate: '20240116', RTROIObservationsSequence: [{ ReferencedROINumber: 5, ROIInterpreter: 'Roe^Rick' }] });
const study = [T1, T2, T1C, seg, rtstruct];

function setUp() {
  const panel = new PanelController({
    client: { describeCard: async () => card, compute: () => Promise.reject(new Error('not in this test')), cancel: () => {} },
    classify: classifyStudy,
    cardUrl: 'card.json',
    buildRequest: () => Promise.reject(new Error('not in this test')),
  });
  const runs: { request: CompareRequest; onProgress: (p: ComputeProgress) => void; resolve: (r: CompareResult) => void; reject: (e: Error) => void }[] = [];
  const client: CompareClient = {
    compareReaders: (request, onProgress) => new Promise((resolve, reject) => runs.push({ request, onProgress, resolve, reject })),
    cancel: () => runs.at(-1)?.reject(new Error('Cancelled')),
  };
  const compare = new CompareController(panel, client, async (studyInstanceUID, compareOn, images, readers) => ({
    studyInstanceUID, dicomweb: { wadoRoot: 'http://viewer/dicom-web', headers: {} }, cardUrl: 'card.json', compareOn, images, readers,
  }));
  panel.setStudy(STUDY, study);
  compare.setStudy(STUDY, study);
  return { panel, compare, runs };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function resultFor(request: CompareRequest): CompareResult {
  return {
    compareOn: request.compareOn,
    readers: request.readers,
    readerA: request.readers[0].readerLabel,
    readerB: request.readers[1].readerLabel,
    readerRois: request.readers.map((r) => ({ kind: r.modality, sopClassUID: '1.2.840.10008.5.1.4.1.1.66.4', sopInstanceUID: `${r.seriesInstanceUID}.1`, seriesInstanceUID: r.seriesInstanceUID, studyInstanceUID: STUDY, number: r.number, name: r.label })) as CompareResult['readerRois'],
    voxelsA: 100, voxelsB: 110, intersection: 95,
    dice: 190 / 210, hausdorff95Mm: 1.35,
    volumeAMm3: 1000, volumeBMm3: 1100, volumeDifferenceMm3: 100, volumeDifferencePercent: 10,
    relativeDifferences: { original_firstorder_Mean: 0.02 },
    allRelativeDifferences: { original_firstorder_Mean_T2: 0.02, original_firstorder_Mean_T1: -0.5, original_glcm_Idmn_T1C: NaN },
    featuresA: { T2: { original_firstorder_Mean: 50 } },
    featuresB: { T2: { original_firstorder_Mean: 51 } },
    signatureFeatures: [{ name: 'original_firstorder_Mean_T2', a: 50, b: 51, relativeDifference: 0.02 }],
    predictionA: { probability: 0.45, riskGroup: 'low', riskGroupLabel: 'Low risk' },
    predictionB: { probability: 0.55, riskGroup: 'high', riskGroupLabel: 'High risk' },
    probabilityDifference: 0.1,
    riskGroupChanged: true,
    warnings: [],
    elapsedMs: 2500,
  };
}

test('ROIs are listed with reader, object, series and date', () => {
  const rois = readerRoiOptions(study);
  expect(rois.map(describeReaderRoi)).toEqual([
    'GTV · SEG · Doe, Jane · #100 Tumour SEG · 2024-01-15',
    'Necrosis · SEG · Doe, Jane · #100 Tumour SEG · 2024-01-15',
    'GTV_T2 · RTSTRUCT · Roe, Rick · #101 Contours · 2024-01-16',
  ]);
  expect([personName('SYNTHETIC^READER^A'), personName([{ Alphabetic: 'Doe' }]), personName(undefined)]).toEqual(['SYNTHETIC, READER A', 'Doe', '']);
});

test('Compare: problems until two ROIs are chosen; the request names every card sequence and where each ROI was drawn; the result and verdict are shown', async () => {
  const { panel, compare, runs } = setUp();
  await panel.loadCard();
  expect(compare.getSnapshot().problems).toEqual(['Choose the ROI of reader A and the ROI of reader B.']);
  const [gtv, , contours] = readerRoiOptions(study);
  compare.chooseRoi('A', gtv.key);
  compare.chooseRoi('B', gtv.key);
  expect(compare.getSnapshot().problems).toEqual(['Reader A and reader B are the same ROI: choose two different ones.']);
  compare.chooseRoi('B', contours.key);
  // Reader B drew on T2: the comparison's grid follows.
  expect(compare.getSnapshot()).toMatchObject({ problems: [], compareOn: { value: 'T2', source: 'auto' } });

  void compare.compare();
  await flush();
  expect(runs).toHaveLength(1);
  const { request } = runs[0];
  expect(request.compareOn).toBe('T2');
  expect(request.images).toEqual([
    { sequence: 'T2', seriesInstanceUID: T2.SeriesInstanceUID },
    { sequence: 'T1', seriesInstanceUID: T1.SeriesInstanceUID },
    { sequence: 'T1C', seriesInstanceUID: T1C.SeriesInstanceUID },
  ]);
  expect(request.readers).toEqual([
    { seriesInstanceUID: SEG.SeriesInstanceUID, modality: 'SEG', number: 1, label: 'GTV', readerLabel: 'reader A (Doe, Jane): GTV, SEG #100', drawnOnSeriesInstanceUID: T1.SeriesInstanceUID },
    { seriesInstanceUID: RTSTRUCT.SeriesInstanceUID, modality: 'RTSTRUCT', number: 5, label: 'GTV_T2', readerLabel: 'reader B (Roe, Rick): GTV_T2, RTSTRUCT #101', drawnOnSeriesInstanceUID: T2.SeriesInstanceUID },
  ]);
  runs[0].onProgress({ fraction: 0.4, message: 'T2, reader A: glcm' });
  const results = new ResultsController({
    dicomWebRoot: () => 'http://viewer/dicom-web', headers: () => ({}), fetch: globalThis.fetch, pending: new MemoryPendingStore(),
    srContext: () => Promise.reject(new Error('not in this test')),
  } as unknown as ConstructorParameters<typeof ResultsController>[0]);
  const render = () => renderToStaticMarkup(createElement(CompareSection, { controller: compare, results }));
  expect(render()).toContain('40 % · T2, reader A: glcm');
  expect(compare.comparisonForSr(STUDY)).toBeUndefined();

  runs[0].resolve(resultFor(request));
  await flush();
  const html = render();
  expect(html).toMatch(/data-testid="prnn-compare-dice">0\.905</);
  expect(html).toMatch(/data-testid="prnn-compare-hd95">1\.35 mm</);
  expect(html).toContain('1.00 → 1.10 cm³ (+100 mm³, +10.0 %)');
  expect(html).toMatch(/data-testid="prnn-compare-verdict" data-changed="true"[^>]*>Risk group changes: Low risk → High risk/);
  expect(html).toContain('All 3 features: median |relative difference| 50.0 %, 1 within ±5 %, 1 undefined (zero for reader A)');
  expect(compare.comparisonForSr(STUDY)).toEqual({ comparison: toSrComparison(resultFor(request)), roiSegs: [] });
  expect(compare.comparisonForSr(STUDY)?.comparison.readerB).toBe('reader B (Roe, Rick): GTV_T2, RTSTRUCT #101 on T2');
  expect(compare.comparisonForSr('another study')).toBeUndefined();

  // Another grid makes the shown result stale: Store would no longer include it.
  compare.chooseSequence('T1');
  expect(compare.getSnapshot().resultIsStale).toBe(true);
  expect(compare.comparisonForSr(STUDY)).toBeUndefined();
});

test('an ROI in another frame of reference is refused before anything is computed', async () => {
  const { panel, compare } = setUp();
  await panel.loadCard();
  const elsewhere = withReaders(RTSTRUCT, { ReferencedFrameOfReferenceSequence: { FrameOfReferenceUID: '9.9.9', RTReferencedStudySequence: [] }, StructureSetROISequence: [{ ROINumber: 5, ROIName: 'GTV_T2', ReferencedFrameOfReferenceUID: '9.9.9' }] });
  compare.setStudy(STUDY, [T1, T2, T1C, seg, elsewhere]);
  const [gtv, , contours] = readerRoiOptions([T1, T2, T1C, seg, elsewhere]);
  compare.chooseRoi('A', gtv.key);
  compare.chooseRoi('B', contours.key);
  // Reader B's structure set names no series, so the grid follows reader A's (drawn on T1).
  expect(compare.getSnapshot().compareOn.value).toBe('T1');
  expect(compare.getSnapshot().problems[0]).toBe(
    `Different frame of reference: reader B's ROI 'GTV_T2' is in 9.9.9, the T1 series in ${FRAME}; it cannot be placed on that series. Choose ROIs drawn on this study's registered series.`,
  );
});

test("a stored SR's comparison is shown again", async () => {
  const { compare } = setUp();
  const stored = {
    sopInstanceUID: '1', seriesInstanceUID: '2', studyInstanceUID: STUDY, contentDateTime: '2026-11-27T01:02:03.456Z', observer: { person: 'Roe^Rick' }, sequences: [],
    comparison: { readerA: 'reader A on T2', readerB: 'reader B on T2', dice: 0.91, hausdorff95Mm: 1.35, volumeAMm3: 6703.36, volumeBMm3: 7551.73, relativeDifferences: {}, probabilityDifference: 0.161, riskGroupChanged: false },
  };
  const results = { subscribe: () => () => {}, getSnapshot: () => ({ stored: { status: 'loaded', results: [stored] } }) } as unknown as ResultsController;
  const html = renderToStaticMarkup(createElement(CompareSection, { controller: compare, results }));
  expect(html).toContain('data-testid="prnn-compare-stored"');
  expect(html).toMatch(/data-testid="prnn-compare-stored-dice">0\.910</);
  expect(html).toMatch(/data-testid="prnn-compare-stored-hd95">1\.35 mm</);
  expect(html).toContain('+0.161');
  expect(html).toContain('Risk group unchanged between the readers');
  expect(html).toContain('Roe^Rick, 2026-11-27 01:02:03Z');
});

test('an ROI drawn in the viewer is offered as such, sent with its labels and the series it was drawn on; its SEG goes with the comparison to Store; an edit makes the comparison stale', async () => {
  const { panel, compare, runs } = setUp();
  await panel.loadCard();
  const drawn = (labels: number[]): ViewerSegment => ({
    segmentationId: 'uuid-1', segmentIndex: 1, label: 'GTV drawn', seriesInstanceUID: T2.SeriesInstanceUID, origin: 'drawn',
    slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from(labels) }],
  });
  const refresh = (labels: number[]) => compare.setStudy(STUDY, study, viewerRoiOptions([drawn(labels)], study));
  refresh([0, 1, 1, 0]);
  const rois = compare.getSnapshot().rois;
  expect(rois.map(describeReaderRoi).at(-1)).toBe('GTV drawn · SEG · drawn in the viewer');
  compare.chooseRoi('A', `${SEG.SeriesInstanceUID}#1`);
  compare.chooseRoi('B', 'viewer:uuid-1#1');
  expect(compare.getSnapshot().problems).toEqual([]);
  void compare.compare();
  await flush();
  const { request } = runs[0];
  expect(request.compareOn).toBe('T2');
  expect(request.readers[1]).toEqual({
    seriesInstanceUID: T2.SeriesInstanceUID, modality: 'SEG', number: 1, label: 'GTV drawn', readerLabel: 'reader B (drawn in the viewer): GTV drawn, SEG',
    drawnOnSeriesInstanceUID: T2.SeriesInstanceUID, viewerRoi: { segmentIndex: 1, slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from([0, 1, 1, 0]) }] },
  });
  const seg = { SOPInstanceUID: '2.25.77', Modality: 'SEG' };
  runs[0].resolve({ ...resultFor(request), viewerRoiSegs: { B: seg } });
  await flush();
  expect(compare.comparisonForSr(STUDY)).toMatchObject({
    comparison: { readerB: 'reader B (drawn in the viewer): GTV drawn, SEG (stored as SEG 2.25.77, segment 1) on T2' },
    roiSegs: [seg],
  });
  refresh([0, 1, 1, 0]);
  expect(compare.getSnapshot().resultIsStale).toBe(false);
  refresh([0, 1, 1, 1]);
  expect(compare.getSnapshot().resultIsStale).toBe(true);
  expect(compare.comparisonForSr(STUDY)).toBeUndefined();
});
