import { proxy, transfer, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { ComputeClient } from '../panels/controller';
import type { ComputeProgress, ComputeRequest, ComputeResult, PrnnWorkerApi } from '../worker/api';

/**
 * The panel's way to the worker. Cancel terminates the worker: the engine's loops are synchronous, so a
 * message asking it to stop would only be read after it had finished. The next call starts a fresh worker.
 */
export function createComputeClient(): ComputeClient {
  let worker: Worker | null = null;
  let api: Remote<PrnnWorkerApi> | null = null;
  let rejectRunning: ((reason: Error) => void) | null = null;

  const connect = (): Remote<PrnnWorkerApi> => {
    if (!api) {
      worker = new Worker(new URL('../worker/prnn.worker.ts', import.meta.url), { type: 'module', name: 'prnn-compute' });
      api = wrap<PrnnWorkerApi>(worker);
    }
    return api;
  };

  const transferables = (request: ComputeRequest): Transferable[] =>
    request.sequences.flatMap((s) => (s.viewerInstances ?? []).flatMap((instance) => instance.PixelData as ArrayBuffer[]));

  return {
    describeCard: (cardUrl) => connect().describeCard(cardUrl),

    compute(request: ComputeRequest, onProgress: (progress: ComputeProgress) => void): Promise<ComputeResult> {
      return new Promise<ComputeResult>((resolve, reject) => {
        rejectRunning = reject;
        connect()
          .compute(transfer(request, transferables(request)), proxy(onProgress))
          .then(resolve, reject)
          .finally(() => {
            if (rejectRunning === reject) rejectRunning = null;
          });
      });
    },

    cancel(): void {
      worker?.terminate();
      worker = null;
      api = null;
      rejectRunning?.(new Error('Cancelled'));
      rejectRunning = null;
    },
  };
}
