import type { ModelCard } from './modelCard';
import { mlForestPredictProba } from './mlForest';
import { sklearnForestPredictProba } from './sklearnForest';

export interface Prediction {
  /** Probability of the card's positive class (predict_proba[:, positiveClass]). */
  probability: number;
  riskGroup: 'low' | 'high';
  riskGroupLabel: string;
  threshold: number;
  /** Every class's probability, in card.model.classes order. */
  classProbabilities: number[];
  /** The raw value of each card feature, and its z-score that the model saw. */
  values: Record<string, number>;
  z: Record<string, number>;
  notForClinicalUse: boolean;
}

/**
 * z-scores exactly as scikit-learn's StandardScaler.transform does in float64: (x - mean_) then / scale_.
 * A missing or non-finite feature value is an error: the model never sees an imputed number.
 */
export function zScores(card: ModelCard, features: Readonly<Record<string, number>>): Float64Array {
  const missing = card.features.filter((f) => !Number.isFinite(features[f.name]));
  if (missing.length > 0) {
    const describe = (name: string) => (name in features ? `${name} = ${String(features[name])}` : `${name} (absent)`);
    throw new Error(`Cannot apply model card '${card.name}': feature value(s) missing or not finite: ${missing.map((f) => describe(f.name)).join(', ')}`);
  }
  return Float64Array.from(card.features, (f) => (features[f.name] - f.mean) / f.std);
}

/** Applies a validated card to one patient's feature values (names as in the card). */
export function predict(card: ModelCard, features: Readonly<Record<string, number>>): Prediction {
  const z = zScores(card, features);
  const model = card.model;
  const classProbabilities = model.kind === 'sklearn-forest' ? sklearnForestPredictProba(model, z) : mlForestPredictProba(model, z);
  const probability = classProbabilities[model.classes.indexOf(model.positiveClass)];
  const riskGroup = probability >= card.threshold.value ? 'high' : 'low';
  return {
    probability,
    riskGroup,
    riskGroupLabel: card.riskGroups[riskGroup].label,
    threshold: card.threshold.value,
    classProbabilities,
    values: Object.fromEntries(card.features.map((f) => [f.name, features[f.name]])),
    z: Object.fromEntries(card.features.map((f, i) => [f.name, z[i]])),
    notForClinicalUse: card.notForClinicalUse,
  };
}
