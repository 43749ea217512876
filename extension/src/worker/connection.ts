import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { PrnnWorkerApi } from './api';

export interface WorkerConnection {
  /** Runs one call on the worker (started on first use); rejects at once when cancelled. */
  call<T>(use: (api: Remote<PrnnWorkerApi>) => Promise<T>): Promise<T>;
  /** Terminates the worker (the engine's loops are synchronous, a message would be read too late); the next call starts a fresh one. */
  cancel(): void;
}

/** A PRNN worker of its own, named `name`, for one kind of work at a time. */
export function workerConnection(name: string): WorkerConnection {
  let worker: Worker | null = null;
  let api: Remote<PrnnWorkerApi> | null = null;
  let rejectRunning: ((reason: Error) => void) | null = null;
  return {
    call(use) {
      if (!api) {
        worker = new Worker(new URL('./prnn.worker.ts', import.meta.url), { type: 'module', name });
        api = wrap<PrnnWorkerApi>(worker);
      }
      const remote = api;
      return new Promise((resolve, reject) => {
        rejectRunning = reject;
        use(remote)
          .then(resolve, reject)
          .finally(() => {
            if (rejectRunning === reject) rejectRunning = null;
          });
      });
    },
    cancel() {
      worker?.terminate();
      worker = null;
      api = null;
      rejectRunning?.(new Error('Cancelled'));
      rejectRunning = null;
    },
  };
}
