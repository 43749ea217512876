/**
 * Storing results: STOW-RS with retries and back-off, the pending store (memory and IndexedDB), and the round trip
 * against the embedded DICOMweb server and Orthanc: STOW, QIDO finds it, loadStoredResults (QIDO + WADO-RS Part 10)
 * reads it back as the stored result with every feature value bit for bit, a STOW while the server is stopped keeps
 * the result, and retryPending stores it once the server is back.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { buildPrnnSr, roiReferenceOf, sourceSeriesOf, toPart10 } from '../../extension/src/dicom/sr';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import { type Fetch, IndexedDbPendingStore, loadStoredResults, MemoryPendingStore, ResultStore } from '../../extension/src/results';
import { startDicomWebServer } from '../../servers/dicomweb/server';
import { DicomStore } from '../../servers/dicomweb/store';
import { startOrthanc } from '../../servers/orthanc';
import { fixturePath } from '../support/fixtures';

// loadStoredResults reads through dicomweb-client, which speaks XMLHttpRequest (Node lacks it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = require('xhr2');

const workDir = mkdtempSync(join(tmpdir(), 'prnn-results-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let study: DicomDataset[];
let roi: DicomDataset;
beforeAll(async () => {
  const tiny = fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', '24x38x3');
  study = await readDicomImages(join(tiny, 'image'));
  roi = await readDicomFile(join(tiny, 'seg', 'label.seg'));
});

/** A PRNN SR for the tiny SEG case with a given probability (the transport tests do not need real features). */
function result(probability: number, features: Record<string, number> = { original_shape_VoxelVolume: 123.5, original_firstorder_Mean: 17.25 }) {
  const dataset = buildPrnnSr({
    studyInstance: study[0],
    measurements: [{ sequence: 'T1', series: sourceSeriesOf(study), roi: roiReferenceOf(roi, 1), features }],
    signature: { card: { name: 'test card', version: '2.0.0', sha256: 'b'.repeat(64), notForClinicalUse: true }, probability, riskGroup: probability >= 0.5 ? 'high' : 'low', riskGroupLabel: probability >= 0.5 ? 'High risk' : 'Low risk', threshold: 0.5 },
    observerName: 'Reader^Second',
    softwareVersion: 'prnn-ohif test',
    extractionSettings: 'setting: {}',
  });
  return {
    bytes: toPart10(dataset),
    sopInstanceUID: dataset.SOPInstanceUID as string,
    studyInstanceUID: dataset.StudyInstanceUID as string,
    seriesInstanceUID: dataset.SeriesInstanceUID as string,
    description: 'PRNN result SR',
  };
}

type Step = { status: number; body?: string } | Error;
function scriptedFetch(steps: Step[]): { fetch: Fetch; calls: string[] } {
  const calls: string[] = [];
  const fetch: Fetch = async (url) => {
    calls.push(url);
    const step = steps.shift();
    if (!step) throw new Error('no more scripted answers');
    if (step instanceof Error) throw step;
    return { status: step.status, ok: step.status < 300, text: async () => step.body ?? '' };
  };
  return { fetch, calls };
}

describe('ResultStore with a scripted server', () => {
  test('unreachable: 4 attempts with back-off 1, 2, 4 s, then kept with a download and a clear message', async () => {
    const delays: number[] = [];
    const pending = new MemoryPendingStore();
    const { fetch, calls } = scriptedFetch([new TypeError('fetch failed'), new TypeError('fetch failed'), { status: 503 }, new TypeError('fetch failed')]);
    const store = new ResultStore({ dicomWebRoot: 'http://pacs/dicom-web', fetch, pending, sleep: async (ms) => void delays.push(ms) });
    const object = result(0.7);
    const outcome = await store.store(object);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(calls).toEqual(Array(4).fill(`http://pacs/dicom-web/studies/${object.studyInstanceUID}`));
    expect(outcome.status).toBe('kept');
    if (outcome.status !== 'kept') return;
    expect(outcome.message).toMatch(/could not be stored after 4 attempts: the PACS \(http:\/\/pacs\/dicom-web\) could not be reached: fetch failed\. It is kept in this browser/);
    expect(outcome.download).toEqual({ filename: `PRNN-${object.sopInstanceUID}.dcm`, bytes: object.bytes, mimeType: 'application/dicom' });
    expect((await pending.list()).map((p) => p.id)).toEqual([object.sopInstanceUID]);
  });

  test('409 is a refusal: kept at once, no retries, the server\'s words in the message', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 409, body: '{"00081198":{"vr":"SQ"}}' }]);
    const store = new ResultStore({ dicomWebRoot: 'http://pacs/dicom-web', fetch, pending: new MemoryPendingStore(), sleep: async () => {} });
    const outcome = await store.store(result(0.2));
    expect(calls).toHaveLength(1);
    expect(outcome.status).toBe('kept');
    expect(outcome.message).toMatch(/was refused: the PACS answered HTTP 409: \{"00081198"/);
  });

  test('a transient 503 then 200 stores on the second attempt; retryPending sends kept results', async () => {
    const pending = new MemoryPendingStore();
    const { fetch } = scriptedFetch([{ status: 503 }, { status: 200 }, { status: 500 }, { status: 200 }, { status: 500 }]);
    const store = new ResultStore({ dicomWebRoot: 'http://pacs/dicom-web', fetch, pending, sleep: async () => {}, attempts: 2 });
    expect(await store.store(result(0.1))).toMatchObject({ status: 'stored', attempts: 2 });
    const later = result(0.9);
    expect((await store.store(later)).status).toBe('stored');
    const kept = result(0.3);
    expect((await store.store(kept)).status).toBe('kept');
    expect(await store.retryPending()).toEqual({ stored: [], stillPending: [{ id: kept.sopInstanceUID, reason: expect.stringMatching(/no more scripted answers/) }] });
    expect((await store.pending()).map((p) => p.id)).toEqual([kept.sopInstanceUID]);
  });
});

test('IndexedDbPendingStore keeps bytes and metadata, lists oldest first, removes', async () => {
  const store = new IndexedDbPendingStore(indexedDB, `prnn-test-${Date.now()}`);
  const a = result(0.4);
  const b = result(0.6);
  await store.put({ id: b.sopInstanceUID, studyInstanceUID: b.studyInstanceUID, bytes: b.bytes, filename: 'b.dcm', description: 'B', reason: 'down', keptAt: '2026-11-26T10:00:01.000Z' });
  await store.put({ id: a.sopInstanceUID, studyInstanceUID: a.studyInstanceUID, bytes: a.bytes, filename: 'a.dcm', description: 'A', reason: 'down', keptAt: '2026-11-26T10:00:00.000Z' });
  const listed = await store.list();
  expect(listed.map((p) => p.filename)).toEqual(['a.dcm', 'b.dcm']);
  expect(Buffer.from(listed[0].bytes).equals(Buffer.from(a.bytes))).toBe(true);
  await store.remove(a.sopInstanceUID);
  expect((await store.list()).map((p) => p.filename)).toEqual(['b.dcm']);
});

interface Server {
  root: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

const SERVERS: Record<string, () => Promise<Server>> = {
  embedded: async () => {
    const store = DicomStore.open({ folders: [], storeDir: join(workDir, 'embedded') });
    let running = await startDicomWebServer(store);
    const port = running.port;
    return {
      root: `${running.url}/dicom-web`,
      stop: () => running.close(),
      restart: async () => {
        running = await startDicomWebServer(store, port);
      },
    };
  },
  orthanc: async () => {
    const dataDir = join(workDir, 'orthanc');
    let running = await startOrthanc({ dataDir });
    const port = running.port;
    return {
      root: running.dicomWebUrl,
      stop: () => running.close(),
      restart: async () => {
        running = await startOrthanc({ dataDir, port });
      },
    };
  },
};

async function qidoSopUids(root: string, studyInstanceUID: string): Promise<string[]> {
  const response = await fetch(`${root}/studies/${studyInstanceUID}/instances`, { headers: { Accept: 'application/dicom+json' } });
  if (response.status === 204) return [];
  const json = (await response.json()) as Record<string, { Value?: string[] }>[];
  return json.map((i) => i['00080018'].Value![0]);
}

describe.each(Object.keys(SERVERS))('round trip against the %s server', (name) => {
  let server: Server;
  let stopped = false;
  beforeAll(async () => {
    server = await SERVERS[name]();
  }, 60000);
  afterAll(async () => {
    if (!stopped) await server.stop();
  });

  test('STOW, QIDO finds it, metadata reads back; stopped server keeps the result; retryPending stores it after restart', async () => {
    const pending = new MemoryPendingStore();
    const results = new ResultStore({ dicomWebRoot: server.root, fetch, pending, sleep: async () => {}, attempts: 3 });
    const first = result(0.73);
    expect(await results.store(first)).toMatchObject({ status: 'stored', attempts: 1 });
    expect(await qidoSopUids(server.root, first.studyInstanceUID)).toContain(first.sopInstanceUID);
    const [stored] = await loadStoredResults({ wadoRoot: server.root, headers: {} }, first.studyInstanceUID);
    expect(stored.sopInstanceUID).toBe(first.sopInstanceUID);
    expect(stored.signature).toMatchObject({ probability: 0.73, riskGroup: 'high', card: { name: 'test card', version: '2.0.0', sha256: 'b'.repeat(64) } });
    expect(stored.observer.person).toBe('Reader^Second');
    expect(stored.sequences[0].features).toEqual({ original_shape_VoxelVolume: 123.5, original_firstorder_Mean: 17.25 });

    await server.stop();
    stopped = true;
    const second = result(0.21);
    const outcome = await results.store(second);
    expect(outcome).toMatchObject({ status: 'kept', attempts: 3 });
    expect(outcome.message).toMatch(/could not be reached/);
    expect((await results.retryPending()).stillPending.map((p) => p.id)).toEqual([second.sopInstanceUID]);

    await server.restart();
    stopped = false;
    expect(await results.retryPending()).toEqual({ stored: [second.sopInstanceUID], stillPending: [] });
    expect(await results.pending()).toEqual([]);
    expect(await qidoSopUids(server.root, second.studyInstanceUID)).toEqual(expect.arrayContaining([first.sopInstanceUID, second.sopInstanceUID]));
    const reloaded = await loadStoredResults({ wadoRoot: server.root, headers: {} }, second.studyInstanceUID);
    expect(reloaded.map((r) => r.signature?.probability).sort()).toEqual([0.21, 0.73]);
  }, 120000);

  test('every feature value comes back bit for bit: integers beyond 32 bits, large negatives, tiny and non-finite values', async () => {
    // Orthanc's DICOM JSON turns these into 32-bit integers (6215107886 -> 1920140590, 2^53 + 2 -> 2, 1e-20 -> 0):
    // loadStoredResults must read the SR's FloatingPointValue from the Part 10 instance, never from the JSON.
    const features = {
      original_firstorder_Energy: 6215107886,
      original_firstorder_TotalEnergy: 2 ** 53 + 2,
      original_firstorder_Minimum: -6215107886,
      original_firstorder_Maximum: 2 ** 32,
      original_firstorder_Mean: -(2 ** 31) - 1,
      original_firstorder_Median: 1e-20,
      original_firstorder_Variance: 5e-324,
      original_firstorder_Skewness: -2.5e-15,
      original_firstorder_Kurtosis: 3e20,
      original_firstorder_Range: 0.1 + 0.2,
      original_firstorder_Uniformity: 1 / 3,
      original_glcm_Idmn: NaN,
      original_glcm_Correlation: Infinity,
      original_shape_VoxelVolume: 0,
    };
    const object = result(0.61, features);
    expect(await new ResultStore({ dicomWebRoot: server.root, fetch, pending: new MemoryPendingStore(), sleep: async () => {} }).store(object)).toMatchObject({ status: 'stored' });
    const [stored] = (await loadStoredResults({ wadoRoot: server.root, headers: {} }, object.studyInstanceUID)).filter((r) => r.sopInstanceUID === object.sopInstanceUID);
    expect(stored.sequences[0].features).toEqual(features);
    for (const [name, value] of Object.entries(features)) expect([name, Object.is(stored.sequences[0].features[name], value)]).toEqual([name, true]);
    expect(stored.signature?.probability).toBe(0.61);
  }, 60000);

  if (name === 'embedded') {
    test('a real refusal (HTTP 409: instance posted to another study) is kept without retries', async () => {
      const results = new ResultStore({ dicomWebRoot: server.root, fetch, pending: new MemoryPendingStore(), sleep: async () => {} });
      const refused = { ...result(0.5), studyInstanceUID: '1.2.3.4.5' };
      const outcome = await results.store(refused);
      expect(outcome).toMatchObject({ status: 'kept', attempts: 1 });
      expect(outcome.message).toMatch(/was refused: the PACS answered HTTP 409/);
    });
  }
});
