import extensionPackage from '../../package.json';
import { IndexedDbPendingStore } from '../results';
import type { ResultsHost } from '../panels/results/controller';
import type { ExtensionParams, UserAuthenticationService } from './host';

/** The logged-in user as a DICOM person name (Family^Given when the identity provider says which is which). */
export function observerNameOf(userService: UserAuthenticationService | undefined): string | undefined {
  const profile = userService?.getUser?.()?.profile;
  if (!profile) return undefined;
  if (profile.family_name) return profile.given_name ? `${profile.family_name}^${profile.given_name}` : profile.family_name;
  return profile.name || profile.preferred_username || undefined;
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The viewer side of storing and reading results: the active data source's DICOMweb root (same origin, the
 * user's session), IndexedDB for results the PACS could not take, and the card file (its SHA-256 and extraction
 * settings, written into the SR as the CLI writes them).
 */
export function createResultsHost(params: ExtensionParams, cardUrl: string): ResultsHost {
  const services = params.servicesManager.services;
  return {
    dicomWebRoot() {
      const definition = params.extensionManager.getActiveDataSourceDefinition?.();
      const root = definition?.configuration?.wadoRoot;
      if (!root) throw new Error(`The active data source (${definition?.sourceName ?? 'unknown'}) is not DICOMweb: results are stored over DICOMweb.`);
      return new URL(root, globalThis.location?.href).href;
    },
    headers: () => services.userAuthenticationService?.getAuthorizationHeader?.() ?? {},
    fetch: globalThis.fetch.bind(globalThis),
    pending: new IndexedDbPendingStore(globalThis.indexedDB),
    displaySets: () => services.displaySetService.getActiveDisplaySets(),
    async srContext() {
      const response = await fetch(cardUrl);
      if (!response.ok) throw new Error(`The model card ${cardUrl} could not be read again for the SR: HTTP ${response.status}`);
      const bytes = await response.arrayBuffer();
      const card = JSON.parse(new TextDecoder().decode(bytes)) as { extraction?: { params?: unknown } };
      if (!card.extraction?.params) throw new Error(`The model card ${cardUrl} has no extraction settings.`);
      return {
        displaySets: services.displaySetService.getActiveDisplaySets(),
        cardSha256: await sha256Hex(bytes),
        extractionSettings: typeof card.extraction.params === 'string' ? card.extraction.params : JSON.stringify(card.extraction.params, null, 1),
        softwareVersion: `${extensionPackage.name} ${extensionPackage.version}`,
        observerName: observerNameOf(services.userAuthenticationService),
      };
    },
  };
}
