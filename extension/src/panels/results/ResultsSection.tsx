import { useSyncExternalStore } from 'react';
import type { CSSProperties } from 'react';
import type { StoredPrnnResult } from '../../dicom/sr';
import type { ResultsController, ResultsSnapshot } from './controller';
import type { PanelController } from '../controller';

/* Inline colours for the host's dark side panel, as in PrnnPanel. */
const colour = { text: '#e5e7eb', muted: '#9ca3af', accent: '#5acce6', border: '#3a3f4b', high: '#f87171', low: '#4ade80', error: '#fca5a5', ok: '#86efac' };

const styles: Record<string, CSSProperties> = {
  section: { color: colour.text, fontSize: 13, lineHeight: 1.4, borderTop: `1px solid ${colour.border}`, padding: '8px 8px 0', display: 'flex', flexDirection: 'column', gap: 6 },
  heading: { fontSize: 12, fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.5, color: colour.muted, margin: 0 },
  small: { fontSize: 11, color: colour.muted },
  button: { background: colour.accent, color: '#06121f', border: 'none', borderRadius: 4, padding: '5px 12px', fontWeight: 600, cursor: 'pointer' },
  secondaryButton: { background: 'transparent', color: colour.text, border: `1px solid ${colour.border}`, borderRadius: 4, padding: '4px 10px', cursor: 'pointer' },
  message: { borderRadius: 4, padding: '4px 6px', overflowWrap: 'anywhere' },
};

function downloadFile(download: { filename: string; bytes: Uint8Array; mimeType: string }): void {
  const url = URL.createObjectURL(new Blob([download.bytes.slice()], { type: download.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = download.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function StoredResult({ stored, count, onRecompute, canRecompute }: { stored: StoredPrnnResult; count: number; onRecompute: () => void; canRecompute: boolean }) {
  const signature = stored.signature;
  const who = stored.observer.person ?? `${stored.observer.device ?? 'unknown device'} (no user known)`;
  return (
    <div data-testid="prnn-stored-result" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      {signature ? (
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
          <span style={{ fontSize: 22, fontWeight: 700 }} data-testid="prnn-stored-probability">
            {signature.probability.toFixed(3)}
          </span>
          <span data-testid="prnn-stored-risk-group" style={{ fontWeight: 700, color: signature.riskGroup === 'high' ? colour.high : colour.low }}>
            {signature.riskGroupLabel}
          </span>
        </div>
      ) : (
        <div style={styles.small}>This stored result has no prediction (features only).</div>
      )}
      <div style={styles.small} data-testid="prnn-stored-provenance">
        {`By ${who}, ${stored.contentDateTime.replace('T', ' ').replace(/\.\d+/, '')}`}
        {signature ? ` · card ${signature.card.name} v${signature.card.version} (SHA-256 ${signature.card.sha256.slice(0, 12)}…)` : ''}
        {signature?.card.notForClinicalUse ? ' · not for clinical use' : ''}
        {count > 1 ? ` · newest of ${count} stored results` : ''}
      </div>
      <div>
        <button type="button" data-testid="prnn-recompute" style={styles.secondaryButton} disabled={!canRecompute} onClick={onRecompute}>
          Recompute
        </button>
      </div>
    </div>
  );
}

function StoredSection({ snapshot, onRecompute, canRecompute }: { snapshot: ResultsSnapshot; onRecompute: () => void; canRecompute: boolean }) {
  const { stored, check } = snapshot;
  if (stored.status === 'none') return null;
  return (
    <div style={styles.section} data-testid="prnn-stored">
      <h3 style={styles.heading}>Stored in the PACS</h3>
      {stored.status === 'loading' && <div style={styles.small}>Looking for stored PRNN results…</div>}
      {stored.status === 'failed' && (
        <div role="alert" style={{ ...styles.message, color: colour.error }}>
          {stored.message}
        </div>
      )}
      {stored.status === 'loaded' && stored.results.length === 0 && <div style={styles.small}>No PRNN result is stored for this study yet.</div>}
      {stored.status === 'loaded' && stored.results.length > 0 && (
        <StoredResult stored={stored.results[0]} count={stored.results.length} onRecompute={onRecompute} canRecompute={canRecompute} />
      )}
      {snapshot.recomputeProblem ? (
        <div role="alert" data-testid="prnn-recompute-check" style={{ ...styles.message, color: colour.error }}>
          {snapshot.recomputeProblem}
        </div>
      ) : (
        check && (
          <div data-testid="prnn-recompute-check" style={{ ...styles.message, color: check.identical ? colour.ok : colour.error }}>
            {check.message}
          </div>
        )
      )}
    </div>
  );
}

function StoreSection({ snapshot, controller }: { snapshot: ResultsSnapshot; controller: ResultsController }) {
  const { computed, store, pending } = snapshot;
  if (!computed && pending.count === 0 && !pending.message) return null;
  return (
    <div style={styles.section} data-testid="prnn-store-section">
      {computed && (
        <div>
          <button
            type="button"
            data-testid="prnn-store"
            style={styles.button}
            disabled={store.status === 'storing' || store.status === 'stored'}
            onClick={() => void controller.store()}
          >
            {store.status === 'storing' ? 'Storing…' : store.status === 'stored' ? 'Stored in PACS' : 'Store in PACS'}
          </button>
        </div>
      )}
      {(store.status === 'stored' || store.status === 'kept' || store.status === 'failed') && (
        <div
          role={store.status === 'stored' ? 'status' : 'alert'}
          data-testid="prnn-store-message"
          data-status={store.status}
          style={{ ...styles.message, color: store.status === 'stored' ? colour.ok : colour.error }}
        >
          {store.message}
        </div>
      )}
      {store.status === 'kept' && (
        <div>
          <button type="button" data-testid="prnn-store-download" style={styles.secondaryButton} onClick={() => downloadFile(store.download)}>
            Download {store.download.filename}
          </button>
          {store.roiDownloads.map((download) => (
            <button key={download.filename} type="button" data-testid="prnn-store-download-roi" style={styles.secondaryButton} onClick={() => downloadFile(download)}>
              Download ROI {download.filename}
            </button>
          ))}
        </div>
      )}
      {pending.count > 0 && (
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <span style={styles.small} data-testid="prnn-pending-count">
            {pending.count} result(s) kept in this browser, not yet in the PACS.
          </span>
          <button type="button" data-testid="prnn-retry-pending" style={styles.secondaryButton} disabled={pending.retrying} onClick={() => void controller.retryPending()}>
            {pending.retrying ? 'Sending…' : 'Retry pending'}
          </button>
        </div>
      )}
      {pending.message && (
        <div style={styles.small} data-testid="prnn-pending-message">
          {pending.message}
        </div>
      )}
    </div>
  );
}

/**
 * The PACS part of the panel: the study's stored result with Recompute (the panel's Compute on the stored result's
 * series and ROIs; the check appears when it finishes), "Store in PACS" for a computed result, and results kept in
 * this browser.
 */
export function ResultsSection({ controller, panel }: { controller: ResultsController; panel: PanelController }) {
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  const run = useSyncExternalStore(panel.subscribe, panel.getSnapshot, panel.getSnapshot);
  const canRecompute = run.run.status !== 'running' && run.problems.length === 0 && run.card.status === 'ready' && run.studyInstanceUID !== null;
  return (
    <div data-testid="prnn-results">
      <StoreSection snapshot={snapshot} controller={controller} />
      <StoredSection snapshot={snapshot} onRecompute={() => void controller.recompute(panel)} canRecompute={canRecompute} />
    </div>
  );
}
