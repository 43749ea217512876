import { chi2Sf } from './stats';

/** time to event or censoring; event 1 = event observed, 0 = censored. */
export interface SurvivalData {
  time: ArrayLike<number>;
  event: ArrayLike<number>;
}

export interface KaplanMeierStep {
  time: number;
  survival: number;
  atRisk: number;
  events: number;
}

/** Kaplan–Meier product-limit estimate at each distinct event time. */
export function kaplanMeier(data: SurvivalData): KaplanMeierStep[] {
  const n = data.time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => data.time[a] - data.time[b]);
  const steps: KaplanMeierStep[] = [];
  let survival = 1;
  let atRisk = n;
  for (let k = 0; k < n; ) {
    const t = data.time[order[k]];
    let events = 0;
    let leaving = 0;
    while (k < n && data.time[order[k]] === t) {
      events += data.event[order[k]];
      leaving++;
      k++;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ time: t, survival, atRisk, events });
    }
    atRisk -= leaving;
  }
  return steps;
}

export interface LogRankResult {
  statistic: number;
  p: number;
  observedA: number;
  expectedA: number;
}

/** Mantel log-rank test of two groups (chi-squared, 1 degree of freedom). */
export function logRank(a: SurvivalData, b: SurvivalData): LogRankResult {
  const times = new Set<number>();
  const all: { time: number; event: number; inA: boolean }[] = [];
  for (const [data, inA] of [[a, true], [b, false]] as const) {
    for (let i = 0; i < data.time.length; i++) {
      all.push({ time: data.time[i], event: data.event[i], inA });
      if (data.event[i] === 1) times.add(data.time[i]);
    }
  }
  let observedA = 0;
  let expectedA = 0;
  let variance = 0;
  for (const t of [...times].sort((x, y) => x - y)) {
    let nA = 0;
    let n = 0;
    let dA = 0;
    let d = 0;
    for (const p of all) {
      if (p.time >= t) {
        n++;
        if (p.inA) nA++;
      }
      if (p.time === t && p.event === 1) {
        d++;
        if (p.inA) dA++;
      }
    }
    observedA += dA;
    expectedA += (d * nA) / n;
    if (n > 1) variance += (d * (nA / n) * (1 - nA / n) * (n - d)) / (n - 1);
  }
  const statistic = (observedA - expectedA) ** 2 / variance;
  return { statistic, p: chi2Sf(statistic, 1), observedA, expectedA };
}

/**
 * The cut-off on `scores` whose high (>= cut) and low groups differ most by log-rank (smallest p), among the
 * distinct scores leaving at least `minGroupFraction` of patients in each group.
 */
export function mostSignificantLogRankCut(data: SurvivalData, scores: ArrayLike<number>, minGroupFraction = 0.1): { threshold: number; p: number } {
  const n = scores.length;
  const candidates = [...new Set(Array.from(scores))].sort((x, y) => x - y);
  let best = { threshold: NaN, p: Infinity };
  for (const cut of candidates) {
    const high = Array.from({ length: n }, (_, i) => i).filter((i) => scores[i] >= cut);
    if (high.length < minGroupFraction * n || n - high.length < minGroupFraction * n) continue;
    const low = Array.from({ length: n }, (_, i) => i).filter((i) => scores[i] < cut);
    const pick = (idx: number[]): SurvivalData => ({ time: idx.map((i) => data.time[i]), event: idx.map((i) => data.event[i]) });
    if (!Array.from(data.event).some((e) => e === 1)) continue;
    const { p } = logRank(pick(high), pick(low));
    if (p < best.p) best = { threshold: cut, p };
  }
  if (!Number.isFinite(best.p)) throw new Error('no log-rank cut-off leaves enough patients and events in both groups');
  return best;
}
