import { SEQUENCES, SEQUENCE_LABEL } from '../model';
import type { RoiOption, Sequence } from '../model';
import type { PanelController } from '../controller';
import type { DisplaySetLike } from '../studyData';
import type { ComparisonForSr } from '../../dicom/sr';
import type { DicomDataset } from '../../dicom/dataset';
import { textOf } from '../../dicom/dataset';
import type { CompareRequest, CompareResult, ComputeProgress, ReaderRoiInput } from '../../worker/api';
import type { CompareClient } from './client';
import { drawnOnSeries, readerRoiOptions } from './readerRois';
import type { ReaderRoiOption } from './readerRois';

/** Host side of a comparison: the data source and the pixels the viewer already holds (services/viewer.ts). */
export type CompareRequestBuilder = (
  studyInstanceUID: string,
  compareOn: Sequence,
  images: { sequence: Sequence; seriesInstanceUID: string }[],
  readers: [ReaderRoiInput, ReaderRoiInput],
) => Promise<CompareRequest>;

export type CompareRun =
  | { status: 'idle' }
  | { status: 'running'; progress: ComputeProgress }
  | { status: 'done'; result: CompareResult; inputs: string }
  | { status: 'failed'; message: string }
  | { status: 'cancelled' };

export interface CompareSnapshot {
  studyInstanceUID: string | null;
  rois: ReaderRoiOption[];
  roiA: string | null;
  roiB: string | null;
  /** The sequence whose grid the ROIs are compared on; 'auto' follows reader B's ROI (the series it was drawn on). */
  compareOn: { value: Sequence; source: 'auto' | 'user' };
  run: CompareRun;
  /** What stops Compare now, each saying what to do; empty when it can run. */
  problems: string[];
  /** The shown result was computed from other choices than the current ones (or a viewer ROI it used was edited since). */
  resultIsStale: boolean;
}

/** The comparison as Store in PACS writes it: the SR's comparison group, and first the SEGs of the viewer ROIs it names. */
export interface ComparisonToStore {
  comparison: ComparisonForSr;
  roiSegs: DicomDataset[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * "Compare readers": two ROIs of the study and the sequence to compare them on, the comparison in a worker, and the
 * latest result (what Store in PACS writes into the SR as the comparison). State outside React, like PanelController;
 * the series of each sequence and the card come from the panel's own choices.
 */
export class CompareController {
  private snapshot: CompareSnapshot = {
    studyInstanceUID: null,
    rois: [],
    roiA: null,
    roiB: null,
    compareOn: { value: 'T2', source: 'auto' },
    run: { status: 'idle' },
    problems: [],
    resultIsStale: false,
  };
  private readonly listeners = new Set<() => void>();
  private runId = 0;

  constructor(
    private readonly panel: PanelController,
    private readonly client: CompareClient,
    private readonly buildRequest: CompareRequestBuilder,
  ) {
    // The panel's series choices and card decide what can be compared.
    panel.subscribe(() => this.update({}));
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): CompareSnapshot => this.snapshot;

  private update(change: Partial<CompareSnapshot>): void {
    const next = { ...this.snapshot, ...change };
    if (next.compareOn.source === 'auto') next.compareOn = { value: this.automaticSequence(next), source: 'auto' };
    next.problems = this.problemsOf(next);
    next.resultIsStale = next.run.status === 'done' && next.run.inputs !== this.inputsKey(next);
    this.snapshot = next;
    this.listeners.forEach((listener) => listener());
  }

  /** The sequence whose chosen series reader B's ROI (else reader A's) was drawn on; else T2. */
  private automaticSequence(state: CompareSnapshot): Sequence {
    const { selection, series } = this.panel.getSnapshot();
    for (const key of [state.roiB, state.roiA]) {
      const roi = state.rois.find((r) => r.key === key);
      const drawnOn = roi && drawnOnSeries(roi, series);
      const sequence = drawnOn && SEQUENCES.find((s) => selection.series[s].value === drawnOn.seriesInstanceUID);
      if (sequence) return sequence;
    }
    return 'T2';
  }

  private cardSequences(): readonly Sequence[] {
    const { card } = this.panel.getSnapshot();
    return card.status === 'ready' ? card.summary.sequences : [];
  }

  private inputsKey(state: CompareSnapshot): string {
    const { selection } = this.panel.getSnapshot();
    const revision = (key: string | null) => state.rois.find((r) => r.key === key)?.viewer?.revision ?? null;
    return JSON.stringify([state.roiA, state.roiB, revision(state.roiA), revision(state.roiB), state.compareOn.value, SEQUENCES.map((s) => selection.series[s].value)]);
  }

  private problemsOf(state: CompareSnapshot): string[] {
    const { selection, series, card } = this.panel.getSnapshot();
    const problems: string[] = [];
    if (card.status !== 'ready') problems.push('The model card is not loaded: the comparison needs it for both readers\' predictions.');
    if (state.rois.length < 2) {
      problems.push(`This study has ${state.rois.length === 0 ? 'no ROI' : 'one ROI only'}: a comparison needs two (SEG segments or RTSTRUCT ROIs of two readers).`);
      return problems;
    }
    const a = state.rois.find((r) => r.key === state.roiA);
    const b = state.rois.find((r) => r.key === state.roiB);
    if (!a || !b) problems.push('Choose the ROI of reader A and the ROI of reader B.');
    else if (a.key === b.key) problems.push('Reader A and reader B are the same ROI: choose two different ones.');
    const sequences = [state.compareOn.value, ...this.cardSequences().filter((s) => s !== state.compareOn.value)];
    for (const sequence of sequences) {
      const chosen = series.find((s) => s.seriesInstanceUID === selection.series[sequence].value);
      if (!chosen) {
        problems.push(`No ${SEQUENCE_LABEL[sequence]} series is chosen above: choose it under "Series and ROI".`);
        continue;
      }
      for (const [reader, roi] of [
        ['A', a],
        ['B', b],
      ] as const) {
        if (roi?.frameOfReferenceUID && chosen.frameOfReferenceUID && roi.frameOfReferenceUID !== chosen.frameOfReferenceUID) {
          problems.push(
            `Different frame of reference: reader ${reader}'s ROI '${roi.label}' is in ${roi.frameOfReferenceUID}, the ${SEQUENCE_LABEL[sequence]} series in ` +
              `${chosen.frameOfReferenceUID}; it cannot be placed on that series. Choose ROIs drawn on this study's registered series.`,
          );
        }
      }
    }
    return problems;
  }

  /**
   * New or changed display sets, or segmentations drawn or changed in the viewer (`viewerRois`,
   * services/viewerSegmentations.ts): the study's ROIs; choices that still exist are kept.
   */
  setStudy(studyInstanceUID: string | null, displaySets: readonly DisplaySetLike[], viewerRois: readonly RoiOption[] = []): void {
    const inStudy = displaySets.filter((ds) => !studyInstanceUID || ds.StudyInstanceUID === undefined || ds.StudyInstanceUID === studyInstanceUID);
    const rois = readerRoiOptions(inStudy, viewerRois);
    const sameStudy = studyInstanceUID === this.snapshot.studyInstanceUID;
    const kept = (key: string | null) => (sameStudy && rois.some((r) => r.key === key) ? key : null);
    if (!sameStudy) this.cancel();
    this.update({
      studyInstanceUID,
      rois,
      roiA: kept(this.snapshot.roiA),
      roiB: kept(this.snapshot.roiB),
      ...(sameStudy ? {} : { run: { status: 'idle' } as CompareRun, compareOn: { value: 'T2' as Sequence, source: 'auto' as const } }),
    });
  }

  chooseRoi(reader: 'A' | 'B', key: string | null): void {
    this.update(reader === 'A' ? { roiA: key } : { roiB: key });
  }

  chooseSequence(sequence: Sequence): void {
    this.update({ compareOn: { value: sequence, source: 'user' } });
  }

  async compare(): Promise<void> {
    const state = this.snapshot;
    if (state.run.status === 'running' || state.problems.length > 0 || !state.studyInstanceUID) return;
    const { selection, series } = this.panel.getSnapshot();
    const runId = ++this.runId;
    const inputs = this.inputsKey(state);
    this.update({ run: { status: 'running', progress: { fraction: 0, message: 'Preparing' } } });
    try {
      const readerInput = (key: string | null, reader: 'A' | 'B'): ReaderRoiInput => {
        const roi = state.rois.find((r) => r.key === key)!;
        if (roi.viewer) {
          // Labels on the images of the series it was drawn on: the worker writes their SEG there, as Compute does.
          const drawnOnSeriesInstanceUID = roi.referencedSeriesInstanceUIDs[0];
          const { segmentIndex, slices } = roi.viewer;
          return {
            seriesInstanceUID: drawnOnSeriesInstanceUID,
            modality: 'SEG',
            number: segmentIndex,
            label: roi.label,
            readerLabel: `reader ${reader} (${roi.sourceDescription}): ${roi.label}, SEG`,
            drawnOnSeriesInstanceUID,
            viewerRoi: { segmentIndex, slices },
          };
        }
        const drawnOn = drawnOnSeries(roi, series);
        return {
          seriesInstanceUID: roi.sourceSeriesInstanceUID,
          modality: roi.modality,
          number: roi.number,
          label: roi.label,
          readerLabel: `reader ${reader} (${roi.reader || 'unknown'}): ${roi.label}, ${roi.modality} #${roi.seriesNumber ?? '?'}`,
          ...(drawnOn ? { drawnOnSeriesInstanceUID: drawnOn.seriesInstanceUID } : {}),
        };
      };
      const sequences = [state.compareOn.value, ...this.cardSequences().filter((s) => s !== state.compareOn.value)];
      const images = sequences.map((sequence) => ({ sequence, seriesInstanceUID: selection.series[sequence].value! }));
      const request = await this.buildRequest(state.studyInstanceUID, state.compareOn.value, images, [readerInput(state.roiA, 'A'), readerInput(state.roiB, 'B')]);
      const result = await this.client.compareReaders(request, (progress) => {
        if (runId === this.runId) this.update({ run: { status: 'running', progress } });
      });
      if (runId === this.runId) this.update({ run: { status: 'done', result, inputs } });
    } catch (error) {
      if (runId === this.runId) this.update({ run: { status: 'failed', message: `The comparison failed: ${messageOf(error)}` } });
    }
  }

  cancel(): void {
    if (this.snapshot.run.status !== 'running') return;
    this.runId++;
    this.client.cancel();
    this.update({ run: { status: 'cancelled' } });
  }

  /**
   * The latest comparison of `studyInstanceUID` as the SR's comparison group, when one was made and is current, with
   * the SEG of each ROI drawn in the viewer it compared: the SR names that SEG, so it is stored first.
   */
  comparisonForSr(studyInstanceUID: string): ComparisonToStore | undefined {
    const { run, resultIsStale } = this.snapshot;
    if (this.snapshot.studyInstanceUID !== studyInstanceUID || run.status !== 'done' || resultIsStale) return undefined;
    const { A, B } = run.result.viewerRoiSegs ?? {};
    return { comparison: toSrComparison(run.result), roiSegs: [A, B].filter((seg): seg is DicomDataset => seg !== undefined) };
  }
}

/**
 * The SR's comparison group: reader labels name the ROI object (for an ROI drawn in the viewer, its stored SEG) and the grid; the relative differences are those of
 * the compared sequence (the group holds one sequence's features); the probabilities come from each reader's ROI on
 * every sequence of the card.
 */
export function toSrComparison(result: CompareResult): ComparisonForSr {
  const on = ` on ${result.compareOn}`;
  // An ROI drawn in the viewer is named by the SEG stored for it (SOP Instance UID, its one segment).
  const stored = (seg: DicomDataset | undefined) => (seg ? ` (stored as SEG ${textOf(seg, 'SOPInstanceUID')}, segment 1)` : '');
  return {
    readerA: `${result.readers[0].readerLabel}${stored(result.viewerRoiSegs?.A)}${on}`,
    readerB: `${result.readers[1].readerLabel}${stored(result.viewerRoiSegs?.B)}${on}`,
    readerRois: result.readerRois,
    dice: result.dice,
    hausdorff95Mm: result.hausdorff95Mm,
    volumeAMm3: result.volumeAMm3,
    volumeBMm3: result.volumeBMm3,
    relativeDifferences: result.relativeDifferences,
    ...(result.probabilityDifference !== undefined ? { probabilityDifference: result.probabilityDifference } : {}),
    ...(result.riskGroupChanged !== undefined ? { riskGroupChanged: result.riskGroupChanged } : {}),
  };
}
