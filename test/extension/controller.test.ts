import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { PanelController } from '../../extension/src/panels/controller';
import type { ComputeClient } from '../../extension/src/panels/controller';
import { PrnnPanel } from '../../extension/src/panels/PrnnPanel';
import { classifyStudy } from '../../extension/src/panels/classify';
import type { CardSummary, ComputeProgress, ComputeRequest, ComputeResult } from '../../extension/src/worker/api';
import { cardSummary, RTSTRUCT, SEG, STUDY, T1, T1C, T2 } from './fixtures';
import { viewerRoiOptions, type ViewerSegment } from '../../extension/src/services/viewerSegmentations';

const card = cardSummary({ threshold: 0.735, features: [{ name: 'original_firstorder_RootMeanSquared_T2', sequence: 'T2' }] });

function result(probability: number): ComputeResult {
  return {
    probability,
    riskGroup: probability >= card.threshold ? 'high' : 'low',
    riskGroupLabel: probability >= card.threshold ? 'High risk' : 'Low risk',
    threshold: card.threshold,
    card,
    signatureFeatures: [{ name: 'original_firstorder_RootMeanSquared_T2', sequence: 'T2', value: 412.5, z: 0.8 }],
    features: { original_firstorder_RootMeanSquared_T2: 412.5 },
    pixelSources: { T1: 'dicomweb', T2: 'dicomweb', T1C: 'dicomweb' },
    warnings: [],
    elapsedMs: 1234,
  };
}

/** A worker stand-in whose computations the test finishes, fails or leaves running. */
function fakeClient(describe: () => Promise<CardSummary> = async () => card) {
  const runs: { request: ComputeRequest; onProgress: (p: ComputeProgress) => void; resolve: (r: ComputeResult) => void; reject: (e: Error) => void }[] = [];
  let cancelled = 0;
  const client: ComputeClient = {
    describeCard: describe,
    compute: (request, onProgress) => new Promise((resolve, reject) => runs.push({ request, onProgress, resolve, reject })),
    cancel: () => {
      cancelled++;
      runs.at(-1)?.reject(new Error('Cancelled'));
    },
  };
  return { client, runs, cancelled: () => cancelled };
}

async function ready(client: ComputeClient, displaySets = [T1, T2, T1C, SEG, RTSTRUCT]) {
  const controller = new PanelController({
    client,
    classify: classifyStudy,
    cardUrl: 'http://viewer/prnn/models/demo.json',
    buildRequest: async (studyInstanceUID, sequences) => ({
      studyInstanceUID,
      dicomweb: { wadoRoot: 'http://viewer/dicom-web', headers: {} },
      cardUrl: 'http://viewer/prnn/models/demo.json',
      sequences,
    }),
  });
  controller.setStudy(STUDY, displaySets);
  await controller.loadCard();
  return controller;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const render = (controller: PanelController) => renderToStaticMarkup(createElement(PrnnPanel, { controller }));

describe('panel controller and view', () => {
  test('compute sends the chosen series and ROIs, shows progress, then probability and risk group', async () => {
    const fake = fakeClient();
    const controller = await ready(fake.client);
    expect(controller.getSnapshot().problems).toEqual([]);
    void controller.compute();
    await flush();
    expect(fake.runs).toHaveLength(1);
    expect(fake.runs[0].request.sequences.map((s) => [s.sequence, s.seriesInstanceUID, s.roi.modality, s.roi.number])).toEqual([
      ['T1', T1.SeriesInstanceUID, 'SEG', 1],
      ['T2', T2.SeriesInstanceUID, 'RTSTRUCT', 5],
      ['T1C', T1C.SeriesInstanceUID, 'SEG', 1],
    ]);
    fake.runs[0].onProgress({ fraction: 0.4, message: 'T2: extracting features' });
    const running = render(controller);
    expect(running).toContain('data-testid="prnn-progress"');
    expect(running).toContain('data-testid="prnn-cancel"');
    expect(running).toContain('40 % · T2: extracting features');
    fake.runs[0].resolve(result(0.81));
    await flush();
    const done = render(controller);
    expect(done).toMatch(/data-testid="prnn-probability"[^>]*>0\.810</);
    expect(done).toMatch(/data-testid="prnn-risk-group"[^>]*>High risk</);
    expect(done).toContain('data-testid="prnn-card-banner"');
    expect(done).toContain('original_firstorder_RootMeanSquared_T2');
    expect(done).not.toContain('data-testid="prnn-error"');
  });

  test('cancel stops the worker and keeps every choice', async () => {
    const fake = fakeClient();
    const controller = await ready(fake.client);
    controller.chooseRoi('T1C', `${RTSTRUCT.SeriesInstanceUID}#5`);
    const before = controller.getSnapshot().selection;
    void controller.compute();
    await flush();
    controller.cancel();
    await flush();
    expect(fake.cancelled()).toBe(1);
    expect(controller.getSnapshot().run.status).toBe('cancelled');
    expect(controller.getSnapshot().selection).toEqual(before);
    expect(render(controller)).toContain('Cancelled. Your choices are kept');
  });

  test('a worker error (ROI outside the image, NaN feature) is shown inline and Compute can run again', async () => {
    const fake = fakeClient();
    const controller = await ready(fake.client);
    void controller.compute();
    await flush();
    fake.runs[0].reject(new Error('T2: the ROI lies outside the image'));
    await flush();
    const html = render(controller);
    expect(html).toMatch(/data-testid="prnn-error"[^>]*>T2: the ROI lies outside the image</);
    expect(html).not.toMatch(/data-testid="prnn-compute"[^>]*disabled/);
    void controller.compute();
    await flush();
    expect(fake.runs).toHaveLength(2);
  });

  test('a study without CE-T1 shows the missing-sequence message and Compute is disabled', async () => {
    const controller = await ready(fakeClient().client, [T1, T2, SEG]);
    const html = render(controller);
    expect(html).toMatch(/data-testid="prnn-error"[^>]*>Missing CE-T1/);
    expect(html).toMatch(/data-testid="prnn-compute"[^>]*disabled/);
  });

  test('a refused card is shown with its reason and blocks Compute', async () => {
    const controller = await ready(fakeClient(async () => Promise.reject(new Error('card.threshold is missing the required field \'value\''))).client);
    const html = render(controller);
    expect(html).toContain('Model card refused (http://viewer/prnn/models/demo.json): card.threshold is missing the required field &#x27;value&#x27;');
    expect(html).toMatch(/data-testid="prnn-compute"[^>]*disabled/);
  });

  test('a result computed from other choices is marked as such, not dropped', async () => {
    const fake = fakeClient();
    const controller = await ready(fake.client);
    void controller.compute();
    await flush();
    fake.runs[0].resolve(result(0.2));
    await flush();
    controller.chooseRoi('T1', `${SEG.SeriesInstanceUID}#2`);
    expect(controller.getSnapshot().staleBecause).toBe('Computed with earlier choices: press Compute to update.');
    const html = render(controller);
    expect(html).toMatch(/data-testid="prnn-risk-group"[^>]*>Low risk</);
    expect(html).toContain('Computed with earlier choices');
  });

  test('an ROI drawn in the viewer and edited after Compute makes the result out of date for that ROI; Compute again uses the edited labels', async () => {
    const fake = fakeClient();
    const controller = await ready(fake.client);
    const displaySets = [T1, T2, T1C, SEG, RTSTRUCT];
    const drawn = (labels: number[]): ViewerSegment => ({
      segmentationId: 'uuid-1',
      segmentIndex: 1,
      label: 'GTV drawn',
      seriesInstanceUID: T2.SeriesInstanceUID,
      origin: 'drawn',
      slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from(labels) }],
    });
    // What the extension does after each pause in the strokes: the study again, with the viewer's ROIs as they are now.
    const refresh = (labels: number[]) => controller.setStudy(STUDY, displaySets, viewerRoiOptions([drawn(labels)], displaySets));
    refresh([0, 1, 1, 0]);
    controller.chooseRoi('T2', 'viewer:uuid-1#1');
    void controller.compute();
    await flush();
    fake.runs[0].resolve(result(0.2));
    await flush();
    expect(fake.runs[0].request.sequences.find((s) => s.sequence === 'T2')?.viewerRoi?.slices[0].labels).toEqual(Uint8Array.from([0, 1, 1, 0]));
    // Refreshed with the same voxels (other segmentation events): still current.
    refresh([0, 1, 1, 0]);
    expect(controller.getSnapshot().staleBecause).toBeNull();
    expect(render(controller)).not.toContain('prnn-result-stale');

    refresh([0, 1, 1, 1]);
    expect(controller.getSnapshot().staleBecause).toBe("Out of date: ROI 'GTV drawn' was edited in the viewer after Compute. Press Compute to update.");
    expect(render(controller)).toMatch(/data-testid="prnn-result-stale"[^>]*>Out of date: ROI &#x27;GTV drawn&#x27; was edited in the viewer after Compute/);

    void controller.compute();
    await flush();
    expect(fake.runs[1].request.sequences.find((s) => s.sequence === 'T2')?.viewerRoi).toEqual({ segmentIndex: 1, slices: [{ sopInstanceUID: '1.2.4.1', labels: Uint8Array.from([0, 1, 1, 1]) }] });
    fake.runs[1].resolve(result(0.3));
    await flush();
    expect(controller.getSnapshot().staleBecause).toBeNull();
  });
});
