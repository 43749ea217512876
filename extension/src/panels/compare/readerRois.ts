import { roiOptions } from '../studyData';
import type { DicomInstance, DisplaySetLike } from '../studyData';
import type { RoiOption, SeriesOption } from '../model';

/** An ROI of the study as the second reader picks it: who drew it, on which object, when. */
export interface ReaderRoiOption extends RoiOption {
  /** The person who drew it (SEG ContentCreatorName, RTSTRUCT ROIInterpreter or OperatorsName), readable; '' when unknown. */
  reader: string;
  /** YYYY-MM-DD of the SEG content or the structure set, else of the series; '' when unknown. */
  date: string;
  seriesNumber: number | null;
}

function items(value: unknown): DicomInstance[] {
  if (Array.isArray(value)) return value as DicomInstance[];
  return value && typeof value === 'object' ? [value as DicomInstance] : [];
}

/** A DICOM person name as OHIF's metadata holds it (string, { Alphabetic }, or a list of those), as OHIF shows names: 'Family, Given Middle'. */
export function personName(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  const raw = typeof first === 'string' ? first : first && typeof first === 'object' ? (first as { Alphabetic?: unknown }).Alphabetic : undefined;
  if (typeof raw !== 'string') return '';
  const [family = '', ...rest] = raw.split('^');
  const given = rest.filter(Boolean).join(' ');
  return family && given ? `${family}, ${given}` : family || given;
}

function text(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : typeof first === 'number' ? String(first) : '';
}

function isoDate(value: unknown): string {
  const date = text(value);
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : '';
}

function readerOf(roi: RoiOption, instance: DicomInstance): string {
  if (roi.modality === 'SEG') return personName(instance.ContentCreatorName);
  const observation = items(instance.RTROIObservationsSequence).find((o) => Number(text(o.ReferencedROINumber)) === roi.number);
  return personName(observation?.ROIInterpreter) || personName(instance.OperatorsName);
}

/**
 * Every SEG segment and RTSTRUCT ROI of the study with its reader, date and series number; then the ROIs drawn or
 * changed in the viewer (`viewerRois`, services/viewerSegmentations.ts), which exist only in this browser: no reader,
 * date or series of their own yet (their SEG is written when they are compared).
 */
export function readerRoiOptions(displaySets: readonly DisplaySetLike[], viewerRois: readonly RoiOption[] = []): ReaderRoiOption[] {
  const fromViewer = viewerRois.map((roi) => ({ ...roi, reader: '', date: '', seriesNumber: null }));
  return [...storedReaderRois(displaySets), ...fromViewer];
}

function storedReaderRois(displaySets: readonly DisplaySetLike[]): ReaderRoiOption[] {
  return roiOptions(displaySets).map((roi) => {
    const displaySet = displaySets.find((ds) => ds.SeriesInstanceUID === roi.sourceSeriesInstanceUID);
    const instance = displaySet?.instance ?? displaySet?.instances?.[0] ?? {};
    const seriesNumber = Number(displaySet?.SeriesNumber);
    return {
      ...roi,
      reader: readerOf(roi, instance),
      date: isoDate(roi.modality === 'SEG' ? instance.ContentDate : instance.StructureSetDate) || isoDate(instance.SeriesDate),
      seriesNumber: Number.isFinite(seriesNumber) ? seriesNumber : null,
    };
  });
}

/** One line per ROI in the pickers: label, object, reader, series, date; an ROI of the viewer says so. */
export function describeReaderRoi(roi: ReaderRoiOption): string {
  if (roi.viewer) return `${roi.label} · SEG · ${roi.sourceDescription}`;
  const parts = [roi.modality, roi.reader || 'reader unknown', `#${roi.seriesNumber ?? '?'} ${roi.sourceDescription || '(no description)'}`];
  if (roi.date) parts.push(roi.date);
  return `${roi.label} · ${parts.join(' · ')}`;
}

/** The image series the ROI says it was drawn on, when that series is an MR series of the study. */
export function drawnOnSeries(roi: RoiOption, series: readonly SeriesOption[]): SeriesOption | undefined {
  return series.find((s) => roi.referencedSeriesInstanceUIDs.includes(s.seriesInstanceUID));
}
