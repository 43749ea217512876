import type { DicomDataset } from './dataset';
import { listRtstructRois, rtstructToMask } from './rtstruct';
import { listSegments, segToMask } from './seg';
import { type MaskTarget, type RoiChoice, type RoiInfo, roiKindOf } from './roi';
import type { Volume } from '../radiomics/image/volume';

/** ROIs of an RTSTRUCT or segments of a SEG, told apart by SOP class or Modality. */
export function listRois(roiDataset: DicomDataset): RoiInfo[] {
  return roiKindOf(roiDataset) === 'RTSTRUCT' ? listRtstructRois(roiDataset) : listSegments(roiDataset);
}

/** The mask (uint8, 1 inside) of one ROI of an RTSTRUCT or SEG on the target grid. */
export function roiToMask(roiDataset: DicomDataset, target: MaskTarget, choice: RoiChoice): Volume<Uint8Array> {
  return roiKindOf(roiDataset) === 'RTSTRUCT' ? rtstructToMask(roiDataset, target, choice) : segToMask(roiDataset, target, choice);
}
