import { join } from 'node:path';
import { fixturePath } from '../support/fixtures';
import { loadDicomImageAndMask, loadDicomSeries, readDicomFile } from '../../extension/src/dicom/node/load';
import { listRois, roiToMask } from '../../extension/src/dicom/masks';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import type { SeriesVolume } from '../../extension/src/dicom/series';
import { type ReferenceImage, type ReferenceMask, expandRuns, loadReference, maxGeometryDifference, sameBytes, sha256Of } from './support';

type Case = '23x38x3' | '24x38x3';
const reference = loadReference<Record<Case, { series: ReferenceImage; label: ReferenceMask }>>('seg_dcmqi.json');
const CASES: Case[] = ['23x38x3', '24x38x3'];
const caseDir = (name: Case) => fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', name);

describe.each(CASES)('dcmqi SEG phantom %s (frames not byte aligned)', (name) => {
  let series: SeriesVolume;
  let seg: DicomDataset;
  let truth: Uint8Array;
  beforeAll(async () => {
    series = await loadDicomSeries(join(caseDir(name), 'image'));
    seg = await readDicomFile(join(caseDir(name), 'seg', 'label.seg'));
    truth = expandRuns(reference[name].label);
  });

  test('the image series equals SimpleITK', () => {
    expect(series.volume.size).toEqual(reference[name].series.size);
    expect(sha256Of(series.volume.data, series.volume.pixelType)).toBe(reference[name].series.sha256);
  });

  test('the SEG mask equals the NRRD ground truth voxel for voxel, on the same geometry', async () => {
    const { mask } = await loadDicomImageAndMask(join(caseDir(name), 'image'), join(caseDir(name), 'seg', 'label.seg'), {});
    expect(sameBytes(mask.data, truth)).toBe(true);
    const difference = maxGeometryDifference(mask, reference[name].label);
    expect(Math.max(difference.spacing, difference.origin, difference.direction)).toBeLessThan(1e-5);
  });

  test('the legacy-converted multi-frame image gives the same volume, and the SEG lands on it identically', async () => {
    const multiframe = await loadDicomSeries(join(caseDir(name), 'multiframe'));
    expect(sha256Of(multiframe.volume.data, multiframe.volume.pixelType)).toBe(reference[name].series.sha256);
    expect(maxGeometryDifference(multiframe.volume, series.volume).origin).toBeLessThan(1e-9);
    expect(sameBytes(roiToMask(seg, multiframe, undefined).data, truth)).toBe(true);
  });

  test('segments are listed and chosen by label or number', () => {
    expect(listRois(seg).map(({ number, name: label }) => ({ number, label }))).toEqual([{ number: 1, label: 'Liver' }]);
    expect(sameBytes(roiToMask(seg, series, 'Liver').data, truth)).toBe(true);
    expect(sameBytes(roiToMask(seg, series, 1).data, truth)).toBe(true);
    expect(() => roiToMask(seg, series, 'Spleen')).toThrow(/no segment "Spleen" in the SEG; it holds 1 "Liver"/);
  });

  test('frames are placed by their plane position, not their order', () => {
    const reversed = withFrames(seg, series, [...Array(3).keys()].reverse().map((k) => ({ segment: 1, slice: k, values: sliceOf(truth, series, k) })));
    expect(sameBytes(roiToMask(reversed, series, 1).data, truth)).toBe(true);
  });

  test('several segments: each is chosen by its number or label', () => {
    const inverted = truth.map((v) => 1 - v);
    const frames = [0, 1, 2].flatMap((k) => [
      { segment: 2, slice: k, values: sliceOf(inverted, series, k) },
      { segment: 1, slice: k, values: sliceOf(truth, series, k) },
    ]);
    const twoSegments = withFrames(seg, series, frames, [
      { SegmentNumber: 1, SegmentLabel: 'Liver' },
      { SegmentNumber: 2, SegmentLabel: 'Background' },
    ]);
    expect(listRois(twoSegments).map((s) => s.name)).toEqual(['Liver', 'Background']);
    expect(sameBytes(roiToMask(twoSegments, series, 'Liver').data, truth)).toBe(true);
    expect(sameBytes(roiToMask(twoSegments, series, 2).data, inverted)).toBe(true);
    expect(() => roiToMask(twoSegments, series, undefined)).toThrow(/holds 2 segments \(1 "Liver", 2 "Background"\); choose one/);
  });

  test('FRACTIONAL: a voxel is in the mask from half the maximum fractional value', () => {
    const frames = [0, 1, 2].map((k) => ({
      segment: 1,
      slice: k,
      // Inside: 128 of 255 (just above one half); outside: 127 (just below).
      values: sliceOf(truth, series, k).map((v) => (v ? 128 : 127)),
    }));
    const fractional = withFrames(seg, series, frames, undefined, 'FRACTIONAL');
    expect(sameBytes(roiToMask(fractional, series, 1).data, truth)).toBe(true);
  });
});

function sliceOf(volume: Uint8Array, series: SeriesVolume, k: number): Uint8Array {
  const [nx, ny] = series.volume.size;
  return volume.slice(k * nx * ny, (k + 1) * nx * ny);
}

/** A copy of the SEG with new frames: BINARY ones bit-packed contiguously across frames, FRACTIONAL as bytes. */
function withFrames(
  seg: DicomDataset,
  series: SeriesVolume,
  frames: { segment: number; slice: number; values: Uint8Array }[],
  segments?: DicomDataset[],
  type: 'BINARY' | 'FRACTIONAL' = 'BINARY',
): DicomDataset {
  const perFrame = seg.PerFrameFunctionalGroupsSequence as DicomDataset[];
  const positionOfSlice = (k: number) =>
    perFrame.find((item) => {
      const ipp = ((item.PlanePositionSequence as DicomDataset[])[0].ImagePositionPatient as number[]);
      return Math.abs(ipp[2] - (series.volume.origin[2] + k * series.volume.spacing[2])) < 1e-3;
    }) as DicomDataset;
  const pixelsPerFrame = frames[0].values.length;
  let pixelData: Uint8Array;
  if (type === 'BINARY') {
    pixelData = new Uint8Array(Math.ceil((pixelsPerFrame * frames.length) / 8));
    frames.forEach(({ values }, f) =>
      values.forEach((v, p) => {
        const bit = f * pixelsPerFrame + p;
        if (v) pixelData[bit >> 3] |= 1 << (bit & 7);
      }),
    );
  } else {
    pixelData = new Uint8Array(pixelsPerFrame * frames.length);
    frames.forEach(({ values }, f) => pixelData.set(values, f * pixelsPerFrame));
  }
  return {
    ...seg,
    SegmentationType: type,
    ...(type === 'FRACTIONAL' ? { BitsAllocated: 8, BitsStored: 8, HighBit: 7, MaximumFractionalValue: 255 } : {}),
    SegmentSequence: segments ?? seg.SegmentSequence,
    NumberOfFrames: frames.length,
    PerFrameFunctionalGroupsSequence: frames.map(({ segment, slice }) => ({
      ...positionOfSlice(slice),
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segment }],
    })),
    PixelData: [pixelData.buffer],
  };
}
