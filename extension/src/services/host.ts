import type { DisplaySetLike } from '../panels/studyData';
import type { SegmentationServiceLike } from './viewerSegmentations';

/*
 * The few OHIF 3.13 services and managers the extension touches. OHIF's own types are not on npm (its
 * packages are internal to the viewer's bundle), so these describe exactly what we call, nothing more.
 */

export interface Subscription {
  unsubscribe(): void;
}

export interface DisplaySetService {
  EVENTS: Record<string, string>;
  getActiveDisplaySets(): DisplaySetLike[];
  subscribe(event: string, callback: (...args: unknown[]) => void): Subscription;
}

export interface HangingProtocolService {
  addCustomAttribute(id: string, name: string, callback: (displaySet: DisplaySetLike) => unknown): void;
}

export interface ViewportGridService {
  getState(): { viewports: Map<string, { displaySetInstanceUIDs?: string[] }> };
  setDisplaySetsForViewports(
    viewports: { viewportId: string; displaySetInstanceUIDs: string[]; displaySetOptions?: Record<string, unknown>[] }[],
  ): Promise<void> | void;
}

/** The part of a cornerstone StackViewport we read and move. */
export interface StackViewportLike {
  getImageIds?(): string[];
  setImageIdIndex?(index: number): Promise<unknown> | unknown;
}

export interface CornerstoneViewportService {
  EVENTS: Record<string, string>;
  getCornerstoneViewport(viewportId: string): StackViewportLike | null | undefined;
  subscribe(event: string, callback: (event: { viewportId?: string }) => void): Subscription;
}

export interface UserAuthenticationService {
  getAuthorizationHeader?(): Record<string, string> | undefined;
  /** The logged-in user (an OpenID Connect user when the viewer has OIDC), when there is one. */
  getUser?(): { profile?: { name?: string; given_name?: string; family_name?: string; preferred_username?: string } } | null | undefined;
}

export interface UiNotificationService {
  show(notification: { title: string; message: string; type: 'info' | 'success' | 'warning' | 'error' }): void;
}

export interface ServicesManager {
  services: {
    displaySetService: DisplaySetService;
    hangingProtocolService: HangingProtocolService;
    viewportGridService?: ViewportGridService;
    cornerstoneViewportService?: CornerstoneViewportService;
    userAuthenticationService?: UserAuthenticationService;
    uiNotificationService?: UiNotificationService;
    segmentationService?: SegmentationServiceLike;
  };
}

export interface DataSourceDefinition {
  sourceName?: string;
  configuration?: { wadoRoot?: string; qidoRoot?: string };
}

export interface ExtensionManager {
  getModuleEntry(id: string): unknown;
  getActiveDataSourceDefinition?(): DataSourceDefinition | undefined;
}

/** What OHIF passes to preRegistration and to every get...Module function. */
export interface ExtensionParams {
  servicesManager: ServicesManager;
  extensionManager: ExtensionManager;
  commandsManager?: unknown;
  appConfig?: AppConfig;
}

/** Our settings in the host's app-config.js: `window.config.prnn = { modelCard: 'site-card.json' }`. */
export interface PrnnConfig {
  /** A file name under the models/ folder served next to the extension, or an absolute URL. */
  modelCard?: string;
}

export interface AppConfig {
  prnn?: PrnnConfig;
}
