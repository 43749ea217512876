/**
 * The discretised ROI with a border of empty voxels all round, as wide as the farthest neighbour offset the matrices
 * follow (1 for GLRLM runs and GLSZM zones, the largest distance for GLCM, GLDM and NGTDM): a neighbour outside the
 * array then reads 0 like any voxel outside the ROI, so that no neighbour needs a bounds check and no index is
 * divided back into coordinates.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';

export interface PaddedLevels {
  /** Grey level (from 1) of each ROI voxel, 0 elsewhere; voxel (x, y, z) of the ROI arrays at (x+b) + px ((y+b) + py (z+b)), b the border. */
  levels: Int32Array;
  /** The border's width b. */
  border: number;
  /** Padded row length px = nx + 2b. */
  px: number;
  /** Padded plane size px * py, py = ny + 2b. */
  pxy: number;
  /** The padded index of each ROI voxel, in the raster order of roi.roiIndex. */
  roiVoxels: Int32Array;
}

/**
 * The texture classes of one image share the padded ROI (keyed by the BinnedRoi, which is never modified); it is
 * made again only when a class needs a wider border than the one kept.
 */
const cache = new WeakMap<BinnedRoi, PaddedLevels>();

/** The padded ROI with a border wide enough for every offset of `angles`. */
export function paddedLevels(roi: BinnedRoi, angles: Angles): PaddedLevels {
  let border = 1;
  for (let k = 0; k < angles.offsets.length; k++) border = Math.max(border, Math.abs(angles.offsets[k]));
  let padded = cache.get(roi);
  if (!padded || padded.border < border) {
    padded = computePaddedLevels(roi, border);
    cache.set(roi, padded);
  }
  return padded;
}

function computePaddedLevels(roi: BinnedRoi, border: number): PaddedLevels {
  const [nz, ny, nx] = roi.shape;
  const px = nx + 2 * border;
  const pxy = px * (ny + 2 * border);
  const levels = new Int32Array(pxy * (nz + 2 * border));
  const roiVoxels = new Int32Array(roi.roiIndex.length);
  const { binned, roiIndex, roiZ, roiY, roiX } = roi;
  for (let r = 0; r < roiIndex.length; r++) {
    const p = roiX[r] + border + px * (roiY[r] + border) + pxy * (roiZ[r] + border);
    levels[p] = binned[roiIndex[r]];
    roiVoxels[r] = p;
  }
  return { levels, border, px, pxy, roiVoxels };
}

/** The padded index distance from a voxel to its neighbour at angle `a` (of the angles the padding was made for). */
export function paddedDelta(padded: PaddedLevels, angles: Angles, a: number): number {
  return angles.offsets[a * 3] * padded.pxy + angles.offsets[a * 3 + 1] * padded.px + angles.offsets[a * 3 + 2];
}
