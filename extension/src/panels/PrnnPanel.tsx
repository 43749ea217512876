import { useSyncExternalStore } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { SEQUENCES, SEQUENCE_LABEL } from './model';
import type { InputProblem, Sequence } from './model';
import type { PanelController, PanelSnapshot } from './controller';
import type { CardSummary, ComputeResult } from '../worker/api';
import { SignatureInsights } from './insights/SignatureInsights';
import type { FeatureMapController } from './insights/featureMaps';

/*
 * Colours are inline: the host's Tailwind build only carries the classes the host itself uses, and the panel
 * must stay readable on its dark side panel whatever those are.
 */
const colour = {
  text: '#e5e7eb',
  muted: '#9ca3af',
  accent: '#5acce6',
  error: '#fca5a5',
  errorBackground: 'rgba(127, 29, 29, 0.45)',
  warningBackground: 'rgba(120, 53, 15, 0.55)',
  border: '#3a3f4b',
  high: '#f87171',
  low: '#4ade80',
};

const styles: Record<string, CSSProperties> = {
  panel: { color: colour.text, fontSize: 13, lineHeight: 1.4, padding: 8, display: 'flex', flexDirection: 'column', gap: 10 },
  section: { borderTop: `1px solid ${colour.border}`, paddingTop: 8, display: 'flex', flexDirection: 'column', gap: 6 },
  heading: { fontSize: 12, fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.5, color: colour.muted, margin: 0 },
  row: { display: 'grid', gridTemplateColumns: '52px 1fr', alignItems: 'center', gap: 6 },
  select: { width: '100%', background: '#0b1020', color: colour.text, border: `1px solid ${colour.border}`, borderRadius: 4, padding: '3px 4px' },
  small: { fontSize: 11, color: colour.muted },
  error: { color: colour.error, background: colour.errorBackground, borderRadius: 4, padding: '4px 6px', overflowWrap: 'anywhere' },
  banner: { background: colour.warningBackground, color: '#fde68a', borderRadius: 4, padding: '6px 8px', fontWeight: 600 },
  button: { background: colour.accent, color: '#06121f', border: 'none', borderRadius: 4, padding: '5px 12px', fontWeight: 600, cursor: 'pointer' },
  buttonDisabled: { opacity: 0.45, cursor: 'not-allowed' },
  secondaryButton: { background: 'transparent', color: colour.text, border: `1px solid ${colour.border}`, borderRadius: 4, padding: '5px 12px', cursor: 'pointer' },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: 12 },
  cell: { padding: '2px 4px', borderBottom: `1px solid ${colour.border}`, textAlign: 'left' },
  number: { padding: '2px 4px', borderBottom: `1px solid ${colour.border}`, textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
};

function ErrorLine({ problem }: { problem: { message: string } }) {
  return (
    <div role="alert" data-testid="prnn-error" style={styles.error}>
      {problem.message}
    </div>
  );
}

function CardBanner({ card }: { card: CardSummary }) {
  const synthetic = card.provenance === 'synthetic';
  return (
    <div style={styles.section}>
      <div>
        <strong>{card.name}</strong> <span style={styles.small}>v{card.version}</span>
      </div>
      {(card.notForClinicalUse || synthetic) && (
        <div data-testid="prnn-card-banner" style={styles.banner}>
          {synthetic ? 'SYNTHETIC MODEL — trained on a synthetic cohort. ' : ''}
          {card.notForClinicalUse ? 'Not for clinical use.' : ''}
        </div>
      )}
    </div>
  );
}

function SeriesAssignment({ snapshot, controller }: { snapshot: PanelSnapshot; controller: PanelController }) {
  const { series, rois, selection, problems } = snapshot;
  const busy = snapshot.run.status === 'running';
  const problemsFor = (sequence: Sequence) => problems.filter((p) => p.sequence === sequence);
  return (
    <div data-testid="prnn-series-assignment" style={styles.section}>
      <h3 style={styles.heading}>Series and ROI</h3>
      {SEQUENCES.map((sequence) => {
        const chosen = series.find((s) => s.seriesInstanceUID === selection.series[sequence].value);
        const automatic = selection.series[sequence].source === 'auto';
        return (
          <div key={sequence} data-testid={`prnn-sequence-${sequence}`} style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
            <div style={styles.row}>
              <label htmlFor={`prnn-series-${sequence}`}>
                <strong>{SEQUENCE_LABEL[sequence]}</strong>
              </label>
              <select
                id={`prnn-series-${sequence}`}
                data-testid={`prnn-series-select-${sequence}`}
                style={styles.select}
                disabled={busy}
                value={selection.series[sequence].value ?? ''}
                onChange={(e) => controller.chooseSeries(sequence, e.target.value || null)}
              >
                <option value="">— none —</option>
                {series.map((s) => (
                  <option key={s.seriesInstanceUID} value={s.seriesInstanceUID}>
                    {`#${s.seriesNumber ?? '?'} ${s.description || '(no description)'} · ${s.imageCount} img`}
                  </option>
                ))}
              </select>
            </div>
            {chosen && (
              <div style={styles.small} title={chosen.classification.reasons.join('\n')}>
                {automatic ? 'Automatic' : 'Chosen by you'}
                {chosen.classification.sequence
                  ? ` · classified ${SEQUENCE_LABEL[chosen.classification.sequence]} (${Math.round(chosen.classification.confidence * 100)} %)`
                  : ' · not recognised by the classifier'}
                {chosen.classification.reasons.length > 0 && `: ${chosen.classification.reasons.join('; ')}`}
              </div>
            )}
            <div style={styles.row}>
              <label htmlFor={`prnn-roi-${sequence}`} style={styles.small}>
                ROI
              </label>
              <select
                id={`prnn-roi-${sequence}`}
                data-testid={`prnn-roi-select-${sequence}`}
                style={styles.select}
                disabled={busy}
                value={selection.roi[sequence].value ?? ''}
                onChange={(e) => controller.chooseRoi(sequence, e.target.value || null)}
              >
                <option value="">— none —</option>
                {rois.map((r) => (
                  <option key={r.key} value={r.key}>
                    {`${r.label} (${r.modality}${r.sourceDescription ? `: ${r.sourceDescription}` : ''})`}
                  </option>
                ))}
              </select>
            </div>
            {problemsFor(sequence).map((p: InputProblem) => (
              <ErrorLine key={p.message} problem={p} />
            ))}
          </div>
        );
      })}
    </div>
  );
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3) ? value.toExponential(4) : value.toPrecision(6);
}

function Result({ result, stale, featureMaps }: { result: ComputeResult; stale: string | null; featureMaps?: FeatureMapController }) {
  const high = result.riskGroup === 'high';
  const group = result.card.riskGroups[result.riskGroup];
  return (
    <div style={styles.section} data-testid="prnn-result">
      <h3 style={styles.heading}>Result</h3>
      {stale && (
        <div style={styles.small} data-testid="prnn-result-stale">
          {stale}
        </div>
      )}
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
        <span style={{ fontSize: 26, fontWeight: 700 }} data-testid="prnn-probability">
          {result.probability.toFixed(3)}
        </span>
        <span style={styles.small}>probability of PRNN within 1 year</span>
      </div>
      <div>
        <span data-testid="prnn-risk-group" style={{ fontWeight: 700, color: high ? colour.high : colour.low }}>
          {result.riskGroupLabel}
        </span>
        <span style={styles.small}>
          {` (${high ? '≥' : '<'} threshold ${result.threshold.toFixed(3)})`}
          {group.eventRate !== null ? ` · reported event rate ${(group.eventRate * 100).toFixed(1)} %` : ''}
        </span>
      </div>
      <table style={styles.table} data-testid="prnn-features">
        <thead>
          <tr>
            <th style={styles.cell}>Signature feature</th>
            <th style={styles.number}>Value</th>
            <th style={styles.number}>z</th>
          </tr>
        </thead>
        <tbody>
          {result.signatureFeatures.map((f) => (
            <tr key={f.name}>
              <td style={{ ...styles.cell, wordBreak: 'break-all' }}>{f.name}</td>
              <td style={styles.number}>{formatValue(f.value)}</td>
              <td style={styles.number}>{f.z.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={styles.small}>
        {Object.keys(result.features).length} features computed in {(result.elapsedMs / 1000).toFixed(1)} s in this browser; no image left it. Pixels:{' '}
        {Object.entries(result.pixelSources)
          .map(([sequence, source]) => `${SEQUENCE_LABEL[sequence as Sequence]} from ${source === 'viewer' ? 'the viewer' : 'DICOMweb'}`)
          .join(', ')}
        .
      </div>
      {result.warnings.map((w) => (
        <div key={w} style={styles.small}>
          ⚠ {w}
        </div>
      ))}
      {result.insights && <SignatureInsights view={result.insights} featureMaps={stale ? undefined : featureMaps} />}
    </div>
  );
}

function Run({ snapshot, controller }: { snapshot: PanelSnapshot; controller: PanelController }) {
  const { run, problems, card } = snapshot;
  const running = run.status === 'running';
  const canCompute = !running && problems.length === 0 && card.status === 'ready' && snapshot.studyInstanceUID !== null;
  let status: ReactNode = null;
  if (run.status === 'running') {
    status = (
      <div data-testid="prnn-progress" style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
        <progress max={1} value={run.progress.fraction} style={{ width: '100%' }} />
        <span style={styles.small}>
          {Math.round(run.progress.fraction * 100)} % · {run.progress.message}
        </span>
      </div>
    );
  } else if (run.status === 'failed') {
    status = <ErrorLine problem={run} />;
  } else if (run.status === 'cancelled') {
    status = <div style={styles.small}>Cancelled. Your choices are kept: press Compute to start again.</div>;
  }
  return (
    <div style={styles.section}>
      <div style={{ display: 'flex', gap: 8 }}>
        <button
          type="button"
          data-testid="prnn-compute"
          style={{ ...styles.button, ...(canCompute ? {} : styles.buttonDisabled) }}
          disabled={!canCompute}
          onClick={() => void controller.compute()}
        >
          Compute
        </button>
        {running && (
          <button type="button" data-testid="prnn-cancel" style={styles.secondaryButton} onClick={() => controller.cancel()}>
            Cancel
          </button>
        )}
      </div>
      {status}
    </div>
  );
}

export function PrnnPanel({ controller, featureMaps }: { controller: PanelController; featureMaps?: FeatureMapController }) {
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  const cardProblem = snapshot.problems.find((p) => p.field === 'card');
  return (
    <div data-testid="prnn-panel" style={styles.panel}>
      <h2 style={{ ...styles.heading, fontSize: 14, color: colour.text }}>PRNN risk</h2>
      {snapshot.card.status === 'ready' && <CardBanner card={snapshot.card.summary} />}
      {snapshot.card.status === 'loading' && <div style={styles.small}>Loading the model card…</div>}
      {cardProblem && <ErrorLine problem={cardProblem} />}
      <SeriesAssignment snapshot={snapshot} controller={controller} />
      <Run snapshot={snapshot} controller={controller} />
      {snapshot.run.status === 'done' && <Result result={snapshot.run.result} stale={snapshot.staleBecause} featureMaps={featureMaps} />}
    </div>
  );
}
