import type { DisplaySetLike } from '../panels/studyData';
import type { ComputeRequest, SequenceInput } from '../worker/api';
import type { DicomwebSource } from './dicomweb';
import type { ExtensionParams, PrnnConfig } from './host';
import { instancesFromViewer } from './viewerPixels';

declare const __webpack_public_path__: string;

export const DEFAULT_MODEL_CARD = 'demo-synthetic.card.json';

/**
 * The model card's URL: `prnn.modelCard` from app-config (a file name in the models/ folder served next to
 * extension/, or an absolute URL), else the demo card.
 */
export function modelCardUrl(config: PrnnConfig | undefined, publicPath: string = __webpack_public_path__): string {
  const extensionFolder = new URL(publicPath, globalThis.location?.href);
  return new URL(config?.modelCard ?? DEFAULT_MODEL_CARD, new URL('../models/', extensionFolder)).href;
}

/** The study in the URL (`?StudyInstanceUIDs=`), else the study of the first display set. */
export function activeStudyInstanceUID(displaySets: readonly DisplaySetLike[], search: string = globalThis.location?.search ?? ''): string | null {
  const fromUrl = new URLSearchParams(search).get('StudyInstanceUIDs')?.split(',')[0];
  return fromUrl || displaySets.find((ds) => ds.StudyInstanceUID)?.StudyInstanceUID || null;
}

/** The active DICOMweb data source with the user's authorization: PRNN reads what the viewer reads. */
export function dicomwebSourceOf(params: ExtensionParams): DicomwebSource {
  const definition = params.extensionManager.getActiveDataSourceDefinition?.();
  const wadoRoot = definition?.configuration?.wadoRoot;
  if (!wadoRoot) {
    throw new Error(`The active data source (${definition?.sourceName ?? 'unknown'}) is not DICOMweb: PRNN reads the study over DICOMweb.`);
  }
  const headers = params.servicesManager.services.userAuthenticationService?.getAuthorizationHeader?.() ?? {};
  return { wadoRoot: new URL(wadoRoot, globalThis.location?.href).href, headers };
}

/** The study's series and ROIs as the worker reads them, with any pixels the viewer already holds. */
export async function buildComputeRequest(
  params: ExtensionParams,
  studyInstanceUID: string,
  sequences: Omit<SequenceInput, 'viewerInstances'>[],
  cardUrl: string,
): Promise<ComputeRequest> {
  const displaySets = params.servicesManager.services.displaySetService.getActiveDisplaySets();
  return {
    studyInstanceUID,
    dicomweb: dicomwebSourceOf(params),
    cardUrl,
    sequences: sequences.map((input) => {
      const displaySet = displaySets.find((ds) => ds.SeriesInstanceUID === input.seriesInstanceUID);
      const viewerInstances = displaySet ? instancesFromViewer(params.extensionManager, { instances: displaySet.instances ?? [] }) : null;
      return viewerInstances ? { ...input, viewerInstances } : input;
    }),
  };
}
