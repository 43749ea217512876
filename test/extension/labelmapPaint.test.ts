import { LabelmapPaintGuard, type LabelmapRenderHost } from '../../extension/src/viewport/labelmapPaint';

/** Animation frames: a callback asked for during a frame runs at the next one, as with requestAnimationFrame. */
class Frames {
  private callbacks: (() => void)[] = [];
  next(callback: () => void): void {
    this.callbacks.push(callback);
  }
  run(count = 1): void {
    for (let i = 0; i < count; i++) {
      const due = this.callbacks;
      this.callbacks = [];
      due.forEach((callback) => callback());
    }
  }
}

/**
 * The request handling of cornerstone tools 5.6's SegmentationRenderingEngine (renderSegmentationsForViewport,
 * _setViewportsToBeRenderedNextFrame, _renderFlaggedSegmentations): a request made while a frame is scheduled is
 * queued; after each frame only the next queued request is taken, and an empty one schedules nothing. Each
 * render is reported (SEGMENTATION_RENDERED) at the frame after it, when the viewport has drawn it.
 */
class SegmentationRenderingEngine {
  readonly rendered: string[] = [];
  private readonly needsRender = new Set<string>();
  private readonly queue: string[][] = [];
  private frameScheduled = false;

  constructor(
    private readonly frames: Frames,
    private readonly report: (viewportId: string) => void,
  ) {}

  request(viewportIds: string[]): void {
    if (this.frameScheduled) {
      this.queue.push(viewportIds);
      return;
    }
    viewportIds.forEach((id) => this.needsRender.add(id));
    if (this.needsRender.size === 0) return;
    this.frameScheduled = true;
    this.frames.next(() => this.renderFlagged());
  }

  private renderFlagged(): void {
    for (const viewportId of this.needsRender) {
      this.rendered.push(viewportId);
      this.frames.next(() => this.report(viewportId));
    }
    this.needsRender.clear();
    this.frameScheduled = false;
    const next = this.queue.shift();
    if (next && next.length > 0) this.request(next);
  }
}

function setUp(labelmapViewports: string[], options = { framesPerRequest: 5, maxRequests: 4 }) {
  const frames = new Frames();
  let guard: LabelmapPaintGuard | undefined;
  const engine = new SegmentationRenderingEngine(frames, (viewportId) => guard?.rendered(viewportId));
  const requests: string[] = [];
  const warn = jest.fn();
  const host: LabelmapRenderHost = {
    hasLabelmap: (viewportId) => labelmapViewports.includes(viewportId),
    requestRender: (viewportId) => {
      requests.push(viewportId);
      engine.request([viewportId]);
    },
    nextFrame: (callback) => frames.next(callback),
    warn,
  };
  guard = new LabelmapPaintGuard(host, options);
  return { frames, engine, guard, requests, warn };
}

/** The state seen when the CE-T1 SEG stayed black: a frame scheduled, then a request naming no viewport queued. */
function stallEngine(engine: SegmentationRenderingEngine): void {
  engine.request(['prnn-T2']);
  engine.request([]);
}

describe('LabelmapPaintGuard', () => {
  test("cornerstone's engine drops a request queued behind an empty one; the guard asks again until the render is reported", () => {
    const unguarded = setUp(['prnn-T1C']);
    stallEngine(unguarded.engine);
    unguarded.engine.request(['prnn-T1C']);
    unguarded.frames.run(100);
    expect(unguarded.engine.rendered).toEqual(['prnn-T2']);

    const { frames, engine, guard, requests } = setUp(['prnn-T1C']);
    stallEngine(engine);
    guard.paint('prnn-T1C');
    frames.run(100);
    // The guard's second request, made while no frame was scheduled, is served; after it, the queued first one.
    expect(engine.rendered).toEqual(['prnn-T2', 'prnn-T1C', 'prnn-T1C']);
    // Reported then: no third request.
    expect(requests).toEqual(['prnn-T1C', 'prnn-T1C']);
  });

  test('one request when the render is reported; nothing more afterwards', () => {
    const { frames, engine, guard, requests } = setUp(['prnn-T1C']);
    guard.paint('prnn-T1C');
    frames.run(100);
    expect(engine.rendered).toEqual(['prnn-T1C']);
    expect(requests).toEqual(['prnn-T1C']);
  });

  test('nothing is asked for a viewport without labelmap, nor twice for a viewport already waiting', () => {
    const { frames, guard, requests } = setUp(['prnn-T1C']);
    guard.paint('prnn-T2');
    guard.paint('prnn-T1C');
    guard.paint('prnn-T1C');
    expect(requests).toEqual(['prnn-T1C']);
    frames.run(100);
    expect(requests).toEqual(['prnn-T1C']);
  });

  test('a report from before the viewport was to be painted does not count', () => {
    const { frames, guard, requests } = setUp(['prnn-T1C']);
    guard.rendered('prnn-T1C');
    guard.paint('prnn-T1C');
    expect(requests).toEqual(['prnn-T1C']);
    frames.run(1);
    expect(requests).toEqual(['prnn-T1C']);
  });

  test('asks again every framesPerRequest frames while no render is reported, and gives up after maxRequests with a warning', () => {
    const frames = new Frames();
    const requests: number[] = [];
    let frame = 0;
    const warn = jest.fn();
    const guard = new LabelmapPaintGuard(
      { hasLabelmap: () => true, requestRender: () => requests.push(frame), nextFrame: (callback) => frames.next(callback), warn },
      { framesPerRequest: 5, maxRequests: 4 },
    );
    guard.paint('prnn-T1C');
    for (frame = 1; frame <= 40; frame++) frames.run(1);
    expect(requests).toEqual([0, 5, 10, 15]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/did not render the segmentation of viewport prnn-T1C after 4 requests/);
  });

  test('stop ends the requests', () => {
    const { frames, engine, guard, requests, warn } = setUp(['prnn-T1C']);
    stallEngine(engine);
    guard.paint('prnn-T1C');
    guard.stop();
    frames.run(100);
    guard.paint('prnn-T1C');
    expect(requests).toEqual(['prnn-T1C']);
    expect(warn).not.toHaveBeenCalled();
  });
});
