/**
 * What the PRNN panel knows and decides, as plain data and pure functions: which series plays which sequence,
 * which ROI outlines the tumour on each, and what is wrong with the user's choices. No React, no OHIF: the
 * panel view and the tests both drive these.
 */
import type { ViewerRoiInput } from '../worker/api';

/** The signature's sequences, with the suffixes the study's feature names carry (`..._T1C`). */
export type Sequence = 'T1' | 'T2' | 'T1C';
export const SEQUENCES: readonly Sequence[] = ['T1', 'T2', 'T1C'];
export const SEQUENCE_LABEL: Record<Sequence, string> = { T1: 'T1', T2: 'T2', T1C: 'CE-T1' };

export interface Classification {
  sequence: Sequence | null;
  /** 0..1: how sure the classifier is. */
  confidence: number;
  reasons: string[];
}

/** An MR series of the study that may play one of the sequences. */
export interface SeriesOption {
  seriesInstanceUID: string;
  displaySetInstanceUID: string;
  description: string;
  seriesNumber: number | null;
  frameOfReferenceUID: string | null;
  imageCount: number;
  classification: Classification;
}

/** One segment of a SEG or one ROI of an RTSTRUCT. */
export interface RoiOption {
  /** Unique within the study: `${sourceSeriesInstanceUID}#${number}`. */
  key: string;
  sourceSeriesInstanceUID: string;
  sourceDescription: string;
  modality: 'SEG' | 'RTSTRUCT';
  /** SegmentNumber (SEG) or ROINumber (RTSTRUCT). */
  number: number;
  label: string;
  frameOfReferenceUID: string | null;
  /** The image series the SEG / RTSTRUCT was drawn on, when it says so. */
  referencedSeriesInstanceUIDs: string[];
  /**
   * A labelmap segment drawn ('drawn') or edited ('changed') in the viewer, not in the PACS: computed from its labels.
   * `revision` changes whenever the segment's voxels do (services/viewerSegmentations.ts segmentRevision).
   */
  viewer?: ViewerRoiInput & { origin: 'drawn' | 'changed'; revision: string };
}

export interface Choice {
  value: string | null;
  /** 'auto' choices follow the study's data; a 'user' choice is never overwritten. */
  source: 'auto' | 'user';
}

export interface Selection {
  series: Record<Sequence, Choice>;
  roi: Record<Sequence, Choice>;
}

export interface InputProblem {
  sequence: Sequence | null;
  field: 'series' | 'roi' | 'card';
  message: string;
}

export function roiKey(sourceSeriesInstanceUID: string, number: number): string {
  return `${sourceSeriesInstanceUID}#${number}`;
}

function perSequence<T>(make: (sequence: Sequence) => T): Record<Sequence, T> {
  return { T1: make('T1'), T2: make('T2'), T1C: make('T1C') };
}

export function emptySelection(): Selection {
  return {
    series: perSequence(() => ({ value: null, source: 'auto' })),
    roi: perSequence(() => ({ value: null, source: 'auto' })),
  };
}

/**
 * The ROI to use on `target`: one drawn on that series first, else one sharing its frame of reference (the
 * same tumour outlined on a registered sequence), preferring the ROI already used on other sequences so that
 * one outline maps onto all of them. An ROI drawn in the viewer exists only as labels on the images it was drawn on
 * (no stored object to map), so it serves only that series.
 */
export function bestRoiFor(target: SeriesOption | null, rois: readonly RoiOption[], preferredKey: string | null): RoiOption | null {
  if (!target) return null;
  const drawnOn = rois.filter((r) => r.referencedSeriesInstanceUIDs.includes(target.seriesInstanceUID));
  const sameFrame = rois.filter((r) => !r.viewer && target.frameOfReferenceUID !== null && r.frameOfReferenceUID === target.frameOfReferenceUID);
  for (const pool of [drawnOn, sameFrame]) {
    const preferred = pool.find((r) => r.key === preferredKey);
    if (preferred) return preferred;
    if (pool.length > 0) return pool[0];
  }
  return null;
}

/**
 * Fills every choice the user has not made from the study's data (the classifier's `assignments`), keeping every
 * user choice that still names something in the study (a choice whose series or ROI disappeared falls back to
 * automatic).
 */
export function reconcileSelection(
  previous: Selection,
  series: readonly SeriesOption[],
  rois: readonly RoiOption[],
  assignments: Readonly<Partial<Record<Sequence, string>>>,
): Selection {
  const next = emptySelection();
  for (const sequence of SEQUENCES) {
    const kept = previous.series[sequence];
    const automatic = assignments[sequence];
    next.series[sequence] =
      kept.source === 'user' && series.some((s) => s.seriesInstanceUID === kept.value)
        ? kept
        : { value: automatic && series.some((s) => s.seriesInstanceUID === automatic) ? automatic : null, source: 'auto' };
  }
  let preferredRoi: string | null = null;
  for (const sequence of SEQUENCES) {
    const kept = previous.roi[sequence];
    if (kept.source === 'user' && rois.some((r) => r.key === kept.value)) preferredRoi ??= kept.value;
  }
  for (const sequence of SEQUENCES) {
    const kept = previous.roi[sequence];
    if (kept.source === 'user' && rois.some((r) => r.key === kept.value)) {
      next.roi[sequence] = kept;
      continue;
    }
    const target = series.find((s) => s.seriesInstanceUID === next.series[sequence].value) ?? null;
    const roi = bestRoiFor(target, rois, preferredRoi);
    preferredRoi ??= roi?.key ?? null;
    next.roi[sequence] = { value: roi?.key ?? null, source: 'auto' };
  }
  return next;
}

export function chooseSeries(selection: Selection, sequence: Sequence, seriesInstanceUID: string | null): Selection {
  return { ...selection, series: { ...selection.series, [sequence]: { value: seriesInstanceUID, source: 'user' } } };
}

export function chooseRoi(selection: Selection, sequence: Sequence, key: string | null): Selection {
  return { ...selection, roi: { ...selection.roi, [sequence]: { value: key, source: 'user' } } };
}

/** Everything that stops a computation, one message per problem, each saying what to do. */
export function inputProblems(
  selection: Selection,
  series: readonly SeriesOption[],
  rois: readonly RoiOption[],
  requiredSequences: readonly Sequence[],
): InputProblem[] {
  const problems: InputProblem[] = [];
  const usedBy = new Map<string, Sequence>();
  for (const sequence of requiredSequences) {
    const label = SEQUENCE_LABEL[sequence];
    const chosen = series.find((s) => s.seriesInstanceUID === selection.series[sequence].value);
    if (!chosen) {
      problems.push({
        sequence,
        field: 'series',
        message:
          series.length === 0
            ? `Missing ${label}: this study has no MR series.`
            : `Missing ${label}: no series of this study was recognised as ${label}. Choose the ${label} series in the list, or open a study that has one.`,
      });
      continue;
    }
    const other = usedBy.get(chosen.seriesInstanceUID);
    if (other) {
      problems.push({
        sequence,
        field: 'series',
        message: `The same series (${chosen.description || chosen.seriesInstanceUID}) is assigned to ${SEQUENCE_LABEL[other]} and ${label}: each sequence needs its own series.`,
      });
    }
    usedBy.set(chosen.seriesInstanceUID, sequence);
    const roi = rois.find((r) => r.key === selection.roi[sequence].value);
    if (!roi) {
      problems.push({
        sequence,
        field: 'roi',
        message:
          rois.length === 0
            ? `No ROI: this study has no SEG or RTSTRUCT outlining the tumour. Store one with the study, then reopen it.`
            : `No ROI for ${label}: choose the tumour's SEG segment or RTSTRUCT ROI.`,
      });
      continue;
    }
    if (roi.frameOfReferenceUID && chosen.frameOfReferenceUID && roi.frameOfReferenceUID !== chosen.frameOfReferenceUID) {
      problems.push({
        sequence,
        field: 'roi',
        message:
          `Different frame of reference: ROI '${roi.label}' (${roi.modality}) is in frame of reference ${roi.frameOfReferenceUID}, ` +
          `the ${label} series in ${chosen.frameOfReferenceUID}; the ROI cannot be placed on it. Choose an ROI drawn on ${label} or on a registered series.`,
      });
    }
  }
  return problems;
}

/** What the panel proposes before the user changes anything. */
export function automaticSelection(series: readonly SeriesOption[], rois: readonly RoiOption[], assignments: Readonly<Partial<Record<Sequence, string>>>): Selection {
  return reconcileSelection(emptySelection(), series, rois, assignments);
}
