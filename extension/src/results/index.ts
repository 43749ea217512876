/**
 * Results back to the PACS (docs/sr.md, "Storing"): STOW-RS with retries and back-off, and a pending store
 * (IndexedDB in the browser) so that a result the PACS refuses or cannot take is kept and offered as a download.
 * Stores through the injected fetch and IndexedDB factory; reads stored results as Part 10 with dicomweb-client.
 *
 *   const results = new ResultStore({ dicomWebRoot, fetch: window.fetch.bind(window),
 *                                     pending: new IndexedDbPendingStore(window.indexedDB), headers: () => authHeaders });
 *   const outcome = await results.store({ bytes: writePrnnSr(input), sopInstanceUID, studyInstanceUID, description: 'PRNN result SR' });
 *   outcome.status === 'kept' -> show outcome.message; offer new Blob([outcome.download.bytes], { type: outcome.download.mimeType })
 *   await results.retryPending()   -> { stored: ids, stillPending: [{ id, reason }] }
 *   await loadStoredResults({ wadoRoot: dicomWebRoot, headers: authHeaders }, studyUID) -> StoredPrnnResult[] (newest first, read as Part 10)
 */
export { ResultStore, type ResultObject, type ResultStoreOptions, type StoreOutcome } from './store';
export { IndexedDbPendingStore, MemoryPendingStore, type PendingResult, type PendingStore } from './pending';
export { StowError, stowBody, stowInstance, type Fetch } from './stow';
export { loadStoredResults } from './load';
