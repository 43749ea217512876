import { proxy, transfer, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { CompareRequest, CompareResult, ComputeProgress, PrnnWorkerApi } from '../../worker/api';

export interface CompareClient {
  compareReaders(request: CompareRequest, onProgress: (progress: ComputeProgress) => void): Promise<CompareResult>;
  /** Stops the running comparison at once; its promise rejects. */
  cancel(): void;
}

/**
 * A worker of its own for the reader comparison (it neither waits for nor cancels a risk computation); Cancel
 * terminates it (the engine's loops are synchronous) and the next comparison starts a fresh one.
 */
export function createCompareClient(): CompareClient {
  let worker: Worker | null = null;
  let api: Remote<PrnnWorkerApi> | null = null;
  let rejectRunning: ((reason: Error) => void) | null = null;
  return {
    compareReaders(request, onProgress) {
      if (!api) {
        worker = new Worker(new URL('../../worker/prnn.worker.ts', import.meta.url), { type: 'module', name: 'prnn-compare' });
        api = wrap<PrnnWorkerApi>(worker);
      }
      const remote = api;
      const buffers = request.images.flatMap((image) => (image.viewerInstances ?? []).flatMap((instance) => instance.PixelData as ArrayBuffer[]));
      return new Promise<CompareResult>((resolve, reject) => {
        rejectRunning = reject;
        remote
          .compareReaders(transfer(request, buffers), proxy(onProgress))
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
