import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { CSSProperties } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import type { FeatureInsight, InsightsView } from './viewModel';
import type { FeatureMapController, SurfaceState } from './featureMaps';
import { contributionChart, describeBand, distributionChart, formatLevel, formatNumber, formatSigned, gaugeChart, palette, shortLabel } from './charts';

// Only the pieces the insight plots use, so the bundle carries no other chart type.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const styles: Record<string, CSSProperties> = {
  section: { borderTop: `1px solid ${palette.grid}`, paddingTop: 8, display: 'flex', flexDirection: 'column', gap: 6 },
  heading: { fontSize: 12, fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.5, color: palette.muted, margin: 0 },
  small: { fontSize: 11, color: palette.muted },
  feature: { display: 'flex', flexDirection: 'column', gap: 2, paddingBottom: 6, borderBottom: `1px solid ${palette.grid}` },
  name: { fontWeight: 600, overflowWrap: 'anywhere' },
  numbers: { fontSize: 11, color: palette.muted, fontVariantNumeric: 'tabular-nums' },
  button: { alignSelf: 'flex-start', background: 'transparent', color: palette.text, border: `1px solid ${palette.grid}`, borderRadius: 4, padding: '2px 8px', fontSize: 11, cursor: 'pointer' },
};

type BarChart = ChartConfiguration<'bar', [number, number][], string> | ChartConfiguration<'bar', number[], string>;

/** One chart.js chart on its own canvas; rebuilt when the configuration changes, destroyed with the component. */
function ChartCanvas({ config, height, label, testId }: { config: BarChart; height: number; label: string; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, config as ChartConfiguration<'bar'>);
    return () => chart.destroy();
  }, [config]);
  return (
    <div style={{ position: 'relative', height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}

function Gauge({ view }: { view: InsightsView }) {
  const { gauge } = view;
  const config = useMemo(() => gaugeChart(gauge), [gauge]);
  return (
    <div data-testid="prnn-insights-gauge" style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <ChartCanvas config={config} height={44} label={`Probability ${gauge.probability.toFixed(3)} against threshold ${gauge.threshold.toFixed(3)}`} testId="prnn-insights-gauge-chart" />
      {gauge.bands.map((band) => (
        <div key={band.group} style={{ ...styles.small, color: band.group === gauge.riskGroup ? (band.group === 'high' ? palette.high : palette.low) : palette.muted }}>
          {band.group === gauge.riskGroup ? '▶ ' : ''}
          {describeBand(band)}
        </div>
      ))}
    </div>
  );
}

function Contributions({ view }: { view: InsightsView }) {
  const config = useMemo(() => contributionChart(view), [view]);
  if (!config || view.baseValue === null) return null;
  return (
    <div data-testid="prnn-insights-contributions" style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <div style={styles.small}>
        Contributions (exact Shapley values of the forest) from the card&apos;s mean patient, probability {view.baseValue.toFixed(3)}, to this patient,{' '}
        {view.gauge.probability.toFixed(3)}. Red pushes toward high risk.
      </div>
      <ChartCanvas config={config} height={28 + 18 * view.features.length} label="Contribution of each signature feature" testId="prnn-insights-contribution-chart" />
    </div>
  );
}

/** "Show ROI surface in 3D" under a shown map: a 3D view of the ROI's surface over its viewport, and back. */
function SurfaceControls({ surface, featureMaps }: { surface: SurfaceState | undefined; featureMaps: FeatureMapController }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      {surface?.status === 'shown' ? (
        <button type="button" style={styles.button} data-testid="prnn-surface-2d" onClick={() => void featureMaps.closeSurface3D()}>
          Back to 2D
        </button>
      ) : (
        <button type="button" style={styles.button} data-testid="prnn-surface-3d" disabled={surface?.status === 'switching'} onClick={() => void featureMaps.showSurface3D()}>
          Show ROI surface in 3D
        </button>
      )}
      {surface?.status === 'switching' && <div style={styles.small}>Building the 3D view…</div>}
      {surface?.status === 'shown' && (
        <div data-testid="prnn-surface-shown" style={styles.small}>
          The viewport shows the ROI&apos;s surface in 3D (drag to rotate).
        </div>
      )}
      {surface?.status === 'failed' && (
        <div role="alert" data-testid="prnn-surface-error" style={{ ...styles.small, color: '#fca5a5' }}>
          {surface.message}
        </div>
      )}
    </div>
  );
}

/** The map button of one feature, with its progress, Cancel, Hide or error while it is the one being mapped. */
function FeatureMapControls({ feature, featureMaps }: { feature: FeatureInsight; featureMaps: FeatureMapController }) {
  const state = useSyncExternalStore(featureMaps.subscribe, featureMaps.getSnapshot, featureMaps.getSnapshot);
  const mine = state.status !== 'idle' && state.feature === feature.name;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <div style={{ display: 'flex', gap: 6 }}>
        <button type="button" style={styles.button} data-testid="prnn-feature-map-button" onClick={() => void featureMaps.show(feature)}>
          Feature map
        </button>
        {mine && state.status === 'running' && (
          <button type="button" style={styles.button} data-testid="prnn-feature-map-cancel" onClick={() => featureMaps.cancel()}>
            Cancel
          </button>
        )}
        {mine && state.status === 'shown' && (
          <button type="button" style={styles.button} data-testid="prnn-feature-map-hide" onClick={() => featureMaps.hide()}>
            Hide
          </button>
        )}
      </div>
      {mine && state.status === 'shown' && <SurfaceControls surface={state.surface} featureMaps={featureMaps} />}
      {mine && state.status === 'running' && (
        <div data-testid="prnn-feature-map-progress" style={styles.small}>
          <progress max={1} value={state.progress.fraction} style={{ width: '100%' }} />
          {Math.round(state.progress.fraction * 100)} % · {state.progress.message}
        </div>
      )}
      {mine && state.status === 'shown' && (
        <div data-testid="prnn-feature-map-shown" style={styles.small}>
          Shown on the viewport of its sequence (computed in {(state.elapsedMs / 1000).toFixed(1)} s).
        </div>
      )}
      {mine && state.status === 'cancelled' && <div style={styles.small}>Feature map cancelled.</div>}
      {mine && state.status === 'failed' && (
        <div role="alert" data-testid="prnn-feature-map-error" style={{ ...styles.small, color: '#fca5a5' }}>
          {state.message}
        </div>
      )}
    </div>
  );
}

function FeatureRow({ feature, featureMaps }: { feature: FeatureInsight; featureMaps?: FeatureMapController }) {
  const config = useMemo(() => distributionChart(feature), [feature]);
  return (
    <div style={styles.feature} data-testid="prnn-insights-feature" data-feature={feature.name}>
      <div style={styles.name} title={feature.name}>
        {shortLabel(feature)}
      </div>
      <div style={styles.numbers}>
        value {formatNumber(feature.value)} · z {feature.z.toFixed(2)}
        {feature.contribution !== null && ` · contribution ${formatSigned(feature.contribution)}`}
      </div>
      {feature.distribution ? (
        <>
          <div style={styles.numbers}>{feature.distribution.classes.map((c) => `${formatLevel(c.patientLevel)} of ${c.label}`).join(' · ')}</div>
          {config && <ChartCanvas config={config} height={24 + 22 * feature.distribution.classes.length} label={`Cohort distribution of ${feature.name}`} testId="prnn-insights-distribution-chart" />}
        </>
      ) : (
        <div style={styles.small}>The model card gives no cohort distribution for this feature.</div>
      )}
      {featureMaps && feature.hasFeatureMap && <FeatureMapControls feature={feature} featureMaps={featureMaps} />}
    </div>
  );
}

/** "Why this risk": the gauge, the contributions and each signature feature against the card's cohort. */
export function SignatureInsights({ view, featureMaps }: { view: InsightsView; featureMaps?: FeatureMapController }) {
  return (
    <div style={styles.section} data-testid="prnn-insights">
      <h3 style={styles.heading}>Why this risk</h3>
      <Gauge view={view} />
      <Contributions view={view} />
      <div style={styles.small}>
        Each feature: its value and z-score, and where this patient lies among the training cohort (bars: P5–P95 and P25–P75 per
        class, white tick: median, yellow: this patient). Hover a plot for its numbers.
      </div>
      {view.features.map((feature) => (
        <FeatureRow key={feature.name} feature={feature} featureMaps={featureMaps} />
      ))}
    </div>
  );
}
