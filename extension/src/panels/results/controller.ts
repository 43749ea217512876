import { buildPrnnSr, readPrnnSr, toPart10 } from '../../dicom/sr';
import { itemsOf, textOf } from '../../dicom/dataset';
import type { StoredPrnnResult } from '../../dicom/sr';
import { compareWithStored } from '../../compare';
import type { RecomputeCheck } from '../../compare';
import { ResultStore, loadStoredResults } from '../../results';
import type { PendingStore, StoreOutcome } from '../../results';
import type { ComputeRequest, ComputeResult } from '../../worker/api';
import type { PanelController } from '../controller';
import type { DisplaySetLike } from '../studyData';
import { recomputeInputsOf } from './recomputeInputs';
import { featuresBySequence, shareViewerRoiSegs, srInputOf } from './srInput';
import type { SrContext } from './srInput';

/** What the results part of the panel needs from the viewer (services/resultsHost.ts; fakes in tests). */
export interface ResultsHost {
  /** The active data source's DICOMweb root, absolute; throws when the data source is not DICOMweb. */
  dicomWebRoot(): string;
  /** The user's authorization headers for the PACS (read per request: tokens expire). */
  headers(): Record<string, string>;
  /** For STOW-RS. */
  fetch: typeof globalThis.fetch;
  pending: PendingStore;
  /** The viewer's display sets now (the study's series, SEGs and RTSTRUCTs with their instances). */
  displaySets(): readonly DisplaySetLike[];
  srContext(): Promise<SrContext>;
  /** Injected so tests need not wait for the back-off. */
  sleep?: (ms: number) => Promise<void>;
}

export type StoredState =
  | { status: 'none' }
  | { status: 'loading' }
  /** Every PRNN SR of the study, newest first (possibly none). */
  | { status: 'loaded'; results: StoredPrnnResult[] }
  | { status: 'failed'; message: string };

type StoreDownload = { filename: string; bytes: Uint8Array; mimeType: string };

export type StoreState =
  | { status: 'idle' }
  | { status: 'storing' }
  | { status: 'stored'; message: string }
  /** `download`: the SR; `roiDownloads`: the SEGs of ROIs drawn in the viewer that were kept with it. */
  | { status: 'kept'; message: string; download: StoreDownload; roiDownloads: StoreDownload[] }
  | { status: 'failed'; message: string };

export interface ResultsSnapshot {
  studyInstanceUID: string | null;
  stored: StoredState;
  /** The latest computed result and what it was computed from: what "Store in PACS" stores. */
  computed: { result: ComputeResult; request: ComputeRequest } | null;
  store: StoreState;
  /** The latest computed result against the stored result shown (Recompute). */
  check: RecomputeCheck | null;
  /** Why Recompute could not run on the stored result's inputs (e.g. its ROI is no longer in the study). */
  recomputeProblem: string | null;
  pending: { count: number; retrying: boolean; message: string | null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Results in the PACS, beside the panel's computation: the study's stored PRNN SRs shown on opening, storing a
 * computed result as SR (kept in the browser when the PACS cannot take it), the pending results, and the
 * Recompute check. State outside React, like PanelController.
 */
export class ResultsController {
  private snapshot: ResultsSnapshot = {
    studyInstanceUID: null,
    stored: { status: 'none' },
    computed: null,
    store: { status: 'idle' },
    check: null,
    recomputeProblem: null,
    pending: { count: 0, retrying: false, message: null },
  };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly host: ResultsHost) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ResultsSnapshot => this.snapshot;

  private update(change: Partial<ResultsSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.listeners.forEach((listener) => listener());
  }

  private resultStore(): ResultStore {
    return new ResultStore({
      dicomWebRoot: this.host.dicomWebRoot(),
      fetch: this.host.fetch,
      pending: this.host.pending,
      headers: () => this.host.headers(),
      sleep: this.host.sleep,
    });
  }

  /** A study was opened: show its stored results at once, without computing. */
  async openStudy(studyInstanceUID: string | null): Promise<void> {
    if (studyInstanceUID === this.snapshot.studyInstanceUID) return;
    this.update({ studyInstanceUID, stored: { status: studyInstanceUID ? 'loading' : 'none' }, computed: null, store: { status: 'idle' }, check: null, recomputeProblem: null });
    void this.refreshPendingCount();
    if (studyInstanceUID) await this.loadStored(studyInstanceUID);
  }

  private async loadStored(studyInstanceUID: string): Promise<void> {
    let stored: StoredState;
    try {
      stored = { status: 'loaded', results: await loadStoredResults({ wadoRoot: this.host.dicomWebRoot(), headers: this.host.headers() }, studyInstanceUID) };
    } catch (error) {
      stored = { status: 'failed', message: `Stored PRNN results could not be read: ${messageOf(error)}` };
    }
    if (this.snapshot.studyInstanceUID !== studyInstanceUID) return;
    this.update({ stored, check: this.checkOf(this.snapshot.computed?.result, this.snapshot.computed?.request, stored) });
  }

  /** The panel finished a computation (Compute or Recompute). */
  resultComputed(result: ComputeResult, request: ComputeRequest): void {
    if (request.studyInstanceUID !== this.snapshot.studyInstanceUID) return;
    this.update({ computed: { result, request }, store: { status: 'idle' }, check: this.checkOf(result, request, this.snapshot.stored), recomputeProblem: null });
  }

  /**
   * Recompute: selects in the panel (as the user's choices, so the panel shows them) exactly the series and ROIs the
   * stored result references, then computes; the check appears when the result arrives (resultComputed). When one of
   * them is no longer in the study, says which and computes nothing.
   */
  async recompute(panel: Pick<PanelController, 'getSnapshot' | 'chooseSeries' | 'chooseRoi' | 'compute'>): Promise<void> {
    const { stored } = this.snapshot;
    const { card } = panel.getSnapshot();
    if (stored.status !== 'loaded' || stored.results.length === 0 || card.status !== 'ready') return;
    const found = recomputeInputsOf(stored.results[0], this.host.displaySets(), card.summary.sequences);
    if (!found.found) {
      this.update({ check: null, recomputeProblem: found.message });
      return;
    }
    this.update({ check: null, recomputeProblem: null });
    for (const input of found.inputs) {
      panel.chooseSeries(input.sequence, input.seriesInstanceUID);
      panel.chooseRoi(input.sequence, input.roiKey);
    }
    await panel.compute();
  }

  private checkOf(result: ComputeResult | undefined, request: ComputeRequest | undefined, stored: StoredState): RecomputeCheck | null {
    if (!result || !request || stored.status !== 'loaded' || stored.results.length === 0) return null;
    const features = featuresBySequence(result.features, request.sequences.map((s) => s.sequence));
    return compareWithStored(stored.results[0], { features, probability: result.probability });
  }

  /**
   * "Store in PACS": the computed result as a PRNN SR, by STOW-RS to the active data source. The SEG of each ROI drawn
   * in the viewer that was computed on or compared goes first (the SR references it); when one cannot be stored, it and the SR are kept in the browser
   * (the SR unsent, so the PACS never holds an SR whose SEG it lacks) and Retry pending sends them in that order.
   */
  async store(): Promise<void> {
    const { computed, store } = this.snapshot;
    if (!computed || store.status === 'storing') return;
    this.update({ store: { status: 'storing' } });
    try {
      const computedSegs = Object.values(computed.result.viewerRoiSegs ?? {}).filter((seg) => seg !== undefined);
      const context = shareViewerRoiSegs(await this.host.srContext(), computedSegs);
      const dataset = buildPrnnSr(srInputOf(computed.result, computed.request, context));
      const stored = readPrnnSr(dataset);
      const results = this.resultStore();
      const segs = [...computedSegs, ...(context.comparisonRoiSegs ?? [])];
      const segMessages: string[] = [];
      const roiDownloads: StoreDownload[] = [];
      // Once a SEG is kept, what follows is kept unsent, each waiting for the one before it.
      let kept = null as { sopInstanceUID: string; reason: string } | null;
      for (const seg of segs) {
        const sopInstanceUID = textOf(seg, 'SOPInstanceUID')!;
        const label = textOf(itemsOf(seg, 'SegmentSequence')[0] ?? {}, 'SegmentLabel') ?? '';
        const object = { bytes: toPart10(seg), sopInstanceUID, studyInstanceUID: stored.studyInstanceUID, description: `The SEG of ROI '${label}'` };
        const outcome: StoreOutcome = kept ? await results.keep({ ...object, dependsOn: kept.sopInstanceUID }, kept.reason) : await results.store(object);
        segMessages.push(outcome.message);
        if (outcome.status === 'kept') {
          kept = { sopInstanceUID, reason: kept?.reason ?? `the SEG of ROI '${label}' it references could not be stored first (${outcome.reason})` };
          roiDownloads.push(outcome.download);
        }
      }
      const sr = { bytes: toPart10(dataset), sopInstanceUID: stored.sopInstanceUID, studyInstanceUID: stored.studyInstanceUID, description: 'PRNN result SR' };
      const outcome = kept ? await results.keep({ ...sr, dependsOn: kept.sopInstanceUID }, kept.reason) : await results.store(sr);
      const message = [...segMessages, outcome.message].join(' ');
      if (this.snapshot.computed !== computed) return;
      if (outcome.status === 'stored') {
        const previous = this.snapshot.stored.status === 'loaded' ? this.snapshot.stored.results : [];
        this.update({ store: { status: 'stored', message }, stored: { status: 'loaded', results: [stored, ...previous] } });
      } else {
        this.update({ store: { status: 'kept', message, download: outcome.download, roiDownloads } });
      }
    } catch (error) {
      if (this.snapshot.computed === computed) this.update({ store: { status: 'failed', message: `The result could not be stored: ${messageOf(error)}` } });
    }
    await this.refreshPendingCount();
  }

  /** Sends every result kept in this browser again. */
  async retryPending(): Promise<void> {
    if (this.snapshot.pending.retrying) return;
    this.update({ pending: { ...this.snapshot.pending, retrying: true } });
    let message: string;
    try {
      const { stored, stillPending } = await this.resultStore().retryPending();
      if (stored.length > 0 && this.snapshot.studyInstanceUID) await this.loadStored(this.snapshot.studyInstanceUID);
      message =
        `${stored.length} kept result(s) stored in the PACS` +
        (stillPending.length > 0 ? `; ${stillPending.length} still kept in this browser: ${stillPending[0].reason}` : '.');
    } catch (error) {
      message = `Kept results could not be sent: ${messageOf(error)}`;
    }
    this.update({ pending: { ...this.snapshot.pending, retrying: false, message } });
    await this.refreshPendingCount();
  }

  private async refreshPendingCount(): Promise<void> {
    try {
      const count = (await this.host.pending.list()).length;
      this.update({ pending: { ...this.snapshot.pending, count } });
    } catch (error) {
      this.update({ pending: { ...this.snapshot.pending, message: `Results kept in this browser cannot be read: ${messageOf(error)}` } });
    }
  }
}
