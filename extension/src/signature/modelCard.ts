import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import schema from './modelCard.schema.json';

/** The model card: the contract between training (or import) and the viewer. docs/model-card.md explains every field. */
export interface ModelCard {
  cardFormat: 'prnn-model-card/1';
  name: string;
  version: string;
  description?: string;
  intendedUse: string;
  notForClinicalUse: boolean;
  provenance: Provenance;
  /**
   * `params`: the PyRadiomics parameter file the cohort was extracted with, as its text (YAML/JSON: integer literals
   * stay Python ints, so LoG sigma 1 names 'log-sigma-1-mm-3D' as in the cohort) or as an object (numbers are Python
   * floats: sigma 1 names 'log-sigma-1-0-mm-3D'). Read it with radiomics/params loadParams.
   */
  extraction: { params: Record<string, unknown> | string; sequences: string[] };
  features: CardFeature[];
  model: SklearnForestModel | MlRandomForestModel;
  threshold: Threshold;
  riskGroups: { low: RiskGroup; high: RiskGroup };
  performance: ReportedPerformance[];
}

export interface Provenance {
  kind: 'synthetic' | 'trained' | 'imported';
  date: string;
  codeVersion: string;
  cohorts: { name: string; role?: 'training' | 'internal-validation' | 'external-validation'; patients: number; events?: number }[];
  seed?: number;
  source?: string;
}

export interface CardFeature {
  name: string;
  sequence: string;
  /** z = (value - mean) / std, as scikit-learn's StandardScaler computes it. */
  mean: number;
  std: number;
  /** Training-cohort quantiles per class (keys are the model's classes as strings), for display only. */
  distribution?: { quantileLevels: number[]; byClass: Record<string, number[]> };
}

export type ClassLabel = number | string;

/** scikit-learn's tree_ arrays, one entry per node; leaves have childrenLeft = childrenRight = -1. */
export interface SklearnTree {
  childrenLeft: number[];
  childrenRight: number[];
  feature: number[];
  threshold: number[];
  /** Per node, the class probabilities DecisionTreeClassifier.predict_proba returns at that leaf (tree_.value[:, 0, :]). */
  value: number[][];
}

export interface SklearnForestModel {
  kind: 'sklearn-forest';
  classes: ClassLabel[];
  positiveClass: ClassLabel;
  sklearnVersion?: string;
  hyperparameters?: Record<string, unknown>;
  trees: SklearnTree[];
}

/** ml-random-forest's own RandomForestClassifier.toJSON(); class i of its trees is `classes[i]`. */
export interface MlRandomForestModel {
  kind: 'ml-random-forest';
  classes: ClassLabel[];
  positiveClass: ClassLabel;
  hyperparameters?: Record<string, unknown>;
  forest: { name: 'RFClassifier'; baseModel: { indexes: number[][]; estimators: object[]; nEstimators: number; isClassifier: true } & Record<string, unknown> };
}

export type ThresholdMethod = 'youden' | 'logrank' | 'reported' | 'manual';

export interface Threshold {
  /** probability >= value is the high-risk group. */
  value: number;
  method: ThresholdMethod;
  description?: string;
  alternatives?: { value: number; method: ThresholdMethod; description?: string }[];
}

export interface RiskGroup {
  label: string;
  eventRate?: number;
  eventRateCI95?: [number, number];
  endpoint?: string;
}

export interface ReportedPerformance {
  cohort: string;
  patients?: number;
  auc: number;
  aucCI95?: [number, number];
  source?: string;
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validateSchema = ajv.compile<ModelCard>(schema);

function describeSchemaError(error: ErrorObject): string {
  const at = `card${error.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at} has an unknown field '${String(params.additionalProperty)}'`;
    case 'required':
      return `${at} is missing the required field '${String(params.missingProperty)}'`;
    case 'enum':
      return `${at} ${error.message}: ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `${at} must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

/** ajv reports the failing `if`/`then` branch and its parents too; keep only the errors that name a field. */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'if');
  return specific.length > 0 ? specific : errors;
}

function fail(problems: string[]): never {
  throw new Error(`Invalid model card: ${problems.join('; ')}`);
}

function checkTree(tree: SklearnTree, t: number, nFeatures: number, nClasses: number, problems: string[]): void {
  const at = `card.model.trees[${t}]`;
  const n = tree.childrenLeft.length;
  for (const key of ['childrenRight', 'feature', 'threshold', 'value'] as const) {
    if (tree[key].length !== n) problems.push(`${at}.${key} has ${tree[key].length} nodes but childrenLeft has ${n}`);
  }
  if (problems.length > 0) return;
  const reached = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (reached[node]) {
      problems.push(`${at} node ${node} is reached twice (the tree has a cycle or shared node)`);
      return;
    }
    reached[node] = 1;
    const left = tree.childrenLeft[node];
    const right = tree.childrenRight[node];
    if (left === -1 || right === -1) {
      if (left !== right) {
        problems.push(`${at} node ${node} has one child only (childrenLeft ${left}, childrenRight ${right})`);
        return;
      }
      const weights = tree.value[node];
      if (weights.length !== nClasses) {
        problems.push(`${at}.value[${node}] has ${weights.length} class probabilities but the model has ${nClasses} classes`);
        return;
      }
      const total = weights.reduce((a, b) => a + b, 0);
      if (Math.abs(total - 1) > 1e-9) problems.push(`${at}.value[${node}] is a leaf whose class probabilities sum to ${total}, not 1`);
      continue;
    }
    const feature = tree.feature[node];
    if (!(feature >= 0 && feature < nFeatures)) {
      problems.push(`${at}.feature[${node}] = ${feature} is not an index into the card's ${nFeatures} features`);
      return;
    }
    for (const child of [left, right]) {
      if (!(child > node && child < n)) {
        problems.push(`${at} node ${node} has child ${child} outside 1..${n - 1} or not after its parent`);
        return;
      }
      stack.push(child);
    }
  }
}

function checkClasses(model: { classes: ClassLabel[]; positiveClass: ClassLabel }, problems: string[]): void {
  if (!model.classes.includes(model.positiveClass)) {
    problems.push(`card.model.positiveClass ${JSON.stringify(model.positiveClass)} is not one of card.model.classes ${JSON.stringify(model.classes)}`);
  }
}

function checkMlForest(model: MlRandomForestModel, nFeatures: number, problems: string[]): void {
  const base = model.forest.baseModel;
  if (base.estimators.length !== base.nEstimators || base.indexes.length !== base.nEstimators) {
    problems.push(`card.model.forest has nEstimators ${base.nEstimators} but ${base.estimators.length} estimators and ${base.indexes.length} index lists`);
  }
  base.indexes.forEach((columns, t) => {
    const bad = columns.find((c) => c >= nFeatures);
    if (bad !== undefined) problems.push(`card.model.forest.baseModel.indexes[${t}] uses feature ${bad} but the card has ${nFeatures} features`);
  });
}

/**
 * Checks a parsed JSON value against the model-card schema and the rules a schema cannot state (tree structure,
 * feature indices, consistent sequences). Returns it typed, or throws an Error listing every problem found.
 */
export function validateCard(json: unknown): ModelCard {
  if (!validateSchema(json)) fail(usefulErrors(validateSchema.errors ?? []).map(describeSchemaError));
  const card = json;
  const problems: string[] = [];
  const seen = new Set<string>();
  card.features.forEach((f, i) => {
    if (seen.has(f.name)) problems.push(`card.features[${i}].name '${f.name}' appears twice`);
    seen.add(f.name);
    if (!card.extraction.sequences.includes(f.sequence)) {
      problems.push(`card.features[${i}].sequence '${f.sequence}' is not one of card.extraction.sequences ${JSON.stringify(card.extraction.sequences)}`);
    }
  });
  const model = card.model;
  checkClasses(model, problems);
  if (model.kind === 'sklearn-forest') {
    model.trees.forEach((tree, t) => checkTree(tree, t, card.features.length, model.classes.length, problems));
  } else {
    checkMlForest(model, card.features.length, problems);
  }
  for (const alternative of card.threshold.alternatives ?? []) {
    if (alternative.method === card.threshold.method && alternative.value === card.threshold.value) {
      problems.push(`card.threshold.alternatives repeats the chosen threshold ${alternative.value}`);
    }
  }
  if (problems.length > 0) fail(problems);
  return card;
}

/**
 * Refuses a card that asks for features the engine cannot produce with the card's extraction settings;
 * `availableFeatureNames` are the engine's names for those settings (with the sequence suffix).
 */
export function checkCardFeatures(card: ModelCard, availableFeatureNames: Iterable<string>): void {
  const available = new Set(availableFeatureNames);
  const missing = card.features.map((f) => f.name).filter((name) => !available.has(name));
  if (missing.length > 0) {
    throw new Error(
      `Model card '${card.name}' needs ${missing.length} feature(s) the engine does not produce with its extraction settings: ${missing.join(', ')}`,
    );
  }
}
