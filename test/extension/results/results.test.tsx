/**
 * The panel's PACS wiring: a computed result stored as PRNN SR through ResultsController against the embedded
 * DICOMweb server (STOW-RS), shown again on reopening without computing (QIDO + WADO-RS Part 10), the Recompute
 * check, a stopped server keeping the result with a download, and Retry pending once it is back.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomFile, readDicomImages } from '../../../extension/src/dicom/node/load';
import type { DicomDataset } from '../../../extension/src/dicom/dataset';
import { MemoryPendingStore } from '../../../extension/src/results';
import { ResultsController } from '../../../extension/src/panels/results/controller';
import type { ResultsHost } from '../../../extension/src/panels/results/controller';
import { ResultsSection } from '../../../extension/src/panels/results/ResultsSection';
import { featuresBySequence, srInputOf } from '../../../extension/src/panels/results/srInput';
import type { SrContext } from '../../../extension/src/panels/results/srInput';
import { PanelController } from '../../../extension/src/panels/controller';
import { classifyStudy } from '../../../extension/src/panels/classify';
import type { DisplaySetLike } from '../../../extension/src/panels/studyData';
import { observerNameOf } from '../../../extension/src/services/resultsHost';
import type { ComputeRequest, ComputeResult } from '../../../extension/src/worker/api';
import { startDicomWebServer } from '../../../servers/dicomweb/server';
import type { RunningServer } from '../../../servers/dicomweb/server';
import { DicomStore } from '../../../servers/dicomweb/store';
import { fixturePath } from '../../support/fixtures';
import { cardSummary } from '../fixtures';

// Stored results are read through dicomweb-client, which speaks XMLHttpRequest (Node lacks it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = require('xhr2');

const card = cardSummary();

function computeResult(probability: number, t1cMean = 30.125): ComputeResult {
  return {
    probability,
    riskGroup: probability >= 0.5 ? 'high' : 'low',
    riskGroupLabel: probability >= 0.5 ? 'High risk' : 'Low risk',
    threshold: 0.5,
    card,
    signatureFeatures: [{ name: 'original_firstorder_Mean_T2', sequence: 'T2', value: 20.5, z: 0.3 }],
    features: {
      original_firstorder_Mean_T1: 10.1,
      original_shape_VoxelVolume_T1: 123.5,
      original_firstorder_Mean_T2: 20.5,
      original_firstorder_Mean_T1C: t1cMean,
      original_glcm_Idmn_T1C: 0.1 + 0.2,
    },
    pixelSources: { T1: 'dicomweb', T2: 'dicomweb', T1C: 'dicomweb' },
    warnings: [],
    elapsedMs: 10,
  };
}

const workDir = mkdtempSync(join(tmpdir(), 'prnn-panel-results-'));
let images: DicomDataset[];
let seg: DicomDataset;
let displaySets: DisplaySetLike[];
let request: ComputeRequest;
let studyInstanceUID: string;
let server: RunningServer;
let port: number;
let dicomStore: DicomStore;

beforeAll(async () => {
  const tiny = fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', '24x38x3');
  images = await readDicomImages(join(tiny, 'image'));
  seg = await readDicomFile(join(tiny, 'seg', 'label.seg'));
  studyInstanceUID = images[0].StudyInstanceUID as string;
  const imageSeries = images[0].SeriesInstanceUID as string;
  const segSeries = seg.SeriesInstanceUID as string;
  displaySets = [
    { displaySetInstanceUID: 'ds-mr', StudyInstanceUID: studyInstanceUID, SeriesInstanceUID: imageSeries, Modality: 'MR', instances: images },
    { displaySetInstanceUID: 'ds-seg', StudyInstanceUID: studyInstanceUID, SeriesInstanceUID: segSeries, Modality: 'SEG', instances: [seg] },
  ];
  // One image series stands for all three sequences: the wiring, not the radiomics, is under test.
  request = {
    studyInstanceUID,
    dicomweb: { wadoRoot: 'unused', headers: {} },
    cardUrl: 'unused',
    sequences: (['T1', 'T2', 'T1C'] as const).map((sequence) => ({
      sequence,
      seriesInstanceUID: imageSeries,
      roi: { seriesInstanceUID: segSeries, modality: 'SEG' as const, number: 1, label: 'Segment 1' },
    })),
  };
  // The PACS holds the study (images and SEG), as when the viewer opened it.
  dicomStore = DicomStore.open({ folders: [tiny], storeDir: join(workDir, 'store') });
  server = await startDicomWebServer(dicomStore);
  port = server.port;
});

afterAll(async () => {
  await server?.close();
  rmSync(workDir, { recursive: true, force: true });
});

const context = (): SrContext => ({
  displaySets,
  cardSha256: 'c'.repeat(64),
  extractionSettings: '{"setting": {"binWidth": 25}}',
  softwareVersion: '@prnn/extension-prnn test',
  observerName: 'Reader^First',
});

function host(calls: string[]): ResultsHost {
  return {
    dicomWebRoot: () => `${server.url}/dicom-web`,
    headers: () => ({ Authorization: 'Bearer test' }),
    fetch: (async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${url}`);
      return fetch(url, init);
    }) as typeof fetch,
    pending: new MemoryPendingStore(),
    displaySets: () => displaySets,
    srContext: async () => context(),
    sleep: async () => {},
  };
}

function panel(): PanelController {
  return new PanelController({
    client: { describeCard: async () => card, compute: () => Promise.reject(new Error('not in this test')), cancel: () => {} },
    classify: classifyStudy,
    cardUrl: 'card.json',
    buildRequest: () => Promise.reject(new Error('not in this test')),
  });
}

const render = (controller: ResultsController) => renderToStaticMarkup(createElement(ResultsSection, { controller, panel: panel() }));

describe('features per sequence', () => {
  test('the sequence suffix is split off, T1 and T1C kept apart', () => {
    expect(featuresBySequence(computeResult(0.7).features, ['T1', 'T2', 'T1C'])).toEqual({
      T1: { original_firstorder_Mean: 10.1, original_shape_VoxelVolume: 123.5 },
      T2: { original_firstorder_Mean: 20.5 },
      T1C: { original_firstorder_Mean: 30.125, original_glcm_Idmn: 0.1 + 0.2 },
    });
  });

  test('the SR input references the computed series, the SEG segment and the card; a series no longer loaded is refused', () => {
    const input = srInputOf(computeResult(0.7), request, context());
    expect(input.measurements.map((m) => [m.sequence, m.roi.kind, m.roi.sopInstanceUID, m.roi.number, m.series.instances.length])).toEqual(
      (['T1', 'T2', 'T1C'] as const).map((s) => [s, 'SEG', seg.SOPInstanceUID, 1, images.length]),
    );
    expect(input.signature).toEqual({ card: { name: 'Demo card', version: '1.0.0', sha256: 'c'.repeat(64), notForClinicalUse: true }, probability: 0.7, riskGroup: 'high', riskGroupLabel: 'High risk', threshold: 0.5 });
    expect(input.observerName).toBe('Reader^First');
    expect(() => srInputOf(computeResult(0.7), request, { ...context(), displaySets: displaySets.slice(1) })).toThrow(/T1 image series .* is no longer loaded/);
  });

  test('observer: Family^Given from the identity provider, else its display name, else none', () => {
    expect(observerNameOf({ getUser: () => ({ profile: { family_name: 'Doe', given_name: 'Jane', name: 'Jane Doe' } }) })).toBe('Doe^Jane');
    expect(observerNameOf({ getUser: () => ({ profile: { name: 'jdoe' } }) })).toBe('jdoe');
    expect(observerNameOf({ getUser: () => null })).toBeUndefined();
    expect(observerNameOf(undefined)).toBeUndefined();
  });
});

describe('store in PACS and reopen, against the embedded DICOMweb server', () => {
  test('a study without a stored result says so; Store in PACS stores the SR; reopening shows it without computing; Recompute compares', async () => {
    const calls: string[] = [];
    const first = new ResultsController(host(calls));
    await first.openStudy(studyInstanceUID);
    expect(first.getSnapshot().stored).toEqual({ status: 'loaded', results: [] });
    expect(render(first)).toContain('No PRNN result is stored for this study yet.');
    expect(render(first)).not.toContain('data-testid="prnn-store"');

    first.resultComputed(computeResult(0.7), request);
    expect(render(first)).toContain('Store in PACS');
    await first.store();
    const stored = first.getSnapshot().store;
    expect(stored).toEqual({ status: 'stored', message: 'PRNN result SR stored in the PACS.' });
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([`POST ${server.url}/dicom-web/studies/${studyInstanceUID}`]);
    expect(render(first)).toContain('PRNN result SR stored in the PACS.');

    const reopenCalls: string[] = [];
    const reopened = new ResultsController(host(reopenCalls));
    await reopened.openStudy(studyInstanceUID);
    expect(reopenCalls).toEqual([]);
    const snapshot = reopened.getSnapshot();
    if (snapshot.stored.status !== 'loaded') throw new Error(`stored results not loaded: ${JSON.stringify(snapshot.stored)}`);
    expect(snapshot.stored.results).toHaveLength(1);
    const [result] = snapshot.stored.results;
    expect(result.signature).toMatchObject({ probability: 0.7, riskGroup: 'high', riskGroupLabel: 'High risk', card: { name: 'Demo card', version: '1.0.0', sha256: 'c'.repeat(64) } });
    expect(result.observer.person).toBe('Reader^First');
    const html = render(reopened);
    expect(html).toMatch(/data-testid="prnn-stored-probability"[^>]*>0\.700</);
    expect(html).toMatch(/data-testid="prnn-stored-risk-group"[^>]*>High risk</);
    expect(html).toContain('By Reader^First, ');
    expect(html).toContain('card Demo card v1.0.0 (SHA-256 cccccccccccc…)');
    expect(html).toContain('Recompute');

    reopened.resultComputed(computeResult(0.7), request);
    expect(reopened.getSnapshot().check).toMatchObject({ identical: true, differences: [] });
    expect(render(reopened)).toContain('Recomputed: identical to the stored result.');

    reopened.resultComputed(computeResult(0.7, 30.125 + 1e-12), request);
    expect(reopened.getSnapshot().check).toMatchObject({ identical: false, differences: [{ sequence: 'T1C', feature: 'original_firstorder_Mean', stored: 30.125, recomputed: 30.125 + 1e-12 }] });
    expect(render(reopened)).toContain('Recomputed: not identical: 1 feature value(s) differ (first: T1C original_firstorder_Mean');
  });

  test('server stopped: the result is kept with a download and the message; Retry pending stores it once the server is back', async () => {
    const calls: string[] = [];
    const controller = new ResultsController(host(calls));
    await controller.openStudy(studyInstanceUID);
    const before = controller.getSnapshot().stored;
    if (before.status !== 'loaded') throw new Error('stored results not loaded');
    controller.resultComputed(computeResult(0.2), request);
    await server.close();
    await controller.store();
    const kept = controller.getSnapshot().store;
    if (kept.status !== 'kept') throw new Error(`expected kept, got ${JSON.stringify(kept)}`);
    expect(kept.message).toMatch(/^PRNN result SR could not be stored after 4 attempts: the PACS .* could not be reached: .*It is kept in this browser and nothing is lost/);
    expect(kept.download.filename).toMatch(/^PRNN-2\.25\.\d+\.dcm$/);
    expect(controller.getSnapshot().pending.count).toBe(1);
    const html = render(controller);
    expect(html).toContain(`Download ${kept.download.filename}`);
    expect(html).toContain('1 result(s) kept in this browser, not yet in the PACS.');
    expect(html).toContain('Retry pending');

    await controller.retryPending();
    expect(controller.getSnapshot().pending).toMatchObject({ count: 1, retrying: false, message: expect.stringMatching(/^0 kept result\(s\) stored in the PACS; 1 still kept in this browser: the PACS .* could not be reached/) });

    server = await startDicomWebServer(dicomStore, port);
    await controller.retryPending();
    expect(controller.getSnapshot().pending).toEqual({ count: 0, retrying: false, message: '1 kept result(s) stored in the PACS.' });
    const stored = controller.getSnapshot().stored;
    if (stored.status !== 'loaded') throw new Error('stored results not reloaded');
    expect(stored.results).toHaveLength(before.results.length + 1);
    expect(stored.results.map((r) => r.signature?.probability)).toContain(0.2);
  });
});
