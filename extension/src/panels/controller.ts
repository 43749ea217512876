import { SEQUENCES, chooseRoi, chooseSeries, emptySelection, inputProblems, reconcileSelection } from './model';
import type { InputProblem, RoiOption, Selection, Sequence, SeriesOption } from './model';
import { roiOptions, seriesOptions } from './studyData';
import type { DisplaySetLike } from './studyData';
import type { ClassifyStudy } from './classify';
import type { CardSummary, ComputeProgress, ComputeRequest, ComputeResult, SequenceInput } from '../worker/api';

/** The worker behind the panel (services/computeClient.ts in the viewer, a fake in tests). */
export interface ComputeClient {
  describeCard(cardUrl: string): Promise<CardSummary>;
  compute(request: ComputeRequest, onProgress: (progress: ComputeProgress) => void): Promise<ComputeResult>;
  /** Stops the running computation at once; its promise rejects. */
  cancel(): void;
}

/** Host side of a computation: the data source to read from and any volume the viewer already holds. */
export type RequestBuilder = (studyInstanceUID: string, sequences: Omit<SequenceInput, 'viewerInstances'>[]) => Promise<ComputeRequest>;

export type CardState = { status: 'loading' } | { status: 'ready'; summary: CardSummary } | { status: 'refused'; message: string };

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: ComputeProgress }
  /** `inputs`: the choices computed with; `viewerRois`: the revision of each ROI drawn or changed in the viewer it used, by key. */
  | { status: 'done'; result: ComputeResult; inputs: string; viewerRois: Record<string, string> }
  | { status: 'failed'; message: string }
  | { status: 'cancelled' };

export interface PanelSnapshot {
  studyInstanceUID: string | null;
  series: SeriesOption[];
  rois: RoiOption[];
  selection: Selection;
  /** The classifier's choice per sequence, what 'auto' choices follow. */
  assignments: Partial<Record<Sequence, string>>;
  card: CardState;
  run: RunState;
  /** What stops Compute now; empty when it can run. */
  problems: InputProblem[];
  /** Why the shown result is out of date (other choices now, or an ROI it used edited in the viewer since); null when current. */
  staleBecause: string | null;
}

export interface PanelControllerOptions {
  client: ComputeClient;
  classify: ClassifyStudy;
  cardUrl: string;
  buildRequest: RequestBuilder;
}

/** The revision of every ROI drawn or changed in the viewer that `selection` uses, by key. */
function viewerRoiRevisions(selection: Selection, rois: readonly RoiOption[]): Record<string, string> {
  const revisions: Record<string, string> = {};
  for (const sequence of SEQUENCES) {
    const roi = rois.find((r) => r.key === selection.roi[sequence].value);
    if (roi?.viewer) revisions[roi.key] = roi.viewer.revision;
  }
  return revisions;
}

function staleBecause(run: Extract<RunState, { status: 'done' }>, inputs: string, rois: readonly RoiOption[]): string | null {
  if (run.inputs !== inputs) return 'Computed with earlier choices: press Compute to update.';
  const edited = rois.filter((r) => r.viewer && r.key in run.viewerRois && run.viewerRois[r.key] !== r.viewer.revision);
  if (edited.length === 0) return null;
  return `Out of date: ROI ${edited.map((r) => `'${r.label}'`).join(', ')} was edited in the viewer after Compute. Press Compute to update.`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The panel's state outside React, so that the host unmounting and remounting the panel (tab switches,
 * resizes) loses nothing: React views subscribe to it with useSyncExternalStore.
 */
export class PanelController {
  private snapshot: PanelSnapshot;
  private readonly listeners = new Set<() => void>();
  private runId = 0;

  constructor(private readonly options: PanelControllerOptions) {
    this.snapshot = {
      studyInstanceUID: null,
      series: [],
      rois: [],
      selection: emptySelection(),
      assignments: {},
      card: { status: 'loading' },
      run: { status: 'idle' },
      problems: [],
      staleBecause: null,
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): PanelSnapshot => this.snapshot;

  private update(change: Partial<PanelSnapshot>): void {
    const next = { ...this.snapshot, ...change };
    next.problems = [
      ...(next.card.status === 'refused' ? [{ sequence: null, field: 'card' as const, message: next.card.message }] : []),
      ...inputProblems(next.selection, next.series, next.rois, this.requiredSequences(next.card)),
    ];
    next.staleBecause = next.run.status === 'done' ? staleBecause(next.run, this.inputsKey(next.selection), next.rois) : null;
    this.snapshot = next;
    this.listeners.forEach((listener) => listener());
  }

  private requiredSequences(card: CardState): readonly Sequence[] {
    return card.status === 'ready' ? card.summary.sequences : SEQUENCES;
  }

  private inputsKey(selection: Selection): string {
    return JSON.stringify(SEQUENCES.map((s) => [selection.series[s].value, selection.roi[s].value]));
  }

  async loadCard(): Promise<void> {
    this.update({ card: { status: 'loading' } });
    try {
      this.update({ card: { status: 'ready', summary: await this.options.client.describeCard(this.options.cardUrl) } });
    } catch (error) {
      this.update({ card: { status: 'refused', message: `Model card refused (${this.options.cardUrl}): ${messageOf(error)}` } });
    }
  }

  /**
   * New or changed display sets, or segmentations drawn in the viewer (`viewerRois`, services/viewerSegmentations.ts):
   * refresh the choices, keeping what the user picked.
   */
  setStudy(studyInstanceUID: string | null, displaySets: readonly DisplaySetLike[], viewerRois: readonly RoiOption[] = []): void {
    const inStudy = displaySets.filter((ds) => !studyInstanceUID || ds.StudyInstanceUID === undefined || ds.StudyInstanceUID === studyInstanceUID);
    const { assignments, perSeries } = this.options.classify(inStudy);
    const series = seriesOptions(inStudy, perSeries);
    const rois = [...roiOptions(inStudy), ...viewerRois];
    const sameStudy = studyInstanceUID === this.snapshot.studyInstanceUID;
    const previous = sameStudy ? this.snapshot.selection : emptySelection();
    this.update({
      studyInstanceUID,
      series,
      rois,
      assignments,
      selection: reconcileSelection(previous, series, rois, assignments),
      ...(sameStudy ? {} : { run: { status: 'idle' } as RunState }),
    });
  }

  chooseSeries(sequence: Sequence, seriesInstanceUID: string | null): void {
    const selection = chooseSeries(this.snapshot.selection, sequence, seriesInstanceUID);
    this.update({ selection: reconcileSelection(selection, this.snapshot.series, this.snapshot.rois, this.snapshot.assignments) });
  }

  chooseRoi(sequence: Sequence, key: string | null): void {
    this.update({ selection: chooseRoi(this.snapshot.selection, sequence, key) });
  }

  async compute(): Promise<void> {
    const { studyInstanceUID, selection, problems, card } = this.snapshot;
    if (this.snapshot.run.status === 'running') return;
    if (!studyInstanceUID || problems.length > 0 || card.status !== 'ready') return;
    const runId = ++this.runId;
    const inputs = this.inputsKey(selection);
    const viewerRois = viewerRoiRevisions(selection, this.snapshot.rois);
    this.update({ run: { status: 'running', progress: { fraction: 0, message: 'Preparing' } } });
    try {
      const sequences = card.summary.sequences.map((sequence) => this.sequenceInput(sequence));
      const request = await this.options.buildRequest(studyInstanceUID, sequences);
      const result = await this.options.client.compute(request, (progress) => {
        if (runId === this.runId && this.snapshot.run.status === 'running') this.update({ run: { status: 'running', progress } });
      });
      if (runId === this.runId) this.update({ run: { status: 'done', result, inputs, viewerRois } });
    } catch (error) {
      if (runId === this.runId) this.update({ run: { status: 'failed', message: messageOf(error) } });
    }
  }

  cancel(): void {
    if (this.snapshot.run.status !== 'running') return;
    this.runId++;
    this.options.client.cancel();
    this.update({ run: { status: 'cancelled' } });
  }

  private sequenceInput(sequence: Sequence): Omit<SequenceInput, 'viewerInstances'> {
    const { selection, rois } = this.snapshot;
    const roi = rois.find((r) => r.key === selection.roi[sequence].value);
    const seriesInstanceUID = selection.series[sequence].value;
    if (!roi || !seriesInstanceUID) throw new Error(`No series or ROI chosen for ${sequence}.`);
    if (roi.viewer) {
      if (!roi.referencedSeriesInstanceUIDs.includes(seriesInstanceUID)) {
        throw new Error(`The ROI '${roi.label}' was drawn in the viewer on another series than the ${sequence} series: choose it on the series it was drawn on.`);
      }
      const { segmentIndex, slices } = roi.viewer;
      return { sequence, seriesInstanceUID, roi: { seriesInstanceUID, modality: 'SEG', number: segmentIndex, label: roi.label }, viewerRoi: { segmentIndex, slices } };
    }
    return {
      sequence,
      seriesInstanceUID,
      roi: { seriesInstanceUID: roi.sourceSeriesInstanceUID, modality: roi.modality, number: roi.number, label: roi.label },
    };
  }
}
