import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, fixturePath } from '../support/fixtures';
import { readNifti } from '../../extension/src/radiomics/image/io';
import { type ReferenceImage, type ReferenceMask, dice, expandRuns, loadReference, maxGeometryDifference } from './support';

const run = promisify(execFile);
const prnn = (args: string[]) => run(process.execPath, [join(REPO_ROOT, 'cli', 'bin', 'prnn.cjs'), ...args], { cwd: REPO_ROOT });

describe('npx prnn mask', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prnn-mask-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('STS_025: the NIfTI written has the series affine and the mask of the reference NIfTI', async () => {
    const caseDir = fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1');
    const out = join(dir, 'sts025.nii.gz');
    const { stderr } = await prnn(['mask', join(caseDir, 'image'), join(caseDir, 'mask', 'RS.dcm'), '--out', out]);
    expect(stderr).toMatch(/RTSTRUCT ROI written to .*: \d+ voxels/);
    const reference = loadReference<{ niftiMask: ReferenceMask; series: ReferenceImage }>('sts025.json');
    const mask = readNifti(new Uint8Array(readFileSync(out)));
    expect(mask.size).toEqual(reference.series.size);
    const difference = maxGeometryDifference(mask, reference.series);
    expect(Math.max(difference.spacing, difference.origin)).toBeLessThan(1e-4);
    expect(difference.direction).toBeLessThan(1e-6);
    expect(dice(mask.data, expandRuns(reference.niftiMask))).toBeGreaterThanOrEqual(0.98);
  });

  test('STS_001 T2 with the T1 ROI mapped through --roi-series keeps the oblique affine', async () => {
    const base = fixturePath('mr_multiseq_sts001', 'STS_001');
    const out = join(dir, 't1-on-t2.nii');
    await prnn(['mask', join(base, 'MR_T2', 'image'), join(base, 'MR_T1', 'mask', '1-1.dcm'), '--roi', 'GTV_Mass', '--roi-series', join(base, 'MR_T1', 'image'), '--out', out]);
    const reference = loadReference<{ series: Record<string, ReferenceImage>; mappedT1MassOnT2: ReferenceMask }>('sts001.json');
    const mask = readNifti(new Uint8Array(readFileSync(out)));
    const difference = maxGeometryDifference(mask, reference.series.T2);
    expect(Math.max(difference.spacing, difference.origin)).toBeLessThan(1e-4);
    expect(difference.direction).toBeLessThan(1e-6);
    expect(dice(mask.data, expandRuns(reference.mappedT1MassOnT2))).toBeGreaterThanOrEqual(0.999);
  });

  test('lists the ROIs; refuses an ambiguous choice with a one-line message and exit code 1', async () => {
    const base = fixturePath('mr_multiseq_sts001', 'STS_001', 'MR_T1');
    const { stdout } = await prnn(['mask', join(base, 'image'), join(base, 'mask', '1-1.dcm'), '--list']);
    expect(stdout).toBe('1\tGTV_Mass\n2\tGTV_Edema\n');
    await expect(prnn(['mask', join(base, 'image'), join(base, 'mask', '1-1.dcm'), '--out', join(dir, 'x.nii.gz')])).rejects.toMatchObject({
      code: 1,
      stderr: 'prnn: the RTSTRUCT holds 2 ROIs (1 "GTV_Mass", 2 "GTV_Edema"); choose one by name or number\n',
    });
  });
});
