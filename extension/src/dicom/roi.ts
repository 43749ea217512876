import { type DicomDataset, DicomInputError, SOP_CLASS, itemsOf, textOf } from './dataset';
import type { Geometry } from '../radiomics/image/volume';

/** The grid a mask is made on, with the frame of reference its patient coordinates belong to. */
export interface MaskTarget {
  volume: Geometry;
  frameOfReferenceUID: string | undefined;
}

/** One ROI of an RTSTRUCT (ROINumber, ROIName) or one segment of a SEG (SegmentNumber, SegmentLabel). */
export interface RoiInfo {
  number: number;
  name: string;
  frameOfReferenceUID: string | undefined;
}

/** An ROI chosen by number, by name (exact, then case-insensitive), or the only one when there is just one. */
export type RoiChoice = string | number | undefined;

export type RoiKind = 'RTSTRUCT' | 'SEG';

export function roiKindOf(ds: DicomDataset): RoiKind {
  const sopClass = textOf(ds, 'SOPClassUID');
  const modality = textOf(ds, 'Modality');
  if (sopClass === SOP_CLASS.rtStructureSet || modality === 'RTSTRUCT') return 'RTSTRUCT';
  if (sopClass === SOP_CLASS.segmentation || modality === 'SEG') return 'SEG';
  throw new DicomInputError(
    `the ROI file is neither an RT Structure Set nor a Segmentation (SOP class ${sopClass ?? 'missing'}, modality ${modality ?? 'missing'})`,
  );
}

export function selectRoi(rois: RoiInfo[], choice: RoiChoice, kind: RoiKind): RoiInfo {
  const listing = rois.map((r) => `${r.number} "${r.name}"`).join(', ');
  const noun = kind === 'SEG' ? 'segment' : 'ROI';
  if (rois.length === 0) throw new DicomInputError(`the ${kind} holds no ${noun}`);
  if (choice === undefined || choice === '') {
    if (rois.length === 1) return rois[0];
    throw new DicomInputError(`the ${kind} holds ${rois.length} ${noun}s (${listing}); choose one by name or number`);
  }
  const byName = rois.filter((r) => r.name === String(choice));
  if (byName.length === 1) return byName[0];
  const byNumber = rois.filter((r) => String(r.number) === String(choice).trim());
  if (byNumber.length === 1) return byNumber[0];
  const folded = rois.filter((r) => r.name.toLowerCase() === String(choice).toLowerCase());
  if (folded.length === 1) return folded[0];
  if (byName.length + folded.length > 1) throw new DicomInputError(`several ${noun}s are named "${choice}" (${listing}); choose by number`);
  throw new DicomInputError(`no ${noun} "${choice}" in the ${kind}; it holds ${listing}`);
}

export function requireSameFrameOfReference(roiFrame: string | undefined, target: MaskTarget, what: string): void {
  if (!roiFrame) throw new DicomInputError(`${what} names no frame of reference, so it cannot be placed on the image`);
  if (!target.frameOfReferenceUID) {
    throw new DicomInputError(`the image series has no FrameOfReferenceUID, so ${what} cannot be placed on it`);
  }
  if (roiFrame !== target.frameOfReferenceUID) {
    throw new DicomInputError(
      `${what} is in frame of reference ${roiFrame} but the image is in ${target.frameOfReferenceUID}: ` +
        'they are not registered, so the ROI cannot be placed on this image',
    );
  }
}

/** SeriesInstanceUIDs of the image series an RTSTRUCT or SEG says it was drawn on (may be absent or stale). */
export function referencedSeriesOf(roiDataset: DicomDataset): string[] {
  const referenced =
    roiKindOf(roiDataset) === 'SEG'
      ? itemsOf(roiDataset, 'ReferencedSeriesSequence')
      : itemsOf(roiDataset, 'ReferencedFrameOfReferenceSequence')
          .flatMap((frame) => itemsOf(frame, 'RTReferencedStudySequence'))
          .flatMap((study) => itemsOf(study, 'RTReferencedSeriesSequence'));
  return referenced.map((item) => textOf(item, 'SeriesInstanceUID')).filter((uid): uid is string => !!uid);
}
