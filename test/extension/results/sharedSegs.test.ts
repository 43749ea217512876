/**
 * Store in PACS after Compute and Compare readers on the same ROI drawn in the viewer: the comparison names the
 * computed result's SEG and only that one is stored (two SEGs of one ROI would clutter the PACS).
 */
import { join } from 'node:path';
import type { DicomDataset } from '../../../extension/src/dicom/dataset';
import { readDicomImages } from '../../../extension/src/dicom/node/load';
import { buildRoiSeg } from '../../../extension/src/dicom/seg/write';
import { seriesToVolume } from '../../../extension/src/dicom/series';
import { roiReferenceOf } from '../../../extension/src/dicom/sr';
import { shareViewerRoiSegs, type SrContext } from '../../../extension/src/panels/results/srInput';
import { fixturePath } from '../../support/fixtures';

let segOf: (voxels: number[], label?: string) => DicomDataset;

beforeAll(async () => {
  const instances = await readDicomImages(join(fixturePath('seg_dcmqi_tiny', 'data', 'segmentations', '24x38x3'), 'image'));
  const series = seriesToVolume(instances);
  segOf = (voxels, label = 'GTV drawn') => {
    const data = new Uint8Array(series.volume.data.length);
    for (const v of voxels) data[v] = 1;
    return buildRoiSeg({ mask: { ...series.volume, data, pixelType: 'uint8' }, series, instances, segmentLabel: label, softwareVersion: 'test' });
  };
});

const uid = (ds: DicomDataset, keyword: string) => ds[keyword] as string;

function contextWith(readerA: DicomDataset, readerB: DicomDataset, comparisonRoiSegs: DicomDataset[]): SrContext {
  return {
    displaySets: [],
    cardSha256: 'c'.repeat(64),
    extractionSettings: '{}',
    softwareVersion: 'test',
    comparison: {
      readerA: `reader A (drawn in the viewer): GTV drawn, SEG (stored as SEG ${uid(readerA, 'SOPInstanceUID')}, segment 1) on T2`,
      readerB: `reader B (drawn in the viewer): GTV B, SEG (stored as SEG ${uid(readerB, 'SOPInstanceUID')}, segment 1) on T2`,
      readerRois: [roiReferenceOf(readerA, 1), roiReferenceOf(readerB, 1)],
      dice: 0.5, hausdorff95Mm: 1, volumeAMm3: 1, volumeBMm3: 2, relativeDifferences: {},
    },
    comparisonRoiSegs,
  };
}

test('the comparison SEG of the ROI Compute also used names the computed SEG and is not stored twice', () => {
  const computed = segOf([10, 11, 12, 400]);
  const compared = segOf([10, 11, 12, 400]);
  const other = segOf([20, 21], 'GTV B');
  expect(uid(compared, 'SOPInstanceUID')).not.toBe(uid(computed, 'SOPInstanceUID'));
  const shared = shareViewerRoiSegs(contextWith(compared, other, [compared, other]), [computed]);
  expect(shared.comparisonRoiSegs).toEqual([other]);
  expect(shared.comparison!.readerA).toBe(`reader A (drawn in the viewer): GTV drawn, SEG (stored as SEG ${uid(computed, 'SOPInstanceUID')}, segment 1) on T2`);
  expect(shared.comparison!.readerB).toContain(uid(other, 'SOPInstanceUID'));
  expect(shared.comparison!.readerRois).toEqual([
    { ...roiReferenceOf(compared, 1), sopInstanceUID: uid(computed, 'SOPInstanceUID'), seriesInstanceUID: uid(computed, 'SeriesInstanceUID') },
    roiReferenceOf(other, 1),
  ]);
});

test('an ROI edited between Compute and Compare (one voxel), or renamed, keeps its own SEG', () => {
  const computed = segOf([10, 11, 12, 400]);
  for (const compared of [segOf([10, 11, 12, 401]), segOf([10, 11, 12, 400], 'GTV renamed')]) {
    const other = segOf([20, 21], 'GTV B');
    const context = contextWith(compared, other, [compared, other]);
    expect(shareViewerRoiSegs(context, [computed])).toEqual(context);
  }
});
