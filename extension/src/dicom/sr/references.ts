import type { DicomDataset } from '../dataset';
import { textOf } from '../dataset';
import { listRois } from '../masks';
import { roiKindOf, type RoiChoice, selectRoi } from '../roi';
import type { RoiReference, SourceSeries } from './write';

function requireText(ds: DicomDataset, keyword: string, what: string): string {
  const value = textOf(ds, keyword);
  if (!value) throw new Error(`${what} has no ${keyword}`);
  return value;
}

/** The SR's reference to an image series, from its instances (Part 10 or DICOMweb metadata, naturalized). */
export function sourceSeriesOf(instances: DicomDataset[]): SourceSeries {
  if (instances.length === 0) throw new Error('A source series needs at least one instance');
  const first = instances[0];
  return {
    seriesInstanceUID: requireText(first, 'SeriesInstanceUID', 'the image series'),
    studyInstanceUID: requireText(first, 'StudyInstanceUID', 'the image series'),
    frameOfReferenceUID: textOf(first, 'FrameOfReferenceUID'),
    instances: instances.map((i) => ({ sopClassUID: requireText(i, 'SOPClassUID', 'an image'), sopInstanceUID: requireText(i, 'SOPInstanceUID', 'an image') })),
  };
}

/** The SR's reference to one ROI of an RTSTRUCT or one segment of a SEG (chosen as roiToMask chooses). */
export function roiReferenceOf(roiDataset: DicomDataset, choice: RoiChoice): RoiReference {
  const kind = roiKindOf(roiDataset);
  const roi = selectRoi(listRois(roiDataset), choice, kind);
  return {
    kind,
    sopClassUID: requireText(roiDataset, 'SOPClassUID', `the ${kind}`),
    sopInstanceUID: requireText(roiDataset, 'SOPInstanceUID', `the ${kind}`),
    seriesInstanceUID: requireText(roiDataset, 'SeriesInstanceUID', `the ${kind}`),
    studyInstanceUID: requireText(roiDataset, 'StudyInstanceUID', `the ${kind}`),
    number: roi.number,
    name: roi.name,
  };
}
