import { roiKey } from './model';
import type { Classification, RoiOption, SeriesOption } from './model';

/**
 * The part of an OHIF display set the panel reads (OHIF's types are not published on npm; these fields are
 * the naturalised DICOM attributes OHIF keeps on every display set and its instances).
 */
export interface DisplaySetLike {
  displaySetInstanceUID: string;
  StudyInstanceUID?: string;
  SeriesInstanceUID: string;
  SeriesDescription?: string;
  SeriesNumber?: number | string;
  Modality?: string;
  numImageFrames?: number;
  instance?: DicomInstance;
  instances?: DicomInstance[];
}

/** A naturalised DICOM dataset: keywords -> values; sequences may be arrays or, for one item, a bare object. */
export type DicomInstance = Record<string, unknown>;

function items(value: unknown): DicomInstance[] {
  if (Array.isArray(value)) return value as DicomInstance[];
  return value && typeof value === 'object' ? [value as DicomInstance] : [];
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

function integer(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function firstInstance(displaySet: DisplaySetLike): DicomInstance | undefined {
  return displaySet.instance ?? displaySet.instances?.[0];
}

const UNCLASSIFIED: Classification = { sequence: null, confidence: 0, reasons: ['not classified'] };

export function seriesOptions(displaySets: readonly DisplaySetLike[], perSeries: Readonly<Record<string, Classification>>): SeriesOption[] {
  return displaySets
    .filter((ds) => ds.Modality === 'MR' && (ds.instances?.length ?? 0) > 0)
    .map((ds) => ({
      seriesInstanceUID: ds.SeriesInstanceUID,
      displaySetInstanceUID: ds.displaySetInstanceUID,
      description: ds.SeriesDescription ?? '',
      seriesNumber: integer(ds.SeriesNumber),
      frameOfReferenceUID: text(firstInstance(ds)?.FrameOfReferenceUID),
      imageCount: ds.numImageFrames ?? ds.instances?.length ?? 0,
      classification: perSeries[ds.SeriesInstanceUID] ?? UNCLASSIFIED,
    }));
}

function segRois(ds: DisplaySetLike, instance: DicomInstance): RoiOption[] {
  const referenced = items(instance.ReferencedSeriesSequence)
    .map((r) => text(r.SeriesInstanceUID))
    .filter((uid): uid is string => uid !== null);
  return items(instance.SegmentSequence).flatMap((segment) => {
    const number = integer(segment.SegmentNumber);
    if (number === null) return [];
    return [
      {
        key: roiKey(ds.SeriesInstanceUID, number),
        sourceSeriesInstanceUID: ds.SeriesInstanceUID,
        sourceDescription: ds.SeriesDescription ?? '',
        modality: 'SEG' as const,
        number,
        label: text(segment.SegmentLabel) ?? `Segment ${number}`,
        frameOfReferenceUID: text(instance.FrameOfReferenceUID),
        referencedSeriesInstanceUIDs: referenced,
      },
    ];
  });
}

function rtstructRois(ds: DisplaySetLike, instance: DicomInstance): RoiOption[] {
  const frames = items(instance.ReferencedFrameOfReferenceSequence);
  const referenced = frames
    .flatMap((f) => items(f.RTReferencedStudySequence))
    .flatMap((s) => items(s.RTReferencedSeriesSequence))
    .map((s) => text(s.SeriesInstanceUID))
    .filter((uid): uid is string => uid !== null);
  const defaultFrame = text(frames[0]?.FrameOfReferenceUID);
  return items(instance.StructureSetROISequence).flatMap((roi) => {
    const number = integer(roi.ROINumber);
    if (number === null) return [];
    return [
      {
        key: roiKey(ds.SeriesInstanceUID, number),
        sourceSeriesInstanceUID: ds.SeriesInstanceUID,
        sourceDescription: ds.SeriesDescription ?? '',
        modality: 'RTSTRUCT' as const,
        number,
        label: text(roi.ROIName) ?? `ROI ${number}`,
        frameOfReferenceUID: text(roi.ReferencedFrameOfReferenceUID) ?? defaultFrame,
        referencedSeriesInstanceUIDs: referenced,
      },
    ];
  });
}

/**
 * Lowest SeriesNumber first (series without one last), then SeriesInstanceUID, then segment / ROI number: the
 * automatic ROI choice takes the first fitting option, and the server's and the viewer's series order vary between
 * loads (display sets are made as series metadata arrives), so the same study must always give the same order.
 */
function roiOrder(a: { option: RoiOption; seriesNumber: number | null }, b: { option: RoiOption; seriesNumber: number | null }): number {
  if (a.seriesNumber !== b.seriesNumber) {
    if (a.seriesNumber === null) return 1;
    if (b.seriesNumber === null) return -1;
    return a.seriesNumber - b.seriesNumber;
  }
  const [seriesA, seriesB] = [a.option.sourceSeriesInstanceUID, b.option.sourceSeriesInstanceUID];
  if (seriesA !== seriesB) return seriesA < seriesB ? -1 : 1;
  return a.option.number - b.option.number;
}

/** Every SEG segment and RTSTRUCT ROI of the study, as the user can pick them, in a fixed order (roiOrder). */
export function roiOptions(displaySets: readonly DisplaySetLike[]): RoiOption[] {
  return displaySets
    .flatMap((ds) => {
      const instance = firstInstance(ds);
      const options = !instance ? [] : ds.Modality === 'SEG' ? segRois(ds, instance) : ds.Modality === 'RTSTRUCT' ? rtstructRois(ds, instance) : [];
      return options.map((option) => ({ option, seriesNumber: integer(ds.SeriesNumber ?? instance?.SeriesNumber) }));
    })
    .sort(roiOrder)
    .map(({ option }) => option);
}
