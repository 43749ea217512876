/** A result that could not be stored in the PACS yet: kept so that nothing is lost, and sent again later. */
export interface PendingResult {
  /** The object's SOPInstanceUID (one entry per SR or SEG). */
  id: string;
  studyInstanceUID: string;
  /** DICOM Part 10 bytes of the SR (or SEG). */
  bytes: Uint8Array;
  filename: string;
  description: string;
  /** The id of a kept object this one references and that must reach the PACS first (an SR's ROI SEG). */
  dependsOn?: string;
  /** Why it is pending (the last failure), and since when (ISO 8601). */
  reason: string;
  keptAt: string;
}

/** Where pending results live: IndexedDB in the browser, memory in tests. */
export interface PendingStore {
  put(entry: PendingResult): Promise<void>;
  list(): Promise<PendingResult[]>;
  remove(id: string): Promise<void>;
}

export class MemoryPendingStore implements PendingStore {
  private readonly entries = new Map<string, PendingResult>();

  async put(entry: PendingResult): Promise<void> {
    this.entries.set(entry.id, { ...entry, bytes: entry.bytes.slice() });
  }

  async list(): Promise<PendingResult[]> {
    return [...this.entries.values()].sort((a, b) => a.keptAt.localeCompare(b.keptAt));
  }

  async remove(id: string): Promise<void> {
    this.entries.delete(id);
  }
}

const STORE_NAME = 'pending';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Pending results in IndexedDB (database `prnn-results`, object store `pending`, keyed by id); factory injected. */
export class IndexedDbPendingStore implements PendingStore {
  private database: Promise<IDBDatabase> | undefined;

  constructor(
    private readonly factory: IDBFactory,
    private readonly databaseName = 'prnn-results',
  ) {}

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise((resolve, reject) => {
      const request = this.factory.open(this.databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME, { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(`Cannot open IndexedDB database ${this.databaseName}: ${request.error?.message ?? 'unknown error'}`));
    });
    return this.database;
  }

  private async transaction<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    const transaction = db.transaction(STORE_NAME, mode);
    const result = promised(run(transaction.objectStore(STORE_NAME)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }

  async put(entry: PendingResult): Promise<void> {
    await this.transaction('readwrite', (store) => store.put(entry));
  }

  async list(): Promise<PendingResult[]> {
    const entries = (await this.transaction('readonly', (store) => store.getAll())) as PendingResult[];
    return entries.sort((a, b) => a.keptAt.localeCompare(b.keptAt));
  }

  async remove(id: string): Promise<void> {
    await this.transaction('readwrite', (store) => store.delete(id));
  }
}
