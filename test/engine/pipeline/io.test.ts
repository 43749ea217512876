import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readImage, readNifti, writeNifti } from '../../../extension/src/radiomics/image/io';
import { encodeVoxelsLittleEndian } from '../../../extension/src/radiomics/image/io/pixelData';
import type { Direction, Volume } from '../../../extension/src/radiomics/image/volume';
import { REPO_ROOT, fixturePath } from '../../support/fixtures';
import { readFixtureImage, readReference } from '../../support/reference';

interface SitkReference {
  size: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
  pixelType: string;
  sum: number;
  sha1: string;
  samples: [number, number][];
}
const reference = readReference<{
  files: Record<string, SitkReference>;
}>('io', 'sitk_geometry.json');

function expectClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, n) => expect(Math.abs(v - expected[n])).toBeLessThanOrEqual(tolerance));
}

describe('image readers agree with SimpleITK 2.5 on the shared fixtures', () => {
  it.each(Object.keys(reference.files))('%s', (relative) => {
    const expected = reference.files[relative];
    const volume = readFixtureImage(relative);
    expect(volume.size).toEqual(expected.size);
    expect(volume.pixelType).toBe(expected.pixelType);
    expectClose(volume.spacing, expected.spacing, 1e-12);
    expectClose(volume.origin, expected.origin, 1e-9);
    expectClose(volume.direction, expected.direction, 1e-12);
    for (const [index, value] of expected.samples) expect(volume.data[index]).toBe(value);
    let sum = 0;
    for (let n = 0; n < volume.data.length; n++) sum += volume.data[n];
    expect(Math.abs(sum - expected.sum)).toBeLessThanOrEqual(1e-9 * Math.abs(expected.sum));
    const sha1 = createHash('sha1').update(encodeVoxelsLittleEndian(volume.data, volume.pixelType)).digest('hex');
    expect(sha1).toBe(expected.sha1);
  });
});

describe('NIfTI sform/qform choice, scaling and byte order agree with SimpleITK (ITK NiftiImageIO)', () => {
  const cases = readReference<{
    cases: Record<string, { size: number[]; spacing: number[]; origin: number[]; direction: number[]; pixelType: string; voxels: number[] }>;
  }>('io', 'nifti_cases.json');
  it.each(Object.keys(cases.cases))('%s', (name) => {
    const expected = cases.cases[name];
    const volume = readNifti(readFileSync(join(REPO_ROOT, 'test/reference/io/nifti_cases', `${name}.nii.gz`)));
    expect(volume.size).toEqual(expected.size);
    expect(volume.pixelType).toBe(expected.pixelType === '32-bit float' ? 'float32' : 'int16');
    expectClose(volume.spacing, expected.spacing, 1e-12);
    expectClose(volume.origin, expected.origin, 1e-9);
    expectClose(volume.direction, expected.direction, 1e-12);
    expect(Array.from(volume.data)).toEqual(expected.voxels);
  });
});

describe('NIfTI writer', () => {
  const oblique = (): Volume => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    // Rotation about z, then the k axis flipped (a left-handed grid, qfac -1).
    const direction: Direction = [c, -s, 0, s, c, 0, 0, 0, -1];
    const data = new Int16Array(4 * 3 * 2).map((_, n) => n * 7 - 40);
    return { size: [4, 3, 2], spacing: [0.5, 0.75, 3], origin: [10.25, -20.5, 33], direction, data, pixelType: 'int16' };
  };

  it.each([false, true])('round-trips geometry and voxels (gzip %s)', (gzip) => {
    const volume = oblique();
    const back = readNifti(writeNifti(volume, { gzip }));
    expect(back.size).toEqual(volume.size);
    expect(back.pixelType).toBe('int16');
    expect(Array.from(back.data)).toEqual(Array.from(volume.data));
    // The header stores float32: geometry survives to single precision.
    expectClose(back.spacing, volume.spacing, 1e-6);
    expectClose(back.origin, volume.origin, 1e-5);
    expectClose(back.direction, volume.direction, 1e-6);
  });

  it('writes the header SimpleITK (ITK NiftiImageIO) writes for the same volume', () => {
    const ours = new DataView(writeNifti(oblique()).buffer);
    const sitkBytes = readFileSync(join(REPO_ROOT, 'test/reference/io/sitk_written_oblique.nii'));
    const sitk = new DataView(sitkBytes.buffer, sitkBytes.byteOffset, sitkBytes.byteLength);
    expect(ours.byteLength).toBe(sitk.byteLength);
    const int16s = (v: DataView, offset: number, n: number) => Array.from({ length: n }, (_, i) => v.getInt16(offset + 2 * i, true));
    const float32s = (v: DataView, offset: number, n: number) => Array.from({ length: n }, (_, i) => v.getFloat32(offset + 4 * i, true));
    expect(int16s(ours, 40, 8)).toEqual(int16s(sitk, 40, 8)); // dim
    expect(int16s(ours, 70, 2)).toEqual(int16s(sitk, 70, 2)); // datatype, bitpix
    expect(float32s(ours, 76, 11)).toEqual(float32s(sitk, 76, 11)); // pixdim (qfac first), vox_offset, scl_slope, scl_inter
    expect(ours.getUint8(123)).toBe(sitk.getUint8(123)); // xyzt_units
    expect(int16s(ours, 252, 2)).toEqual(int16s(sitk, 252, 2)); // qform_code, sform_code
    expect(float32s(ours, 256, 6)).toEqual(float32s(sitk, 256, 6)); // quaternion, qoffset
    // ITK orthogonalises the float direction before scaling it: srow agrees to float precision.
    expectClose(float32s(ours, 280, 12), float32s(sitk, 280, 12), 1e-6);
    expect(Buffer.from(ours.buffer, 344, 4)).toEqual(Buffer.from(sitk.buffer, sitk.byteOffset + 344, 4));
    expect(Buffer.from(ours.buffer, 352)).toEqual(sitkBytes.subarray(352));
  });

  it('round-trips every pixel type', () => {
    for (const pixelType of ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] as const) {
      const base = oblique();
      const data = pixelType === 'float32' ? new Float32Array([1.5, -2.25, 3]) : pixelType === 'float64' ? new Float64Array([1e-300, -2.5, 7]) : pixelType.startsWith('u') ? new Uint32Array([0, 200, 255]) : new Int32Array([-100, 0, 100]);
      const volume: Volume = { ...base, size: [3, 1, 1], pixelType, data: data as Volume['data'] };
      if (pixelType !== 'float32' && pixelType !== 'float64') {
        const typed = { int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array }[pixelType];
        volume.data = typed.from(data as ArrayLike<number>);
      }
      const back = readNifti(writeNifti(volume));
      expect(back.pixelType).toBe(pixelType);
      expect(Array.from(back.data)).toEqual(Array.from(volume.data));
    }
  });
});

describe('bad input is refused with a clear message', () => {
  it('rejects unknown formats, truncated and unsupported files', () => {
    expect(() => readImage(new Uint8Array([1, 2, 3, 4, 5]), 'x.bin')).toThrow(/x.bin: unreadable format/);
    const brain = readFileSync(fixturePath('pyradiomics', 'data', 'breast1_label.nrrd'));
    expect(() => readImage(brain.subarray(0, brain.length - 100), 'cut.nrrd')).toThrow(/cut.nrrd: NRRD: gzip data cannot be decompressed|truncated/);
    const header = Buffer.from('NRRD0004\ntype: int64\ndimension: 3\nsizes: 1 1 1\nencoding: raw\n\n');
    expect(() => readImage(header, 'big.nrrd')).toThrow(/pixel type 'int64' is not supported/);
    const detached = Buffer.from('NRRD0004\ntype: short\ndimension: 3\nsizes: 1 1 1\nencoding: raw\ndata file: a.raw\n\n');
    expect(() => readImage(detached, 'd.nhdr')).toThrow(/detached data files/);
    const raw = Buffer.concat([Buffer.from('NRRD0004\ntype: short\ndimension: 3\nsizes: 2 1 1\nencoding: raw\n\n'), Buffer.from([1, 0])]);
    expect(() => readImage(raw, 'short.nrrd')).toThrow(/2 bytes of voxel data, 4 expected/);
  });

  it('refuses NIfTI-2, which SimpleITK 2.5 cannot read either', () => {
    const header = new Uint8Array(544);
    new DataView(header.buffer).setInt32(0, 540, true);
    expect(() => readImage(header, 'two.nii')).toThrow(/two.nii: NIfTI: NIfTI-2 files are not supported/);
  });

  it('reads a big-endian raw NRRD in RAS space as LPS', () => {
    const text = 'NRRD0004\ntype: short\ndimension: 3\nspace: right-anterior-superior\nsizes: 2 1 1\n' +
      'space directions: (2,0,0) (0,3,0) (0,0,4)\nspace origin: (10,20,30)\nendian: big\nencoding: raw\n\n';
    const volume = readImage(Buffer.concat([Buffer.from(text), Buffer.from([0x01, 0x02, 0xff, 0xfe])]));
    expect(Array.from(volume.data)).toEqual([0x0102, -2]);
    expect(volume.spacing).toEqual([2, 3, 4]);
    expect(volume.origin).toEqual([-10, -20, 30]);
    expect(volume.direction.map((v) => v + 0)).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });
});
