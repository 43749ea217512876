import type { PanelController } from '../panels/controller';
import type { RoiOption, SeriesOption } from '../panels/model';
import { fetchPart10Series } from '../services/dicomweb';
import type { ExtensionParams, Subscription } from '../services/host';
import { dicomwebSourceOf } from '../services/viewer';
import type { Vec3 } from '../radiomics/image/volume';
import { type ImagePlane, gridOfInstances, roiCentreOfMass } from './roiCentre';
import { type ViewportHost, ViewportFollower } from './viewportFollower';
import { LabelmapPaintGuard } from './labelmapPaint';
import { SEQUENCES } from '../panels/model';
import { viewportIdOf } from './viewportPlan';

const CORNERSTONE_UTILITIES = '@ohif/extension-cornerstone.utilityModule.common';

/** The host cornerstone's metadata registry (never bundled: reached through OHIF's cornerstone extension). */
interface HostMetaData {
  get(type: string, imageId: string): Record<string, unknown> | undefined;
}

/** The parts of the host's cornerstone core and tools the viewports use. */
interface HostLibraries {
  cornerstone?: {
    metaData?: HostMetaData;
    eventTarget?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  };
  cornerstoneTools?: {
    Enums?: { Events?: { SEGMENTATION_RENDERED?: string }; SegmentationRepresentations?: { Labelmap?: string } };
    segmentation?: { state?: { getSegmentationRepresentations?(viewportId: string): { type: string }[] | undefined } };
    utilities?: { segmentation?: { triggerSegmentationRender?(viewportId: string): void } };
  };
}

function hostLibraries(params: ExtensionParams): HostLibraries | undefined {
  const utilities = params.extensionManager.getModuleEntry(CORNERSTONE_UTILITIES) as { exports?: { getCornerstoneLibraries?(): HostLibraries } } | undefined;
  return utilities?.exports?.getCornerstoneLibraries?.();
}

function vector(value: unknown): Vec3 | null {
  return Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number') ? (value as Vec3) : null;
}

function planeOf(metaData: HostMetaData, imageId: string): ImagePlane | null {
  const plane = metaData.get('imagePlaneModule', imageId);
  const imagePositionPatient = vector(plane?.imagePositionPatient);
  const rowCosines = vector(plane?.rowCosines);
  const columnCosines = vector(plane?.columnCosines);
  return imagePositionPatient && rowCosines && columnCosines ? { imagePositionPatient, rowCosines, columnCosines } : null;
}

/** The follower's view of OHIF 3.13: the viewport grid, cornerstone's viewports and the DICOMweb data source. */
function ohifViewportHost(params: ExtensionParams, controller: PanelController, labelmaps: LabelmapPaintGuard | undefined): ViewportHost {
  const { viewportGridService, cornerstoneViewportService, displaySetService } = params.servicesManager.services;
  const roiDatasets = new Map<string, ReturnType<typeof fetchPart10Series>>();
  return {
    displaySetsOf: (viewportId) => viewportGridService?.getState().viewports.get(viewportId)?.displaySetInstanceUIDs,
    setDisplaySets: (viewportId, displaySetInstanceUIDs) =>
      void viewportGridService?.setDisplaySetsForViewports([
        { viewportId, displaySetInstanceUIDs, displaySetOptions: displaySetInstanceUIDs.map(() => ({})) },
      ]),
    stackOf: (viewportId) => {
      const imageIds = cornerstoneViewportService?.getCornerstoneViewport(viewportId)?.getImageIds?.();
      const metaData = hostLibraries(params)?.cornerstone?.metaData;
      if (!imageIds?.length || !metaData) return null;
      const seriesInstanceUID = metaData.get('generalSeriesModule', imageIds[0])?.seriesInstanceUID;
      const planes = imageIds.map((imageId) => planeOf(metaData, imageId));
      if (typeof seriesInstanceUID !== 'string' || planes.some((plane) => plane === null)) return null;
      return { seriesInstanceUID, planes: planes as ImagePlane[] };
    },
    showImage: (viewportId, imageIndex) => {
      void cornerstoneViewportService?.getCornerstoneViewport(viewportId)?.setImageIdIndex?.(imageIndex);
      labelmaps?.paint(viewportId);
    },
    centreOf: async (roi: RoiOption, grid: SeriesOption) => {
      const studyInstanceUID = controller.getSnapshot().studyInstanceUID;
      const images = displaySetService.getActiveDisplaySets().find((ds) => ds.displaySetInstanceUID === grid.displaySetInstanceUID)?.instances;
      if (!studyInstanceUID || !images?.length) return null;
      let datasets = roiDatasets.get(roi.sourceSeriesInstanceUID);
      if (!datasets) roiDatasets.set(roi.sourceSeriesInstanceUID, (datasets = fetchPart10Series(dicomwebSourceOf(params), studyInstanceUID, roi.sourceSeriesInstanceUID)));
      // A SEG or RTSTRUCT series holds one object in practice; the latest is the one OHIF shows.
      const dataset = (await datasets).at(-1);
      return dataset ? roiCentreOfMass(dataset, roi.number, gridOfInstances(images)) : null;
    },
    warn: (message) => console.warn(message),
  };
}

/** The labelmap paint guard on the host's cornerstone tools, fed with their render reports; null when they lack a part. */
function paintLabelmapsInViewports(params: ExtensionParams): { guard: LabelmapPaintGuard; stop(): void } | null {
  const libraries = hostLibraries(params);
  const eventTarget = libraries?.cornerstone?.eventTarget;
  const tools = libraries?.cornerstoneTools;
  const renderedEvent = tools?.Enums?.Events?.SEGMENTATION_RENDERED;
  const labelmap = tools?.Enums?.SegmentationRepresentations?.Labelmap;
  const representationsOf = tools?.segmentation?.state?.getSegmentationRepresentations;
  const triggerRender = tools?.utilities?.segmentation?.triggerSegmentationRender;
  if (!eventTarget || !renderedEvent || !labelmap || !representationsOf || !triggerRender) {
    console.warn("PRNN: this viewer's cornerstone tools lack segmentation render requests or reports: a SEG may stay unpainted on first opening.");
    return null;
  }
  const guard = new LabelmapPaintGuard({
    hasLabelmap: (viewportId) => (representationsOf(viewportId) ?? []).some((representation) => representation.type === labelmap),
    requestRender: (viewportId) => triggerRender(viewportId),
    nextFrame: (callback) => void requestAnimationFrame(callback),
    warn: (message) => console.warn(message),
  });
  const onRendered = (event: Event) => {
    const { viewportId, type } = (event as CustomEvent<{ viewportId?: string; type?: string }>).detail ?? {};
    if (viewportId && type === labelmap) guard.rendered(viewportId);
  };
  eventTarget.addEventListener(renderedEvent, onRendered);
  return {
    guard,
    stop: () => {
      guard.stop();
      eventTarget.removeEventListener(renderedEvent, onRendered);
    },
  };
}

/**
 * Makes the PRNN viewports follow the panel (see ViewportFollower) and paint their SEGs (see LabelmapPaintGuard)
 * while the mode is open; returns what stops it.
 */
export function followPanelInViewports(params: ExtensionParams, controller: PanelController): () => void {
  const { cornerstoneViewportService, displaySetService } = params.servicesManager.services;
  const labelmaps = paintLabelmapsInViewports(params);
  const follower = new ViewportFollower(ohifViewportHost(params, controller, labelmaps?.guard));
  const follow = () => follower.follow(controller.getSnapshot(), displaySetService.getActiveDisplaySets());
  // OHIF reports a mount once the viewport's SEG / RTSTRUCT representations are added.
  const mounted = (viewportId: string) => {
    follower.viewportMounted(viewportId);
    labelmaps?.guard.paint(viewportId);
  };
  const subscriptions: (Subscription | (() => void))[] = [controller.subscribe(follow)];
  const dataChanged = cornerstoneViewportService?.EVENTS.VIEWPORT_DATA_CHANGED;
  if (cornerstoneViewportService && dataChanged) {
    subscriptions.push(cornerstoneViewportService.subscribe(dataChanged, ({ viewportId }) => viewportId && mounted(viewportId)));
  }
  if (labelmaps) subscriptions.push(labelmaps.stop);
  // The protocol may have mounted them before this subscription.
  SEQUENCES.forEach((sequence) => mounted(viewportIdOf(sequence)));
  follow();
  return () => subscriptions.forEach((s) => (typeof s === 'function' ? s() : s.unsubscribe()));
}
