import { proxy, transfer } from 'comlink';
import type { CompareRequest, CompareResult, ComputeProgress } from '../../worker/api';
import { workerConnection } from '../../worker/connection';

export interface CompareClient {
  compareReaders(request: CompareRequest, onProgress: (progress: ComputeProgress) => void): Promise<CompareResult>;
  /** Stops the running comparison at once; its promise rejects. */
  cancel(): void;
}

/** A worker of its own for the reader comparison: it neither waits for nor cancels a risk computation. */
export function createCompareClient(): CompareClient {
  const connection = workerConnection('prnn-compare');
  return {
    compareReaders(request, onProgress) {
      const buffers = request.images.flatMap((image) => (image.viewerInstances ?? []).flatMap((instance) => instance.PixelData as ArrayBuffer[]));
      return connection.call((api) => api.compareReaders(transfer(request, buffers), proxy(onProgress)));
    },
    cancel: () => connection.cancel(),
  };
}
