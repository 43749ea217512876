import { FeatureMapController, viewportShowing } from '../../../extension/src/panels/insights/featureMaps';
import type { FeatureMapClient, FeatureMapHost, FeatureMapState } from '../../../extension/src/panels/insights/featureMaps';
import type { FeatureInsight } from '../../../extension/src/panels/insights/viewModel';
import type { ComputeProgress, FeatureMapRequest, FeatureMapResult } from '../../../extension/src/worker/api';

const feature = { name: 'original_glcm_Contrast_T1C', parsed: { sequence: 'T1C' } } as FeatureInsight;
const other = { name: 'original_firstorder_Entropy_T1C', parsed: { sequence: 'T1C' } } as FeatureInsight;

function setup() {
  const runs: { request: FeatureMapRequest; onProgress: (p: ComputeProgress) => void; resolve: (r: FeatureMapResult) => void; reject: (e: Error) => void }[] = [];
  const client: FeatureMapClient & { cancelled: number } = {
    cancelled: 0,
    featureMap: (request, onProgress) => new Promise((resolve, reject) => runs.push({ request, onProgress, resolve, reject })),
    cancel() {
      this.cancelled++;
      runs.at(-1)?.reject(new Error('Cancelled'));
    },
  };
  const destroyed: string[] = [];
  const host: FeatureMapHost = {
    buildRequest: async (f, kernelRadius) => ({ feature: f.name, kernelRadius } as FeatureMapRequest),
    display: (result) => ({ setOpacity: () => undefined, destroy: () => destroyed.push(result.feature) }),
  };
  const controller = new FeatureMapController(client, host);
  const states: FeatureMapState['status'][] = [];
  controller.subscribe(() => states.push(controller.getSnapshot().status));
  return { runs, client, destroyed, controller, states };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('feature map controller', () => {
  test('progress, then shown on the viewport; hide removes it', async () => {
    const { runs, destroyed, controller, states } = setup();
    const shown = controller.show(feature);
    await tick();
    expect(runs[0].request).toEqual({ feature: feature.name, kernelRadius: 1 });
    runs[0].onProgress({ fraction: 0.5, message: 'T1C: glcm' });
    expect(controller.getSnapshot()).toEqual({ status: 'running', feature: feature.name, progress: { fraction: 0.5, message: 'T1C: glcm' } });
    runs[0].resolve({ feature: feature.name, elapsedMs: 1234 } as FeatureMapResult);
    await shown;
    expect(controller.getSnapshot()).toEqual({ status: 'shown', feature: feature.name, elapsedMs: 1234 });
    controller.hide();
    expect(destroyed).toEqual([feature.name]);
    expect(states).toEqual(['running', 'running', 'shown', 'idle']);
  });

  test('cancel stops the worker and says so; a late progress report changes nothing', async () => {
    const { runs, client, controller } = setup();
    const shown = controller.show(feature);
    await tick();
    controller.cancel();
    await shown;
    expect(client.cancelled).toBe(1);
    runs[0].onProgress({ fraction: 0.9, message: 'late' });
    expect(controller.getSnapshot()).toEqual({ status: 'cancelled', feature: feature.name });
  });

  test('a new map replaces the running one and the shown one', async () => {
    const { runs, client, destroyed, controller } = setup();
    const first = controller.show(feature);
    await tick();
    runs[0].resolve({ feature: feature.name, elapsedMs: 1 } as FeatureMapResult);
    await first;
    const second = controller.show(other);
    expect(destroyed).toEqual([feature.name]);
    await tick();
    const third = controller.show(feature);
    expect(client.cancelled).toBe(1);
    await tick();
    runs[2].reject(new Error('T1C: the ROI is outside the image'));
    await Promise.all([second, third]);
    expect(controller.getSnapshot()).toEqual({ status: 'failed', feature: feature.name, message: 'T1C: the ROI is outside the image' });
  });
});

describe('ROI surface in 3D from a shown map', () => {
  function shownMap(showSurface3D?: () => Promise<{ close(): Promise<void> }>) {
    const events: string[] = [];
    let resolve: (r: FeatureMapResult) => void = () => undefined;
    const client: FeatureMapClient = { featureMap: () => new Promise((r) => (resolve = r)), cancel: () => undefined };
    const host: FeatureMapHost = {
      buildRequest: async (f, kernelRadius) => ({ feature: f.name, kernelRadius } as FeatureMapRequest),
      display: () => {
        events.push('overlay shown');
        return { setOpacity: () => undefined, destroy: () => events.push('overlay removed'), showSurface3D };
      },
    };
    const controller = new FeatureMapController(client, host);
    return { events, controller, shown: async () => {
      const done = controller.show(feature);
      await tick();
      resolve({ feature: feature.name, elapsedMs: 10 } as FeatureMapResult);
      await done;
    } };
  }

  test('switches to 3D with the overlay set aside, and back to 2D with the overlay again', async () => {
    const { events, controller, shown } = shownMap(async () => {
      events.push('3D');
      return { close: async () => void events.push('2D') };
    });
    await shown();
    await controller.showSurface3D();
    expect(controller.getSnapshot()).toEqual({ status: 'shown', feature: feature.name, elapsedMs: 10, surface: { status: 'shown' } });
    await controller.closeSurface3D();
    expect(controller.getSnapshot()).toEqual({ status: 'shown', feature: feature.name, elapsedMs: 10 });
    expect(events).toEqual(['overlay shown', '3D', 'overlay removed', '2D', 'overlay shown']);
  });

  test('a host without 3D says why, and the map stays on its viewport', async () => {
    const { events, controller, shown } = shownMap(async () => {
      throw new Error("This viewer's cornerstone tools have no Surface segmentation representation: the ROI surface cannot be shown in 3D.");
    });
    await shown();
    await controller.showSurface3D();
    expect(controller.getSnapshot()).toEqual({
      status: 'shown', feature: feature.name, elapsedMs: 10,
      surface: { status: 'failed', message: "This viewer's cornerstone tools have no Surface segmentation representation: the ROI surface cannot be shown in 3D." },
    });
    expect(events).toEqual(['overlay shown', 'overlay removed', 'overlay shown']);
  });
});

describe('viewport showing a series', () => {
  const services = {
    displaySetService: { getActiveDisplaySets: () => [{ displaySetInstanceUID: 'ds-t1', SeriesInstanceUID: '1.1' }, { displaySetInstanceUID: 'ds-t1c', SeriesInstanceUID: '1.3' }] },
    viewportGridService: {
      getState: () => ({ viewports: new Map([['vp-a', { viewportId: 'vp-a', displaySetInstanceUIDs: ['ds-t1'] }], ['vp-c', { viewportId: 'vp-c', displaySetInstanceUIDs: ['ds-t1c', 'seg'] }]]) }),
    },
  };
  test('found by the display set of the series', () => {
    expect(viewportShowing(services, '1.3')).toEqual({ viewportId: 'vp-c', displaySetInstanceUID: 'ds-t1c' });
  });
  test('a series in no viewport is an error that says what to do', () => {
    expect(() => viewportShowing(services, '1.2')).toThrow(/not shown in any viewport/);
  });
});
