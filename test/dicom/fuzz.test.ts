import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '../support/fixtures';
import { loadDicomSeries, readDicomFile, readDicomImages } from '../../extension/src/dicom/node/load';
import { type DicomDataset, DicomInputError } from '../../extension/src/dicom/dataset';
import { roiToMask } from '../../extension/src/dicom/masks';
import { type SeriesVolume, seriesToVolume } from '../../extension/src/dicom/series';

const sts025 = () => fixturePath('mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1');
const dcmqi = () => fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', '23x38x3');

/** A copy of a naturalized data set whose nested items and arrays can be changed freely (buffers are shared). */
function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Object]') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)])) as T;
  }
  return value;
}

/** Runs `action` and returns its error, failing the test when it returns normally or throws a non-DicomInputError. */
async function errorOf(action: () => unknown): Promise<DicomInputError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(DicomInputError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return error as DicomInputError;
  }
  throw new Error('expected an error, got a result');
}

describe('truncated files give an error, never a crash or a hang', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prnn-fuzz-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sources = {
    image: () => join(sts025(), 'image', readdirSync(join(sts025(), 'image')).sort()[0]),
    rtstruct: () => join(sts025(), 'mask', 'RS.dcm'),
    seg: () => join(dcmqi(), 'seg', 'label.seg'),
  };
  const fractions = [0, 0.001, 0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999];

  test.each((Object.keys(sources) as (keyof typeof sources)[]).flatMap((kind) => fractions.map((f) => [kind, f] as const)))('%s cut at %f of its length', async (kind, fraction) => {
    const bytes = readFileSync(sources[kind]());
    const cut = Math.max(0, Math.min(bytes.length - 1, Math.floor(bytes.length * fraction)));
    const file = join(dir, `${kind}-${fraction}.dcm`);
    writeFileSync(file, bytes.subarray(0, cut));
    const started = Date.now();
    await errorOf(async () => {
      const dataset = await readDicomFile(file);
      if (kind === 'image') return seriesToVolume([dataset]);
      const target = await loadDicomSeries(kind === 'seg' ? join(dcmqi(), 'image') : join(sts025(), 'image'));
      return roiToMask(dataset, target, undefined);
    });
    expect(Date.now() - started).toBeLessThan(15000);
  });

  test('a text file and an empty folder', async () => {
    const text = join(dir, 'notes.dcm');
    writeFileSync(text, 'not DICOM at all');
    expect((await errorOf(() => readDicomFile(text))).message).toMatch(/not a DICOM Part 10 file/);
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect((await errorOf(() => readDicomImages(empty))).message).toMatch(/holds no DICOM image files/);
    expect((await errorOf(() => readDicomImages(join(dir, 'absent')))).message).toMatch(/is not a directory/);
  });
});

describe('wrong tags in an image', () => {
  let original: DicomDataset;
  beforeAll(async () => {
    original = await readDicomFile(join(sts025(), 'image', readdirSync(join(sts025(), 'image')).sort()[0]));
  });
  test.each([
    [{ Rows: 0 }, /Rows is 0, not a valid size/],
    [{ Rows: 'abc' }, /Rows value 1 \("abc"\) is not a finite number/],
    [{ Columns: 65535 }, /PixelData has \d+ bytes, expected \d+ .*truncated/],
    [{ NumberOfFrames: 1e9 }, /NumberOfFrames is 1000000000, not a valid size/],
    [{ BitsAllocated: 12 }, /BitsAllocated 12 is not supported/],
    [{ BitsStored: 20 }, /BitsStored 20 \/ HighBit .* inconsistent/],
    [{ PixelRepresentation: 2 }, /PixelRepresentation 2/],
    [{ ImageOrientationPatient: [1, 0, 0, 0, 1] }, /ImageOrientationPatient has 5 values, expected 6/],
    [{ ImageOrientationPatient: [0, 0, 0, 0, 0, 0] }, /not two orthogonal unit vectors/],
    [{ ImageOrientationPatient: [NaN, 0, 0, 0, 1, 0] }, /ImageOrientationPatient value 1 .* not a finite number/],
    [{ ImagePositionPatient: undefined }, /ImagePositionPatient is missing/],
    [{ ImagePositionPatient: [0, 1e400, 0] }, /not a finite number/],
    [{ PixelSpacing: ['x', 1] }, /PixelSpacing value 1 \("x"\) is not a finite number/],
    [{ PixelData: undefined }, /PixelData is missing/],
    [{ PixelData: [] }, /PixelData is missing/],
    [{ RescaleSlope: 0 }, /RescaleSlope is 0/],
    [{ PerFrameFunctionalGroupsSequence: [] , SharedFunctionalGroupsSequence: [{}] }, /PerFrameFunctionalGroupsSequence has 0 items for NumberOfFrames 1/],
  ] as [DicomDataset, RegExp][])('%o', async (change, message) => {
    expect((await errorOf(() => seriesToVolume([{ ...original, ...change }]))).message).toMatch(message);
  });
});

describe('bad RTSTRUCT content', () => {
  let rt: DicomDataset;
  let series: SeriesVolume;
  beforeAll(async () => {
    rt = await readDicomFile(join(sts025(), 'mask', 'RS.dcm'));
    series = await loadDicomSeries(join(sts025(), 'image'));
  });
  const firstContour = (copy: DicomDataset) => ((copy.ROIContourSequence as DicomDataset[])[0].ContourSequence as DicomDataset[])[0];
  const withContourData = (change: (points: number[]) => unknown[]) => {
    const copy = deepCopy(rt);
    const contour = firstContour(copy);
    contour.ContourData = change([...(contour.ContourData as number[])]);
    return copy;
  };

  test.each([
    ['a NaN point', () => withContourData((p) => ((p[4] = NaN), p)), /ContourData value 5 \(null\) is not a finite number|ContourData value 5 .* not a finite number/],
    ['a "nan" string', () => withContourData((p) => ((p[4] = 'nan' as unknown as number), p)), /ContourData value 5 \("nan"\) is not a finite number/],
    ['an infinite point', () => withContourData((p) => ((p[0] = Infinity), p)), /not a finite number/],
    ['huge coordinates', () => withContourData((p) => p.map((v) => v * 1e12)), /not in a slice plane|outside the image/],
    ['coordinates near the largest double', () => withContourData((p) => p.map(() => 1.7e308)), /not in a slice plane|outside the image/],
    ['two points', () => withContourData((p) => p.slice(0, 6)), /needs at least 3 points/],
    ['a point count not divisible by 3', () => withContourData((p) => p.slice(0, 10)), /ContourData has 10 values/],
    ['a contour half a slice off', () => withContourData((p) => p.map((v, i) => (i % 3 === 2 ? v + 1.6 : v))), /not in a slice plane of the image: it lies 1\.6\d* mm/],
    ['a non-planar contour', () => withContourData((p) => p.map((v, i) => (i === 5 ? v + 3.27 : v))), /not in a slice plane/],
    ['a contour beyond the last slice', () => withContourData((p) => p.map((v, i) => (i % 3 === 2 ? v + 3.26996 * 30 : v))), /lies on slice \d+ of an image with 25 slices/],
    ['a contour beyond the image edge', () => withContourData((p) => p.map((v, i) => (i % 3 === 0 ? v + 200 : v))), /lies outside the image .* the ROI extends outside the image/],
    ['a POINT contour', () => { const copy = deepCopy(rt); firstContour(copy).ContourGeometricType = 'POINT'; return copy; }, /is POINT; only CLOSED_PLANAR/],
    ['an empty ROIContourSequence', () => ({ ...rt, ROIContourSequence: [] }), /has no contours \(empty ROI\)/],
    ['an empty ContourSequence', () => { const copy = deepCopy(rt); (copy.ROIContourSequence as DicomDataset[])[0].ContourSequence = []; return copy; }, /has no contours \(empty ROI\)/],
    ['an empty StructureSetROISequence', () => ({ ...rt, StructureSetROISequence: [] }), /holds no ROI/],
    ['another frame of reference', () => { const copy = deepCopy(rt); (copy.StructureSetROISequence as DicomDataset[])[0].ReferencedFrameOfReferenceUID = '1.2.3'; return copy; }, /frame of reference 1\.2\.3 but the image is in .*not registered/],
    ['a ROINumber that is not a number', () => { const copy = deepCopy(rt); (copy.StructureSetROISequence as DicomDataset[])[0].ROINumber = 'one'; return copy; }, /ROINumber value 1 \("one"\) is not a finite number/],
    ['a tiny contour between voxel centres', () => withContourData((p) => { const [x, y, z] = p; return [x + 0.1, y + 0.1, z, x + 0.2, y + 0.1, z, x + 0.2, y + 0.2, z]; }), null],
    ['neither RTSTRUCT nor SEG', () => ({ ...rt, SOPClassUID: '1.2.840.10008.5.1.4.1.1.4', Modality: 'MR' }), /neither an RT Structure Set nor a Segmentation/],
  ] as [string, () => DicomDataset, RegExp | null][])('%s', async (_name, make, message) => {
    const dataset = make();
    if (message === null) {
      // One tiny contour among many: the ROI still has voxels, so no error; the tiny contour adds none.
      expect(roiToMask(dataset, series, undefined).data.some((v) => v === 1)).toBe(true);
      return;
    }
    expect((await errorOf(() => roiToMask(dataset, series, undefined))).message).toMatch(message);
  });

  test('an ROI whose only contour encloses no voxel centre is an empty ROI', async () => {
    const copy = deepCopy(rt);
    const roiContour = (copy.ROIContourSequence as DicomDataset[])[0];
    const contour = (roiContour.ContourSequence as DicomDataset[])[0];
    const [x, y, z] = contour.ContourData as number[];
    roiContour.ContourSequence = [{ ...contour, ContourData: [x + 0.1, y + 0.1, z, x + 0.2, y + 0.1, z, x + 0.2, y + 0.2, z] }];
    expect((await errorOf(() => roiToMask(copy, series, undefined))).message).toMatch(/encloses no voxel centre of the image \(empty ROI/);
  });
});

describe('bad SEG content', () => {
  let seg: DicomDataset;
  let series: SeriesVolume;
  beforeAll(async () => {
    seg = await readDicomFile(join(dcmqi(), 'seg', 'label.seg'));
    series = await loadDicomSeries(join(dcmqi(), 'image'));
  });
  const shiftFirstFrame = (offset: number[]) => {
    const copy = deepCopy(seg);
    const position = ((copy.PerFrameFunctionalGroupsSequence as DicomDataset[])[0].PlanePositionSequence as DicomDataset[])[0];
    position.ImagePositionPatient = (position.ImagePositionPatient as number[]).map((v, i) => v + offset[i]);
    return copy;
  };
  test.each([
    ['an empty PerFrameFunctionalGroupsSequence', () => ({ ...seg, PerFrameFunctionalGroupsSequence: [] }), /PerFrameFunctionalGroupsSequence has 0 items for 3 frames/],
    ['an empty SegmentSequence', () => ({ ...seg, SegmentSequence: [] }), /holds no segment/],
    ['an unknown SegmentationType', () => ({ ...seg, SegmentationType: 'LABELMAP' }), /SegmentationType LABELMAP is neither BINARY nor FRACTIONAL/],
    ['truncated pixel data', () => ({ ...seg, PixelData: [new Uint8Array(100).buffer] }), /PixelData has 100 bytes, expected 328/],
    ['a frame half a voxel off the grid', () => shiftFirstFrame([0.35, 0, 0]), /does not lie on the image grid/],
    ['a frame at huge coordinates', () => shiftFirstFrame([1e300, 0, 0]), /does not lie on the image grid|outside the 23x38x3 image/],
    ['a frame beyond the last slice', () => shiftFirstFrame([0, 0, 2.5 * 7]), /outside the 23x38x3 image/],
    ['another frame of reference', () => ({ ...seg, FrameOfReferenceUID: '1.2.3' }), /frame of reference 1\.2\.3/],
    ['a frame without its plane position', () => { const copy = deepCopy(seg); delete (copy.PerFrameFunctionalGroupsSequence as DicomDataset[])[1].PlanePositionSequence; return copy; }, /plane position, orientation or pixel measures are missing/],
  ] as [string, () => DicomDataset, RegExp][])('%s', async (_name, make, message) => {
    expect((await errorOf(() => roiToMask(make(), series, undefined))).message).toMatch(message);
  });
});
