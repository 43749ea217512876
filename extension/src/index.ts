import { createElement } from 'react';
import { HANGING_PROTOCOL_ID, PANEL_NAME, id } from './id';
import { PanelController } from './panels/controller';
import { PrnnPanel } from './panels/PrnnPanel';
import { FeatureMapController, createFeatureMapClient, displayOnViewer } from './panels/insights/featureMaps';
import { classifyStudy } from './panels/classify';
import { createHostPanel } from './panels/hostPanel';
import { ResultsController } from './panels/results/controller';
import { ResultsSection } from './panels/results/ResultsSection';
import { CompareController } from './panels/compare/controller';
import { CompareSection } from './panels/compare/CompareSection';
import { createCompareClient } from './panels/compare/client';
import { createResultsHost } from './services/resultsHost';
import type { ComputeRequest } from './worker/api';
import { createComputeClient } from './services/computeClient';
import { activeStudyInstanceUID, buildComputeRequest, modelCardUrl } from './services/viewer';
import type { ExtensionParams, Subscription } from './services/host';
import { prnnHangingProtocol, registerHangingProtocolAttributes } from './viewport/hangingProtocol';
import { followPanelInViewports } from './viewport/ohifViewports';
import { ViewerSegmentationTracker, viewerRoiOptions } from './services/viewerSegmentations';
import { hostCache } from './services/viewerPixels';
import type { RoiOption } from './panels/model';

/** One panel session per page: the host may mount and unmount the panel any number of times. */
let session: {
  controller: PanelController;
  results: ResultsController;
  compare: CompareController;
  featureMaps: FeatureMapController;
  /** Segmentations drawn or edited in the viewer (absent when the host has no segmentation service). */
  segmentations: ViewerSegmentationTracker | null;
  params: ExtensionParams;
} | null = null;
let subscriptions: Subscription[] = [];
let stopFollowing: () => void = () => undefined;

/** The viewer's own segments as ROI choices; one that cannot be read is reported, the panel keeps working. */
function viewerRois(displaySets: Parameters<typeof viewerRoiOptions>[1]): RoiOption[] {
  if (!session?.segmentations) return [];
  try {
    return viewerRoiOptions(session.segmentations.segments(displaySets), displaySets);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    session.params.servicesManager.services.uiNotificationService?.show({ title: 'PRNN', message, type: 'warning' });
    return [];
  }
}

function refreshStudy(): void {
  if (!session) return;
  const { displaySetService } = session.params.servicesManager.services;
  const displaySets = displaySetService.getActiveDisplaySets();
  const studyInstanceUID = activeStudyInstanceUID(displaySets);
  const fromViewer = viewerRois(displaySets);
  session.controller.setStudy(studyInstanceUID, displaySets, fromViewer);
  session.compare.setStudy(studyInstanceUID, displaySets, fromViewer);
  void session.results.openStudy(studyInstanceUID);
}

const extension = {
  id,

  preRegistration(params: ExtensionParams): void {
    const cardUrl = modelCardUrl(params.appConfig?.prnn);
    // The request of the latest computation: what a finished result was computed from, for its SR.
    let lastRequest: ComputeRequest | null = null;
    const controller = new PanelController({
      client: createComputeClient(),
      classify: classifyStudy,
      cardUrl,
      buildRequest: async (studyInstanceUID, sequences) => (lastRequest = await buildComputeRequest(params, studyInstanceUID, sequences, cardUrl)),
    });
    const compare = new CompareController(controller, createCompareClient(), async (studyInstanceUID, compareOn, images, readers) => {
      // The images as the panel's computation would read them (viewer pixels when lossless); the ROI field is unused.
      const request = await buildComputeRequest(params, studyInstanceUID, images.map((image) => ({ ...image, roi: readers[0] })), cardUrl);
      return { studyInstanceUID, dicomweb: request.dicomweb, cardUrl, compareOn, readers, images: request.sequences.map(({ roi: _unused, ...image }) => image) };
    });
    const resultsHost = createResultsHost(params, cardUrl);
    const results = new ResultsController({
      ...resultsHost,
      srContext: async () => {
        const context = await resultsHost.srContext();
        const studyInstanceUID = controller.getSnapshot().studyInstanceUID;
        const comparison = studyInstanceUID ? compare.comparisonForSr(studyInstanceUID) : undefined;
        return comparison ? { ...context, comparison: comparison.comparison, comparisonRoiSegs: comparison.roiSegs } : context;
      },
    });
    let shownResult: unknown = null;
    controller.subscribe(() => {
      const { run } = controller.getSnapshot();
      if (run.status !== 'done' || run.result === shownResult || !lastRequest) return;
      shownResult = run.result;
      results.resultComputed(run.result, lastRequest);
    });
    const featureMaps = new FeatureMapController(createFeatureMapClient(), {
      buildRequest: async (feature, kernelRadius) => {
        const computed = lastRequest?.sequences.find((s) => s.sequence === feature.parsed.sequence);
        if (!lastRequest || !computed) throw new Error('Press Compute first: a feature map is computed on the series and ROI of a computed result.');
        const { viewerInstances: _transferredToTheWorker, ...input } = computed;
        const request = await buildComputeRequest(params, lastRequest.studyInstanceUID, [input], cardUrl);
        return { studyInstanceUID: request.studyInstanceUID, dicomweb: request.dicomweb, cardUrl, input: request.sequences[0], feature: feature.name, kernelRadius };
      },
      display: displayOnViewer(params),
    });
    const { segmentationService } = params.servicesManager.services;
    const segmentations = segmentationService ? new ViewerSegmentationTracker(segmentationService, () => hostCache(params.extensionManager)) : null;
    session = { controller, results, compare, featureMaps, segmentations, params };
    registerHangingProtocolAttributes(params.servicesManager.services.hangingProtocolService, params.servicesManager.services.displaySetService);
  },

  onModeEnter(): void {
    if (!session) return;
    const { displaySetService } = session.params.servicesManager.services;
    const { DISPLAY_SETS_ADDED, DISPLAY_SETS_CHANGED, DISPLAY_SETS_REMOVED } = displaySetService.EVENTS;
    subscriptions = [DISPLAY_SETS_ADDED, DISPLAY_SETS_CHANGED, DISPLAY_SETS_REMOVED]
      .filter((event): event is string => typeof event === 'string')
      .map((event) => displaySetService.subscribe(event, refreshStudy));
    const { segmentationService } = session.params.servicesManager.services;
    if (segmentationService && session.segmentations) {
      session.segmentations.start();
      // Drawing fires data events per stroke: read the labelmaps once the strokes pause.
      let pause: ReturnType<typeof setTimeout> | undefined;
      const refreshSoon = () => {
        clearTimeout(pause);
        pause = setTimeout(refreshStudy, 300);
      };
      const { SEGMENTATION_ADDED, SEGMENTATION_MODIFIED, SEGMENTATION_DATA_MODIFIED, SEGMENTATION_REMOVED } = segmentationService.EVENTS;
      subscriptions.push(
        ...[SEGMENTATION_ADDED, SEGMENTATION_MODIFIED, SEGMENTATION_DATA_MODIFIED, SEGMENTATION_REMOVED]
          .filter((event): event is string => typeof event === 'string')
          .map((event) => segmentationService.subscribe(event, refreshSoon)),
        { unsubscribe: () => clearTimeout(pause) },
      );
    }
    refreshStudy();
    stopFollowing = followPanelInViewports(session.params, session.controller);
  },

  onModeExit(): void {
    subscriptions.forEach((s) => s.unsubscribe());
    subscriptions = [];
    stopFollowing();
    session?.segmentations?.stop();
    session?.controller.cancel();
    session?.compare.cancel();
    session?.featureMaps.cancel();
    session?.featureMaps.hide();
  },

  getPanelModule() {
    return [
      {
        name: PANEL_NAME,
        iconName: 'tab-linear',
        iconLabel: 'PRNN',
        label: 'PRNN risk',
        component: createHostPanel(() => {
          if (!session) return createElement('div');
          if (session.controller.getSnapshot().card.status !== 'ready') void session.controller.loadCard();
          return createElement(
            'div',
            null,
            createElement(PrnnPanel, { controller: session.controller, featureMaps: session.featureMaps }),
            createElement(ResultsSection, { controller: session.results, panel: session.controller }),
            createElement(CompareSection, { controller: session.compare, results: session.results }),
          );
        }),
      },
    ];
  },

  getCommandsModule() {
    return {
      definitions: {
        prnnCompute: { commandFn: () => session?.controller.compute() },
        prnnCancel: { commandFn: () => session?.controller.cancel() },
        prnnStoreResult: { commandFn: () => session?.results.store() },
        prnnRetryPendingResults: { commandFn: () => session?.results.retryPending() },
        prnnCompareReaders: { commandFn: () => session?.compare.compare() },
      },
      defaultContext: 'VIEWER',
    };
  },

  getHangingProtocolModule() {
    return [{ name: HANGING_PROTOCOL_ID, protocol: prnnHangingProtocol }];
  },
};

export default extension;
