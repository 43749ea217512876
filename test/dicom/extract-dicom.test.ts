import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, fixturePath } from '../support/fixtures';

const run = promisify(execFile);
const extract = async (image: string, mask: string) => {
  const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'cli', 'bin', 'prnn.cjs'), 'extract', image, mask, '--format', 'json'], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
};

test('npx prnn extract: STS_025 as DICOM series + RTSTRUCT gives the same features as the NIfTI pair', async () => {
  const [fromDicom, fromNifti] = await Promise.all([
    extract(fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1', 'image'), fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1', 'mask', 'RS.dcm')),
    extract(fixturePath('mr_rtstruct_sts025', 'nifti', 'STS_025', 'MR_T1_image.nii.gz'), fixturePath('mr_rtstruct_sts025', 'nifti', 'STS_025', 'MR_T1_mask.nii.gz')),
  ]);
  const features = Object.keys(fromNifti).filter((name) => !name.startsWith('diagnostics_'));
  expect(features.length).toBeGreaterThan(100);
  expect(Object.keys(fromDicom).filter((name) => !name.startsWith('diagnostics_')).sort()).toEqual([...features].sort());
  const relativeDifference = (name: string) => {
    const a = fromDicom[name];
    const b = fromNifti[name];
    if (a === b) return 0;
    if (typeof a !== 'number' || typeof b !== 'number') return Infinity;
    return Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
  };
  // The NIfTI header holds the spacing as float32 (0.9765620232 for the DICOM's 0.976562; 3.2699599266 for
  // 3.26996), 2e-8 relative apart: features that scale with the voxel size (shape, TotalEnergy) move by < 1e-6.
  const dependsOnSpacing = (name: string) => name.includes('_shape_') || name.endsWith('_TotalEnergy');
  expect(features.filter((name) => !dependsOnSpacing(name) && relativeDifference(name) > 1e-12)).toEqual([]);
  expect(features.filter((name) => dependsOnSpacing(name) && relativeDifference(name) > 1e-6)).toEqual([]);
  expect(fromDicom['diagnostics_Mask-original_VoxelNum']).toBe(fromNifti['diagnostics_Mask-original_VoxelNum']);
});
