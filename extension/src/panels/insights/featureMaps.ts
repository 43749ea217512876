/**
 * The panel's "Feature map" buttons: one voxel map at a time, computed in a worker of its own (so it neither waits
 * for nor cancels a risk computation) with progress and Cancel, then laid over the viewport of its sequence; from a
 * shown map, that viewport can switch to 3D with the surface of the map's ROI, and back.
 */
import { proxy } from 'comlink';
import type { ComputeProgress, FeatureMapRequest, FeatureMapResult } from '../../worker/api';
import { workerConnection } from '../../worker/connection';
import type { FeatureMapOverlay, HostCornerstone } from '../../viewport/featureMapOverlay';
import { showFeatureMapOverlay } from '../../viewport/featureMapOverlay';
import type { HostSurfaceLibraries, RoiSurface3D } from '../../viewport/surface3D';
import { roiSurface, showRoiSurface3D, surfaceSupportMissing } from '../../viewport/surface3D';
import type { FeatureInsight } from './viewModel';

/** The PyRadiomics voxel-mode default; small enough to keep the map local. */
export const KERNEL_RADIUS = 1;

export interface FeatureMapClient {
  featureMap(request: FeatureMapRequest, onProgress: (progress: ComputeProgress) => void): Promise<FeatureMapResult>;
  /** Stops the running map at once; its promise rejects. */
  cancel(): void;
}

/** A map laid over its viewport; `showSurface3D` switches that viewport to 3D with the ROI's surface. */
export interface DisplayedMap extends FeatureMapOverlay {
  showSurface3D?(): Promise<RoiSurface3D>;
}

export interface FeatureMapHost {
  /** The request for this feature's sequence, with the series and ROI of the shown result. */
  buildRequest(feature: FeatureInsight, kernelRadius: number): Promise<FeatureMapRequest>;
  /** Lays the map over the viewport showing its series. */
  display(result: FeatureMapResult): DisplayedMap;
}

/** The 3D view of a shown map's ROI: being switched to, shown, or why it could not be. */
export type SurfaceState = { status: 'switching' } | { status: 'shown' } | { status: 'failed'; message: string };

export type FeatureMapState =
  | { status: 'idle' }
  | { status: 'running'; feature: string; progress: ComputeProgress }
  | { status: 'shown'; feature: string; elapsedMs: number; surface?: SurfaceState }
  | { status: 'failed'; feature: string; message: string }
  | { status: 'cancelled'; feature: string };

export class FeatureMapController {
  private state: FeatureMapState = { status: 'idle' };
  private readonly listeners = new Set<() => void>();
  private overlay: DisplayedMap | null = null;
  private shownResult: FeatureMapResult | null = null;
  private surface: RoiSurface3D | null = null;
  private runId = 0;

  constructor(
    private readonly client: FeatureMapClient,
    private readonly host: FeatureMapHost,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): FeatureMapState => this.state;

  private set(state: FeatureMapState): void {
    this.state = state;
    this.listeners.forEach((listener) => listener());
  }

  /** Computes and shows the map of `feature`, replacing the one shown; a running map is cancelled first. */
  async show(feature: FeatureInsight): Promise<void> {
    if (this.state.status === 'running') this.cancel();
    this.hide();
    const runId = ++this.runId;
    this.set({ status: 'running', feature: feature.name, progress: { fraction: 0, message: 'Preparing' } });
    try {
      const request = await this.host.buildRequest(feature, KERNEL_RADIUS);
      const result = await this.client.featureMap(request, (progress) => {
        if (runId === this.runId) this.set({ status: 'running', feature: feature.name, progress });
      });
      if (runId !== this.runId) return;
      this.overlay = this.host.display(result);
      this.shownResult = result;
      this.set({ status: 'shown', feature: feature.name, elapsedMs: result.elapsedMs });
    } catch (error) {
      if (runId === this.runId) this.set({ status: 'failed', feature: feature.name, message: error instanceof Error ? error.message : String(error) });
    }
  }

  cancel(): void {
    if (this.state.status !== 'running') return;
    const { feature } = this.state;
    this.runId++;
    this.client.cancel();
    this.set({ status: 'cancelled', feature });
  }

  /** Removes the shown map from the viewport (and puts a 3D view of its ROI back to 2D). */
  hide(): void {
    void this.closeSurface3D();
    this.overlay?.destroy();
    this.overlay = null;
    this.shownResult = null;
    if (this.state.status === 'shown') this.set({ status: 'idle' });
  }

  /** Switches the shown map's viewport to 3D with its ROI's surface; the 2D overlay is set aside meanwhile. */
  async showSurface3D(): Promise<void> {
    const { state, overlay } = this;
    if (state.status !== 'shown' || !overlay || this.surface) return;
    this.set({ ...state, surface: { status: 'switching' } });
    try {
      if (!overlay.showSurface3D) throw new Error('This viewer has no 3D view for the ROI surface.');
      const surface = overlay.showSurface3D();
      overlay.destroy();
      this.overlay = null;
      this.surface = await surface;
      if (this.state.status === 'shown') this.set({ ...this.state, surface: { status: 'shown' } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.state.status !== 'shown') return;
      if (!this.overlay && this.shownResult) this.overlay = this.host.display(this.shownResult);
      this.set({ ...this.state, surface: { status: 'failed', message } });
    }
  }

  /** Puts the 3D viewport back to 2D and lays the map over it again. */
  async closeSurface3D(): Promise<void> {
    const { surface } = this;
    if (!surface) return;
    this.surface = null;
    await surface.close();
    if (this.state.status === 'shown' && this.shownResult) {
      this.overlay = this.host.display(this.shownResult);
      const { surface: _closed, ...shown } = this.state;
      this.set(shown);
    }
  }
}

/** A worker for feature maps; Cancel terminates it (the engine's loops are synchronous) and the next map starts a fresh one. */
export function createFeatureMapClient(): FeatureMapClient {
  const connection = workerConnection('prnn-feature-map');
  return {
    featureMap: (request, onProgress) => connection.call((api) => api.featureMap(request, proxy(onProgress))),
    cancel: () => connection.cancel(),
  };
}

/** The OHIF 3.13 services the display needs (OHIF's types are not on npm). */
export interface ViewerServices {
  displaySetService: {
    getActiveDisplaySets(): { displaySetInstanceUID?: string; SeriesInstanceUID?: string; FrameOfReferenceUID?: string; instances?: { FrameOfReferenceUID?: string }[] }[];
  };
  viewportGridService: { getState(): { viewports: Map<string, { viewportId?: string; displaySetInstanceUIDs?: string[] }> } };
}

/** The viewport that shows the series and the display set it shows, or an error saying to open it. */
export function viewportShowing(services: ViewerServices, seriesInstanceUID: string): { viewportId: string; displaySetInstanceUID: string } {
  const displaySets = services.displaySetService.getActiveDisplaySets().filter((ds) => ds.SeriesInstanceUID === seriesInstanceUID);
  const uids = new Set(displaySets.map((ds) => ds.displaySetInstanceUID));
  for (const [viewportId, viewport] of services.viewportGridService.getState().viewports) {
    const shown = viewport.displaySetInstanceUIDs?.find((uid) => uids.has(uid));
    if (shown) return { viewportId: viewport.viewportId ?? viewportId, displaySetInstanceUID: shown };
  }
  throw new Error('The series of this feature is not shown in any viewport: drag it into one, then show the map again.');
}

const CORNERSTONE_UTILITIES = '@ohif/extension-cornerstone.utilityModule.common';

/** What OHIF passes the extension, as far as showing a map needs it. */
export interface ViewerHost {
  servicesManager: { services: object };
  extensionManager: { getModuleEntry(id: string): unknown };
}

/** FeatureMapHost.display for the OHIF viewer: the viewport of the map's series, the host's own cornerstone. */
export function displayOnViewer(host: ViewerHost): FeatureMapHost['display'] {
  return (result) => {
    const services = host.servicesManager.services as Partial<ViewerServices>;
    const utilities = host.extensionManager.getModuleEntry(CORNERSTONE_UTILITIES) as
      | { exports?: { getCornerstoneLibraries?(): Partial<HostSurfaceLibraries> & { cornerstone?: HostCornerstone } } }
      | undefined;
    const libraries = utilities?.exports?.getCornerstoneLibraries?.();
    const cornerstone = libraries?.cornerstone;
    if (!services.displaySetService || !services.viewportGridService || !cornerstone) {
      throw new Error('This viewer has no cornerstone viewports: feature maps cannot be shown.');
    }
    const { viewportId, displaySetInstanceUID } = viewportShowing(services as ViewerServices, result.seriesInstanceUID);
    const overlay = showFeatureMapOverlay(cornerstone, viewportId, {
      label: `${result.feature} (kernel radius ${KERNEL_RADIUS})`,
      map: result.map,
      diameter: result.diameter,
    });
    return {
      ...overlay,
      showSurface3D: async () => {
        const missing = surfaceSupportMissing(libraries);
        if (missing) throw new Error(missing);
        const displaySet = services.displaySetService?.getActiveDisplaySets().find((ds) => ds.displaySetInstanceUID === displaySetInstanceUID);
        // The map shows the ROI's voxels (finite values), so its surface is the surface of what the map covers.
        const mesh = roiSurface(result.map, (n) => Number.isFinite(result.map.data[n]));
        // cornerstone refuses a surface without a frame of reference; the display set's series defines one.
        const frameOfReferenceUID = displaySet?.FrameOfReferenceUID ?? displaySet?.instances?.[0]?.FrameOfReferenceUID ?? displaySetInstanceUID;
        return showRoiSurface3D(libraries as HostSurfaceLibraries, viewportId, mesh, frameOfReferenceUID);
      },
    };
  };
}
