import { useSyncExternalStore } from 'react';
import type { CSSProperties } from 'react';
import { SEQUENCES, SEQUENCE_LABEL } from '../model';
import type { Sequence } from '../model';
import type { ResultsController } from '../results/controller';
import type { ComparisonForSr } from '../../dicom/sr';
import type { CompareResult } from '../../worker/api';
import type { CompareController } from './controller';
import { describeReaderRoi } from './readerRois';

/* Inline colours for the host's dark side panel, as in PrnnPanel. */
const colour = { text: '#e5e7eb', muted: '#9ca3af', accent: '#5acce6', border: '#3a3f4b', high: '#f87171', low: '#4ade80', error: '#fca5a5', changed: '#fbbf24' };

const styles: Record<string, CSSProperties> = {
  section: { color: colour.text, fontSize: 13, lineHeight: 1.4, borderTop: `1px solid ${colour.border}`, padding: '8px 8px 0', display: 'flex', flexDirection: 'column', gap: 6 },
  heading: { fontSize: 12, fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.5, color: colour.muted, margin: 0 },
  row: { display: 'grid', gridTemplateColumns: '70px 1fr', alignItems: 'center', gap: 6 },
  select: { width: '100%', background: '#0b1020', color: colour.text, border: `1px solid ${colour.border}`, borderRadius: 4, padding: '3px 4px' },
  small: { fontSize: 11, color: colour.muted },
  error: { color: colour.error, background: 'rgba(127, 29, 29, 0.45)', borderRadius: 4, padding: '4px 6px', overflowWrap: 'anywhere' },
  button: { background: colour.accent, color: '#06121f', border: 'none', borderRadius: 4, padding: '5px 12px', fontWeight: 600, cursor: 'pointer' },
  buttonDisabled: { opacity: 0.45, cursor: 'not-allowed' },
  secondaryButton: { background: 'transparent', color: colour.text, border: `1px solid ${colour.border}`, borderRadius: 4, padding: '5px 12px', cursor: 'pointer' },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: 12 },
  cell: { padding: '2px 4px', borderBottom: `1px solid ${colour.border}`, textAlign: 'left', wordBreak: 'break-all' },
  number: { padding: '2px 4px', borderBottom: `1px solid ${colour.border}`, textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  metric: { display: 'grid', gridTemplateColumns: '1fr auto', gap: 4 },
};

const percent = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %` : String(x));
const signed = (x: number, digits: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3) ? value.toExponential(3) : value.toPrecision(5);
}

/** The metrics the SR stores, shown the same way for a fresh comparison and a stored one. */
function Agreement({ comparison, testId }: { comparison: ComparisonForSr; testId: string }) {
  const volumeDifference = comparison.volumeBMm3 - comparison.volumeAMm3;
  return (
    <div style={styles.metric}>
      <span>Dice</span>
      <strong data-testid={`${testId}-dice`}>{comparison.dice.toFixed(3)}</strong>
      <span title="Symmetric 95th-percentile surface Hausdorff distance">HD95</span>
      <strong data-testid={`${testId}-hd95`}>{comparison.hausdorff95Mm.toFixed(2)} mm</strong>
      <span>Volume A → B</span>
      <span data-testid={`${testId}-volume`}>
        {(comparison.volumeAMm3 / 1000).toFixed(2)} → {(comparison.volumeBMm3 / 1000).toFixed(2)} cm³ ({signed(volumeDifference, 0)} mm³, {percent(volumeDifference / comparison.volumeAMm3)})
      </span>
      {comparison.probabilityDifference !== undefined && (
        <>
          <span>Probability B − A</span>
          <span data-testid={`${testId}-probability`}>{signed(comparison.probabilityDifference, 3)}</span>
        </>
      )}
    </div>
  );
}

function Verdict({ result }: { result: CompareResult }) {
  const { predictionA: a, predictionB: b } = result;
  if (!a || !b) return <div data-testid="prnn-compare-verdict" style={styles.small}>No verdict: a reader has no prediction (see the warnings).</div>;
  const changed = a.riskGroup !== b.riskGroup;
  return (
    <div data-testid="prnn-compare-verdict" data-changed={String(changed)} style={{ fontWeight: 700, color: changed ? colour.changed : colour.low }}>
      {changed ? `Risk group changes: ${a.riskGroupLabel} → ${b.riskGroupLabel}` : `Risk group unchanged: ${a.riskGroupLabel}`}
      <div style={{ ...styles.small, fontWeight: 400 }}>
        Probability reader A {a.probability.toFixed(3)}, reader B {b.probability.toFixed(3)} (each reader's ROI on every sequence of the card)
      </div>
    </div>
  );
}

function AllFeatures({ result }: { result: CompareResult }) {
  const entries = Object.entries(result.allRelativeDifferences);
  const finite = entries.filter(([, d]) => Number.isFinite(d)).sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]));
  const magnitudes = finite.map(([, d]) => Math.abs(d)).sort((x, y) => x - y);
  const median = magnitudes.length > 0 ? magnitudes[Math.floor(magnitudes.length / 2)] : NaN;
  const within5 = magnitudes.filter((d) => d <= 0.05).length;
  return (
    <details data-testid="prnn-compare-all-features">
      <summary style={{ cursor: 'pointer' }}>
        All {entries.length} features: median |relative difference| {(100 * median).toFixed(1)} %, {within5} within ±5 %
        {entries.length > finite.length ? `, ${entries.length - finite.length} undefined (zero for reader A)` : ''}
      </summary>
      <table style={styles.table}>
        <thead>
          <tr>
            <th style={styles.cell}>Largest differences</th>
            <th style={styles.number}>(B − A) / |A|</th>
          </tr>
        </thead>
        <tbody>
          {finite.slice(0, 15).map(([name, d]) => (
            <tr key={name}>
              <td style={styles.cell}>{name}</td>
              <td style={styles.number}>{percent(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Result({ result, stale }: { result: CompareResult; stale: boolean }) {
  return (
    <div data-testid="prnn-compare-result" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      {stale && <div style={styles.small}>Compared with earlier choices: press Compare to update.</div>}
      <div style={styles.small}>
        A: {result.readers[0].readerLabel}
        <br />
        B: {result.readers[1].readerLabel}
        <br />
        on the {SEQUENCE_LABEL[result.compareOn]} grid, in {(result.elapsedMs / 1000).toFixed(1)} s
      </div>
      <Agreement comparison={result} testId="prnn-compare" />
      <Verdict result={result} />
      {result.signatureFeatures.length > 0 && (
        <table style={styles.table} data-testid="prnn-compare-signature">
          <thead>
            <tr>
              <th style={styles.cell}>Signature feature</th>
              <th style={styles.number}>A</th>
              <th style={styles.number}>B</th>
              <th style={styles.number}>Δ</th>
            </tr>
          </thead>
          <tbody>
            {result.signatureFeatures.map((f) => (
              <tr key={f.name}>
                <td style={styles.cell}>{f.name}</td>
                <td style={styles.number}>{formatValue(f.a)}</td>
                <td style={styles.number}>{formatValue(f.b)}</td>
                <td style={styles.number}>{percent(f.relativeDifference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AllFeatures result={result} />
      {result.warnings.map((w) => (
        <div key={w} style={styles.small}>
          ⚠ {w}
        </div>
      ))}
      <div style={styles.small}>Store in PACS (above) includes this comparison in the SR.</div>
    </div>
  );
}

function StoredComparison({ results }: { results: ResultsController }) {
  const snapshot = useSyncExternalStore(results.subscribe, results.getSnapshot, results.getSnapshot);
  const stored = snapshot.stored.status === 'loaded' ? snapshot.stored.results.find((r) => r.comparison) : undefined;
  if (!stored?.comparison) return null;
  const c = stored.comparison;
  return (
    <div data-testid="prnn-compare-stored" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <div style={styles.small}>
        Stored comparison ({stored.observer.person ?? stored.observer.device ?? 'unknown'}, {stored.contentDateTime.replace('T', ' ').replace(/\.\d+/, '')}):
        <br />
        A: {c.readerA}
        <br />
        B: {c.readerB}
      </div>
      <Agreement comparison={c} testId="prnn-compare-stored" />
      {c.riskGroupChanged !== undefined && (
        <div data-testid="prnn-compare-stored-verdict" style={{ fontWeight: 700, color: c.riskGroupChanged ? colour.changed : colour.low }}>
          {c.riskGroupChanged ? 'Risk group changes between the readers' : 'Risk group unchanged between the readers'}
        </div>
      )}
    </div>
  );
}

/**
 * "Compare readers": two ROIs of the study (any SEG segment or RTSTRUCT ROI), the sequence to compare them on, and
 * the agreement, feature differences and verdict; below, the comparison stored in the study's newest PRNN SR.
 */
export function CompareSection({ controller, results }: { controller: CompareController; results: ResultsController }) {
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  const { rois, run, problems } = snapshot;
  const running = run.status === 'running';
  const canCompare = !running && problems.length === 0;
  const picker = (reader: 'A' | 'B') => (
    <div style={styles.row}>
      <label htmlFor={`prnn-compare-roi-${reader}`}>Reader {reader}</label>
      <select
        id={`prnn-compare-roi-${reader}`}
        data-testid={`prnn-compare-roi-${reader}`}
        style={styles.select}
        disabled={running}
        value={(reader === 'A' ? snapshot.roiA : snapshot.roiB) ?? ''}
        onChange={(e) => controller.chooseRoi(reader, e.target.value || null)}
      >
        <option value="">— choose an ROI —</option>
        {rois.map((roi) => (
          <option key={roi.key} value={roi.key}>
            {describeReaderRoi(roi)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div data-testid="prnn-compare" style={styles.section}>
      <h3 style={styles.heading}>Compare readers</h3>
      {picker('A')}
      {picker('B')}
      <div style={styles.row}>
        <label htmlFor="prnn-compare-sequence">Compare on</label>
        <select
          id="prnn-compare-sequence"
          data-testid="prnn-compare-sequence"
          style={styles.select}
          disabled={running}
          value={snapshot.compareOn.value}
          onChange={(e) => controller.chooseSequence(e.target.value as Sequence)}
        >
          {SEQUENCES.map((s) => (
            <option key={s} value={s}>
              {SEQUENCE_LABEL[s]}
              {snapshot.compareOn.source === 'auto' && snapshot.compareOn.value === s ? ' (where reader B drew)' : ''}
            </option>
          ))}
        </select>
      </div>
      {problems.map((p) => (
        <div key={p} role="alert" data-testid="prnn-compare-problem" style={styles.error}>
          {p}
        </div>
      ))}
      <div style={{ display: 'flex', gap: 8 }}>
        <button
          type="button"
          data-testid="prnn-compare-run"
          style={{ ...styles.button, ...(canCompare ? {} : styles.buttonDisabled) }}
          disabled={!canCompare}
          onClick={() => void controller.compare()}
        >
          Compare
        </button>
        {running && (
          <button type="button" data-testid="prnn-compare-cancel" style={styles.secondaryButton} onClick={() => controller.cancel()}>
            Cancel
          </button>
        )}
      </div>
      {run.status === 'running' && (
        <div data-testid="prnn-compare-progress" style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
          <progress max={1} value={run.progress.fraction} style={{ width: '100%' }} />
          <span style={styles.small}>
            {Math.round(run.progress.fraction * 100)} % · {run.progress.message}
          </span>
        </div>
      )}
      {run.status === 'failed' && (
        <div role="alert" data-testid="prnn-compare-error" style={styles.error}>
          {run.message}
        </div>
      )}
      {run.status === 'cancelled' && <div style={styles.small}>Cancelled.</div>}
      {run.status === 'done' && <Result result={run.result} stale={snapshot.resultIsStale} />}
      <StoredComparison results={results} />
    </div>
  );
}
