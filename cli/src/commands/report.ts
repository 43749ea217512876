import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifySeries, seriesInfoOf } from '../../../extension/src/dicom/classify';
import type { DicomDataset } from '../../../extension/src/dicom/dataset';
import { readDicomFile, readDicomImages } from '../../../extension/src/dicom/node/load';
import { roiToMask } from '../../../extension/src/dicom/masks';
import { roiKindOf } from '../../../extension/src/dicom/roi';
import { seriesToVolume } from '../../../extension/src/dicom/series';
import { buildPrnnSr, roiReferenceOf, sourceSeriesOf, toPart10, type SequenceMeasurements, type SignatureResult } from '../../../extension/src/dicom/sr';
import { readerMask } from '../../../extension/src/compare';
import { extract } from '../../../extension/src/radiomics/extractor';
import type { Volume } from '../../../extension/src/radiomics/image/volume';
import { defaultParams, loadParams } from '../../../extension/src/radiomics/params';
import { validateCard } from '../../../extension/src/signature/modelCard';
import { predict } from '../../../extension/src/signature/predict';
import type { Sequence } from '../../../extension/src/panels/model';
import { roiChoiceOf, runCommand, UsageError, type OptionValues } from '../commandLine';
import { readStudyFolder, studySequences } from '../studyFolder';

export const summary = 'extract, predict and write the result as a DICOM SR (TID 1500) for the PACS';

const USAGE = `usage: prnn report <study-dir> --out result-sr.dcm [--roi NAME|N] [--card card.json] [--param file.yaml] [--observer 'Family^Given']
       prnn report <series-dir> <roi-file> [<series-dir> <roi-file> ...] --out result-sr.dcm
                   [--roi NAME|N] [--sequences T1,T2,T1C] [--card card.json] [--param file.yaml] [--observer 'Family^Given']

  <study-dir>  a folder holding a whole study (T1, T2, CE-T1 series and their SEG / RTSTRUCT, in any layout): the
               series and ROIs are matched as the viewer's panel matches them; with --card, the card's sequences
  <series-dir> <roi-file>  one pair per MR sequence: a DICOM series folder and the RTSTRUCT or SEG drawn on it
  --roi        the ROI (name or number) to use; default: the study folder's automatic choice, or the only ROI of each file
  --sequences  the sequence of each pair, in order (T1, T2, T1C); default: recognised from the series headers
  --card       model card: predict and store probability, risk group and the card's name, version and SHA-256
  --param      PyRadiomics parameter file (default: the card's extraction settings, else PyRadiomics' defaults)
  --observer   the person reported as observer (DICOM person name)
  --out        the SR file to write (DICOM Part 10)
`;

const OPTIONS = {
  out: { type: 'string' },
  roi: { type: 'string' },
  sequences: { type: 'string' },
  card: { type: 'string' },
  param: { type: 'string' },
  observer: { type: 'string' },
} as const;

const SEQUENCE_OF_CLASS: Record<string, string> = { T1: 'T1', T2: 'T2', 'CE-T1': 'T1C' };

/** One sequence ready to extract: its series, the ROI's object and number, and the mask on the series' grid. */
interface ReportSequence {
  sequence: string;
  instances: DicomDataset[];
  image: Volume;
  roiDataset: DicomDataset;
  roiNumber: number;
  mask: Volume;
  from: string;
}

function softwareVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

export function run(argv: string[]): Promise<number> {
  return runCommand('report', USAGE, OPTIONS, argv, async (values, positionals) => {
    const studyMode = positionals.length === 1 && existsSync(positionals[0]) && statSync(positionals[0]).isDirectory();
    if (!studyMode && (positionals.length === 0 || positionals.length % 2 !== 0)) {
      throw new UsageError(`expected a <study-dir>, or <series-dir> <roi-file> pairs, got ${positionals.length} argument(s)`);
    }
    if (!values.out) throw new UsageError('--out is required');
    if (studyMode && values.sequences !== undefined) throw new UsageError('--sequences is for <series-dir> <roi-file> pairs; a study folder is matched by the series headers');
    await report(positionals, values, studyMode);
    return 0;
  });
}

async function report(positionals: string[], options: OptionValues, studyMode: boolean): Promise<void> {
  const text = (name: string) => options[name] as string | undefined;
  const cardBytes = text('card') === undefined ? undefined : readRequired(text('card')!, 'model card');
  const card = cardBytes === undefined ? undefined : validateCard(JSON.parse(cardBytes.toString('utf8')));
  // A card's params are an object: its numbers are Python floats (LoG sigma 1 names 'log-sigma-1-0-mm-3D'), as the
  // viewer reads them; a parameter file keeps the int/float distinction of its literals.
  const paramsSource = text('param') !== undefined ? readRequired(text('param')!, 'parameter file').toString('utf8') : card?.extraction.params;
  const params = paramsSource === undefined ? defaultParams() : loadParams(paramsSource);

  const sequences = studyMode ? await fromStudyFolder(positionals[0], card?.extraction.sequences as Sequence[] | undefined, text('roi')) : await fromPairs(positionals, text('roi'), text('sequences'));

  const measurements: SequenceMeasurements[] = [];
  const cardInputs: Record<string, number> = {};
  for (const s of sequences) {
    const features = extract(s.image, s.mask, params, { onWarning: (m) => process.stderr.write(`prnn: warning: ${s.sequence}: ${m}\n`) });
    for (const [key, value] of Object.entries(features)) if (typeof value === 'number') cardInputs[`${key}_${s.sequence}`] = value;
    measurements.push({ sequence: s.sequence, series: sourceSeriesOf(s.instances), roi: roiReferenceOf(s.roiDataset, s.roiNumber), features });
    process.stderr.write(`prnn: ${s.sequence} (${s.from}): ${Object.keys(features).filter((k) => !k.startsWith('diagnostics_')).length} features\n`);
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
    studyInstance: sequences[0].instances[0],
    measurements,
    signature,
    observerName: text('observer'),
    softwareVersion: softwareVersion(),
    extractionSettings: paramsSource === undefined ? '# PyRadiomics defaults\n' : typeof paramsSource === 'string' ? paramsSource : JSON.stringify(paramsSource, null, 1),
  });
  writeFileSync(text('out')!, toPart10(sr));
  process.stderr.write(`prnn: wrote ${text('out')}\n`);
}

/** A whole study in one folder: series and ROIs matched as the viewer does; an ROI drawn on another series is mapped. */
async function fromStudyFolder(dir: string, wanted: Sequence[] | undefined, roi: string | undefined): Promise<ReportSequence[]> {
  const { displaySets, skipped } = await readStudyFolder(dir);
  if (skipped > 0) process.stderr.write(`prnn: ${skipped} file(s) in ${dir} are not DICOM Part 10 files and were left out\n`);
  return studySequences(displaySets, wanted, roi).map((s) => {
    const reader = { label: `ROI '${s.roi.label}' (${s.roi.modality})`, roiDataset: s.roiDataset, number: s.roi.number, drawnOn: s.drawnOn };
    const description = (instances: DicomDataset[]) => `"${instances[0].SeriesDescription ?? ''}"`;
    process.stderr.write(`prnn: ${s.sequence}: series ${description(s.instances)}, ${s.roi.modality} ${description([s.roiDataset])} ${s.roi.label}\n`);
    return {
      sequence: s.sequence,
      instances: s.instances,
      image: s.series.volume,
      roiDataset: s.roiDataset,
      roiNumber: s.roi.number,
      mask: readerMask(reader, s.series),
      from: `${dir}: ${description(s.instances)}`,
    };
  });
}

async function fromPairs(positionals: string[], roi: string | undefined, givenSequences: string | undefined): Promise<ReportSequence[]> {
  const pairs = [];
  for (let p = 0; p < positionals.length; p += 2) {
    const [seriesDir, roiFile] = [positionals[p], positionals[p + 1]];
    if (!existsSync(roiFile)) throw new Error(`ROI file (RTSTRUCT or SEG) not found: ${roiFile}`);
    const instances = await readDicomImages(seriesDir);
    const roiDataset = await readDicomFile(roiFile);
    roiKindOf(roiDataset);
    pairs.push({ seriesDir, instances, roiDataset });
  }
  const names = sequenceNames(pairs.map((p) => p.instances[0]), givenSequences);
  const choice = roiChoiceOf(roi);
  return pairs.map((pair, n) => {
    const series = seriesToVolume(pair.instances);
    return {
      sequence: names[n],
      instances: pair.instances,
      image: series.volume,
      roiDataset: pair.roiDataset,
      roiNumber: roiReferenceOf(pair.roiDataset, choice).number,
      mask: roiToMask(pair.roiDataset, series, choice),
      from: pair.seriesDir,
    };
  });
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
