import { trainForest } from '../../cli/src/training/forest';
import { Random } from '../../cli/src/training/random';
import type { MlRandomForestModel } from '../../extension/src/signature/modelCard';
import { mlForestPredictProba } from '../../extension/src/signature/mlForest';

interface Node {
  distribution?: number[][];
  splitColumn?: number;
  splitValue?: number;
  left?: Node;
  right?: Node;
}

/** ml-cart's documented rule, written out: `x < splitValue` goes left; a leaf votes for its most frequent class (first on ties). */
function vote(root: Node, x: number[]): number {
  let node = root;
  while (node.distribution === undefined) node = (x[node.splitColumn as number] < (node.splitValue as number) ? node.left : node.right) as Node;
  const d = node.distribution[0];
  return d.indexOf(Math.max(...d));
}

describe('ml-random-forest cards', () => {
  const random = new Random(9);
  const x = Array.from({ length: 120 }, () => Array.from({ length: 5 }, () => random.normal()));
  const labels = x.map((row) => (row[0] - row[2] + random.normal() > 0.5 ? 1 : 0));
  const forest = trainForest(x, labels, { nEstimators: 60, maxDepth: 2, maxSamples: 0.95, featuresPerTree: 3, seed: 4 });
  const model = JSON.parse(JSON.stringify({ kind: 'ml-random-forest', classes: [0, 1], positiveClass: 1, forest })) as MlRandomForestModel;

  it('probability is the fraction of trees voting for the class, through the library load', () => {
    for (const row of x.slice(0, 40)) {
      const votes = model.forest.baseModel.estimators.map((e, t) => vote((e as { root: Node }).root, model.forest.baseModel.indexes[t].map((j) => row[j])));
      const expected = votes.filter((v) => v === 1).length / votes.length;
      const p = mlForestPredictProba(model, row);
      expect(p[1]).toBe(expected);
      expect(p[0] + p[1]).toBeCloseTo(1, 12);
    }
  });

  it('balanced bootstrap trees are reproducible from the seed', () => {
    expect(JSON.stringify(trainForest(x, labels, { nEstimators: 60, maxDepth: 2, maxSamples: 0.95, featuresPerTree: 3, seed: 4 }))).toBe(JSON.stringify(forest));
  });
});
