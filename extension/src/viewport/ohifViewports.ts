import type { PanelController } from '../panels/controller';
import type { RoiOption, SeriesOption } from '../panels/model';
import { fetchPart10Series } from '../services/dicomweb';
import type { ExtensionParams, Subscription } from '../services/host';
import { dicomwebSourceOf } from '../services/viewer';
import type { Vec3 } from '../radiomics/image/volume';
import { type ImagePlane, gridOfInstances, roiCentreOfMass } from './roiCentre';
import { type ViewportHost, ViewportFollower } from './viewportFollower';
import { SEQUENCES } from '../panels/model';
import { viewportIdOf } from './viewportPlan';

const CORNERSTONE_UTILITIES = '@ohif/extension-cornerstone.utilityModule.common';

/** The host cornerstone's metadata registry (never bundled: reached through OHIF's cornerstone extension). */
interface HostMetaData {
  get(type: string, imageId: string): Record<string, unknown> | undefined;
}

function hostMetaData(params: ExtensionParams): HostMetaData | undefined {
  const utilities = params.extensionManager.getModuleEntry(CORNERSTONE_UTILITIES) as
    | { exports?: { getCornerstoneLibraries?(): { cornerstone?: { metaData?: HostMetaData } } } }
    | undefined;
  return utilities?.exports?.getCornerstoneLibraries?.()?.cornerstone?.metaData;
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
function ohifViewportHost(params: ExtensionParams, controller: PanelController): ViewportHost {
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
      const metaData = hostMetaData(params);
      if (!imageIds?.length || !metaData) return null;
      const seriesInstanceUID = metaData.get('generalSeriesModule', imageIds[0])?.seriesInstanceUID;
      const planes = imageIds.map((imageId) => planeOf(metaData, imageId));
      if (typeof seriesInstanceUID !== 'string' || planes.some((plane) => plane === null)) return null;
      return { seriesInstanceUID, planes: planes as ImagePlane[] };
    },
    showImage: (viewportId, imageIndex) => void cornerstoneViewportService?.getCornerstoneViewport(viewportId)?.setImageIdIndex?.(imageIndex),
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

/**
 * Makes the PRNN viewports follow the panel (see ViewportFollower) while the mode is open; returns what stops it.
 */
export function followPanelInViewports(params: ExtensionParams, controller: PanelController): () => void {
  const { cornerstoneViewportService, displaySetService } = params.servicesManager.services;
  const follower = new ViewportFollower(ohifViewportHost(params, controller));
  const follow = () => follower.follow(controller.getSnapshot(), displaySetService.getActiveDisplaySets());
  const subscriptions: (Subscription | (() => void))[] = [controller.subscribe(follow)];
  const mounted = cornerstoneViewportService?.EVENTS.VIEWPORT_DATA_CHANGED;
  if (cornerstoneViewportService && mounted) {
    subscriptions.push(cornerstoneViewportService.subscribe(mounted, ({ viewportId }) => viewportId && follower.viewportMounted(viewportId)));
  }
  // The protocol may have mounted them before this subscription.
  SEQUENCES.forEach((sequence) => follower.viewportMounted(viewportIdOf(sequence)));
  follow();
  return () => subscriptions.forEach((s) => (typeof s === 'function' ? s() : s.unsubscribe()));
}
