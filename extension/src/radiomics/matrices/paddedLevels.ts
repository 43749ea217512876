/**
 * The discretised ROI with one empty voxel all round, for the matrices that follow distance-1 neighbours (GLRLM runs,
 * GLSZM zones): a neighbour outside the array then reads 0 like any voxel outside the ROI, so that no neighbour needs
 * a bounds check and no index is divided back into coordinates.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';

export interface PaddedLevels {
  /** Grey level (from 1) of each ROI voxel, 0 elsewhere; voxel (x, y, z) of the ROI arrays at (x+1) + px ((y+1) + py (z+1)). */
  levels: Int32Array;
  /** Padded row length px = nx + 2. */
  px: number;
  /** Padded plane size px * py, py = ny + 2. */
  pxy: number;
  /** The padded index of each ROI voxel, in the raster order of roi.roiIndex. */
  roiVoxels: Int32Array;
}

/** GLRLM and GLSZM of one image share the padded ROI (keyed by the BinnedRoi, which is never modified). */
const cache = new WeakMap<BinnedRoi, PaddedLevels>();

export function paddedLevels(roi: BinnedRoi): PaddedLevels {
  let padded = cache.get(roi);
  if (!padded) {
    padded = computePaddedLevels(roi);
    cache.set(roi, padded);
  }
  return padded;
}

function computePaddedLevels(roi: BinnedRoi): PaddedLevels {
  const [nz, ny, nx] = roi.shape;
  const px = nx + 2;
  const pxy = px * (ny + 2);
  const levels = new Int32Array(pxy * (nz + 2));
  const roiVoxels = new Int32Array(roi.roiIndex.length);
  const { binned, roiIndex, roiZ, roiY, roiX } = roi;
  for (let r = 0; r < roiIndex.length; r++) {
    const p = roiX[r] + 1 + px * (roiY[r] + 1) + pxy * (roiZ[r] + 1);
    levels[p] = binned[roiIndex[r]];
    roiVoxels[r] = p;
  }
  return { levels, px, pxy, roiVoxels };
}

/** The padded index distance from a voxel to its neighbour at angle `a` (offsets of at most 1 on each axis). */
export function paddedDelta(padded: PaddedLevels, angles: Angles, a: number): number {
  return angles.offsets[a * 3] * padded.pxy + angles.offsets[a * 3 + 1] * padded.px + angles.offsets[a * 3 + 2];
}
