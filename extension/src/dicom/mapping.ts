import { type MaskTarget, requireSameFrameOfReference } from './roi';
import { DicomInputError } from './dataset';
import { resampleToReference } from '../radiomics/image/resample';
import type { Volume } from '../radiomics/image/volume';

/**
 * Maps a mask made on one series' grid onto another series' grid through patient coordinates: each target voxel
 * centre is taken to the source grid's continuous index and given the value of the nearest source voxel (ITK's
 * nearest-neighbour interpolation, halves rounded up; 0 outside the source), exactly as
 * sitk.Resample(mask, targetImage, identity, sitkNearestNeighbor) does. Both grids must share a frame of reference.
 */
export function mapMaskToGrid(mask: Volume, maskFrameOfReferenceUID: string | undefined, target: MaskTarget): Volume<Uint8Array> {
  requireSameFrameOfReference(maskFrameOfReferenceUID, target, 'the mask');
  const mapped = resampleToReference({ ...mask, data: Uint8Array.from(mask.data, (v) => (v ? 1 : 0)), pixelType: 'uint8' }, target.volume, 'sitkNearestNeighbor');
  let inside = 0;
  for (let v = 0; v < mapped.data.length; v++) inside += mapped.data[v];
  if (inside === 0) throw new DicomInputError('the mask covers no voxel of the target image once mapped (the ROI lies outside it)');
  return mapped as Volume<Uint8Array>;
}
