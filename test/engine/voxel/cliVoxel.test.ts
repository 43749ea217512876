import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImage, writeNifti } from '../../../extension/src/radiomics/image/io';
import { REPO_ROOT } from '../../support/fixtures';
import { referenceImage, referenceMask, voxelReference as reference } from './reference';

function prnn(...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'cli/bin/prnn.cjs'), 'extract', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('prnn extract --mode voxel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prnn-voxel-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const testCase = reference.cases.find((c) => c.id === 'r1_masked');
  if (!testCase) throw new Error('reference case r1_masked missing');
  writeFileSync(join(dir, 'image.nii.gz'), writeNifti(referenceImage, { gzip: true }));
  writeFileSync(join(dir, 'mask.nii.gz'), writeNifti(referenceMask, { gzip: true }));
  writeFileSync(join(dir, 'params.json'), JSON.stringify(testCase.params));

  it('writes one float64 NIfTI per map, named like PyRadiomics keys, equal to PyRadiomics voxel mode', () => {
    const keys = ['original_glcm_Contrast', 'original_firstorder_Entropy', 'original_glszm_ZoneEntropy'];
    const out = join(dir, 'maps');
    const result = prnn(join(dir, 'image.nii.gz'), join(dir, 'mask.nii.gz'), '--param', join(dir, 'params.json'), '--mode', 'voxel', '--out-dir', out, '--features', keys.join(','));
    expect(result.stderr).toMatch(/wrote 3 maps/);
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(keys.map((k) => `${k}.nii.gz`).sort());
    for (const key of keys) {
      const map = readImage(new Uint8Array(readFileSync(join(out, `${key}.nii.gz`))), key);
      const expected = testCase.maps[key];
      expect(map.pixelType).toBe('float64');
      expect(map.size).toEqual(expected.size);
      // NIfTI stores spacing and origin as float32 in its header fields.
      map.spacing.forEach((s, d) => expect(s).toBeCloseTo(expected.spacing[d], 5));
      map.origin.forEach((o, d) => expect(o).toBeCloseTo(expected.origin[d], 4));
      map.direction.forEach((c, d) => expect(c).toBeCloseTo(expected.direction[d], 6));
      const bytes = Buffer.from(expected.data as string, 'base64');
      const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      values.forEach((value, v) => expect(Math.abs(map.data[v] - value)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(value), 1e-12)));
    }
  });

  it('usage errors: voxel mode without --out-dir, --out-dir in segment mode, unknown mode', () => {
    const args = [join(dir, 'image.nii.gz'), join(dir, 'mask.nii.gz')];
    expect(prnn(...args, '--mode', 'voxel').stderr).toMatch(/needs --out-dir/);
    expect(prnn(...args, '--out-dir', dir).stderr).toMatch(/for --mode voxel/);
    const bad = prnn(...args, '--mode', 'pixel');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/segment or voxel/);
  });
});
