import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadParams } from '../../../extension/src/radiomics/params';
import { validateCard } from '../../../extension/src/signature/modelCard';
import { parseCsv, parseNumber, type Table } from '../training/csv';
import { DEFAULT_OPTIONS, train, type TrainingOptions, type TrainingTable } from '../training/pipeline';
import { renderReportHtml } from '../training/report';

export const summary = "train a signature with the study's pipeline on a feature table; writes a model card and a report";

const USAGE = `usage: prnn train --features table.csv --card card.json --report report [options]

The table (CSV from \`prnn extract --batch\` or PyRadiomics) has one row per patient, feature columns named
<PyRadiomics name>_<sequence>, and the columns below. Writes the card, <report>.json and <report>.html.

  --label COL            0/1 outcome column (default label)
  --cohort COL           cohort column (default cohort); --train-cohort NAME (default train) is the training cohort
  --id COL               patient id column (default id)
  --time COL --event COL follow-up time and event (1) / censored (0): log-rank threshold, Kaplan–Meier
  --compare COL          another score to test against by DeLong's test
  --repeat FILE          features of a repeat segmentation (same id column): keep features with ICC(2,1) > --icc (0.75)
  --sequences LIST       default T1,T2,T1C
  --max-k N              at most N features per sequence (default 4), K chosen by cross-validation
  --trees N              forest size (default 950); --cv-trees N in cross-validation (default 150)
  --folds N              cross-validation folds (default 5)
  --threshold youden|logrank   risk cut-off (default youden)
  --bootstrap N          bootstrap resamples for AUC CIs (default 2000)
  --seed N               everything random derives from it (default ${DEFAULT_OPTIONS.seed})
  --params FILE          PyRadiomics parameter file (YAML/JSON) the features were extracted with (its text is stored in
                         the card: the viewer extracts with it, so its feature names are the table's)
  --name NAME --version V --intended-use TEXT --endpoint TEXT --date YYYY-MM-DD --description TEXT
  --synthetic            the cohort is synthetic (provenance synthetic)
  --validated-for-clinical-use   clear notForClinicalUse (only for a clinically validated signature)
`;

const OPTION_SPEC = {
  features: { type: 'string' },
  card: { type: 'string' },
  report: { type: 'string' },
  label: { type: 'string', default: 'label' },
  cohort: { type: 'string', default: 'cohort' },
  'train-cohort': { type: 'string', default: DEFAULT_OPTIONS.trainCohort },
  id: { type: 'string', default: 'id' },
  time: { type: 'string' },
  event: { type: 'string' },
  compare: { type: 'string' },
  repeat: { type: 'string' },
  icc: { type: 'string', default: String(DEFAULT_OPTIONS.iccThreshold) },
  sequences: { type: 'string', default: 'T1,T2,T1C' },
  'max-k': { type: 'string', default: String(DEFAULT_OPTIONS.maxFeaturesPerSequence) },
  trees: { type: 'string', default: String(DEFAULT_OPTIONS.nEstimators) },
  'cv-trees': { type: 'string', default: String(DEFAULT_OPTIONS.cvEstimators) },
  folds: { type: 'string', default: String(DEFAULT_OPTIONS.cvFolds) },
  threshold: { type: 'string', default: DEFAULT_OPTIONS.thresholdMethod },
  bootstrap: { type: 'string', default: String(DEFAULT_OPTIONS.bootstrapResamples) },
  seed: { type: 'string', default: String(DEFAULT_OPTIONS.seed) },
  params: { type: 'string' },
  name: { type: 'string', default: 'PRNN radiomic signature' },
  version: { type: 'string', default: '1.0.0' },
  'intended-use': { type: 'string', default: 'Research: risk of post-radiation nasopharyngeal necrosis before re-irradiation of locally recurrent nasopharyngeal carcinoma.' },
  endpoint: { type: 'string', default: 'PRNN within 1 year' },
  date: { type: 'string' },
  description: { type: 'string' },
  synthetic: { type: 'boolean', default: false },
  'validated-for-clinical-use': { type: 'boolean', default: false },
  help: { type: 'boolean' },
} as const;

function integer(value: string | undefined, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got '${value}'`);
  return n;
}

function columnIndex(table: Table, name: string, source: string): number {
  const j = table.header.indexOf(name);
  if (j < 0) throw new Error(`${source} has no column '${name}' (columns: ${table.header.slice(0, 8).join(', ')}, ...)`);
  return j;
}

function numericColumn(table: Table, name: string, source: string, allowed?: number[]): number[] {
  const j = columnIndex(table, name, source);
  return table.rows.map((row, i) => {
    const v = parseNumber(row[j]);
    if (!Number.isFinite(v) || (allowed && !allowed.includes(v))) {
      throw new Error(`${source}: column '${name}' row ${i + 2} is '${row[j]}'${allowed ? `, expected one of ${allowed.join('/')}` : ''}`);
    }
    return v;
  });
}

export function readTrainingTable(path: string, columns: { id: string; label: string; cohort: string; time?: string; event?: string; compare?: string }, repeatPath?: string): TrainingTable {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const special = new Set(Object.values(columns).filter((c): c is string => c !== undefined));
  const featureColumns = table.header.map((name, j) => [name, j] as const).filter(([name]) => !special.has(name) && !name.startsWith('diagnostics_'));
  const idIndex = columnIndex(table, columns.id, path);
  const ids = table.rows.map((row) => row[idIndex]);
  if (new Set(ids).size !== ids.length) throw new Error(`${path}: column '${columns.id}' has duplicate patient ids`);
  const cohortIndex = columnIndex(table, columns.cohort, path);
  const result: TrainingTable = {
    ids,
    labels: numericColumn(table, columns.label, path, [0, 1]),
    cohorts: table.rows.map((row) => row[cohortIndex]),
    featureNames: featureColumns.map(([name]) => name),
    values: table.rows.map((row) => Float64Array.from(featureColumns, ([, j]) => parseNumber(row[j]))),
  };
  if (columns.time || columns.event) {
    if (!columns.time || !columns.event) throw new Error('give both --time and --event');
    result.time = numericColumn(table, columns.time, path);
    result.event = numericColumn(table, columns.event, path, [0, 1]);
  }
  if (columns.compare) result.compareScore = { name: columns.compare, values: numericColumn(table, columns.compare, path) };
  if (repeatPath) {
    const repeat = parseCsv(readFileSync(repeatPath, 'utf8'), repeatPath);
    const repeatId = columnIndex(repeat, columns.id, repeatPath);
    const positions = result.featureNames.map((name) => columnIndex(repeat, name, repeatPath));
    result.repeat = new Map(repeat.rows.map((row) => [row[repeatId], Float64Array.from(positions, (j) => parseNumber(row[j]))]));
  }
  return result;
}

/**
 * The parameter file as the card carries it: its text, so that the viewer reads it as PyRadiomics read it for the
 * cohort (an integer LoG sigma names 'log-sigma-1-mm-3D', a float one 'log-sigma-1-0-mm-3D'); parsed into an object,
 * JSON would turn every sigma into a float and the viewer's feature names would no longer be the cohort's.
 */
function extractionParamsOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  try {
    loadParams(text);
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTION_SPEC });
  if (values.help || !values.features || !values.card || !values.report) {
    (values.help ? process.stdout : process.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.threshold !== 'youden' && values.threshold !== 'logrank') throw new Error(`--threshold must be youden or logrank, got '${values.threshold}'`);
  const table = readTrainingTable(values.features, { id: values.id, label: values.label, cohort: values.cohort, time: values.time, event: values.event, compare: values.compare }, values.repeat);
  const extractionParams = values.params ? extractionParamsOf(values.params) : {};
  const synthetic = values.synthetic;
  const options: TrainingOptions = {
    ...DEFAULT_OPTIONS,
    trainCohort: values['train-cohort'],
    sequences: values.sequences.split(',').map((s) => s.trim()).filter(Boolean),
    seed: integer(values.seed, 'seed', 0),
    iccThreshold: Number(values.icc),
    maxFeaturesPerSequence: integer(values['max-k'], 'max-k', 1),
    nEstimators: integer(values.trees, 'trees', 1),
    cvEstimators: integer(values['cv-trees'], 'cv-trees', 1),
    cvFolds: integer(values.folds, 'folds', 2),
    thresholdMethod: values.threshold,
    bootstrapResamples: integer(values.bootstrap, 'bootstrap', 1),
    card: {
      name: values.name,
      version: values.version,
      description: values.description,
      intendedUse: values['intended-use'],
      notForClinicalUse: synthetic || !values['validated-for-clinical-use'],
      provenance: synthetic ? 'synthetic' : 'trained',
      date: values.date ?? new Date().toISOString().slice(0, 10),
      codeVersion: `prnn train ${(JSON.parse(readFileSync(`${__dirname}/../../package.json`, 'utf8')) as { version: string }).version}`,
      endpoint: values.endpoint,
      extractionParams,
      source: `prnn train on ${relative(process.cwd(), values.features)}`,
    },
  };
  const { card, report } = train(table, options);
  validateCard(JSON.parse(JSON.stringify(card)));
  for (const path of [values.card, values.report]) mkdirSync(dirname(path), { recursive: true });
  writeFileSync(values.card, JSON.stringify(card) + '\n');
  writeFileSync(`${values.report}.json`, JSON.stringify({ card: { name: card.name, version: card.version, notForClinicalUse: card.notForClinicalUse, provenance: card.provenance, threshold: card.threshold }, ...report }, null, 1) + '\n');
  writeFileSync(`${values.report}.html`, renderReportHtml(card, report));
  const lines = report.cohorts.map((c) => `  ${c.cohort}: n=${c.patients}, AUC ${c.auc.toFixed(3)} (${c.aucCI95[0].toFixed(3)}–${c.aucCI95[1].toFixed(3)})`);
  process.stdout.write(`signature: ${report.selected.join(', ')}\nthreshold ${card.threshold.value} (${card.threshold.method})\n${lines.join('\n')}\nwrote ${values.card}, ${values.report}.json, ${values.report}.html\n`);
  return 0;
}
