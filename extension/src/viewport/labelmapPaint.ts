/**
 * Sees to it that a viewport's SEG labelmap is painted once the viewport shows the image it opens on.
 *
 * Cornerstone tools 5.6 (OHIF 3.13) adds the labelmap actor of a stack image without colours, and only a render of
 * its segmentation rendering engine gives it its colours; an actor left so draws the ROI black (or not at all).
 * That engine queues every request made while a frame is already scheduled and, after each frame, takes only the
 * next request from its queue; when that one names no viewport (asked for a segmentation no viewport shows yet,
 * as happens while a SEG loads) no frame is scheduled and the rest of the queue waits for some later request made
 * while no frame is scheduled. On a first opening nothing else may ask, and the CE-T1 SEG stayed black (issue 5).
 * A request made while no frame is scheduled is always served, and each served render of a labelmap reports
 * SEGMENTATION_RENDERED for its viewport: so the guard asks for a render, and asks again every `framesPerRequest`
 * animation frames, until that report comes.
 */

/** What the guard needs from the viewer (the host's cornerstone tools in ohifViewports.ts, a fake in tests). */
export interface LabelmapRenderHost {
  /** Whether the viewport shows a labelmap (SEG) segmentation representation. */
  hasLabelmap(viewportId: string): boolean;
  /** Asks cornerstone tools to render the viewport's segmentations. */
  requestRender(viewportId: string): void;
  /** Calls `callback` at the next animation frame. */
  nextFrame(callback: () => void): void;
  warn(message: string): void;
}

export interface LabelmapPaintOptions {
  /** Animation frames to wait for the render report before asking again. */
  framesPerRequest: number;
  /** Requests before giving up (with a warning). */
  maxRequests: number;
}

const DEFAULT_OPTIONS: LabelmapPaintOptions = { framesPerRequest: 30, maxRequests: 20 };

export class LabelmapPaintGuard {
  /** Viewports whose labelmap render has not been reported since they were to be painted. */
  private readonly pending = new Map<string, { requests: number; framesLeft: number }>();
  private frameScheduled = false;
  private stopped = false;

  constructor(
    private readonly host: LabelmapRenderHost,
    private readonly options: LabelmapPaintOptions = DEFAULT_OPTIONS,
  ) {}

  /** The viewport mounted new data or moved to another image: its labelmap, if it shows one, must be painted there. */
  paint(viewportId: string): void {
    if (this.stopped || this.pending.has(viewportId) || !this.host.hasLabelmap(viewportId)) return;
    this.pending.set(viewportId, { requests: 0, framesLeft: 0 });
    this.request(viewportId);
    this.scheduleFrame();
  }

  /** Cornerstone tools reported a finished render of the viewport's labelmap (SEGMENTATION_RENDERED). */
  rendered(viewportId: string): void {
    this.pending.delete(viewportId);
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private request(viewportId: string): void {
    const state = this.pending.get(viewportId);
    if (!state) return;
    state.requests++;
    state.framesLeft = this.options.framesPerRequest;
    this.host.requestRender(viewportId);
  }

  private scheduleFrame(): void {
    if (this.frameScheduled || this.stopped || this.pending.size === 0) return;
    this.frameScheduled = true;
    this.host.nextFrame(() => {
      this.frameScheduled = false;
      this.frame();
    });
  }

  private frame(): void {
    for (const [viewportId, state] of this.pending) {
      if (--state.framesLeft > 0) continue;
      if (state.requests >= this.options.maxRequests) {
        this.pending.delete(viewportId);
        this.host.warn(`PRNN: cornerstone did not render the segmentation of viewport ${viewportId} after ${state.requests} requests: its ROI may show unpainted until the viewport changes.`);
      } else {
        this.request(viewportId);
      }
    }
    this.scheduleFrame();
  }
}
