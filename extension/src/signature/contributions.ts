/**
 * Why the signature gives this patient this probability: exact Shapley values of every card feature, per tree,
 * against one reference patient, the card's mean patient (every feature at its training mean, z = 0).
 *
 * This is interventional TreeSHAP with a single background sample ("baseline Shapley", Sundararajan & Najmi 2020),
 * computed exactly by enumerating the subsets of the features each tree splits on. It needs only the trees' own
 * predictions, so it works the same on both card kinds: ml-random-forest trees carry no class distribution at their
 * inner nodes and no sample counts (so neither path-dependent TreeSHAP nor Saabas attribution is possible on them),
 * and scikit-learn cards keep no weighted_n_node_samples either.
 *
 * Per tree, the values sum to f_t(x) - f_t(reference); averaged over the trees (as the forest averages its trees),
 * they sum to probability(x) - baseValue, with baseValue = probability(reference). Features a tree does not split
 * on get nothing from it (the Shapley null-player property), so each tree costs 2^k evaluations for its k split
 * features.
 */
import type { MlRandomForestModel, ModelCard, SklearnForestModel } from './modelCard';
import { forestOf } from './mlForest';
import { zScores } from './predict';
import { sklearnForestPredictProba } from './sklearnForest';

export interface Contributions {
  /** Positive-class probability of the reference patient (every card feature at its mean). */
  baseValue: number;
  /** Positive-class probability of this patient, as predict() gives it. */
  probability: number;
  /** Shapley value of each card feature (by card feature name); they sum to probability - baseValue. */
  contributions: Record<string, number>;
}

/** One tree as a function of the full model input, and the model inputs (card feature indices) it splits on. */
interface TreeGame {
  features: number[];
  /** Positive-class output of the tree for each row (full model inputs). */
  evaluate(rows: Float64Array[]): number[];
}

/** Above this many distinct split features in one tree, 2^k evaluations would be too slow for a viewer. */
const MAX_TREE_FEATURES = 16;

function sklearnGames(model: SklearnForestModel): TreeGame[] {
  const positive = model.classes.indexOf(model.positiveClass);
  return model.trees.map((tree) => {
    const single: SklearnForestModel = { ...model, trees: [tree] };
    const features = [...new Set(tree.feature.filter((f, node) => tree.childrenLeft[node] !== -1 && f >= 0))];
    return { features, evaluate: (rows) => rows.map((row) => sklearnForestPredictProba(single, row)[positive]) };
  });
}

interface MlNode {
  splitColumn?: number;
  left?: MlNode;
  right?: MlNode;
}

function mlSplitColumns(node: MlNode | undefined, into: Set<number>): Set<number> {
  if (node?.left && node.right && node.splitColumn !== undefined) {
    into.add(node.splitColumn);
    mlSplitColumns(node.left, into);
    mlSplitColumns(node.right, into);
  }
  return into;
}

function mlGames(model: MlRandomForestModel): TreeGame[] {
  const positive = model.classes.indexOf(model.positiveClass);
  const trees = forestOf(model).estimators;
  const { indexes, estimators } = model.forest.baseModel;
  if (!trees || trees.length !== estimators.length) throw new Error('ml-random-forest card: the library did not load one tree per estimator.');
  return estimators.map((estimator, t) => {
    const columns = indexes[t];
    const features = [...mlSplitColumns((estimator as { root?: MlNode }).root, new Set())].map((c) => columns[c]);
    const tree = trees[t] as { predict(rows: number[][]): number[] };
    return {
      features,
      evaluate: (rows) => tree.predict(rows.map((row) => columns.map((j) => row[j]))).map((vote) => (vote === positive ? 1 : 0)),
    };
  });
}

function gamesOf(model: ModelCard['model']): TreeGame[] {
  return model.kind === 'sklearn-forest' ? sklearnGames(model) : mlGames(model);
}

/** n! for small n, exactly. */
function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

/**
 * Exact Shapley values of the model inputs for input x against the reference, averaged over the trees.
 * Returns one value per model input (card feature order), plus f(reference) and f(x) as the trees average them.
 */
export function forestShapley(
  model: ModelCard['model'],
  x: ArrayLike<number>,
  reference: ArrayLike<number>,
): { values: Float64Array; baseValue: number; value: number } {
  if (x.length !== reference.length) throw new Error(`Input has ${x.length} values but the reference has ${reference.length}.`);
  const games = gamesOf(model);
  const values = new Float64Array(x.length);
  let baseValue = 0;
  let value = 0;
  for (const game of games) {
    const k = game.features.length;
    if (k > MAX_TREE_FEATURES) throw new Error(`A tree splits on ${k} features; exact contributions are limited to ${MAX_TREE_FEATURES} per tree.`);
    // v[S] = tree output with the features in subset S (bit i = game.features[i]) taken from x, the rest from the reference.
    const rows: Float64Array[] = [];
    for (let subset = 0; subset < 1 << k; subset++) {
      const row = Float64Array.from(reference);
      for (let i = 0; i < k; i++) if (subset & (1 << i)) row[game.features[i]] = x[game.features[i]];
      rows.push(row);
    }
    const v = game.evaluate(rows);
    const weight = Array.from({ length: k }, (_, size) => (factorial(size) * factorial(k - size - 1)) / factorial(k));
    for (let i = 0; i < k; i++) {
      const bit = 1 << i;
      let phi = 0;
      for (let subset = 0; subset < 1 << k; subset++) {
        if (subset & bit) continue;
        let size = 0;
        for (let s = subset; s; s &= s - 1) size++;
        phi += weight[size] * (v[subset | bit] - v[subset]);
      }
      values[game.features[i]] += phi;
    }
    baseValue += v[0];
    value += v[(1 << k) - 1];
  }
  const trees = games.length;
  for (let i = 0; i < values.length; i++) values[i] /= trees;
  return { values, baseValue: baseValue / trees, value: value / trees };
}

/**
 * The contribution of each card feature to this patient's positive-class probability, against the card's mean
 * patient. Feature values are raw (as for predict); missing or non-finite values are an error.
 */
export function featureContributions(card: ModelCard, features: Readonly<Record<string, number>>): Contributions {
  const z = zScores(card, features);
  const { values, baseValue, value } = forestShapley(card.model, z, new Float64Array(z.length));
  return {
    baseValue,
    probability: value,
    contributions: Object.fromEntries(card.features.map((f, i) => [f.name, values[i]])),
  };
}
