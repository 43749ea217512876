import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { classifySeries, seriesInfoOf } from '../../../extension/src/dicom/classify';
import { readDicomFile, readDicomImages } from '../../../extension/src/dicom/node/load';
import { roiToMask } from '../../../extension/src/dicom/masks';
import { roiKindOf, type RoiChoice } from '../../../extension/src/dicom/roi';
import { seriesToVolume } from '../../../extension/src/dicom/series';
import { buildPrnnSr, roiReferenceOf, sourceSeriesOf, toPart10, type SequenceMeasurements, type SignatureResult } from '../../../extension/src/dicom/sr';
import { extract } from '../../../extension/src/radiomics/extractor';
import { defaultParams, loadParams } from '../../../extension/src/radiomics/params';
import { validateCard } from '../../../extension/src/signature/modelCard';
import { predict } from '../../../extension/src/signature/predict';

export const summary = 'extract, predict and write the result as a DICOM SR (TID 1500) for the PACS';

const USAGE = `usage: prnn report <series-dir> <roi-file> [<series-dir> <roi-file> ...] --out result-sr.dcm
                   [--roi NAME|N] [--sequences T1,T2,T1C] [--card card.json] [--param file.yaml] [--observer 'Family^Given']

  <series-dir> <roi-file>  one pair per MR sequence: a DICOM series folder and the RTSTRUCT or SEG drawn on it
  --roi        the ROI (name or number) in every ROI file; default: the only one
  --sequences  the sequence of each pair, in order (T1, T2, T1C); default: recognised from the series headers
  --card       model card: predict and store probability, risk group and the card's name, version and SHA-256
  --param      PyRadiomics parameter file (default: the card's extraction settings, else PyRadiomics' defaults)
  --observer   the person reported as observer (DICOM person name)
  --out        the SR file to write (DICOM Part 10)
`;

class UsageError extends Error {}

const SEQUENCE_OF_CLASS: Record<string, string> = { T1: 'T1', T2: 'T2', 'CE-T1': 'T1C' };

function softwareVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        roi: { type: 'string' },
        sequences: { type: 'string' },
        card: { type: 'string' },
        param: { type: 'string' },
        observer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`prnn report: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    if (positionals.length === 0 || positionals.length % 2 !== 0) throw new UsageError(`expected <series-dir> <roi-file> pairs, got ${positionals.length} argument(s)`);
    if (!values.out) throw new UsageError('--out is required');
    await report(positionals, values as Record<string, string | undefined>);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`prnn report: ${message.split('\n').join(' ')}\n${error instanceof UsageError ? USAGE : ''}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

async function report(positionals: string[], options: Record<string, string | undefined>): Promise<void> {
  const cardBytes = options.card === undefined ? undefined : readRequired(options.card, 'model card');
  const card = cardBytes === undefined ? undefined : validateCard(JSON.parse(cardBytes.toString('utf8')));
  const paramsText = options.param !== undefined ? readRequired(options.param, 'parameter file').toString('utf8') : card ? JSON.stringify(card.extraction.params, null, 1) : undefined;
  const params = paramsText === undefined ? defaultParams() : loadParams(paramsText);
  const choice: RoiChoice = options.roi === undefined ? undefined : /^\d+$/.test(options.roi) ? Number(options.roi) : options.roi;

  const pairs = [];
  for (let p = 0; p < positionals.length; p += 2) {
    const [seriesDir, roiFile] = [positionals[p], positionals[p + 1]];
    if (!existsSync(roiFile)) throw new Error(`ROI file (RTSTRUCT or SEG) not found: ${roiFile}`);
    const instances = await readDicomImages(seriesDir);
    const roiDataset = await readDicomFile(roiFile);
    roiKindOf(roiDataset);
    pairs.push({ seriesDir, instances, roiDataset });
  }
  const sequences = sequenceNames(pairs.map((p) => p.instances[0]), options.sequences);

  const measurements: SequenceMeasurements[] = [];
  const cardInputs: Record<string, number> = {};
  for (const [n, pair] of pairs.entries()) {
    const series = seriesToVolume(pair.instances);
    const mask = roiToMask(pair.roiDataset, series, choice);
    const features = extract(series.volume, mask, params, { onWarning: (m) => process.stderr.write(`prnn: warning: ${sequences[n]}: ${m}\n`) });
    for (const [key, value] of Object.entries(features)) if (typeof value === 'number') cardInputs[`${key}_${sequences[n]}`] = value;
    measurements.push({ sequence: sequences[n], series: sourceSeriesOf(pair.instances), roi: roiReferenceOf(pair.roiDataset, choice), features });
    process.stderr.write(`prnn: ${sequences[n]} (${pair.seriesDir}): ${Object.keys(features).filter((k) => !k.startsWith('diagnostics_')).length} features\n`);
  }

  let signature: SignatureResult | undefined;
  if (card && cardBytes) {
    const prediction = predict(card, cardInputs);
    signature = {
      card: { name: card.name, version: card.version, sha256: createHash('sha256').update(cardBytes).digest('hex'), notForClinicalUse: card.notForClinicalUse },
      probability: prediction.probability,
      riskGroup: prediction.riskGroup,
      riskGroupLabel: prediction.riskGroupLabel,
      threshold: prediction.threshold,
    };
    process.stderr.write(`prnn: ${card.name}: probability ${prediction.probability.toFixed(3)}, ${prediction.riskGroupLabel}${card.notForClinicalUse ? ' (NOT FOR CLINICAL USE)' : ''}\n`);
  }
  const sr = buildPrnnSr({
    studyInstance: pairs[0].instances[0],
    measurements,
    signature,
    observerName: options.observer,
    softwareVersion: softwareVersion(),
    extractionSettings: paramsText ?? '# PyRadiomics defaults\n',
  });
  writeFileSync(options.out!, toPart10(sr));
  process.stderr.write(`prnn: wrote ${options.out}\n`);
}

function readRequired(path: string, what: string): Buffer {
  if (!existsSync(path)) throw new Error(`${what} not found: ${path}`);
  return readFileSync(path);
}

/** The card's sequence name of each series: given by --sequences, or recognised from the headers (dicom/classify). */
function sequenceNames(firstInstances: Record<string, unknown>[], given: string | undefined): string[] {
  if (given !== undefined) {
    const names = given.split(',').map((s) => s.trim());
    if (names.length !== firstInstances.length) throw new UsageError(`--sequences names ${names.length} sequence(s) for ${firstInstances.length} series`);
    return names;
  }
  const infos = firstInstances.map((instance) => seriesInfoOf(instance));
  const matching = classifySeries(infos);
  return infos.map((info, n) => {
    const assigned = Object.entries(matching.assignments).find(([, uid]) => uid === info.seriesInstanceUID)?.[0];
    if (!assigned) throw new UsageError(`series ${n + 1} (${info.seriesDescription ?? info.seriesInstanceUID}) is not recognised as T1, T2 or CE-T1: give --sequences`);
    return SEQUENCE_OF_CLASS[assigned];
  });
}
