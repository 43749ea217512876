/**
 * `prnn extract` as reviewers run it (node cli/bin/prnn.cjs), compared with PyRadiomics 3.0.1
 * (test/reference/cli/extract.json from scripts/reference/cli_extract_reference.py), and each error path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../cli/src/training/csv';
import { FEATURE_CLASSES } from '../../extension/src/radiomics/features';
import { readImage, writeNifti } from '../../extension/src/radiomics/image/io';
import { REPO_ROOT, fixturePath } from '../support/fixtures';

const reference = JSON.parse(readFileSync(join(REPO_ROOT, 'test/reference/cli/extract.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const PARAM = join(REPO_ROOT, 'test/reference/cli/firstorder_bw10.yaml');
const data = (name: string) => fixturePath('pyradiomics', 'data', name);

function prnn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'cli/bin/prnn.cjs'), 'extract', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function relative(expected: number, actual: number): number {
  const difference = Math.abs(expected - actual);
  return difference <= 1e-9 ? 0 : difference / Math.max(Math.abs(expected), Math.abs(actual));
}

/** Every reference value we produce matches within 1e-6 (hashes exactly); returns the keys compared. */
function compareWithReference(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const failures: string[] = [];
  const compared: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (!(key in actual)) continue;
    compared.push(key);
    const ours = actual[key];
    const e = Array.isArray(value) ? value : [value];
    const a = Array.isArray(ours) ? ours : [ours];
    const ok =
      e.length === a.length &&
      e.every((v, n) => (typeof v === 'number' ? typeof a[n] === 'number' && relative(v, a[n] as number) <= 1e-6 : v === a[n]));
    if (!ok) failures.push(`${key}: PyRadiomics ${JSON.stringify(value)}, prnn ${JSON.stringify(ours)}`);
  }
  expect(failures).toEqual([]);
  return compared;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'prnn-extract-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('prnn extract matches PyRadiomics 3.0.1', () => {
  it('breast1 with default settings, JSON on stdout, keys in PyRadiomics order', () => {
    const run = prnn(data('breast1_image.nrrd'), data('breast1_label.nrrd'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const ours = JSON.parse(run.stdout) as Record<string, unknown>;
    const expected = reference.breast1_default;
    const compared = compareWithReference(expected, ours);
    // Every diagnostic and every feature of the classes this build has is produced...
    const available = (key: string) => !key.startsWith('original_') || FEATURE_CLASSES.has(key.split('_')[1]);
    expect(Object.keys(expected).filter((k) => available(k) && !(k in ours))).toEqual([]);
    expect(compared.length).toBeGreaterThanOrEqual(15 + 14 + 18);
    // ...nothing else but our version and configuration entries, and in PyRadiomics' order.
    expect(Object.keys(ours).filter((k) => !(k in expected) && !/^diagnostics_(Versions|Configuration)_/.test(k))).toEqual([]);
    expect(Object.keys(ours).filter((k) => k in expected)).toEqual(compared);
  });

  it('brain1 with a parameter file (resegmentation, selected features), CSV to a file', () => {
    const out = join(work, 'brain1.csv');
    const run = prnn(data('brain1_image.nrrd'), data('brain1_label.nrrd'), '--param', PARAM, '--format', 'csv', '--out', out);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    const table = parseCsv(readFileSync(out, 'utf8'), out);
    expect(table.header.slice(0, 2)).toEqual(['Image', 'Mask']);
    expect(table.rows).toHaveLength(1);
    const row = Object.fromEntries(table.header.map((name, n) => [name, table.rows[0][n]]));
    const expected = reference.brain1_firstorder_bw10;
    for (const [key, value] of Object.entries(expected)) {
      expect(key in row).toBe(true);
      if (typeof value === 'number') expect(relative(value, Number(row[key]))).toBeLessThanOrEqual(1e-6);
      else if (Array.isArray(value)) expect(row[key]).toBe(`(${value.join(', ')})`);
      else expect(row[key]).toBe(String(value));
    }
    expect(table.header.filter((k) => k.startsWith('original_'))).toEqual([
      'original_firstorder_Mean', 'original_firstorder_Entropy', 'original_firstorder_Uniformity',
      'original_firstorder_StandardDeviation', 'original_firstorder_90Percentile',
    ]);
  });

  it('batch: one row per case, errors in the row, progress on stderr', () => {
    const batch = join(work, 'cases.csv');
    writeFileSync(
      batch,
      `Image,Mask,Label,Patient\n${data('brain1_image.nrrd')},${data('brain1_label.nrrd')},1,P1\n` +
        `${data('breast1_image.nrrd')},missing_label.nrrd,,P2\n${data('breast1_image.nrrd')},${data('breast1_label.nrrd')},7,P3\n`,
    );
    const out = join(work, 'results.csv');
    const run = prnn('--batch', batch, '--param', PARAM, '--out', out);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/case 1\/3 .*done/);
    expect(run.stderr).toMatch(/case 2\/3 .*FAILED: mask file not found: .*missing_label\.nrrd/);
    expect(run.stderr).toMatch(/case 3\/3 .*FAILED: Label \(7\) not present in mask/);
    expect(run.stderr).toMatch(/1 of 3 cases extracted, 2 failed/);
    const table = parseCsv(readFileSync(out, 'utf8'), out);
    expect(table.header.slice(0, 5)).toEqual(['Image', 'Mask', 'Label', 'Patient', 'Error']);
    expect(table.rows.map((r) => r[3])).toEqual(['P1', 'P2', 'P3']);
    expect(table.rows[0][4]).toBe('');
    expect(table.rows[1][4]).toMatch(/mask file not found/);
    expect(table.rows[2][4]).toMatch(/Label \(7\) not present in mask/);
    const mean = table.header.indexOf('original_firstorder_Mean');
    expect(relative(reference.brain1_firstorder_bw10.original_firstorder_Mean as number, Number(table.rows[0][mean]))).toBeLessThanOrEqual(1e-6);
    expect(table.rows[1][mean]).toBe('');
  });
});

describe('2D input, against PyRadiomics 3.0.1 (test/reference/pipeline/single_slice.json)', () => {
  const singleSlice = JSON.parse(readFileSync(join(REPO_ROOT, 'test/reference/pipeline/single_slice.json'), 'utf8')) as {
    cases: Record<string, { params: object | null; features: Record<string, unknown>; classesOf2DInput: string[] }>;
  };
  const sliceImage = join(REPO_ROOT, 'test/reference/pipeline/brain1_slice_image.nrrd');
  const sliceMask = join(REPO_ROOT, 'test/reference/pipeline/brain1_slice_label.nrrd');

  it.each(Object.keys(singleSlice.cases))('a 3D image with one slice, %s parameters: the same features as PyRadiomics', (name) => {
    const { params, features } = singleSlice.cases[name];
    const param = join(work, `slice-${name}.json`);
    if (params !== null) writeFileSync(param, JSON.stringify(params));
    const run = prnn(sliceImage, sliceMask, ...(params === null ? [] : ['--param', param]));
    expect(run.status).toBe(0);
    const ours = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(ours).filter((k) => !k.startsWith('diagnostics_')).sort()).toEqual(Object.keys(features).sort());
    compareWithReference(features, ours);
  });

  it('a 2D NRRD or NIfTI is refused with the reason (PyRadiomics extracts it in 2D, which the engine does not reproduce)', () => {
    // PyRadiomics' 2D extraction differs from the one-slice one: no 3D shape, other classes (recorded by the script).
    expect(singleSlice.cases.default.classesOf2DInput).not.toContain('shape');
    const nrrd = join(work, 'flat.nrrd');
    writeFileSync(nrrd, Buffer.concat([Buffer.from('NRRD0004\ntype: short\ndimension: 2\nsizes: 2 2\nencoding: raw\n\n'), Buffer.alloc(8)]));
    const nifti = join(work, 'flat.nii');
    const bytes = writeNifti(readImage(readFileSync(sliceMask), sliceMask));
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setInt16(40, 2, true);
    writeFileSync(nifti, bytes);
    for (const file of [nrrd, nifti]) {
      const run = prnn(file, sliceMask);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/a 2D image \(\d+x\d+\) is not supported: PyRadiomics 3\.0\.1 extracts 2D input in 2D/);
    }
  });
});

describe('prnn extract on DICOM (series folder + RTSTRUCT)', () => {
  const series = fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1', 'image');
  const rtstruct = fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1', 'mask', 'RS.dcm');

  it('reads the series as SimpleITK does and extracts the ROI chosen by name', () => {
    const run = prnn(series, rtstruct, '--roi', 'GTV_Mass_MR_T1', '--param', PARAM);
    expect(run.status).toBe(0);
    const ours = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(compareWithReference(reference.sts025_dicom_image, ours)).toHaveLength(7);
    expect(ours['diagnostics_Mask-original_VoxelNum']).toBeGreaterThan(100);
    expect(typeof ours.original_firstorder_Mean).toBe('number');
  });

  it('names the ROIs when --roi matches none', () => {
    const run = prnn(series, rtstruct, '--roi', 'Parotid');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^prnn extract: no ROI "Parotid" in the RTSTRUCT; it holds 1 "GTV_Mass_MR_T1"\n$/);
  });
});

describe('prnn extract refuses bad input with a one-line message and a non-zero exit', () => {
  function expectFailure(run: ReturnType<typeof prnn>, message: RegExp, status = 1): void {
    expect(run.status).toBe(status);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(message);
  }

  it('missing file', () => {
    expectFailure(prnn(join(work, 'nope.nrrd'), data('breast1_label.nrrd')), /^prnn extract: image not found: .*nope\.nrrd$/);
  });

  it('unreadable format', () => {
    expectFailure(prnn(PARAM, data('breast1_label.nrrd')), /^prnn extract: .*firstorder_bw10\.yaml: unreadable format/);
  });

  it('empty mask', () => {
    const label = readImage(readFileSync(data('breast1_label.nrrd')));
    const empty = join(work, 'empty.nii.gz');
    writeFileSync(empty, writeNifti({ ...label, data: new Int16Array(label.data.length) }, { gzip: true }));
    expectFailure(prnn(data('breast1_image.nrrd'), empty), /No labels found in this mask/);
  });

  it('absent label', () => {
    expectFailure(prnn(data('breast1_image.nrrd'), data('breast1_label.nrrd'), '--label', '3'), /Label \(3\) not present in mask\. Choose from \[1\]/);
  });

  it('image/mask geometry mismatch beyond tolerance', () => {
    const label = readImage(readFileSync(data('breast1_label.nrrd')));
    const shifted = join(work, 'shifted.nii');
    writeFileSync(shifted, writeNifti({ ...label, origin: [label.origin[0] + 2, label.origin[1], label.origin[2]] }));
    expectFailure(prnn(data('breast1_image.nrrd'), shifted), /Image\/Mask geometry mismatch/);
    const thinner = join(work, 'thinner.nii');
    const [nx, ny, nz] = label.size;
    writeFileSync(thinner, writeNifti({ ...label, size: [nx, ny, nz - 1], data: label.data.slice(0, nx * ny * (nz - 1)) }));
    // NIfTI stores geometry in float32: a tolerance above that rounding isolates the size check.
    const tolerant = join(work, 'tolerant.yaml');
    writeFileSync(tolerant, 'setting:\n  geometryTolerance: 0.0001\n');
    expectFailure(prnn(data('breast1_image.nrrd'), thinner, '--param', tolerant), /Image\/Mask size mismatch/);
  });

  it('ROI too small', () => {
    const param = join(work, 'small.yaml');
    writeFileSync(param, 'setting:\n  minimumROISize: 100000\n');
    expectFailure(prnn(data('breast1_image.nrrd'), data('breast1_label.nrrd'), '--param', param), /Size of the ROI is too small/);
  });

  it('invalid parameter file names the key', () => {
    const param = join(work, 'typo.yaml');
    writeFileSync(param, 'setting:\n  binwidth: 25\n');
    expectFailure(prnn(data('breast1_image.nrrd'), data('breast1_label.nrrd'), '--param', param), /typo\.yaml: setting\.binwidth: unknown setting/);
  });

  it('an image type PyRadiomics has and this engine does not (LBP) is refused by name', () => {
    const param = join(work, 'lbp.yaml');
    writeFileSync(param, 'imageType:\n  LBP2D: {}\n');
    expectFailure(prnn(data('breast1_image.nrrd'), data('breast1_label.nrrd'), '--param', param), /imageType\.LBP2D: image type LBP2D is not supported/);
  });

  it('usage errors exit with 2', () => {
    expectFailure(prnn(data('breast1_image.nrrd')), /expected <image> <mask>, got 1 argument/, 2);
    expectFailure(prnn(data('breast1_image.nrrd'), data('breast1_label.nrrd'), '--format', 'xml'), /--format must be json or csv/, 2);
    expectFailure(prnn('--bogus'), /Unknown option '--bogus'/, 2);
  });
});

describe('a filter PyRadiomics skips is reported on stderr and the extraction goes on', () => {
  it('LoG with a sigma too large for the image', () => {
    const param = join(work, 'log.yaml');
    writeFileSync(param, 'imageType:\n  LoG: {sigma: [50.0]}\n  Original: {}\nfeatureClass:\n  firstorder: [Mean]\n');
    const run = prnn(data('breast1_image.nrrd'), data('breast1_label.nrrd'), '--param', param);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^prnn: warning: .*sigma/);
    const ours = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(ours).filter((k) => !k.startsWith('diagnostics_'))).toEqual(['original_firstorder_Mean']);
  });
});
