import type { LabelmapSlice } from '../dicom/seg/viewer';
import { roiKey, type RoiOption } from '../panels/model';

/*
 * Segmentations drawn or changed in the viewer, read from OHIF 3.13's segmentationService (its types are not on npm;
 * these describe what it returns, from its source): getSegmentations() gives cornerstone's segmentation state, a
 * labelmap keeps one derived image per source image (representationData.Labelmap.imageIds, with the source in
 * referencedImageIds at the same index), and the labels are that image's pixel data in cornerstone's cache. OHIF
 * names a segmentation loaded from a SEG or RTSTRUCT by that display set's displaySetInstanceUID; one made in the
 * viewer gets a fresh UUID, and OHIF then adds a SEG display set for it under that same id, marked madeInClient.
 * Edits fire SEGMENTATION_DATA_MODIFIED with the segmentation's id.
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

/**
 * Which labelmap segments of the viewer exist only in this browser: drawn in the viewer, or a stored SEG changed since
 * it was loaded. start() listens for edits (call it when the mode opens, before the user can draw); segments() reads
 * the current state.
 */
export class ViewerSegmentationTracker {
  private readonly edited = new Set<string>();
  private subscription: { unsubscribe(): void } | null = null;

  constructor(
    private readonly service: SegmentationServiceLike,
    private readonly cache: () => LabelmapImageCache | undefined,
  ) {}

  start(): void {
    if (this.subscription) return;
    const event = this.service.EVENTS.SEGMENTATION_DATA_MODIFIED;
    if (!event) throw new Error("This viewer's segmentation service has no SEGMENTATION_DATA_MODIFIED event: edits cannot be tracked");
    this.subscription = this.service.subscribe(event, ({ segmentationId }) => {
      if (segmentationId) this.edited.add(segmentationId);
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.edited.clear();
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
      const origin = !stored.has(segmentation.segmentationId) ? 'drawn' : this.edited.has(segmentation.segmentationId) ? 'changed' : null;
      const labelmap = segmentation.representationData?.Labelmap;
      if (!origin || !labelmap?.imageIds || !labelmap.referencedImageIds) continue;
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
          slices: holding.map(({ sopInstanceUID, labels }) => ({ sopInstanceUID, labels })),
        });
      }
    }
    return found;
  }
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
      viewer: { origin: segment.origin, segmentIndex: segment.segmentIndex, slices: segment.slices },
    };
  });
}
