/**
 * An ROI drawn in the viewer, end to end through the real code: a stand-in for OHIF 3.13's segmentationService holds
 * a labelmap on the T2 series (reader B's outline of the demo study), ViewerSegmentationTracker finds it, the panel
 * offers it for T2, the worker pipeline computes on it (in process), and Store in PACS sends its SEG and then the SR
 * to the embedded DICOMweb server. Both are dciodvfy-clean, the SR references the SEG's segment, the SEG read back
 * holds the same voxels, and Recompute after reopening finds it. A PACS that cannot take the SEG keeps both.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roiToMask } from '../../../extension/src/dicom/masks';
import { readDicomFile, readDicomImages } from '../../../extension/src/dicom/node/load';
import { seriesToVolume, type SeriesVolume } from '../../../extension/src/dicom/series';
import type { DicomDataset } from '../../../extension/src/dicom/dataset';
import { MemoryPendingStore, ResultStore } from '../../../extension/src/results';
import type { Fetch } from '../../../extension/src/results';
import { ResultsController, type ResultsHost } from '../../../extension/src/panels/results/controller';
import { recomputeInputsOf } from '../../../extension/src/panels/results/recomputeInputs';
import { PanelController } from '../../../extension/src/panels/controller';
import { classifyStudy } from '../../../extension/src/panels/classify';
import { roiKey } from '../../../extension/src/panels/model';
import type { DisplaySetLike } from '../../../extension/src/panels/studyData';
import { ViewerSegmentationTracker, viewerRoiOptions, type SegmentationServiceLike } from '../../../extension/src/services/viewerSegmentations';
import { computeComparison, computeRisk, describeCard } from '../../../extension/src/worker/pipeline';
import type { ComputeRequest, ComputeResult } from '../../../extension/src/worker/api';
import { CompareController } from '../../../extension/src/panels/compare/controller';
import { describeReaderRoi } from '../../../extension/src/panels/compare/readerRois';
import { REPO_ROOT } from '../../support/fixtures';
import type { Volume } from '../../../extension/src/radiomics/image/volume';
import { startDicomWebServer, type RunningServer } from '../../../servers/dicomweb/server';
import { DicomStore } from '../../../servers/dicomweb/store';
import { ensureSamples } from '../../../servers/samples/generate';
import { dciodvfy } from '../../sr/dciodvfy';

// dicomweb-client speaks XMLHttpRequest (Node lacks it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = require('xhr2');

const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const workDir = mkdtempSync(join(tmpdir(), 'prnn-viewer-roi-'));
let demo: string;
let server: RunningServer;
let displaySets: DisplaySetLike[];
let t2: SeriesVolume;
let readerB: Volume<Uint8Array>;
let studyInstanceUID: string;
const cardUrl = 'http://viewer.test/models/demo-synthetic.card.json';
const cardText = readFileSync(join(__dirname, '../../../models/demo-synthetic.card.json'), 'utf8');
// The card as the viewer serves it, parsed in this realm: Node's fetch builds its JSON in another realm, where
// ml-random-forest's array checks fail.
const nativeFetch = globalThis.fetch;
/** A one-feature card on T2 whose extraction is only shape and Mean: a reader comparison with it takes seconds. */
const t2CardUrl = 'http://viewer.test/models/t2-volume.card.json';
const t2CardText = JSON.stringify({
  cardFormat: 'prnn-model-card/1',
  name: 'T2 volume stump',
  version: '1',
  intendedUse: 'tests',
  notForClinicalUse: true,
  provenance: { kind: 'synthetic', date: '2026-11-27', codeVersion: 'test', cohorts: [{ name: 'none', patients: 0 }] },
  extraction: { params: 'imageType:\n  Original: {}\nfeatureClass:\n  shape: [VoxelVolume]\n  firstorder: [Mean]\n', sequences: ['T2'] },
  features: [{ name: 'original_shape_VoxelVolume_T2', sequence: 'T2', mean: 2000, std: 500 }],
  model: { kind: 'sklearn-forest', classes: [0, 1], positiveClass: 1, trees: [{ childrenLeft: [1, -1, -1], childrenRight: [2, -1, -1], feature: [0, -2, -2], threshold: [0, -2, -2], value: [[0.5, 0.5], [0.8, 0.2], [0.2, 0.8]] }] },
  threshold: { value: 0.5, method: 'manual' },
  riskGroups: { low: { label: 'Low risk' }, high: { label: 'High risk' } },
  performance: [],
});
const cards: Record<string, string> = { [cardUrl]: cardText, [t2CardUrl]: t2CardText };
globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) =>
  cards[String(url)] !== undefined ? ({ ok: true, status: 200, json: async () => JSON.parse(cards[String(url)]) } as Response) : nativeFetch(url, init)) as typeof fetch;

const imageIdOf = (sop: unknown) => `wadors:${String(sop)}`;

async function displaySetOf(folder: string, id: string): Promise<DisplaySetLike> {
  const instances = folder.endsWith('.dcm') ? [await readDicomFile(join(demo, folder))] : await readDicomImages(join(demo, folder));
  const first = instances[0];
  return {
    displaySetInstanceUID: id,
    StudyInstanceUID: first.StudyInstanceUID as string,
    SeriesInstanceUID: first.SeriesInstanceUID as string,
    SeriesDescription: first.SeriesDescription as string,
    SeriesNumber: first.SeriesNumber as number,
    Modality: first.Modality as string,
    instances: instances.map((instance) => ({ ...instance, imageId: imageIdOf(instance.SOPInstanceUID) })),
  };
}

beforeAll(async () => {
  demo = join(await ensureSamples(), 'demo');
  displaySets = await Promise.all([
    displaySetOf('t1', 'ds-t1'),
    displaySetOf('t2', 'ds-t2'),
    displaySetOf('t1c', 'ds-t1c'),
    displaySetOf('seg/tumour-seg.dcm', 'ds-seg'),
    displaySetOf('rtstruct/tumour-rtstruct.dcm', 'ds-rtstruct'),
  ]);
  studyInstanceUID = displaySets[0].StudyInstanceUID!;
  t2 = seriesToVolume(displaySets[1].instances as DicomDataset[]);
  readerB = roiToMask(await readDicomFile(join(demo, 'seg-reader-b', 'tumour-seg.dcm')), t2, 1);
  server = await startDicomWebServer(DicomStore.open({ folders: [demo], storeDir: join(workDir, 'store') }));
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/**
 * OHIF 3.13's segmentation state for one labelmap drawn on T2, and cornerstone's image cache holding its labels:
 * reader B's outline as segment 2, one labelmap image per T2 slice.
 */
function tracker(): ViewerSegmentationTracker {
  const plane = t2.volume.size[0] * t2.volume.size[1];
  const labels = new Map(t2.slices.map((_, k) => [`labelmap:${k}`, Uint8Array.from(readerB.data.subarray(k * plane, (k + 1) * plane), (v) => (v ? 2 : 0))]));
  const service: SegmentationServiceLike = {
    EVENTS: { SEGMENTATION_DATA_MODIFIED: 'event::segmentation_data_modified' },
    getSegmentations: () => [
      {
        segmentationId: '0b9c4d7e-drawn',
        label: 'Segmentation 1',
        segments: { 2: { label: 'GTV drawn' } },
        representationData: { Labelmap: { imageIds: [...labels.keys()], referencedImageIds: t2.slices.map((s) => imageIdOf(s.sopInstanceUID)) } },
      },
    ],
    subscribe: () => ({ unsubscribe: () => undefined }),
  };
  return new ViewerSegmentationTracker(service, () => ({ getImage: (id) => (labels.has(id) ? { getPixelData: () => labels.get(id)! } : undefined) }));
}

/** The panel with the viewer's ROI chosen for T2, computing in process with the worker's pipeline (once for all tests). */
let computed: Promise<{ result: ComputeResult; request: ComputeRequest }> | undefined;
const computeOnViewerRoi = () => (computed ??= computeWithPanel());

async function computeWithPanel(): Promise<{ result: ComputeResult; request: ComputeRequest }> {
  let request: ComputeRequest | null = null;
  const panel = new PanelController({
    client: { describeCard, compute: computeRisk, cancel: () => undefined },
    classify: classifyStudy,
    cardUrl,
    // The images as the viewer holds them (lossless: services/viewerPixels.ts); the ROIs in the PACS over DICOMweb.
    buildRequest: async (study, sequences) =>
      (request = {
        studyInstanceUID: study,
        dicomweb: { wadoRoot: `${server.url}/dicom-web`, headers: {} },
        cardUrl,
        sequences: sequences.map((s) => ({ ...s, viewerInstances: displaySets.find((ds) => ds.SeriesInstanceUID === s.seriesInstanceUID)!.instances as DicomDataset[] })),
      }),
  });
  await panel.loadCard();
  panel.setStudy(studyInstanceUID, displaySets, viewerRoiOptions(tracker().segments(displaySets), displaySets));
  const offered = panel.getSnapshot().rois.find((r) => r.viewer);
  expect(offered).toMatchObject({ label: 'GTV drawn', sourceDescription: 'drawn in the viewer', modality: 'SEG', referencedSeriesInstanceUIDs: [t2.seriesInstanceUID] });
  panel.chooseRoi('T2', offered!.key);
  expect(panel.getSnapshot().selection.series.T2.value).toBe(t2.seriesInstanceUID);
  await panel.compute();
  const { run } = panel.getSnapshot();
  if (run.status !== 'done') throw new Error(`compute did not finish: ${JSON.stringify(run)}`);
  return { result: run.result, request: request! };
}

function host(root: () => string, fetch: ResultsHost['fetch'], pending = new MemoryPendingStore()): ResultsHost {
  return {
    dicomWebRoot: root,
    headers: () => ({}),
    fetch,
    pending,
    displaySets: () => displaySets,
    srContext: async () => ({ displaySets, cardSha256: 'c'.repeat(64), extractionSettings: '{}', softwareVersion: '@prnn/extension-prnn test', observerName: 'Reader^B' }),
    sleep: async () => undefined,
  };
}

/** What each STOW-RS carried, by the SOP class of its file meta (MediaStorageSOPClassUID, the first UID in it). */
function stowKinds(calls: Uint8Array[]): string[] {
  return calls.map((body) => (Buffer.from(body).toString('latin1').match(/1\.2\.840\.10008\.5\.1\.4\.1\.1\.[\d.]+/)?.[0] === SEG_CLASS ? 'SEG' : 'SR'));
}

test('a labelmap drawn in the viewer: offered for T2, computed on, stored as SEG then SR (both dciodvfy-clean), read back voxel for voxel, found by Recompute after reopening', async () => {
  const { result, request } = await computeOnViewerRoi();
  const seg = result.viewerRoiSegs?.T2;
  if (!seg) throw new Error('the result holds no SEG of the viewer ROI');
  // The worker posts the result back to the page: it must survive structured cloning.
  expect(() => structuredClone(result)).not.toThrow();
  expect(Object.keys(result.viewerRoiSegs!)).toEqual(['T2']);
  expect(request.sequences.find((s) => s.sequence === 'T2')?.viewerRoi?.segmentIndex).toBe(2);

  const posted: Uint8Array[] = [];
  const results = new ResultsController(
    host(() => `${server.url}/dicom-web`, (async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') posted.push(init.body as Uint8Array);
      return fetch(url, init);
    }) as typeof fetch),
  );
  await results.openStudy(studyInstanceUID);
  results.resultComputed(result, request);
  await results.store();
  expect(results.getSnapshot().store).toEqual({ status: 'stored', message: "The SEG of ROI 'GTV drawn' stored in the PACS. PRNN result SR stored in the PACS." });
  expect(stowKinds(posted)).toEqual(['SEG', 'SR']);

  // What the PACS holds, as files, read back.
  const segFile = join(workDir, 'store', studyInstanceUID, `${String(seg.SOPInstanceUID)}.dcm`);
  const segCheck = dciodvfy(segFile);
  expect(segCheck.errors).toEqual([]);
  expect(segCheck.undocumented).toEqual([]);
  const storedSeg = await readDicomFile(segFile);
  expect(roiToMask(storedSeg, t2, 1).data).toEqual(readerB.data);

  const reopened = new ResultsController(host(() => `${server.url}/dicom-web`, fetch));
  await reopened.openStudy(studyInstanceUID);
  const stored = reopened.getSnapshot().stored;
  if (stored.status !== 'loaded') throw new Error(`stored results not loaded: ${JSON.stringify(stored)}`);
  const [sr] = stored.results;
  expect(dciodvfy(join(workDir, 'store', studyInstanceUID, `${sr.sopInstanceUID}.dcm`)).errors).toEqual([]);
  expect(sr.sequences.find((s) => s.sequence === 'T2')?.roi).toEqual({ kind: 'SEG', sopInstanceUID: storedSeg.SOPInstanceUID, number: 1, name: 'GTV drawn' });
  expect(sr.sequences.find((s) => s.sequence === 'T1')?.roi.kind).not.toBeUndefined();

  // Reopened, the viewer lists the stored SEG as a display set: Recompute selects it for T2.
  const segDisplaySet: DisplaySetLike = { displaySetInstanceUID: 'ds-viewer-seg', StudyInstanceUID: studyInstanceUID, SeriesInstanceUID: String(storedSeg.SeriesInstanceUID), Modality: 'SEG', instances: [storedSeg] };
  const inputs = recomputeInputsOf(sr, [...displaySets, segDisplaySet], ['T1', 'T2', 'T1C']);
  if (!inputs.found) throw new Error(inputs.message);
  expect(inputs.inputs.find((i) => i.sequence === 'T2')).toEqual({ sequence: 'T2', seriesInstanceUID: t2.seriesInstanceUID, roiKey: roiKey(String(storedSeg.SeriesInstanceUID), 1) });

}, 120_000);

test("Compare readers: the ROI drawn in the viewer is offered, compared from its labelmap (reader B's outline: the demo readers' reference Dice), and Store in PACS stores its SEG before the SR whose comparison names it", async () => {
  // A PACS of its own: what this test stores is all it holds besides the demo study.
  const pacs = await startDicomWebServer(DicomStore.open({ folders: [demo], storeDir: join(workDir, 'store-compare') }));
  try {
    const viewerInstances = (uid: string) => displaySets.find((ds) => ds.SeriesInstanceUID === uid)!.instances as DicomDataset[];
    const panel = new PanelController({
      client: { describeCard, compute: computeRisk, cancel: () => undefined },
      classify: classifyStudy,
      cardUrl: t2CardUrl,
      buildRequest: async (study, sequences) => ({
        studyInstanceUID: study,
        dicomweb: { wadoRoot: `${pacs.url}/dicom-web`, headers: {} },
        cardUrl: t2CardUrl,
        sequences: sequences.map((s) => ({ ...s, viewerInstances: viewerInstances(s.seriesInstanceUID) })),
      }),
    });
    const compare = new CompareController(panel, { compareReaders: computeComparison, cancel: () => undefined }, async (study, compareOn, images, readers) => ({
      studyInstanceUID: study,
      dicomweb: { wadoRoot: `${pacs.url}/dicom-web`, headers: {} },
      cardUrl: t2CardUrl,
      compareOn,
      readers,
      images: images.map((image) => ({ ...image, viewerInstances: viewerInstances(image.seriesInstanceUID) })),
    }));
    await panel.loadCard();
    const fromViewer = viewerRoiOptions(tracker().segments(displaySets), displaySets);
    panel.setStudy(studyInstanceUID, displaySets, fromViewer);
    compare.setStudy(studyInstanceUID, displaySets, fromViewer);
    const { rois } = compare.getSnapshot();
    expect(rois.map(describeReaderRoi)).toContain('GTV drawn · SEG · drawn in the viewer');
    const readerA = rois.find((r) => r.sourceSeriesInstanceUID === displaySets[3].SeriesInstanceUID && r.number === 1)!;
    const drawn = rois.find((r) => r.viewer)!;
    compare.chooseRoi('A', readerA.key);
    compare.chooseRoi('B', drawn.key);
    expect(compare.getSnapshot().compareOn.value).toBe('T2');
    await compare.compare();
    const { run } = compare.getSnapshot();
    if (run.status !== 'done') throw new Error(`the comparison did not finish: ${JSON.stringify(run)}`);
    const reference = (JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'compare', 'demo_readers.json'), 'utf8')) as { cases: Record<string, { voxelsB: number; dice: number; hausdorff95Mm: number }> }).cases.segA_vs_segB;
    expect(run.result.voxelsB).toBe(reference.voxelsB);
    expect(run.result.dice).toBeCloseTo(reference.dice, 12);
    expect(run.result.hausdorff95Mm).toBeCloseTo(reference.hausdorff95Mm, 9);
    const seg = run.result.viewerRoiSegs?.B;
    if (!seg || run.result.viewerRoiSegs?.A) throw new Error('the comparison holds no SEG of reader B drawn in the viewer (or one for reader A)');
    expect(() => structuredClone(run.result)).not.toThrow();
    const toStore = compare.comparisonForSr(studyInstanceUID)!;
    expect(toStore.roiSegs).toEqual([seg]);
    expect(toStore.comparison.readerB).toBe(`reader B (drawn in the viewer): GTV drawn, SEG (stored as SEG ${String(seg.SOPInstanceUID)}, segment 1) on T2`);

    // Compute on the study's stored ROIs, then Store: the comparison's SEG goes first, then the SR naming it.
    await panel.compute();
    const computedRun = panel.getSnapshot().run;
    if (computedRun.status !== 'done') throw new Error(`compute did not finish: ${JSON.stringify(computedRun)}`);
    const posted: Uint8Array[] = [];
    const stowHost = host(() => `${pacs.url}/dicom-web`, (async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') posted.push(init.body as Uint8Array);
      return fetch(url, init);
    }) as typeof fetch);
    const results = new ResultsController({
      ...stowHost,
      srContext: async () => ({ ...(await stowHost.srContext()), comparison: toStore.comparison, comparisonRoiSegs: toStore.roiSegs }),
    });
    await results.openStudy(studyInstanceUID);
    const request: ComputeRequest = { studyInstanceUID, dicomweb: { wadoRoot: `${pacs.url}/dicom-web`, headers: {} }, cardUrl: t2CardUrl, sequences: [] };
    results.resultComputed(computedRun.result, { ...request, sequences: [{ sequence: 'T2', seriesInstanceUID: t2.seriesInstanceUID, roi: { seriesInstanceUID: displaySets[4].SeriesInstanceUID, modality: 'RTSTRUCT', number: 1, label: 'GTV' } }] });
    await results.store();
    expect(results.getSnapshot().store).toEqual({ status: 'stored', message: "The SEG of ROI 'GTV drawn' stored in the PACS. PRNN result SR stored in the PACS." });
    expect(stowKinds(posted)).toEqual(['SEG', 'SR']);
    const segFile = join(workDir, 'store-compare', studyInstanceUID, `${String(seg.SOPInstanceUID)}.dcm`);
    expect(dciodvfy(segFile).errors).toEqual([]);
    const storedMask = roiToMask(await readDicomFile(segFile), t2, 1).data;
    expect(storedMask.length).toBe(readerB.data.length);
    expect(storedMask.findIndex((v, k) => v !== readerB.data[k])).toBe(-1);
    const stored = results.getSnapshot().stored;
    if (stored.status !== 'loaded') throw new Error('stored results not loaded');
    expect(stored.results[0].comparison?.readerB).toContain(`stored as SEG ${String(seg.SOPInstanceUID)}`);
  } finally {
    await pacs.close();
  }
}, 120_000);

test('a PACS that cannot take the SEG: SEG and SR kept in the browser (the SR unsent), Retry pending sends the SEG first', async () => {
  const { result, request } = await computeOnViewerRoi();
  const backUp = await startDicomWebServer(DicomStore.open({ folders: [demo], storeDir: join(workDir, 'store-retry') }));
  try {
    let down = true;
    const posted: Uint8Array[] = [];
    const pending = new MemoryPendingStore();
    const results = new ResultsController(
      host(() => `${backUp.url}/dicom-web`, (async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          if (down) throw new Error('connect ECONNREFUSED');
          posted.push(init.body as Uint8Array);
        }
        return fetch(url, init);
      }) as typeof fetch, pending),
    );
    await results.openStudy(studyInstanceUID);
    results.resultComputed(result, request);
    await results.store();
    const kept = results.getSnapshot().store;
    if (kept.status !== 'kept') throw new Error(`expected kept, got ${JSON.stringify(kept)}`);
    expect(kept.message).toMatch(/^The SEG of ROI 'GTV drawn' could not be stored after 4 attempts: .*ECONNREFUSED.* nothing is lost.* PRNN result SR was not sent: the SEG of ROI 'GTV drawn' it references could not be stored first/);
    expect(kept.roiDownloads.map((d) => d.filename)).toEqual([`PRNN-${String(result.viewerRoiSegs!.T2!.SOPInstanceUID)}.dcm`]);
    const entries = await pending.list();
    expect(entries.map((e) => [e.id, e.dependsOn])).toEqual([
      [result.viewerRoiSegs!.T2!.SOPInstanceUID, undefined],
      [expect.any(String), result.viewerRoiSegs!.T2!.SOPInstanceUID],
    ]);
    expect(posted).toEqual([]);

    down = false;
    await results.retryPending();
    expect(results.getSnapshot().pending).toEqual({ count: 0, retrying: false, message: '2 kept result(s) stored in the PACS.' });
    expect(stowKinds(posted)).toEqual(['SEG', 'SR']);
    const stored = results.getSnapshot().stored;
    if (stored.status !== 'loaded') throw new Error('stored results not reloaded');
    expect(stored.results[0].sequences.find((s) => s.sequence === 'T2')?.roi.sopInstanceUID).toBe(result.viewerRoiSegs!.T2!.SOPInstanceUID);
  } finally {
    await backUp.close();
  }
}, 120_000);

test('Retry pending: a referenced object goes first whatever order it was kept in; what references an unsent one waits', async () => {
  const pending = new MemoryPendingStore();
  const entry = (id: string, keptAt: string, dependsOn?: string) => ({ id, studyInstanceUID: '1.2', bytes: new TextEncoder().encode(id), filename: `${id}.dcm`, description: id, reason: 'down', keptAt, ...(dependsOn ? { dependsOn } : {}) });
  await pending.put(entry('sr', '2026-01-01T00:00:00.000Z', 'seg'));
  await pending.put(entry('seg', '2026-01-01T00:00:01.000Z'));
  const sent: string[] = [];
  let refuse = true;
  const fetch: Fetch = async (_url, init) => {
    const id = Buffer.from(init.body).toString('latin1').match(/\r\n\r\n(\w+)\r\n/)![1];
    sent.push(id);
    return refuse && id === 'seg' ? { status: 503, ok: false, text: async () => 'busy' } : { status: 200, ok: true, text: async () => '' };
  };
  const store = new ResultStore({ dicomWebRoot: 'http://pacs', fetch, pending });
  expect(await store.retryPending()).toEqual({ stored: [], stillPending: [{ id: 'seg', reason: expect.stringMatching(/503/) }, { id: 'sr', reason: 'it references seg, which is not stored yet' }] });
  expect(sent).toEqual(['seg']);
  refuse = false;
  expect(await store.retryPending()).toEqual({ stored: ['seg', 'sr'], stillPending: [] });
  expect(sent).toEqual(['seg', 'seg', 'sr']);
});
