import type { LabelmapSlice } from '../dicom/seg/viewer';
import { roiKey, type RoiOption } from '../panels/model';

/*
 * Segmentations drawn or changed in the viewer, read from OHIF 3.13's segmentationService (its types are not on npm;
 * these describe what it returns, from its source): getSegmentations() gives cornerstone's segmentation state, a
 * labelmap keeps one derived image per source image (representationData.Labelmap.imageIds, with the source in
 * referencedImageIds at the same index), and the labels are that image's pixel data in cornerstone's cache. OHIF
 * names a segmentation loaded from a SEG or RTSTRUCT by that display set's displaySetInstanceUID; one made in the
 * viewer gets a fresh UUID, and OHIF then adds a SEG display set for it under that same id, marked madeInClient.
 *
 * Loading cannot be told from editing by events: OHIF re-broadcasts cornerstone's SEGMENTATION_DATA_MODIFIED with the
 * segmentationId only, and cornerstone fires it while a loaded SEG is hydrated and rendered (representation added,
 * stack state updated, each render) as well as after a tool's stroke. What does tell them apart is the labels:
 * createSegmentationForSEGDisplaySet fills the labelmap images before addOrUpdateSegmentation, whose state manager
 * fires SEGMENTATION_ADDED (re-broadcast synchronously by OHIF), and loading never writes them again. So the labels
 * at SEGMENTATION_ADDED are the stored ones, and a stored segmentation is changed when its labels differ from them.
 */

interface HostSegmentation {
  segmentationId: string;
  label?: string;
  segments?: Record<string, { label?: string } | null | undefined>;
  representationData?: { Labelmap?: { imageIds?: string[]; referencedImageIds?: string[] } };
}

export interface SegmentationServiceLike {
  EVENTS: Record<string, string>;
  getSegmentations(): HostSegmentation[];
  subscribe(event: string, callback: (event: { segmentationId?: string }) => void): { unsubscribe(): void };
}

export interface LabelmapImageCache {
  getImage?(imageId: string): { getPixelData(): ArrayLike<number> } | undefined;
}

/** The display sets the tracker needs: which ids are stored objects, and each image's SOP instance by imageId. */
export interface DisplaySetImages {
  displaySetInstanceUID: string;
  SeriesInstanceUID: string;
  Modality?: string;
  /** OHIF's display set for a segmentation made in this browser, not an object read from the PACS. */
  madeInClient?: boolean;
  instances?: { imageId?: string; SOPInstanceUID?: unknown }[];
}

export interface ViewerSegment {
  segmentationId: string;
  segmentIndex: number;
  /** The segment's label, else the segmentation's. */
  label: string;
  /** The image series the labelmap was drawn on. */
  seriesInstanceUID: string;
  /** 'drawn': made in the viewer; 'changed': a stored SEG edited after it was loaded. */
  origin: 'drawn' | 'changed';
  /** Only the labelmap slices that hold this segment. */
  slices: LabelmapSlice[];
}

/** FNV-1a, twice with different seeds (64 bits in all): a fingerprint of labels, so that no copy of them is kept. */
function fingerprint(parts: Iterable<string | ArrayLike<number>>): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (value: number) => {
    a = Math.imul(a ^ value, 0x01000193) >>> 0;
    b = Math.imul(b ^ value, 0x5bd1e995) >>> 0;
  };
  for (const part of parts) {
    if (typeof part === 'string') for (let k = 0; k < part.length; k++) mix(part.charCodeAt(k));
    else for (let k = 0; k < part.length; k++) mix(part[k]);
    mix(0x1f);
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** Which voxels of which images segment `segmentIndex` covers: a result computed on it is out of date when this changes. */
export function segmentRevision(slices: readonly LabelmapSlice[], segmentIndex: number): string {
  return fingerprint(slices.flatMap((s) => [s.sopInstanceUID, Uint8Array.from(s.labels, (v) => (v === segmentIndex ? 1 : 0))]));
}

/**
 * Which labelmap segments of the viewer exist only in this browser: drawn in the viewer, or a stored SEG whose labels
 * differ from those it was loaded with. start() remembers each segmentation's labels as it is added (call it when the
 * mode opens, before anything is loaded); segments() reads the current state.
 */
export class ViewerSegmentationTracker {
  /** The labels each segmentation had when it was added (for a loaded SEG: the stored labels), by segmentationId. */
  private readonly loadedLabels = new Map<string, string>();
  private subscriptions: { unsubscribe(): void }[] = [];

  constructor(
    private readonly service: SegmentationServiceLike,
    private readonly cache: () => LabelmapImageCache | undefined,
  ) {}

  start(): void {
    if (this.subscriptions.length > 0) return;
    const { SEGMENTATION_ADDED, SEGMENTATION_REMOVED } = this.service.EVENTS;
    if (!SEGMENTATION_ADDED || !SEGMENTATION_REMOVED) {
      throw new Error("This viewer's segmentation service has no SEGMENTATION_ADDED / SEGMENTATION_REMOVED event: a loaded SEG cannot be told from an edited one");
    }
    this.subscriptions = [
      this.service.subscribe(SEGMENTATION_ADDED, ({ segmentationId }) => {
        const segmentation = this.service.getSegmentations().find((s) => s.segmentationId === segmentationId);
        const labels = segmentation && this.labelsOf(segmentation);
        if (labels) this.loadedLabels.set(segmentation.segmentationId, labels);
      }),
      this.service.subscribe(SEGMENTATION_REMOVED, ({ segmentationId }) => {
        if (segmentationId) this.loadedLabels.delete(segmentationId);
      }),
    ];
  }

  stop(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    this.subscriptions = [];
    this.loadedLabels.clear();
  }

  /**
   * Every labelmap image's labels with the source image it lies on; null for a segmentation without a labelmap (an
   * RTSTRUCT's contours: a labelmap converted from them later is first seen then).
   */
  private labelsOf(segmentation: HostSegmentation): string | null {
    const labelmap = segmentation.representationData?.Labelmap;
    if (!labelmap?.imageIds || !labelmap.referencedImageIds) return null;
    const cache = this.cache();
    return fingerprint(labelmap.imageIds.flatMap((imageId, n) => [labelmap.referencedImageIds![n] ?? '', cache?.getImage?.(imageId)?.getPixelData() ?? '']));
  }

  private originOf(segmentation: HostSegmentation, stored: ReadonlySet<string>): ViewerSegment['origin'] | null {
    const { segmentationId } = segmentation;
    if (!stored.has(segmentationId)) return 'drawn';
    const now = this.labelsOf(segmentation);
    if (now === null) return null;
    // Seen for the first time (added before start(), or a labelmap made later from contours): its labels now are the loaded ones.
    if (!this.loadedLabels.has(segmentationId)) this.loadedLabels.set(segmentationId, now);
    return this.loadedLabels.get(segmentationId) === now ? null : 'changed';
  }

  segments(displaySets: readonly DisplaySetImages[]): ViewerSegment[] {
    const stored = new Set(displaySets.filter((ds) => (ds.Modality === 'SEG' || ds.Modality === 'RTSTRUCT') && !ds.madeInClient).map((ds) => ds.displaySetInstanceUID));
    const imageOf = new Map<string, { series: string; sopInstanceUID: string }>();
    for (const ds of displaySets) {
      for (const instance of ds.instances ?? []) {
        if (instance.imageId && typeof instance.SOPInstanceUID === 'string') imageOf.set(instance.imageId, { series: ds.SeriesInstanceUID, sopInstanceUID: instance.SOPInstanceUID });
      }
    }
    const cache = this.cache();
    const found: ViewerSegment[] = [];
    for (const segmentation of this.service.getSegmentations()) {
      const labelmap = segmentation.representationData?.Labelmap;
      if (!labelmap?.imageIds || !labelmap.referencedImageIds) continue;
      const origin = this.originOf(segmentation, stored);
      if (!origin) continue;
      if (!cache?.getImage) throw new Error("The viewer's image cache cannot be read: the segmentation drawn in the viewer cannot be stored");
      const slices = labelmap.imageIds.map((imageId, n) => {
        const source = imageOf.get(labelmap.referencedImageIds![n]);
        const image = cache.getImage!(imageId);
        if (!source || !image) throw new Error(`Segmentation '${segmentation.label ?? segmentation.segmentationId}': slice ${n + 1} cannot be matched to an image of the study`);
        return { series: source.series, sopInstanceUID: source.sopInstanceUID, labels: image.getPixelData() };
      });
      const series = new Set(slices.map((s) => s.series));
      if (series.size !== 1) throw new Error(`Segmentation '${segmentation.label ?? segmentation.segmentationId}' lies on ${series.size} series; a SEG is stored per series`);
      for (const [key, segment] of Object.entries(segmentation.segments ?? {})) {
        const segmentIndex = Number(key);
        if (!segment || !(segmentIndex > 0)) continue;
        const holding = slices.filter((s) => Array.prototype.some.call(s.labels, (v: number) => v === segmentIndex));
        if (holding.length === 0) continue;
        found.push({
          segmentationId: segmentation.segmentationId,
          segmentIndex,
          label: segment.label || segmentation.label || `Segment ${segmentIndex}`,
          seriesInstanceUID: slices[0].series,
          origin,
          // Copies: the cache's arrays change under later strokes, and what was computed on must not.
          slices: holding.map(({ sopInstanceUID, labels }) => ({ sopInstanceUID, labels: copyOf(labels) })),
        });
      }
    }
    return found;
  }
}

function copyOf(labels: ArrayLike<number>): ArrayLike<number> {
  return ArrayBuffer.isView(labels) && 'slice' in labels ? (labels as Uint8Array).slice() : Array.from(labels);
}

const VIEWER_ORIGIN = { drawn: 'drawn in the viewer', changed: 'changed in the viewer' } as const;

/**
 * The panel's ROI options for viewer segments, after the study's stored ROIs (the automatic choice stays a stored
 * one): keyed by segmentation and segment, offered for the series they were drawn on.
 */
export function viewerRoiOptions(segments: readonly ViewerSegment[], displaySets: readonly (DisplaySetImages & { instances?: { FrameOfReferenceUID?: unknown }[] })[]): RoiOption[] {
  return segments.map((segment) => {
    const frame = displaySets.find((ds) => ds.SeriesInstanceUID === segment.seriesInstanceUID)?.instances?.[0]?.FrameOfReferenceUID;
    const source = `viewer:${segment.segmentationId}`;
    return {
      key: roiKey(source, segment.segmentIndex),
      sourceSeriesInstanceUID: source,
      sourceDescription: VIEWER_ORIGIN[segment.origin],
      modality: 'SEG',
      number: segment.segmentIndex,
      label: segment.label,
      frameOfReferenceUID: typeof frame === 'string' ? frame : null,
      referencedSeriesInstanceUIDs: [segment.seriesInstanceUID],
      viewer: { origin: segment.origin, segmentIndex: segment.segmentIndex, slices: segment.slices, revision: segmentRevision(segment.slices, segment.segmentIndex) },
    };
  });
}
