import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { extract, type ExtractionResult, type ExtractionValue } from '../../../extension/src/radiomics/extractor';
import { readImage, writeNifti } from '../../../extension/src/radiomics/image/io';
import type { Volume } from '../../../extension/src/radiomics/image/volume';
import { defaultParams, loadParams } from '../../../extension/src/radiomics/params';
import type { Params } from '../../../extension/src/radiomics/settings';
import { extractVoxelMaps } from '../../../extension/src/radiomics/voxel/extractVoxelMaps';
import { formatCsv, parseCsv } from '../training/csv';
import { roiChoiceOf, runCommand, UsageError, type OptionValues } from '../commandLine';

export const summary = 'PyRadiomics-compatible features of an image and mask (NRRD, NIfTI or DICOM), or of a batch CSV';

const USAGE = `usage: prnn extract <image> <mask> [--param file.yaml] [--label N] [--roi NAME|N] [--format json|csv] [--out file]
       prnn extract --batch cases.csv [--param file.yaml] [--label N] [--out results.csv]
       prnn extract <image> <mask> --mode voxel --out-dir maps/ [--param file.yaml] [--label N] [--roi NAME|N] [--features K,...]

  <image>, <mask>  NRRD (.nrrd, raw or gzip) or NIfTI (.nii, .nii.gz); or a DICOM series folder as <image> and an
                   RTSTRUCT or SEG file as <mask> (choose the ROI with --roi, by name or number)
  --param          PyRadiomics parameter file (YAML or JSON); default: PyRadiomics' defaults
  --label          label value of the ROI in the mask (overrides the parameter file's setting.label)
  --format         json (default): one object of feature name -> value, NaN as null; csv: a header and one row
  --batch          CSV with PyRadiomics' batch columns Image, Mask and optional Label (paths relative to the CSV);
                   writes one row per case (its input columns, Error, then the features); progress on stderr
  --out            write to this file instead of stdout
  --mode           segment (default) or voxel: PyRadiomics' voxel-based extraction (voxelSetting: kernelRadius,
                   maskedKernel, initValue), one map per first-order or texture feature
  --out-dir        voxel mode: folder for the maps, one <imageType>_<class>_<Feature>.nii.gz each (float64 NIfTI on
                   the ROI's bounding box padded by kernelRadius, as PyRadiomics returns them)
  --features       voxel mode: only these maps (comma-separated keys, e.g. original_glcm_Contrast)
`;

function readVolume(path: string, what: string): Volume {
  if (!existsSync(path)) throw new Error(`${what} file not found: ${path}`);
  return readImage(new Uint8Array(readFileSync(path)), path);
}

async function loadInputs(imagePath: string, maskPath: string, roi: string | undefined): Promise<{ image: Volume; mask: Volume }> {
  if (!existsSync(imagePath)) throw new Error(`image not found: ${imagePath}`);
  if (statSync(imagePath).isDirectory()) {
    if (!existsSync(maskPath)) throw new Error(`mask (RTSTRUCT or SEG) not found: ${maskPath}`);
    // Loaded only for DICOM input, so that NRRD/NIfTI extraction never pulls in the DICOM stack.
    const { loadDicomImageAndMask } = require('../../../extension/src/dicom/node/load') as typeof import('../../../extension/src/dicom/node/load');
    return loadDicomImageAndMask(imagePath, maskPath, { roi: roiChoiceOf(roi) });
  }
  if (roi !== undefined) throw new UsageError('--roi applies to DICOM input only (an RTSTRUCT or SEG mask)');
  return { image: readVolume(imagePath, 'image'), mask: readVolume(maskPath, 'mask') };
}

function readParams(path: string | undefined): Params {
  if (path === undefined) return defaultParams();
  if (!existsSync(path)) throw new Error(`parameter file not found: ${path}`);
  try {
    return loadParams(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseLabel(text: string | undefined, where: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) throw new UsageError(`${where}: label must be a positive integer, got '${text}'`);
  return Number(text);
}

/** JSON of a result: NaN and infinities (which JSON cannot hold) become null, as the issue asks. */
function toJson(result: ExtractionResult): string {
  return `${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}

/** A cell as PyRadiomics' CSV writer shows it: numbers plainly, NaN as nan, sequences as tuples, mappings as JSON. */
function csvCell(value: ExtractionValue | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? 'nan' : String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `(${value.map((v) => csvCell(v)).join(', ')})`;
  return JSON.stringify(value);
}

function output(text: string, out: string | undefined): void {
  if (out === undefined) process.stdout.write(text);
  else writeFileSync(out, text);
}

function warningPrinter(prefix: string): (message: string) => void {
  return (message) => process.stderr.write(`prnn: warning: ${prefix}${message}\n`);
}

async function runVoxel(imagePath: string, maskPath: string, values: OptionValues): Promise<number> {
  const outDir = values['out-dir'] as string | undefined;
  if (outDir === undefined) throw new UsageError('--mode voxel needs --out-dir');
  if (values.format !== undefined || values.out !== undefined) throw new UsageError('--mode voxel writes maps to --out-dir; --format and --out are for segment mode');
  const params = readParams(values.param as string | undefined);
  const label = parseLabel(values.label as string | undefined, '--label');
  const features = (values.features as string | undefined)?.split(',').map((key) => key.trim()).filter((key) => key !== '');
  const { image, mask } = await loadInputs(imagePath, maskPath, values.roi as string | undefined);
  let reported = -1;
  const maps = extractVoxelMaps(image, mask, params, {
    label,
    features,
    onWarning: warningPrinter(''),
    onProgress: (done, total) => {
      const percent = Math.floor((100 * done) / Math.max(total, 1));
      if (percent >= reported + 10) process.stderr.write(`prnn: voxel maps ${(reported = percent)}%\n`);
    },
  });
  mkdirSync(outDir, { recursive: true });
  for (const [key, map] of Object.entries(maps)) writeFileSync(join(outDir, `${key}.nii.gz`), writeNifti(map, { gzip: true }));
  process.stderr.write(`prnn: wrote ${Object.keys(maps).length} maps to ${outDir}\n`);
  return 0;
}

async function runSingle(imagePath: string, maskPath: string, values: OptionValues): Promise<number> {
  const format = (values.format as string | undefined) ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got '${format}'`);
  const params = readParams(values.param as string | undefined);
  const label = parseLabel(values.label as string | undefined, '--label');
  const { image, mask } = await loadInputs(imagePath, maskPath, values.roi as string | undefined);
  const result = extract(image, mask, params, { label, onWarning: warningPrinter('') });
  if (format === 'json') {
    output(toJson(result), values.out as string | undefined);
  } else {
    const header = ['Image', 'Mask', ...Object.keys(result)];
    output(formatCsv(header, [[imagePath, maskPath, ...Object.values(result).map(csvCell)]]), values.out as string | undefined);
  }
  return 0;
}

interface BatchCase {
  columns: Record<string, string>;
  image: string;
  mask: string;
  label?: number;
}

function readBatch(path: string): { inputColumns: string[]; cases: BatchCase[] } {
  if (!existsSync(path)) throw new Error(`batch file not found: ${path}`);
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  for (const column of ['Image', 'Mask']) {
    if (!table.header.includes(column)) throw new Error(`${path}: required column "${column}" is missing (PyRadiomics batch columns: Image, Mask, optional Label)`);
  }
  const base = dirname(resolve(path));
  const cases = table.rows.map((row, n) => {
    const columns = Object.fromEntries(table.header.map((name, i) => [name, row[i]]));
    const locate = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
    return {
      columns,
      image: locate(columns.Image),
      mask: locate(columns.Mask),
      label: parseLabel(columns.Label, `${path} line ${n + 2} Label`),
    };
  });
  return { inputColumns: table.header, cases };
}

async function runBatch(batchPath: string, values: OptionValues): Promise<number> {
  if (values.format !== undefined && values.format !== 'csv') throw new UsageError('--batch writes CSV; --format json is for a single case');
  if (values.roi !== undefined) throw new UsageError('--roi applies to a single DICOM case, not to --batch');
  const params = readParams(values.param as string | undefined);
  const defaultLabel = parseLabel(values.label as string | undefined, '--label');
  const { inputColumns, cases } = readBatch(batchPath);
  const results: (ExtractionResult | null)[] = [];
  const errors: string[] = [];
  let failed = 0;
  for (const [n, c] of cases.entries()) {
    const started = Date.now();
    const name = `case ${n + 1}/${cases.length} (${c.columns.Image})`;
    try {
      const { image, mask } = await loadInputs(c.image, c.mask, undefined);
      results.push(extract(image, mask, params, { label: c.label ?? defaultLabel, onWarning: warningPrinter(`${name}: `) }));
      errors.push('');
      process.stderr.write(`prnn: ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push(null);
      errors.push(message);
      failed++;
      process.stderr.write(`prnn: ${name}: FAILED: ${message}\n`);
    }
  }
  const featureColumns: string[] = [];
  const seen = new Set(inputColumns);
  seen.add('Error');
  for (const result of results) {
    for (const key of Object.keys(result ?? {})) {
      if (!seen.has(key)) {
        seen.add(key);
        featureColumns.push(key);
      }
    }
  }
  const header = [...inputColumns, 'Error', ...featureColumns];
  const rows = cases.map((c, n) => [
    ...inputColumns.map((column) => c.columns[column]),
    errors[n],
    ...featureColumns.map((key) => csvCell(results[n]?.[key])),
  ]);
  output(formatCsv(header, rows), values.out as string | undefined);
  process.stderr.write(`prnn: ${cases.length - failed} of ${cases.length} cases extracted${failed ? `, ${failed} failed (see the Error column)` : ''}\n`);
  return failed === cases.length ? 1 : 0;
}

export function run(argv: string[]): Promise<number> {
  const options = {
    param: { type: 'string' },
    label: { type: 'string' },
    roi: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    batch: { type: 'string' },
    mode: { type: 'string' },
    'out-dir': { type: 'string' },
    features: { type: 'string' },
  } as const;
  return runCommand('extract', USAGE, options, argv, async (values, positionals) => {
    if (values.batch !== undefined) {
      if (values.mode !== undefined) throw new UsageError('--batch is segment-based; --mode voxel takes one <image> <mask>');
      if (positionals.length > 0) throw new UsageError('--batch takes no <image> <mask> arguments');
      return runBatch(values.batch as string, values);
    }
    if (positionals.length !== 2) throw new UsageError(`expected <image> <mask>, got ${positionals.length} argument(s)`);
    const mode = values.mode ?? 'segment';
    if (mode !== 'segment' && mode !== 'voxel') throw new UsageError(`--mode must be segment or voxel, got '${mode}'`);
    if (mode === 'segment' && (values['out-dir'] !== undefined || values.features !== undefined)) throw new UsageError('--out-dir and --features are for --mode voxel');
    return (mode === 'voxel' ? runVoxel : runSingle)(positionals[0], positionals[1], values);
  });
}
