import { RandomForestClassifier } from 'ml-random-forest';
import type { MlRandomForestModel } from '../../../extension/src/signature/modelCard';
import { Random } from './random';

/**
 * The study's forest is scikit-learn's RandomForestClassifier(criterion='entropy', max_depth=2,
 * class_weight='balanced', n_estimators=950, max_samples=0.95). ml-random-forest differs, and we handle it so:
 *  - class weights: ml-cart has none; each tree's bootstrap is drawn balanced instead (half events, half non-events,
 *    with replacement), which gives both classes the equal total weight 'balanced' gives them;
 *  - max_samples: ml-random-forest's maxSamples keeps the first rows of the table rather than sampling; each
 *    bootstrap here has round(maxSamples * n) draws;
 *  - criterion: ml-cart splits by Gini gain only (no entropy), at mid-points with `x < split` going left;
 *  - max_features: scikit-learn draws sqrt(p) candidate features at every split, ml-random-forest one feature
 *    subset per tree; `featuresPerTree` is that subset's size;
 *  - probabilities: the fraction of trees voting for the class (see extension/src/signature/mlForest.ts), not the
 *    mean of leaf class fractions.
 * Each tree is trained by ml-random-forest itself (a one-tree forest on our bootstrap rows and feature subset,
 * without its own bagging) and the trees are assembled into its RFClassifier JSON, which the viewer loads with
 * RandomForestClassifier.load.
 */
export interface ForestOptions {
  nEstimators: number;
  maxDepth: number;
  maxSamples: number;
  featuresPerTree: number;
  seed: number;
}

function balancedBootstrap(labels: ArrayLike<number>, draws: number, random: Random): number[] {
  const byClass: number[][] = [[], []];
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  if (byClass[0].length === 0 || byClass[1].length === 0) throw new Error('forest: both classes are needed');
  return Array.from({ length: draws }, (_, k) => {
    const pool = byClass[k % 2];
    return pool[random.integer(pool.length)];
  });
}

function featureSubset(p: number, size: number, random: Random): number[] {
  return random.shuffle(Array.from({ length: p }, (_, j) => j)).slice(0, size).sort((a, b) => a - b);
}

interface TreeNodeJson {
  distribution?: unknown;
  splitValue?: number;
  splitColumn?: number;
  left?: TreeNodeJson;
  right?: TreeNodeJson;
}

/**
 * ml-cart's toJSON repeats the tree options in every node and keeps unused split data in leaves; its load
 * (setNodeParameters) reads only `distribution` at leaves and splitValue/splitColumn/left/right elsewhere.
 */
function compactNode(node: TreeNodeJson): TreeNodeJson {
  if (node.distribution !== undefined) return { distribution: node.distribution };
  return { splitValue: node.splitValue, splitColumn: node.splitColumn, left: compactNode(node.left as TreeNodeJson), right: compactNode(node.right as TreeNodeJson) };
}

/** Trains the forest on rows x (labels 0/1) and returns ml-random-forest's RFClassifier JSON. */
export function trainForest(x: ArrayLike<number>[], labels: ArrayLike<number>, options: ForestOptions): MlRandomForestModel['forest'] {
  const p = x[0].length;
  if (!(options.featuresPerTree >= 1 && options.featuresPerTree <= p)) throw new Error(`forest: featuresPerTree ${options.featuresPerTree} must be within 1..${p}`);
  const random = new Random(options.seed);
  const draws = Math.max(2, Math.round(options.maxSamples * x.length));
  const treeOptions = { gainFunction: 'gini', splitFunction: 'mean', minNumSamples: 1, maxDepth: options.maxDepth, gainThreshold: 0 };
  const indexes: number[][] = [];
  const estimators: object[] = [];
  for (let t = 0; t < options.nEstimators; t++) {
    const rows = balancedBootstrap(labels, draws, random);
    const columns = featureSubset(p, options.featuresPerTree, random);
    const oneTree = new RandomForestClassifier({ nEstimators: 1, maxFeatures: 1.0, replacement: false, useSampleBagging: false, noOOB: true, treeOptions, seed: random.int32() });
    oneTree.train(
      rows.map((i) => columns.map((j) => x[i][j])),
      rows.map((i) => labels[i]),
    );
    const trained = JSON.parse(JSON.stringify(oneTree.toJSON())) as { baseModel: { indexes: number[][]; estimators: { root: TreeNodeJson }[] } };
    const estimator = trained.baseModel.estimators[0];
    indexes.push(trained.baseModel.indexes[0].map((k) => columns[k]));
    estimators.push({ ...estimator, root: compactNode(estimator.root) });
  }
  return {
    name: 'RFClassifier',
    baseModel: {
      indexes,
      n: options.featuresPerTree,
      replacement: false,
      maxFeatures: options.featuresPerTree,
      nEstimators: options.nEstimators,
      treeOptions,
      isClassifier: true,
      seed: options.seed,
      estimators,
      useSampleBagging: true,
    },
  };
}
