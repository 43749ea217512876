import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { validateCard } from '../../../extension/src/signature/modelCard';
import { predict } from '../../../extension/src/signature/predict';
import { parseCsv, parseNumber } from '../training/csv';

export const summary = 'apply a model card to feature values (JSON object or CSV rows) and print probability and risk group';

const USAGE = `usage: prnn predict --card card.json --features features.json|features.csv [--id-column id] [--json]

  --features   JSON: {"<feature name>": value, ...} (or a list of such objects);
               CSV: a header of feature names and one row per patient (e.g. from prnn extract --batch)
  --id-column  CSV column naming each row (default: id; rows are numbered when the column is absent)
  --json       print JSON instead of a table
`;

interface Case {
  id: string;
  features: Record<string, number>;
}

function readCases(path: string, idColumn: string): Case[] {
  const text = readFileSync(path, 'utf8');
  if (path.toLowerCase().endsWith('.json')) {
    const json: unknown = JSON.parse(text);
    const list = Array.isArray(json) ? json : [json];
    return list.map((entry, i) => {
      if (typeof entry !== 'object' || entry === null) throw new Error(`${path}: entry ${i} is not an object of feature values`);
      const record = entry as Record<string, unknown>;
      const id = typeof record[idColumn] === 'string' ? (record[idColumn] as string) : String(i + 1);
      const features = Object.fromEntries(Object.entries(record).filter(([, v]) => typeof v === 'number' || v === null).map(([k, v]) => [k, v === null ? NaN : (v as number)]));
      return { id, features };
    });
  }
  const table = parseCsv(text, path);
  const idIndex = table.header.indexOf(idColumn);
  return table.rows.map((row, i) => ({
    id: idIndex >= 0 ? row[idIndex] : String(i + 1),
    features: Object.fromEntries(table.header.map((name, j) => [name, parseNumber(row[j])])),
  }));
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { card: { type: 'string' }, features: { type: 'string' }, 'id-column': { type: 'string', default: 'id' }, json: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  if (values.help || !values.card || !values.features) {
    (values.help ? process.stdout : process.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  const card = validateCard(JSON.parse(readFileSync(values.card, 'utf8')));
  const cases = readCases(values.features, values['id-column'] as string);
  const results = cases.map((c) => {
    try {
      const p = predict(card, c.features);
      return { id: c.id, probability: p.probability, riskGroup: p.riskGroup, riskGroupLabel: p.riskGroupLabel };
    } catch (error) {
      return { id: c.id, error: (error as Error).message };
    }
  });
  const warning = card.notForClinicalUse ? `NOT FOR CLINICAL USE: model card '${card.name}' (${card.provenance.kind}) is not validated for clinical decisions.\n` : '';
  process.stderr.write(warning);
  if (values.json) {
    process.stdout.write(JSON.stringify({ card: card.name, version: card.version, notForClinicalUse: card.notForClinicalUse, threshold: card.threshold.value, results }, null, 2) + '\n');
  } else {
    process.stdout.write(`card ${card.name} ${card.version}, threshold ${card.threshold.value} (${card.threshold.method})\n`);
    for (const r of results) {
      process.stdout.write('error' in r ? `${r.id}\terror: ${r.error}\n` : `${r.id}\t${r.probability.toFixed(6)}\t${r.riskGroup}\t${r.riskGroupLabel}\n`);
    }
  }
  return results.some((r) => 'error' in r) ? 1 : 0;
}
