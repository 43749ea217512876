import { join } from 'node:path';
import { REPO_ROOT, fixturePath } from '../support/fixtures';
import { loadDicomSeries, readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { seriesToVolume } from '../../extension/src/dicom/series';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import { type ReferenceImage, loadReference, maxGeometryDifference, sha256Of } from './support';

/** A small synthetic axial slice (4 columns x 3 rows) as a naturalized data set. */
function slice(z: number, overrides: DicomDataset = {}): DicomDataset {
  const pixels = new Uint16Array(12).map((_, p) => p + 10 * z);
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
    SOPInstanceUID: `1.2.3.${z}`,
    Modality: 'MR',
    SeriesInstanceUID: '1.2.3',
    FrameOfReferenceUID: '1.2.9',
    Rows: 3,
    Columns: 4,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    ImagePositionPatient: [-10, -20, z * 2.5],
    PixelSpacing: [0.8, 0.5],
    PixelData: [pixels.buffer],
    ...overrides,
  };
}

describe('series -> volume: geometry and refusals', () => {
  test('slices given in any order are sorted along the normal; origin, spacing, layout as SimpleITK', () => {
    const volume = seriesToVolume([slice(2), slice(0), slice(1)]).volume;
    expect(volume.size).toEqual([4, 3, 3]);
    expect(volume.spacing).toEqual([0.5, 0.8, 2.5]);
    expect(volume.origin).toEqual([-10, -20, 0]);
    expect(volume.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(volume.data.slice(12, 16))).toEqual([10, 11, 12, 13]);
  });

  test('feet-first order along a flipped normal: the slice axis follows row x column', () => {
    // Rows along -x: normal = (-1,0,0) x (0,1,0) = (0,0,-1); slices sort by decreasing z.
    const flipped = [0, 1, 2].map((z) => slice(z, { ImageOrientationPatient: [-1, 0, 0, 0, 1, 0] }));
    const volume = seriesToVolume(flipped).volume;
    expect(volume.origin).toEqual([-10, -20, 5]);
    expect(volume.direction).toEqual([-1, 0, 0, 0, 1, 0, 0, 0, -1]);
  });

  test.each([
    ['mixed orientations', [slice(0), slice(1), slice(2, { ImageOrientationPatient: [1, 0, 0, 0, 0, -1] })], /mixed orientations/],
    ['duplicate positions', [slice(0), slice(1), slice(1, { SOPInstanceUID: 'x' })], /duplicate slice position \(-10, -20, 2\.5\)/],
    ['a missing slice', [slice(0), slice(1), slice(3), slice(4)], /missing slice\(s\): a gap of 5\.000 mm/],
    ['irregular spacing', [slice(0), slice(1), slice(2, { ImagePositionPatient: [-10, -20, 5.3] })], /irregular slice spacing/],
    ['mixed sizes', [slice(0), slice(1, { Rows: 2, PixelData: [new Uint16Array(8).buffer] })], /mixed image sizes/],
    ['mixed pixel spacing', [slice(0), slice(1, { PixelSpacing: [0.8, 0.6] })], /mixed pixel spacings/],
    ['a sheared stack', [slice(0), slice(1, { ImagePositionPatient: [-9, -20, 2.5] }), slice(2, { ImagePositionPatient: [-8, -20, 5] })], /shifted 1\.0+ mm within its plane/],
    ['two series', [slice(0), slice(1, { SeriesInstanceUID: '9.9' })], /belong to 2 series/],
    ['two frames of reference', [slice(0), slice(1, { FrameOfReferenceUID: '9.9' })], /mixes frames of reference/],
    ['colour images', [slice(0, { SamplesPerPixel: 3 })], /SamplesPerPixel is 3/],
    ['a non-orthogonal orientation', [slice(0, { ImageOrientationPatient: [1, 0, 0, 0.5, 0.866, 0] })], /not two orthogonal unit vectors/],
  ])('refuses %s with a clear message', (_name, instances, message) => {
    expect(() => seriesToVolume(instances as DicomDataset[])).toThrow(message as RegExp);
  });

  test('signed pixels with fewer bits stored are sign-extended from their high bit', () => {
    // 12 bits stored: 0x0FFF is -1, 0x0800 is -2048, and bits above the high bit are ignored.
    const pixels = new Uint16Array([0x0fff, 0x0800, 0x07ff, 0xf001, 0, 0, 0, 0, 0, 0, 0, 0]);
    const volume = seriesToVolume([slice(0, { BitsStored: 12, HighBit: 11, PixelRepresentation: 1, PixelData: [pixels.buffer] })]).volume;
    expect(volume.pixelType).toBe('int16');
    expect(Array.from(volume.data.slice(0, 4))).toEqual([-1, -2048, 2047, 1]);
  });
});

describe('RescaleSlope / RescaleIntercept and MONOCHROME1: pixel type and values as SimpleITK reads them', () => {
  const reference = loadReference<{ file: string; cases: (ReferenceImage & { slope: string; intercept: string; photometric: string })[] }>('rescale.json');
  let original: DicomDataset;
  beforeAll(async () => {
    original = await readDicomFile(fixturePath('mr_multiseq_sts001', 'STS_001', ...reference.file.split('/')));
  });

  test.each(reference.cases.map((c) => [c.slope, c.intercept, c.photometric, c.pixelType, c] as const))('slope %s, intercept %s, %s -> %s', (slope, intercept, photometric, _type, expected) => {
    const volume = seriesToVolume([{ ...original, RescaleSlope: slope, RescaleIntercept: intercept, PhotometricInterpretation: photometric }]).volume;
    expect(volume.pixelType).toBe(expected.pixelType);
    expect(sha256Of(volume.data, volume.pixelType)).toBe(expected.sha256);
    expect(volume.spacing).toEqual(expected.spacing);
  });
});

describe('enhanced (multi-frame) MR', () => {
  test('STS_025 repacked as one Enhanced MR instance, frames shuffled, gives the SimpleITK series volume', async () => {
    const reference = loadReference<{ series: ReferenceImage }>('sts025.json').series;
    const slices = await readDicomImages(fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1', 'image'));
    const order = slices.map((_, k) => (k * 7) % slices.length);
    const frameBytes = order.map((k) => new Uint8Array((slices[k].PixelData as ArrayBuffer[])[0]));
    const pixelData = new Uint8Array(frameBytes.reduce((n, b) => n + b.byteLength, 0));
    frameBytes.reduce((offset, bytes) => (pixelData.set(bytes, offset), offset + bytes.byteLength), 0);
    const first = slices[0];
    const enhanced: DicomDataset = {
      ...first,
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.4.1',
      NumberOfFrames: slices.length,
      ImagePositionPatient: undefined,
      ImageOrientationPatient: undefined,
      PixelSpacing: undefined,
      SharedFunctionalGroupsSequence: [
        {
          PlaneOrientationSequence: [{ ImageOrientationPatient: first.ImageOrientationPatient }],
          PixelMeasuresSequence: [{ PixelSpacing: first.PixelSpacing, SliceThickness: first.SliceThickness }],
          PixelValueTransformationSequence: [{ RescaleSlope: 1, RescaleIntercept: 0, RescaleType: 'US' }],
        },
      ],
      PerFrameFunctionalGroupsSequence: order.map((k) => ({ PlanePositionSequence: [{ ImagePositionPatient: slices[k].ImagePositionPatient }] })),
      PixelData: [pixelData.buffer],
    };
    const { volume, slices: sources } = seriesToVolume([enhanced]);
    expect(sha256Of(volume.data, volume.pixelType)).toBe(reference.sha256);
    expect(volume.pixelType).toBe(reference.pixelType);
    const difference = maxGeometryDifference(volume, reference);
    expect(Math.max(difference.spacing, difference.origin, difference.direction)).toBeLessThan(1e-9);
    expect(sources[0].frameNumber).toBe(order.indexOf(0) + 1);
  });

  test('a multi-frame instance whose frames stack twice at each position (two echoes) is refused', () => {
    const twoEchoes: DicomDataset = {
      ...slice(0),
      NumberOfFrames: 2,
      SharedFunctionalGroupsSequence: [{ PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }], PixelMeasuresSequence: [{ PixelSpacing: [1, 1] }] }],
      PerFrameFunctionalGroupsSequence: [0, 1].map(() => ({ PlanePositionSequence: [{ ImagePositionPatient: [0, 0, 0] }] })),
      PixelData: [new Uint16Array(24).buffer],
    };
    expect(() => seriesToVolume([twoEchoes])).toThrow(/duplicate slice position .* several images per location/);
  });
});

test('the STS_025 folder read from disk: slice sources are recorded in order', async () => {
  const dir = fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1', 'image');
  const volume = seriesToVolume(await readDicomImages(dir));
  expect(volume.slices).toHaveLength(25);
  expect(new Set(volume.slices.map((s) => s.sopInstanceUID)).size).toBe(25);
});

test('JPEG Lossless (synthetic signed oblique series encoded by dcmcjpeg) decodes to what SimpleITK reads', async () => {
  const reference = loadReference<{ series: ReferenceImage }>('jpeg_lossless.json').series;
  const { volume } = await loadDicomSeries(join(REPO_ROOT, 'test', 'reference', 'dicom', 'jpeg_lossless'));
  expect(volume.pixelType).toBe(reference.pixelType);
  expect(sha256Of(volume.data, volume.pixelType)).toBe(reference.sha256);
  const difference = maxGeometryDifference(volume, reference);
  expect(Math.max(difference.spacing, difference.origin, difference.direction)).toBeLessThan(1e-6);
});
