import { pearson } from './stats';
import { l1SquaredHingeSvm, l2SquaredHingeSvm } from './svm';

/** Column j of row-major data. */
export function column(x: ArrayLike<number>[], j: number): Float64Array {
  return Float64Array.from(x, (row) => row[j]);
}

function subset(x: ArrayLike<number>[], columns: number[]): Float64Array[] {
  return x.map((row) => Float64Array.from(columns, (j) => row[j]));
}

export interface Ranking {
  /** |coef| of the L1 SVM for every column. */
  importance: Float64Array;
  /** Selected columns, most important first (ties in column order). */
  ranked: number[];
}

/**
 * SelectFromModel(LinearSVC(penalty='l1', loss='squared_hinge', dual=False, C, class_weight='balanced'),
 * threshold='median', max_features): the at most `maxFeatures` largest |coef| (stable order), then those below the
 * median |coef| dropped. max_features is capped at the number of columns (scikit-learn refuses larger values).
 */
export function rankByL1Svm(x: ArrayLike<number>[], labels: ArrayLike<number>, c: number, maxFeatures: number): Ranking {
  const { coef } = l1SquaredHingeSvm(x, labels, c);
  const importance = coef.map(Math.abs);
  const sorted = Float64Array.from(importance).sort();
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  const order = Array.from(importance.keys()).sort((a, b) => importance[b] - importance[a] || a - b);
  const ranked = order.slice(0, Math.min(maxFeatures, order.length)).filter((j) => importance[j] >= median);
  return { importance, ranked };
}

/** Walks `ordered` columns and keeps each one whose |Pearson r| with every column kept so far is below `limit`. */
export function decorrelate(x: ArrayLike<number>[], ordered: number[], limit: number): number[] {
  const kept: number[] = [];
  const values = new Map<number, Float64Array>();
  for (const j of ordered) {
    const v = column(x, j);
    if (kept.every((k) => Math.abs(pearson(v, values.get(k) as Float64Array)) < limit)) {
      kept.push(j);
      values.set(j, v);
    }
  }
  return kept;
}

/**
 * Recursive feature elimination as scikit-learn's RFE(LinearSVC(penalty='l2', loss='squared_hinge', dual=False, C,
 * class_weight='balanced'), step=1): refit, drop the column with the smallest coef², until `k` remain.
 * Returns the supports met on the way, from all `candidates` down to k columns (each in candidates order).
 */
export function rfePath(x: ArrayLike<number>[], labels: ArrayLike<number>, candidates: number[], k: number, c: number): number[][] {
  let support = [...candidates];
  const path = [support];
  while (support.length > k) {
    const { coef } = l2SquaredHingeSvm(subset(x, support), labels, c);
    let weakest = 0;
    for (let i = 1; i < coef.length; i++) if (coef[i] * coef[i] < coef[weakest] * coef[weakest]) weakest = i;
    support = support.filter((_, i) => i !== weakest);
    path.push(support);
  }
  return path;
}

export function rfe(x: ArrayLike<number>[], labels: ArrayLike<number>, candidates: number[], k: number, c: number): number[] {
  const path = rfePath(x, labels, candidates, k, c);
  return path[path.length - 1];
}
