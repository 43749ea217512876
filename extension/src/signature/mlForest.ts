import { RandomForestClassifier } from 'ml-random-forest';
import type { MlRandomForestModel } from './modelCard';

const loaded = new WeakMap<MlRandomForestModel, RandomForestClassifier>();

export function forestOf(model: MlRandomForestModel): RandomForestClassifier {
  let forest = loaded.get(model);
  if (!forest) {
    forest = RandomForestClassifier.load(model.forest as unknown as Parameters<typeof RandomForestClassifier.load>[0]);
    loaded.set(model, forest);
  }
  return forest;
}

/**
 * Class probabilities of an ml-random-forest card: the fraction of the library's trees voting for each class
 * (its own predictionValues). The library's predictProbability is not used: it rounds to 1e-6 and its vote sum
 * starts from the first tree's label instead of 0, which biases it by up to one vote.
 */
export function mlForestPredictProba(model: MlRandomForestModel, x: ArrayLike<number>): number[] {
  const votes = forestOf(model).predictionValues([Array.from(x)]).getRow(0);
  const counts = new Array<number>(model.classes.length).fill(0);
  for (const vote of votes) {
    if (!(vote >= 0 && vote < counts.length)) throw new Error(`ml-random-forest tree voted for class index ${vote}, but the card has ${counts.length} classes`);
    counts[vote] += 1;
  }
  return counts.map((c) => c / votes.length);
}
