import type { RoiOption, Selection, SeriesOption } from '../panels/model';
import type { DisplaySetLike } from '../panels/studyData';
import type { Vec3 } from '../radiomics/image/volume';
import { type ImagePlane, nearestImageIndex } from './roiCentre';
import { type ViewportPlan, planViewports } from './viewportPlan';

/** What the follower needs from the viewer (ohifViewports.ts in OHIF, a fake in tests). */
export interface ViewportHost {
  /** The display sets the viewport is set to show, undefined when the layout has no such viewport. */
  displaySetsOf(viewportId: string): readonly string[] | undefined;
  setDisplaySets(viewportId: string, displaySetInstanceUIDs: string[]): void;
  /** The images the viewport has mounted, in its own order, and their series; null while it has none. */
  stackOf(viewportId: string): { seriesInstanceUID: string; planes: ImagePlane[] } | null;
  showImage(viewportId: string, imageIndex: number): void;
  /** The ROI's centre of mass (patient mm), rasterised on `grid`'s images; null when it covers none of them. */
  centreOf(roi: RoiOption, grid: SeriesOption): Promise<Vec3 | null>;
  warn(message: string): void;
}

export interface PanelChoices {
  series: readonly SeriesOption[];
  rois: readonly RoiOption[];
  selection: Selection;
}

/**
 * Keeps the PRNN viewports on what the panel says: a series or ROI the user chooses in the panel replaces what the
 * hanging protocol put in that sequence's viewport, and every time a viewport mounts a series it moves to the
 * slice through its ROI's centre (it stays on the protocol's middle slice when there is no ROI). Automatic choices
 * are the hanging protocol's own, so the follower leaves those viewports as the protocol set them.
 */
export class ViewportFollower {
  private plans: ViewportPlan[] = [];
  private allSeries: readonly SeriesOption[] = [];
  /** Viewports that mounted a stack and have not been moved to their ROI's centre yet. */
  private readonly waiting = new Set<string>();
  private readonly centres = new Map<string, Vec3 | null>();
  private readonly computing = new Set<string>();
  /** What each viewport was last asked to show: the grid's state follows a moment later. */
  private readonly requested = new Map<string, readonly string[]>();

  constructor(private readonly host: ViewportHost) {}

  /** The panel's choices changed (or the study's display sets did). */
  follow(choices: PanelChoices, displaySets: readonly DisplaySetLike[]): void {
    this.allSeries = choices.series;
    this.plans = planViewports(choices, displaySets);
    for (const plan of this.plans) {
      const chosenByUser = choices.selection.series[plan.sequence].source === 'user' || choices.selection.roi[plan.sequence].source === 'user';
      const shown = this.host.displaySetsOf(plan.viewportId);
      const wanted = plan.displaySetInstanceUIDs;
      const asked = this.requested.get(plan.viewportId);
      if (chosenByUser && shown && wanted.length > 0 && !sameList(shown, wanted) && !(asked && sameList(asked, wanted))) {
        this.requested.set(plan.viewportId, wanted);
        this.host.setDisplaySets(plan.viewportId, wanted);
      }
      this.computeCentre(plan);
      this.moveIfReady(plan.viewportId);
    }
  }

  /** The viewport mounted new data: it goes to its ROI's centre as soon as that is known. */
  viewportMounted(viewportId: string): void {
    this.waiting.add(viewportId);
    this.moveIfReady(viewportId);
  }

  private gridFor(plan: ViewportPlan): SeriesOption | null {
    // The ROI is rasterised where it was drawn when that series is in the study (a SEG fits only its own grid).
    const drawnOn = this.allSeries.find((s) => plan.roi?.referencedSeriesInstanceUIDs.includes(s.seriesInstanceUID));
    return drawnOn ?? plan.series;
  }

  private centreKey(plan: ViewportPlan): string | null {
    const grid = this.gridFor(plan);
    return plan.roi && grid ? `${plan.roi.key} on ${grid.seriesInstanceUID}` : null;
  }

  private computeCentre(plan: ViewportPlan): void {
    const key = this.centreKey(plan);
    const grid = this.gridFor(plan);
    if (!key || !plan.roi || !grid || this.centres.has(key) || this.computing.has(key)) return;
    this.computing.add(key);
    this.host.centreOf(plan.roi, grid).then(
      (centre) => this.centreKnown(key, centre),
      (error: unknown) => {
        this.host.warn(`PRNN: the viewport stays on the middle slice, the centre of ROI '${plan.roi?.label}' could not be found: ${error instanceof Error ? error.message : String(error)}`);
        this.centreKnown(key, null);
      },
    );
  }

  private centreKnown(key: string, centre: Vec3 | null): void {
    this.computing.delete(key);
    this.centres.set(key, centre);
    this.plans.filter((plan) => this.centreKey(plan) === key).forEach((plan) => this.moveIfReady(plan.viewportId));
  }

  private moveIfReady(viewportId: string): void {
    const plan = this.plans.find((p) => p.viewportId === viewportId);
    if (!plan?.series || !this.waiting.has(viewportId)) return;
    const stack = this.host.stackOf(viewportId);
    if (!stack || stack.seriesInstanceUID !== plan.series.seriesInstanceUID) return;
    const key = this.centreKey(plan);
    if (key === null) {
      this.waiting.delete(viewportId);
      return;
    }
    const centre = this.centres.get(key);
    if (centre === undefined) return;
    this.waiting.delete(viewportId);
    if (centre) this.host.showImage(viewportId, nearestImageIndex(stack.planes, centre));
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
