import type { ModelCard } from '../../../extension/src/signature/modelCard';
import type { CohortReport, TrainingReport } from './pipeline';

/** Self-contained HTML report (inline SVG plots, no scripts) of a training run. */

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const W = 320;
const H = 240;
const M = 36;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

interface Series {
  label: string;
  points: [number, number][];
  step?: boolean;
  dashed?: boolean;
}

function plot(title: string, xLabel: string, yLabel: string, series: Series[], xRange: [number, number], yRange: [number, number]): string {
  const sx = (x: number) => M + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (W - 2 * M);
  const sy = (y: number) => H - M - ((y - yRange[0]) / (yRange[1] - yRange[0])) * (H - 2 * M);
  const paths = series.map((s, k) => {
    const pts: [number, number][] = [];
    s.points.forEach(([x, y], i) => {
      if (s.step && i > 0) pts.push([x, s.points[i - 1][1]]);
      pts.push([x, y]);
    });
    const d = pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(Math.min(yRange[1], Math.max(yRange[0], y))).toFixed(1)}`).join('');
    return `<path d="${d}" fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>` +
      `<text x="${W - M - 4}" y="${M + 12 * k + 4}" text-anchor="end" font-size="10" fill="${COLOURS[k % COLOURS.length]}">${escapeHtml(s.label)}</text>`;
  });
  const ticks = [0, 0.5, 1].map((f) => {
    const x = xRange[0] + f * (xRange[1] - xRange[0]);
    const y = yRange[0] + f * (yRange[1] - yRange[0]);
    return `<text x="${sx(x)}" y="${H - M + 14}" font-size="9" text-anchor="middle">${+x.toPrecision(3)}</text>` +
      `<text x="${M - 4}" y="${sy(y) + 3}" font-size="9" text-anchor="end">${+y.toPrecision(3)}</text>`;
  });
  return `<figure><svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">` +
    `<rect x="${M}" y="${M}" width="${W - 2 * M}" height="${H - 2 * M}" fill="none" stroke="#999"/>${ticks.join('')}${paths.join('')}` +
    `<text x="${W / 2}" y="${H - 6}" font-size="10" text-anchor="middle">${escapeHtml(xLabel)}</text>` +
    `<text x="10" y="${H / 2}" font-size="10" text-anchor="middle" transform="rotate(-90 10 ${H / 2})">${escapeHtml(yLabel)}</text>` +
    `</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}

function format(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

function cohortSection(c: CohortReport): string {
  const rows = [
    ['Patients (events)', `${c.patients} (${c.events})`],
    ['AUC (95 % bootstrap CI)', `${format(c.auc)} (${format(c.aucCI95[0])}–${format(c.aucCI95[1])})`],
    ['Low risk: patients, event rate', `${c.riskGroups.low.patients}, ${format(c.riskGroups.low.events / c.riskGroups.low.patients)}`],
    ['High risk: patients, event rate', `${c.riskGroups.high.patients}, ${format(c.riskGroups.high.events / c.riskGroups.high.patients)}`],
  ];
  if (c.delong) rows.push([`DeLong vs ${c.delong.against}`, `AUC ${format(c.delong.auc[0])} vs ${format(c.delong.auc[1])}, z = ${format(c.delong.z)}, p = ${formatP(c.delong.p)}`]);
  if (c.hosmerLemeshow) rows.push(['Hosmer–Lemeshow', `C = ${format(c.hosmerLemeshow.statistic)}, df ${c.hosmerLemeshow.df}, p = ${formatP(c.hosmerLemeshow.p)}`]);
  if (c.hosmerLemeshowUnavailable) rows.push(['Hosmer–Lemeshow', `not computed: ${c.hosmerLemeshowUnavailable}`]);
  if (c.survival) rows.push(['Log-rank (high vs low)', `χ² = ${format(c.survival.logRank.statistic)}, p = ${formatP(c.survival.logRank.p)}`]);
  const plots = [
    plot('ROC', '1 - specificity', 'sensitivity', [{ label: `AUC ${format(c.auc)}`, points: c.roc.map((p) => [p.fpr, p.tpr]) }, { label: 'chance', points: [[0, 0], [1, 1]], dashed: true }], [0, 1], [0, 1]),
    plot('Decision curve', 'threshold probability', 'net benefit', [
      { label: 'model', points: c.decisionCurve.map((p) => [p.threshold, p.model]) },
      { label: 'treat all', points: c.decisionCurve.map((p) => [p.threshold, p.treatAll]), dashed: true },
      { label: 'treat none', points: [[0, 0], [1, 0]], dashed: true },
    ], [0, 1], [-0.1, Math.max(0.1, ...c.decisionCurve.map((p) => p.model))]),
  ];
  if (c.hosmerLemeshow) {
    plots.push(plot('Calibration (deciles)', 'mean predicted', 'observed event rate', [
      { label: 'model', points: c.hosmerLemeshow.groups.map((g) => [g.meanPredicted, g.observedEvents / g.patients]) },
      { label: 'ideal', points: [[0, 0], [1, 1]], dashed: true },
    ], [0, 1], [0, 1]));
  }
  if (c.survival) {
    const km = (steps: { time: number; survival: number }[]): [number, number][] => [[0, 1], ...steps.map((s): [number, number] => [s.time, s.survival])];
    const maxTime = Math.max(1, ...c.survival.low.map((s) => s.time), ...c.survival.high.map((s) => s.time));
    plots.push(plot(`Kaplan–Meier by risk group (log-rank p = ${formatP(c.survival.logRank.p)})`, 'time', 'event-free', [
      { label: 'low risk', points: km(c.survival.low), step: true },
      { label: 'high risk', points: km(c.survival.high), step: true },
    ], [0, maxTime], [0, 1]));
  }
  return `<section><h2>Cohort ${escapeHtml(c.cohort)}</h2><table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table><div class="plots">${plots.join('')}</div></section>`;
}

export function renderReportHtml(card: ModelCard, report: TrainingReport): string {
  const banner = card.notForClinicalUse
    ? `<p class="warning">NOT FOR CLINICAL USE${card.provenance.kind === 'synthetic' ? ': trained on a SYNTHETIC cohort, for demonstration only' : ''}.</p>`
    : '';
  const selection = Object.entries(report.sequences).map(([s, r]) =>
    `<tr><th>${escapeHtml(s)}</th><td>${r.candidates}</td><td>${r.ranked.length}</td><td>${r.decorrelated.length}</td><td>${r.cvAucByK.map((a) => format(a)).join(' / ')}</td><td>${r.k}</td><td>${r.selected.map(escapeHtml).join('<br>')}</td></tr>`).join('');
  const grid = report.grid.map((g) => `<tr><td>${g.maxDepth}</td><td>${g.featuresPerTree}</td><td>${format(g.cvAuc)}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(card.name)} — training report</title><style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
.warning{background:#fee;border:2px solid #c00;padding:.5em;font-weight:bold;color:#900}.plots{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;text-align:center}
</style></head><body><h1>${escapeHtml(card.name)} ${escapeHtml(card.version)} — training report</h1>${banner}
<p>Provenance: ${escapeHtml(card.provenance.kind)}, ${escapeHtml(card.provenance.date)}, ${escapeHtml(card.provenance.codeVersion)}, seed ${report.options.seed}. Threshold ${format(card.threshold.value, 4)} (${escapeHtml(card.threshold.method)}); Youden ${format(report.thresholds.youden, 4)}${report.thresholds.logrank ? `, log-rank ${format(report.thresholds.logrank.threshold, 4)} (p = ${formatP(report.thresholds.logrank.p)})` : ''}.</p>
<h2>Feature selection</h2><p>${report.featuresIn} features in; ${report.droppedNonFinite.length} dropped as non-finite or constant; ${report.droppedByIcc.length} dropped by ICC ≤ ${report.options.iccThreshold}; ${report.droppedAcrossSequences.length} dropped by |r| ≥ ${report.options.correlationLimit} across sequences.</p>
<table><tr><th>Sequence</th><th>features</th><th>L1-SVM ranked</th><th>|r| &lt; ${report.options.correlationLimit}</th><th>CV AUC for K = 1..</th><th>K</th><th>selected</th></tr>${selection}</table>
<p>Signature: ${report.selected.map(escapeHtml).join(', ')}</p>
<h2>Forest</h2><table><tr><th>max depth</th><th>features per tree</th><th>CV AUC</th></tr>${grid}</table><p>Chosen: depth ${report.chosen.maxDepth}, ${report.chosen.featuresPerTree} features per tree, ${report.options.nEstimators} trees.</p>
${report.cohorts.map(cohortSection).join('\n')}</body></html>
`;
}
