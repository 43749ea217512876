import type { PendingResult, PendingStore } from './pending';
import { type Fetch, StowError, stowInstance } from './stow';

export interface ResultStoreOptions {
  /** DICOMweb root of the active data source (e.g. https://pacs/dicom-web). */
  dicomWebRoot: string;
  fetch: Fetch;
  pending: PendingStore;
  /** Extra request headers, e.g. the viewer's Authorization header (called per request: tokens expire). */
  headers?: () => Record<string, string>;
  /** Waits between attempts; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Attempts per store() before the result is kept (default 4) and the first back-off delay (default 1000 ms, doubling). */
  attempts?: number;
  initialDelayMs?: number;
}

/** A DICOM object to store: SR or SEG bytes with what the message and the pending list need. */
export interface ResultObject {
  bytes: Uint8Array;
  sopInstanceUID: string;
  studyInstanceUID: string;
  /** Shown in messages, e.g. 'PRNN result SR'. */
  description: string;
  /** The SOPInstanceUID of an object it references that must be stored before it (an SR's ROI SEG). */
  dependsOn?: string;
}

export type StoreOutcome =
  | { status: 'stored'; attempts: number; message: string }
  | {
      status: 'kept';
      attempts: number;
      /** For the user: what happened, that nothing is lost, and what to do. */
      message: string;
      reason: string;
      /** Offer this as a file download (a Blob of `bytes` with `mimeType`, saved as `filename`). */
      download: { filename: string; bytes: Uint8Array; mimeType: 'application/dicom' };
    };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stores results in the PACS with STOW-RS, retrying with exponential back-off when the server is unreachable or
 * overloaded; a result the PACS refuses (e.g. 409) or that still cannot be sent is kept in the pending store and
 * offered as a download, and retryPending() sends kept results once the server is back.
 */
export class ResultStore {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly attempts: number;
  private readonly initialDelayMs: number;

  constructor(private readonly options: ResultStoreOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.attempts = options.attempts ?? 4;
    this.initialDelayMs = options.initialDelayMs ?? 1000;
    if (!Number.isInteger(this.attempts) || this.attempts < 1) throw new Error(`attempts must be a positive integer, got ${this.attempts}`);
  }

  /** Tries, waiting initialDelay, 2 x initialDelay, ... between attempts; stops early on a refusal that will not change. */
  private async send(object: ResultObject): Promise<{ error?: StowError; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        await stowInstance(this.options.fetch, this.options.dicomWebRoot, object.studyInstanceUID, object.bytes, this.options.headers?.() ?? {});
        return { attempts: attempt };
      } catch (error) {
        const stowError = error instanceof StowError ? error : new StowError(String(error), false);
        if (!stowError.retryable || attempt === this.attempts) return { error: stowError, attempts: attempt };
        await this.sleep(this.initialDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  async store(object: ResultObject): Promise<StoreOutcome> {
    const { error, attempts } = await this.send(object);
    if (!error) return { status: 'stored', attempts, message: `${object.description} stored in the PACS.` };
    const what = error.retryable ? `could not be stored after ${attempts} attempt${attempts > 1 ? 's' : ''}` : 'was refused';
    return this.keep(object, error.message, attempts, `${object.description} ${what}: ${error.message}.`);
  }

  /**
   * Keeps an object without sending it, e.g. an SR whose ROI SEG could not be stored (`object.dependsOn`): the PACS
   * must not hold an SR that references a SEG it does not have; retryPending() sends the SEG first.
   */
  async keep(object: ResultObject, reason: string, attempts = 0, what = `${object.description} was not sent: ${reason}.`): Promise<StoreOutcome & { status: 'kept' }> {
    const filename = `PRNN-${object.sopInstanceUID}.dcm`;
    const entry: PendingResult = {
      id: object.sopInstanceUID,
      studyInstanceUID: object.studyInstanceUID,
      bytes: object.bytes,
      filename,
      description: object.description,
      ...(object.dependsOn ? { dependsOn: object.dependsOn } : {}),
      reason,
      keptAt: (this.options.now?.() ?? new Date()).toISOString(),
    };
    await this.options.pending.put(entry);
    return {
      status: 'kept',
      attempts,
      reason,
      message:
        `${what} It is kept in this browser and nothing is lost: ` +
        `download it as ${filename}, or use "Retry pending" to send it again when the PACS is available.`,
      download: { filename, bytes: object.bytes, mimeType: 'application/dicom' },
    };
  }

  /** Kept results, oldest first. */
  pending(): Promise<PendingResult[]> {
    return this.options.pending.list();
  }

  /**
   * Sends every kept result once (no back-off), a referenced SEG before the SR that references it; stored ones leave
   * the pending store, the others stay with the new reason.
   */
  async retryPending(): Promise<{ stored: string[]; stillPending: { id: string; reason: string }[] }> {
    const stored: string[] = [];
    const stillPending: { id: string; reason: string }[] = [];
    const waiting = await this.options.pending.list();
    while (waiting.length > 0) {
      // What others reference goes first, whatever the order they were kept in.
      const ready = waiting.filter((entry) => !waiting.some((other) => other.id === entry.dependsOn));
      for (const entry of ready.length > 0 ? ready : [waiting[0]]) {
        waiting.splice(waiting.indexOf(entry), 1);
        if (entry.dependsOn && stillPending.some((pending) => pending.id === entry.dependsOn)) {
          const reason = `it references ${entry.dependsOn}, which is not stored yet`;
          await this.options.pending.put({ ...entry, reason });
          stillPending.push({ id: entry.id, reason });
          continue;
        }
        try {
          await stowInstance(this.options.fetch, this.options.dicomWebRoot, entry.studyInstanceUID, entry.bytes, this.options.headers?.() ?? {});
          await this.options.pending.remove(entry.id);
          stored.push(entry.id);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          await this.options.pending.put({ ...entry, reason });
          stillPending.push({ id: entry.id, reason });
        }
      }
    }
    return { stored, stillPending };
  }
}
