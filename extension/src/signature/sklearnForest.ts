import type { SklearnForestModel, SklearnTree } from './modelCard';

/**
 * The leaf scikit-learn's Tree.apply reaches: it compares the sample's float32 value with the float64 threshold
 * (`X_i_node_feature <= node.threshold` in sklearn/tree/_tree.pyx, X converted to float32 by predict_proba).
 */
function leafOf(tree: SklearnTree, x: Float32Array): number {
  let node = 0;
  while (tree.childrenLeft[node] !== -1) {
    node = x[tree.feature[node]] <= tree.threshold[node] ? tree.childrenLeft[node] : tree.childrenRight[node];
  }
  return node;
}

/**
 * scikit-learn's RandomForestClassifier.predict_proba for one sample: each tree's leaf class probabilities summed
 * over the trees in order into float64, then divided by the number of trees.
 * `x` holds the model's inputs in the card's feature order (already z-scored).
 */
export function sklearnForestPredictProba(model: SklearnForestModel, x: ArrayLike<number>): number[] {
  const x32 = Float32Array.from(x);
  const sum = new Array<number>(model.classes.length).fill(0);
  for (const tree of model.trees) {
    const leaf = tree.value[leafOf(tree, x32)];
    for (let c = 0; c < sum.length; c++) sum[c] += leaf[c];
  }
  return sum.map((s) => s / model.trees.length);
}
