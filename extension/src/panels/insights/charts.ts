/**
 * chart.js configurations of the insight plots, built from the view model: horizontal floating bars (cohort
 * quantile ranges, risk bands) and plain bars (contributions), with the patient drawn as a marker line by a small
 * plugin. Colours suit the host's dark side panel; every number is in a tooltip.
 */
import type { ChartConfiguration, Plugin, TooltipItem } from 'chart.js';
import type { FeatureInsight, GaugeView, InsightsView } from './viewModel';
import { byContribution } from './viewModel';

export const palette = {
  text: '#e5e7eb',
  muted: '#9ca3af',
  grid: '#3a3f4b',
  patient: '#facc15',
  high: '#f87171',
  low: '#4ade80',
  positiveClass: 'rgba(248, 113, 113, 0.75)',
  negativeClass: 'rgba(96, 165, 250, 0.75)',
};

/** A vertical line at `value` on the x axis, over one category row or the whole plot. */
export interface Marker {
  value: number;
  colour: string;
  /** Category index it spans; all rows when absent. */
  row?: number;
  label?: string;
  width?: number;
}

/** Draws the markers after the datasets. */
export function markerPlugin(markers: Marker[]): Plugin<'bar'> {
  return {
    id: 'prnnMarkers',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      const y = scales.y;
      const rows = chart.data.labels?.length ?? 1;
      const rowHeight = (chartArea.bottom - chartArea.top) / rows;
      ctx.save();
      for (const marker of markers) {
        const px = x.getPixelForValue(marker.value);
        const top = marker.row === undefined ? chartArea.top : y.getPixelForValue(marker.row) - rowHeight * 0.35;
        const bottom = marker.row === undefined ? chartArea.bottom : y.getPixelForValue(marker.row) + rowHeight * 0.35;
        ctx.strokeStyle = marker.colour;
        ctx.lineWidth = marker.width ?? 2;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
        if (marker.label) {
          ctx.fillStyle = marker.colour;
          ctx.font = '10px sans-serif';
          ctx.textAlign = px > (chartArea.left + chartArea.right) / 2 ? 'right' : 'left';
          ctx.fillText(marker.label, px + (ctx.textAlign === 'right' ? -3 : 3), top + 9);
        }
      }
      ctx.restore();
    },
  };
}

/** Short form of a feature or quantile value. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

export function formatSigned(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}

export function formatLevel(patientLevel: { level: number; beyond: 'below' | 'above' | null }): string {
  const p = `P${Math.round(patientLevel.level * 100)}`;
  return patientLevel.beyond === 'below' ? `below ${p}` : patientLevel.beyond === 'above' ? `above ${p}` : `≈ ${p}`;
}

/** A short label: 'Contrast · glcm · T1C', with the image type when it is not 'original'. */
export function shortLabel(feature: FeatureInsight): string {
  const { imageType, featureClass, feature: name, sequence } = feature.parsed;
  return [name, featureClass, imageType === 'original' ? null : imageType, sequence].filter(Boolean).join(' · ');
}

function darkAxes(min?: number, max?: number) {
  return {
    x: { min, max, grid: { color: palette.grid }, ticks: { color: palette.muted, font: { size: 10 } } },
    y: { grid: { display: false }, ticks: { color: palette.text, font: { size: 10 } } },
  };
}

const baseOptions = {
  indexAxis: 'y' as const,
  responsive: true,
  maintainAspectRatio: false,
  animation: false as const,
  color: palette.text,
};

/** Cohort quantile ranges of one feature per class, the patient's value as a marker on each row. */
export function distributionChart(feature: FeatureInsight): ChartConfiguration<'bar', [number, number][], string> | null {
  const distribution = feature.distribution;
  if (!distribution) return null;
  const { levels, classes } = distribution;
  const at = (level: number) => levels.indexOf(level);
  const last = levels.length - 1;
  const quartiles = at(0.25) >= 0 && at(0.75) >= 0;
  const colour = classes.map((c) => (c.isPositive ? palette.positiveClass : palette.negativeClass));
  const values = [feature.value, ...classes.flatMap((c) => c.quantiles)];
  const pad = (Math.max(...values) - Math.min(...values)) * 0.05 || Math.abs(feature.value) * 0.05 || 1;
  const describe = (row: number) => {
    const c = classes[row];
    const quantiles = levels.map((level, q) => `P${Math.round(level * 100)} ${formatNumber(c.quantiles[q])}`).join(' · ');
    return [`${c.label}: ${quantiles}`, `Patient ${formatNumber(feature.value)}: ${formatLevel(c.patientLevel)} of this class`];
  };
  const markers: Marker[] = classes.map((_, row) => ({ value: feature.value, row, colour: palette.patient, width: 2 }));
  if (at(0.5) >= 0) classes.forEach((c, row) => markers.unshift({ value: c.quantiles[at(0.5)], row, colour: palette.text, width: 1 }));
  return {
    type: 'bar',
    data: {
      labels: classes.map((c) => c.label),
      datasets: [
        {
          label: `P${Math.round(levels[0] * 100)}–P${Math.round(levels[last] * 100)}`,
          data: classes.map((c) => [c.quantiles[0], c.quantiles[last]]),
          backgroundColor: colour,
          barThickness: 3,
          grouped: false,
        },
        ...(quartiles
          ? [{ label: 'P25–P75', data: classes.map((c): [number, number] => [c.quantiles[at(0.25)], c.quantiles[at(0.75)]]), backgroundColor: colour, barThickness: 12, grouped: false }]
          : []),
      ],
    },
    options: {
      ...baseOptions,
      scales: darkAxes(Math.min(...values) - pad, Math.max(...values) + pad),
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => describe(item.dataIndex) } },
      },
    },
    plugins: [markerPlugin(markers)],
  };
}

/** Each feature's contribution to probability - base value, largest first; red pushes toward high risk. */
export function contributionChart(view: InsightsView): ChartConfiguration<'bar', number[], string> | null {
  if (view.baseValue === null) return null;
  const features = byContribution(view.features);
  const contributions = features.map((f) => f.contribution as number);
  return {
    type: 'bar',
    data: {
      labels: features.map(shortLabel),
      datasets: [
        {
          label: 'Contribution',
          data: contributions,
          backgroundColor: contributions.map((c) => (c >= 0 ? palette.high : palette.low)),
          barThickness: 10,
        },
      ],
    },
    options: {
      ...baseOptions,
      scales: darkAxes(),
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'bar'>) => {
              const f = features[item.dataIndex];
              return [
                `${formatSigned(contributions[item.dataIndex])} ${contributions[item.dataIndex] >= 0 ? 'toward high risk' : 'toward low risk'}`,
                `value ${formatNumber(f.value)} · z ${f.z.toFixed(2)}`,
              ];
            },
          },
        },
      },
    },
  };
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)} %`;
}

/** One-line description of a risk band, as the gauge's tooltip and the text under it give it. */
export function describeBand(band: GaugeView['bands'][number]): string {
  const range = band.group === 'low' ? `probability < ${band.to.toFixed(3)}` : `probability ≥ ${band.from.toFixed(3)}`;
  if (band.eventRate === null) return `${band.label}: ${range}; the card reports no event rate`;
  const ci = band.eventRateCI95 ? ` (95 % CI ${percent(band.eventRateCI95[0])}–${percent(band.eventRateCI95[1])})` : '';
  return `${band.label}: ${range}; reported event rate ${percent(band.eventRate)}${ci}${band.endpoint ? `, ${band.endpoint}` : ''}`;
}

/** The probability on 0..1 over the low and high bands split at the threshold. */
export function gaugeChart(gauge: GaugeView): ChartConfiguration<'bar', [number, number][], string> {
  return {
    type: 'bar',
    data: {
      labels: ['Probability'],
      datasets: gauge.bands.map((band) => ({
        label: band.label,
        data: [[band.from, band.to]],
        backgroundColor: band.group === 'high' ? 'rgba(248, 113, 113, 0.45)' : 'rgba(74, 222, 128, 0.35)',
        barThickness: 18,
        grouped: false,
      })),
    },
    options: {
      ...baseOptions,
      scales: { ...darkAxes(0, 1), y: { display: false } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => describeBand(gauge.bands[item.datasetIndex]) } },
      },
    },
    plugins: [
      markerPlugin([
        { value: gauge.threshold, colour: palette.text, width: 1, label: `threshold ${gauge.threshold.toFixed(3)}` },
        { value: gauge.probability, colour: palette.patient, width: 3 },
      ]),
    ],
  };
}
