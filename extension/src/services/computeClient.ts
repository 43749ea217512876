import { proxy, transfer } from 'comlink';
import type { ComputeClient } from '../panels/controller';
import type { ComputeRequest } from '../worker/api';
import { workerConnection } from '../worker/connection';

/**
 * The panel's way to the worker. Cancel terminates the worker: the engine's loops are synchronous, so a
 * message asking it to stop would only be read after it had finished. The next call starts a fresh worker.
 */
export function createComputeClient(): ComputeClient {
  const connection = workerConnection('prnn-compute');
  const transferables = (request: ComputeRequest): Transferable[] =>
    request.sequences.flatMap((s) => (s.viewerInstances ?? []).flatMap((instance) => instance.PixelData as ArrayBuffer[]));
  return {
    describeCard: (cardUrl) => connection.call((api) => api.describeCard(cardUrl)),
    compute: (request, onProgress) => connection.call((api) => api.compute(transfer(request, transferables(request)), proxy(onProgress))),
    cancel: () => connection.cancel(),
  };
}
