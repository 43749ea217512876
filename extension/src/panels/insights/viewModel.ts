/**
 * "Why this risk": the plain data the panel's insight plots draw, built from the model card, this patient's
 * prediction and (when given) the per-feature contributions. Pure and DOM-free, so the worker can build it next
 * to the prediction and post it to the panel as it is.
 */
import type { ClassLabel, ModelCard } from '../../signature/modelCard';
import type { Prediction } from '../../signature/predict';
import type { Contributions } from '../../signature/contributions';

/** PyRadiomics feature classes whose voxel-based maps exist (every class but shape). */
const MAP_CLASSES = new Set(['firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm']);

export interface FeatureName {
  /** e.g. 'original', 'log-sigma-5-0-mm-3D', 'wavelet-LLH'. */
  imageType: string;
  /** PyRadiomics feature class, e.g. 'glcm'. */
  featureClass: string;
  /** PyRadiomics feature name, e.g. 'Contrast'. */
  feature: string;
  sequence: string;
}

/** Splits a card feature name `<imageType>_<class>_<Feature>_<SEQUENCE>`; an error for any other form. */
export function parseFeatureName(name: string, sequence: string): FeatureName {
  const suffix = `_${sequence}`;
  const parts = name.endsWith(suffix) ? name.slice(0, -suffix.length).split('_') : [];
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new Error(`Card feature '${name}' is not named <imageType>_<class>_<Feature>_${sequence} as PyRadiomics names plus the sequence.`);
  }
  return { imageType: parts[0], featureClass: parts[1], feature: parts[2], sequence };
}

export interface ClassDistribution {
  /** The class label as the card keys it. */
  classKey: string;
  /** 'PRNN' for the card's positive class, 'No PRNN' otherwise (with the class label). */
  label: string;
  isPositive: boolean;
  /** Quantiles at DistributionView.levels. */
  quantiles: number[];
  /** Where the patient lies in this class: an interpolated quantile level in [0, 1], or the nearest end beyond. */
  patientLevel: { level: number; beyond: 'below' | 'above' | null };
}

export interface DistributionView {
  levels: number[];
  classes: ClassDistribution[];
}

export interface FeatureInsight {
  name: string;
  parsed: FeatureName;
  value: number;
  z: number;
  /** The feature's share of probability - baseValue; null when no contributions were computed. */
  contribution: number | null;
  /** null when the card carries no cohort distribution for this feature. */
  distribution: DistributionView | null;
  /** A voxel feature map exists for this feature's class. */
  hasFeatureMap: boolean;
}

export interface RiskBand {
  group: 'low' | 'high';
  label: string;
  from: number;
  to: number;
  eventRate: number | null;
  eventRateCI95: [number, number] | null;
  endpoint: string | null;
}

export interface GaugeView {
  probability: number;
  threshold: number;
  riskGroup: 'low' | 'high';
  bands: [RiskBand, RiskBand];
}

export interface InsightsView {
  gauge: GaugeView;
  features: FeatureInsight[];
  /** Probability of the card's mean patient, the reference of the contributions; null without contributions. */
  baseValue: number | null;
}

/**
 * The quantile level at which `value` lies for quantiles `quantiles` at `levels`, by linear interpolation between
 * neighbouring quantiles (the inverse of numpy's linear quantile within the given points). On a flat run of equal
 * quantiles the middle of the run is taken. Beyond the first or last quantile the end level is returned, flagged.
 */
export function quantileLevel(value: number, levels: number[], quantiles: number[]): ClassDistribution['patientLevel'] {
  if (levels.length !== quantiles.length || levels.length === 0) {
    throw new Error(`Cohort distribution has ${levels.length} levels but ${quantiles.length} quantiles.`);
  }
  const last = quantiles.length - 1;
  if (value < quantiles[0]) return { level: levels[0], beyond: 'below' };
  if (value > quantiles[last]) return { level: levels[last], beyond: 'above' };
  const equal = levels.filter((_, q) => quantiles[q] === value);
  if (equal.length > 0) return { level: (equal[0] + equal[equal.length - 1]) / 2, beyond: null };
  let q = 0;
  while (quantiles[q + 1] < value) q++;
  const f = (value - quantiles[q]) / (quantiles[q + 1] - quantiles[q]);
  return { level: levels[q] + f * (levels[q + 1] - levels[q]), beyond: null };
}

function classLabel(key: string, positiveClass: ClassLabel): { label: string; isPositive: boolean } {
  const isPositive = key === String(positiveClass);
  return { label: `${isPositive ? 'PRNN' : 'No PRNN'} (class ${key})`, isPositive };
}

function distributionView(card: ModelCard, feature: ModelCard['features'][number], value: number): DistributionView | null {
  const distribution = feature.distribution;
  if (!distribution) return null;
  const classes = Object.entries(distribution.byClass).map(([classKey, quantiles]) => ({
    classKey,
    ...classLabel(classKey, card.model.positiveClass),
    quantiles,
    patientLevel: quantileLevel(value, distribution.quantileLevels, quantiles),
  }));
  // The positive (PRNN) class last, so it is drawn on top and read last, as "the risky side".
  classes.sort((a, b) => Number(a.isPositive) - Number(b.isPositive));
  return { levels: distribution.quantileLevels, classes };
}

/**
 * Everything the insight plots need. Contributions must be those of the same patient (their probability equal to
 * the prediction's): mixing two computations is an error, not a silently wrong plot.
 */
export function buildInsights(card: ModelCard, prediction: Prediction, contributions: Contributions | null): InsightsView {
  if (contributions && Math.abs(contributions.probability - prediction.probability) > 1e-9) {
    throw new Error(`Contributions are for probability ${contributions.probability} but the prediction is ${prediction.probability}.`);
  }
  const features = card.features.map((f): FeatureInsight => {
    const parsed = parseFeatureName(f.name, f.sequence);
    const value = prediction.values[f.name];
    const contribution = contributions ? contributions.contributions[f.name] : null;
    if (contribution === undefined) throw new Error(`Contributions lack the card feature '${f.name}'.`);
    return {
      name: f.name,
      parsed,
      value,
      z: prediction.z[f.name],
      contribution,
      distribution: distributionView(card, f, value),
      hasFeatureMap: MAP_CLASSES.has(parsed.featureClass),
    };
  });
  const band = (group: 'low' | 'high', from: number, to: number): RiskBand => {
    const g = card.riskGroups[group];
    return { group, label: g.label, from, to, eventRate: g.eventRate ?? null, eventRateCI95: g.eventRateCI95 ?? null, endpoint: g.endpoint ?? null };
  };
  return {
    gauge: {
      probability: prediction.probability,
      threshold: prediction.threshold,
      riskGroup: prediction.riskGroup,
      bands: [band('low', 0, prediction.threshold), band('high', prediction.threshold, 1)],
    },
    features,
    baseValue: contributions ? contributions.baseValue : null,
  };
}

/** The features ordered by the size of their contribution (largest first); card order without contributions. */
export function byContribution(features: FeatureInsight[]): FeatureInsight[] {
  return [...features].sort((a, b) => Math.abs(b.contribution ?? 0) - Math.abs(a.contribution ?? 0));
}
