import { Random } from './random';
import { normalTwoSidedP, quantile } from './stats';

/** Labels are 1 (event) or 0. */
export type Labels = ArrayLike<number>;

function checkBinary(labels: Labels, scores: ArrayLike<number>): { positives: number; negatives: number } {
  if (labels.length !== scores.length) throw new Error(`${labels.length} labels but ${scores.length} scores`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`label ${labels[i]} at row ${i} is not 0 or 1`);
    if (!Number.isFinite(scores[i])) throw new Error(`score at row ${i} is ${scores[i]}`);
    positives += labels[i];
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('AUC needs both events and non-events');
  return { positives, negatives };
}

/** Ranks 1..n with ties given their average rank. */
export function midranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Area under the ROC curve (= scikit-learn's roc_auc_score; ties count one half). */
export function rocAuc(labels: Labels, scores: ArrayLike<number>): number {
  const { positives, negatives } = checkBinary(labels, scores);
  const ranks = midranks(scores);
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) rankSum += ranks[i];
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface RocPoint {
  threshold: number;
  fpr: number;
  tpr: number;
}

/** ROC points at every distinct score, highest first: `score >= threshold` is called positive (as roc_curve). */
export function rocCurve(labels: Labels, scores: ArrayLike<number>): RocPoint[] {
  const { positives, negatives } = checkBinary(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]] === 1) tp++;
    else fp++;
    if (k + 1 === order.length || scores[order[k + 1]] !== scores[order[k]]) {
      points.push({ threshold: scores[order[k]], fpr: fp / negatives, tpr: tp / positives });
    }
  }
  return points;
}

/** The threshold maximising Youden's J = TPR - FPR; among equal J the highest threshold (numpy argmax order). */
export function youdenThreshold(labels: Labels, scores: ArrayLike<number>): { threshold: number; j: number } {
  let best = { threshold: Infinity, j: -Infinity };
  for (const p of rocCurve(labels, scores)) if (p.tpr - p.fpr > best.j) best = { threshold: p.threshold, j: p.tpr - p.fpr };
  return best;
}

export interface DeLongResult {
  auc: [number, number];
  /** DeLong covariance matrix of the two AUCs. */
  covariance: [[number, number], [number, number]];
  z: number;
  p: number;
}

/** DeLong's structural components by midranks (Sun & Xu 2014): V10 per event, V01 per non-event. */
function structuralComponents(labels: Labels, scores: ArrayLike<number>): { v10: Float64Array; v01: Float64Array } {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos : neg).push(scores[i]);
  const all = midranks([...pos, ...neg]);
  const rx = midranks(pos);
  const ry = midranks(neg);
  const m = pos.length;
  const n = neg.length;
  return {
    v10: Float64Array.from(pos, (_, i) => (all[i] - rx[i]) / n),
    v01: Float64Array.from(neg, (_, j) => 1 - (all[m + j] - ry[j]) / m),
  };
}

function covariance(a: Float64Array, b: Float64Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}

/** DeLong, DeLong & Clarke-Pearson (1988) test of two correlated AUCs on the same patients (two-sided). */
export function delongTest(labels: Labels, scoresA: ArrayLike<number>, scoresB: ArrayLike<number>): DeLongResult {
  const { positives: m, negatives: n } = checkBinary(labels, scoresA);
  checkBinary(labels, scoresB);
  const a = structuralComponents(labels, scoresA);
  const b = structuralComponents(labels, scoresB);
  const cov = (x: 'a' | 'b', y: 'a' | 'b') => {
    const [p, q] = [x === 'a' ? a : b, y === 'a' ? a : b];
    return covariance(p.v10, q.v10) / m + covariance(p.v01, q.v01) / n;
  };
  const auc: [number, number] = [a.v10.reduce((s, v) => s + v, 0) / m, b.v10.reduce((s, v) => s + v, 0) / m];
  const covarianceMatrix: [[number, number], [number, number]] = [
    [cov('a', 'a'), cov('a', 'b')],
    [cov('a', 'b'), cov('b', 'b')],
  ];
  const variance = covarianceMatrix[0][0] + covarianceMatrix[1][1] - 2 * covarianceMatrix[0][1];
  const z = (auc[0] - auc[1]) / Math.sqrt(variance);
  return { auc, covariance: covarianceMatrix, z, p: normalTwoSidedP(z) };
}

/**
 * Percentile bootstrap 95 % CI of the AUC: `resamples` draws of patients with replacement (draws with a single
 * class are redrawn), 2.5 and 97.5 % quantiles as numpy computes them.
 */
export function bootstrapAucCi(labels: Labels, scores: ArrayLike<number>, resamples: number, seed: number): [number, number] {
  checkBinary(labels, scores);
  const random = new Random(seed);
  const aucs = new Float64Array(resamples);
  const y = new Float64Array(labels.length);
  const s = new Float64Array(labels.length);
  for (let r = 0; r < resamples; ) {
    let events = 0;
    for (let i = 0; i < labels.length; i++) {
      const k = random.integer(labels.length);
      y[i] = labels[k];
      s[i] = scores[k];
      events += y[i];
    }
    if (events === 0 || events === labels.length) continue;
    aucs[r++] = rocAuc(y, s);
  }
  return [quantile(aucs, 0.025), quantile(aucs, 0.975)];
}
