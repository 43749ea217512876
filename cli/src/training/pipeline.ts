import type { CardFeature, MlRandomForestModel, ModelCard, ThresholdMethod } from '../../../extension/src/signature/modelCard';
import { mlForestPredictProba } from '../../../extension/src/signature/mlForest';
import { decisionCurve, hosmerLemeshow, type DecisionCurvePoint, type HosmerLemeshowResult } from './calibration';
import { trainForest } from './forest';
import { icc21 } from './icc';
import { Random } from './random';
import { bootstrapAucCi, delongTest, rocAuc, rocCurve, youdenThreshold, type DeLongResult, type RocPoint } from './roc';
import { column, decorrelate, rankByL1Svm, rfePath } from './selection';
import { mean, quantile, std } from './stats';
import { kaplanMeier, logRank, mostSignificantLogRankCut, type KaplanMeierStep, type LogRankResult } from './survival';
import { l2SquaredHingeSvm } from './svm';

/** One row per patient; `values[i][j]` is feature `featureNames[j]` of patient i. */
export interface TrainingTable {
  ids: string[];
  labels: number[];
  cohorts: string[];
  featureNames: string[];
  values: Float64Array[];
  time?: number[];
  event?: number[];
  /** Another score to compare with by DeLong's test (e.g. a clinical model), per patient. */
  compareScore?: { name: string; values: number[] };
  /** The same features from a repeat segmentation, by patient id, for the ICC filter. */
  repeat?: Map<string, Float64Array>;
}

export interface TrainingOptions {
  trainCohort: string;
  sequences: string[];
  seed: number;
  iccThreshold: number;
  rankingC: number;
  maxRanked: number;
  correlationLimit: number;
  rfeC: number;
  maxFeaturesPerSequence: number;
  cvFolds: number;
  grid: { maxDepth: number[]; featuresPerTree: ('sqrt' | 'all')[] };
  nEstimators: number;
  cvEstimators: number;
  maxSamples: number;
  thresholdMethod: Extract<ThresholdMethod, 'youden' | 'logrank'>;
  bootstrapResamples: number;
  card: {
    name: string;
    version: string;
    description?: string;
    intendedUse: string;
    notForClinicalUse: boolean;
    provenance: 'synthetic' | 'trained';
    date: string;
    codeVersion: string;
    endpoint: string;
    /** The parameter file's text (its int/float literals kept: LoG image names depend on them) or a parsed object. */
    extractionParams: Record<string, unknown> | string;
    source?: string;
  };
}

export const DEFAULT_OPTIONS: Omit<TrainingOptions, 'card' | 'sequences'> = {
  trainCohort: 'train',
  seed: 20240601,
  iccThreshold: 0.75,
  rankingC: 0.01,
  maxRanked: 100,
  correlationLimit: 0.7,
  rfeC: 1.0,
  maxFeaturesPerSequence: 4,
  cvFolds: 5,
  grid: { maxDepth: [2, 3], featuresPerTree: ['sqrt', 'all'] },
  nEstimators: 950,
  cvEstimators: 150,
  maxSamples: 0.95,
  thresholdMethod: 'youden',
  bootstrapResamples: 2000,
};

export interface CohortReport {
  cohort: string;
  patients: number;
  events: number;
  auc: number;
  aucCI95: [number, number];
  roc: RocPoint[];
  delong?: DeLongResult & { against: string };
  hosmerLemeshow?: HosmerLemeshowResult;
  /** Why Hosmer–Lemeshow was not computed (fewer than 20 patients, or a decile predicted 0 or 1 throughout). */
  hosmerLemeshowUnavailable?: string;
  decisionCurve: DecisionCurvePoint[];
  riskGroups: { low: { patients: number; events: number }; high: { patients: number; events: number } };
  survival?: { logRank: LogRankResult; low: KaplanMeierStep[]; high: KaplanMeierStep[] };
}

export interface TrainingReport {
  options: Omit<TrainingOptions, 'card'>;
  featuresIn: number;
  droppedNonFinite: string[];
  droppedByIcc: { name: string; icc: number }[];
  sequences: Record<string, { candidates: number; ranked: string[]; decorrelated: string[]; cvAucByK: number[]; k: number; selected: string[] }>;
  droppedAcrossSequences: string[];
  selected: string[];
  grid: { maxDepth: number; featuresPerTree: number; cvAuc: number }[];
  chosen: { maxDepth: number; featuresPerTree: number };
  thresholds: { youden: number; logrank?: { threshold: number; p: number } };
  cohorts: CohortReport[];
  probabilities: { id: string; cohort: string; label: number; probability: number }[];
}

/** Stratified folds: each class shuffled by the seed and dealt round-robin. Returns the fold of each row. */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, random: Random): number[] {
  const fold = new Array<number>(labels.length);
  for (const cls of [0, 1]) {
    const members = random.shuffle(Array.from({ length: labels.length }, (_, i) => i).filter((i) => labels[i] === cls));
    if (members.length < folds) throw new Error(`${folds}-fold cross-validation needs at least ${folds} patients of class ${cls}, got ${members.length}`);
    members.forEach((i, k) => (fold[i] = k % folds));
  }
  return fold;
}

function pick<T>(items: T[], rows: number[]): T[] {
  return rows.map((i) => items[i]);
}

function sequenceOf(name: string, sequences: string[]): string | undefined {
  return sequences.find((s) => name.endsWith(`_${s}`));
}

function forestProbabilities(forest: MlRandomForestModel['forest'], x: ArrayLike<number>[]): number[] {
  const model: MlRandomForestModel = { kind: 'ml-random-forest', classes: [0, 1], positiveClass: 1, forest };
  return x.map((row) => mlForestPredictProba(model, row)[1]);
}

function svmDecision(x: ArrayLike<number>[], labels: number[], columns: number[], test: ArrayLike<number>[], c: number): number[] {
  const fit = l2SquaredHingeSvm(
    x.map((row) => Float64Array.from(columns, (j) => row[j])),
    labels,
    c,
  );
  return test.map((row) => columns.reduce((s, j, q) => s + fit.coef[q] * row[j], fit.intercept));
}

/** K for one sequence: mean cross-validated AUC of the L2 SVM on each RFE support of size 1..maxK (smallest K wins ties). */
function chooseK(z: Float64Array[], labels: number[], candidates: number[], options: TrainingOptions, folds: number[]): number[] {
  const maxK = Math.min(options.maxFeaturesPerSequence, candidates.length);
  const sums = new Array<number>(maxK).fill(0);
  for (let f = 0; f < options.cvFolds; f++) {
    const fit = folds.map((g, i) => (g === f ? -1 : i)).filter((i) => i >= 0);
    const held = folds.map((g, i) => (g === f ? i : -1)).filter((i) => i >= 0);
    const path = rfePath(pick(z, fit), pick(labels, fit), candidates, 1, options.rfeC);
    for (let k = 1; k <= maxK; k++) {
      const support = path[path.length - k];
      sums[k - 1] += rocAuc(pick(labels, held), svmDecision(pick(z, fit), pick(labels, fit), support, pick(z, held), options.rfeC));
    }
  }
  return sums.map((s) => s / options.cvFolds);
}

function cohortReport(
  cohort: string,
  rows: number[],
  table: TrainingTable,
  probabilities: number[],
  threshold: number,
  options: TrainingOptions,
): CohortReport {
  const y = pick(table.labels, rows);
  const p = pick(probabilities, rows);
  const events = y.reduce((a, b) => a + b, 0);
  const high = rows.filter((i) => probabilities[i] >= threshold);
  const low = rows.filter((i) => probabilities[i] < threshold);
  const count = (group: number[]) => ({ patients: group.length, events: group.reduce((s, i) => s + table.labels[i], 0) });
  const report: CohortReport = {
    cohort,
    patients: rows.length,
    events,
    auc: rocAuc(y, p),
    aucCI95: bootstrapAucCi(y, p, options.bootstrapResamples, options.seed),
    roc: rocCurve(y, p),
    decisionCurve: decisionCurve(y, p, Array.from({ length: 19 }, (_, k) => (k + 1) / 20)),
    riskGroups: { low: count(low), high: count(high) },
  };
  if (rows.length < 20) report.hosmerLemeshowUnavailable = `${rows.length} patients (needs 20)`;
  else {
    try {
      report.hosmerLemeshow = hosmerLemeshow(y, p);
    } catch (error) {
      report.hosmerLemeshowUnavailable = (error as Error).message;
    }
  }
  if (table.compareScore) {
    report.delong = { ...delongTest(y, p, pick(table.compareScore.values, rows)), against: table.compareScore.name };
  }
  if (table.time && table.event && high.length > 0 && low.length > 0) {
    const survival = (group: number[]) => ({ time: pick(table.time as number[], group), event: pick(table.event as number[], group) });
    report.survival = { logRank: logRank(survival(high), survival(low)), high: kaplanMeier(survival(high)), low: kaplanMeier(survival(low)) };
  }
  return report;
}

const QUANTILE_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95];

function quantilesByClass(values: number[], labels: number[]): Record<string, number[]> {
  return Object.fromEntries(
    [0, 1].map((cls) => {
      const members = values.filter((_, i) => labels[i] === cls);
      return [String(cls), QUANTILE_LEVELS.map((q) => quantile(members, q))];
    }),
  );
}

/** The study's pipeline from a feature table to a model card and its report. Deterministic for a given seed. */
export function train(table: TrainingTable, options: TrainingOptions): { card: ModelCard; report: TrainingReport } {
  const random = new Random(options.seed);
  const trainRows = table.cohorts.map((c, i) => (c === options.trainCohort ? i : -1)).filter((i) => i >= 0);
  if (trainRows.length === 0) throw new Error(`no patient belongs to the training cohort '${options.trainCohort}'`);
  const labels = pick(table.labels, trainRows);

  // features: of a known sequence, finite for every patient, repeatable (ICC) when a repeat segmentation is given
  const droppedNonFinite: string[] = [];
  const droppedByIcc: { name: string; icc: number }[] = [];
  let usable = table.featureNames.map((_, j) => j).filter((j) => sequenceOf(table.featureNames[j], options.sequences) !== undefined);
  usable = usable.filter((j) => {
    const ok = table.values.every((row) => Number.isFinite(row[j])) && std(pick(table.values, trainRows).map((row) => row[j])) > 0;
    if (!ok) droppedNonFinite.push(table.featureNames[j]);
    return ok;
  });
  if (table.repeat) {
    const repeat = table.repeat;
    const paired = trainRows.filter((i) => repeat.has(table.ids[i]));
    if (paired.length < 2) throw new Error('the repeat-segmentation table shares fewer than 2 training patients with the feature table');
    usable = usable.filter((j) => {
      const icc = icc21(paired.map((i) => [table.values[i][j], (repeat.get(table.ids[i]) as Float64Array)[j]]));
      if (!(icc > options.iccThreshold)) droppedByIcc.push({ name: table.featureNames[j], icc });
      return icc > options.iccThreshold;
    });
  }

  // z-scores with the training cohort's mean and population std (StandardScaler)
  const normalisation = usable.map((j) => {
    const v = trainRows.map((i) => table.values[i][j]);
    return { mean: mean(v), std: std(v) };
  });
  const z = table.values.map((row) => Float64Array.from(usable, (j, q) => (row[j] - normalisation[q].mean) / normalisation[q].std));
  const zTrain = pick(z, trainRows);
  const folds = stratifiedFolds(labels, options.cvFolds, random);

  const sequences: TrainingReport['sequences'] = {};
  const perSequenceSelected: number[] = [];
  for (const sequence of options.sequences) {
    const columns = usable.map((_, q) => q).filter((q) => sequenceOf(table.featureNames[usable[q]], options.sequences) === sequence);
    if (columns.length === 0) throw new Error(`no usable feature of sequence ${sequence} (names must end with _${sequence})`);
    const local = zTrain.map((row) => Float64Array.from(columns, (q) => row[q]));
    const ranking = rankByL1Svm(local, labels, options.rankingC, options.maxRanked);
    const kept = decorrelate(local, ranking.ranked, options.correlationLimit);
    const cvAucByK = chooseK(local, labels, kept, options, folds);
    const k = cvAucByK.indexOf(Math.max(...cvAucByK)) + 1;
    const path = rfePath(local, labels, kept, k, options.rfeC);
    const selected = path[path.length - 1].map((c) => columns[c]);
    const nameOf = (c: number) => table.featureNames[usable[columns[c]]];
    sequences[sequence] = {
      candidates: columns.length,
      ranked: ranking.ranked.map(nameOf),
      decorrelated: kept.map(nameOf),
      cvAucByK,
      k,
      selected: path[path.length - 1].map(nameOf),
    };
    perSequenceSelected.push(...selected);
  }
  const finalColumns = decorrelate(zTrain, perSequenceSelected, options.correlationLimit);
  const droppedAcrossSequences = perSequenceSelected.filter((q) => !finalColumns.includes(q)).map((q) => table.featureNames[usable[q]]);
  const xAll = z.map((row) => finalColumns.map((q) => row[q]));
  const xTrain = pick(xAll, trainRows);

  // forest hyperparameters by cross-validated AUC
  const p = finalColumns.length;
  const grid: TrainingReport['grid'] = [];
  const seen = new Set<string>();
  for (const maxDepth of options.grid.maxDepth) {
    for (const size of options.grid.featuresPerTree) {
      const featuresPerTree = size === 'all' ? p : Math.max(1, Math.ceil(Math.sqrt(p)));
      if (seen.has(`${maxDepth}/${featuresPerTree}`)) continue;
      seen.add(`${maxDepth}/${featuresPerTree}`);
      const cvProbabilities = new Array<number>(trainRows.length);
      for (let f = 0; f < options.cvFolds; f++) {
        const fit = folds.map((g, i) => (g === f ? -1 : i)).filter((i) => i >= 0);
        const held = folds.map((g, i) => (g === f ? i : -1)).filter((i) => i >= 0);
        const forest = trainForest(pick(xTrain, fit), pick(labels, fit), { nEstimators: options.cvEstimators, maxDepth, maxSamples: options.maxSamples, featuresPerTree, seed: random.int32() });
        forestProbabilities(forest, pick(xTrain, held)).forEach((v, q) => (cvProbabilities[held[q]] = v));
      }
      grid.push({ maxDepth, featuresPerTree, cvAuc: rocAuc(labels, cvProbabilities) });
    }
  }
  const best = grid.reduce((a, b) => (b.cvAuc > a.cvAuc ? b : a));
  const chosen = { maxDepth: best.maxDepth, featuresPerTree: best.featuresPerTree };
  const forest = trainForest(xTrain, labels, { nEstimators: options.nEstimators, ...chosen, maxSamples: options.maxSamples, seed: random.int32() });
  const probabilities = forestProbabilities(forest, xAll);
  const trainProbabilities = pick(probabilities, trainRows);

  const youden = youdenThreshold(labels, trainProbabilities).threshold;
  const thresholds: TrainingReport['thresholds'] = { youden };
  if (table.time && table.event) {
    thresholds.logrank = mostSignificantLogRankCut({ time: pick(table.time, trainRows), event: pick(table.event, trainRows) }, trainProbabilities);
  }
  if (options.thresholdMethod === 'logrank' && !thresholds.logrank) throw new Error('--threshold logrank needs time and event columns');
  const threshold = options.thresholdMethod === 'logrank' ? (thresholds.logrank as { threshold: number }).threshold : youden;

  const cohortNames = [options.trainCohort, ...[...new Set(table.cohorts)].filter((c) => c !== options.trainCohort).sort()];
  const cohorts = cohortNames.map((name) =>
    cohortReport(name, table.cohorts.map((c, i) => (c === name ? i : -1)).filter((i) => i >= 0), table, probabilities, threshold, options),
  );
  const trainReport = cohorts[0];
  const { card: meta } = options;
  const qualifier = meta.provenance === 'synthetic' ? ' (synthetic model, not for clinical use)' : '';
  const eventRate = (g: { patients: number; events: number }) => (g.patients > 0 ? { eventRate: g.events / g.patients } : {});
  const features: CardFeature[] = finalColumns.map((q) => {
    const j = usable[q];
    const name = table.featureNames[j];
    return {
      name,
      sequence: sequenceOf(name, options.sequences) as string,
      mean: normalisation[q].mean,
      std: normalisation[q].std,
      distribution: { quantileLevels: QUANTILE_LEVELS, byClass: quantilesByClass(Array.from(column(pick(table.values, trainRows), j)), labels) },
    };
  });
  const alternatives = [
    ...(options.thresholdMethod !== 'youden' ? [{ value: youden, method: 'youden' as const, description: 'Youden index on the training cohort' }] : []),
    ...(thresholds.logrank && options.thresholdMethod !== 'logrank'
      ? [{ value: thresholds.logrank.threshold, method: 'logrank' as const, description: `most significant log-rank split on the training cohort (p = ${thresholds.logrank.p.toExponential(3)})` }]
      : []),
  ];
  const card: ModelCard = {
    cardFormat: 'prnn-model-card/1',
    name: meta.name,
    version: meta.version,
    ...(meta.description ? { description: meta.description } : {}),
    intendedUse: meta.intendedUse,
    notForClinicalUse: meta.notForClinicalUse,
    provenance: {
      kind: meta.provenance,
      date: meta.date,
      codeVersion: meta.codeVersion,
      cohorts: cohorts.map((c) => ({ name: c.cohort, ...(c.cohort === options.trainCohort ? { role: 'training' as const } : {}), patients: c.patients, events: c.events })),
      seed: options.seed,
      ...(meta.source ? { source: meta.source } : {}),
    },
    extraction: { params: meta.extractionParams, sequences: options.sequences },
    features,
    model: {
      kind: 'ml-random-forest',
      classes: [0, 1],
      positiveClass: 1,
      hyperparameters: { nEstimators: options.nEstimators, maxDepth: chosen.maxDepth, featuresPerTree: chosen.featuresPerTree, maxSamples: options.maxSamples, bootstrap: 'balanced', splitCriterion: 'gini' },
      forest,
    },
    threshold: {
      value: threshold,
      method: options.thresholdMethod,
      description: options.thresholdMethod === 'youden' ? 'Youden index on the training cohort' : 'most significant log-rank split on the training cohort',
      ...(alternatives.length > 0 ? { alternatives } : {}),
    },
    riskGroups: {
      low: { label: `Low risk${qualifier}`, ...eventRate(trainReport.riskGroups.low), endpoint: meta.endpoint },
      high: { label: `High risk${qualifier}`, ...eventRate(trainReport.riskGroups.high), endpoint: meta.endpoint },
    },
    performance: cohorts.map((c) => ({ cohort: c.cohort, patients: c.patients, auc: c.auc, aucCI95: c.aucCI95, source: 'prnn train' })),
  };
  const { card: _card, ...reportOptions } = options;
  return {
    card,
    report: {
      options: reportOptions,
      featuresIn: table.featureNames.length,
      droppedNonFinite,
      droppedByIcc,
      sequences,
      droppedAcrossSequences,
      selected: features.map((f) => f.name),
      grid,
      chosen,
      thresholds,
      cohorts,
      probabilities: table.ids.map((id, i) => ({ id, cohort: table.cohorts[i], label: table.labels[i], probability: probabilities[i] })),
    },
  };
}
