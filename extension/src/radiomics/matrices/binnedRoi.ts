/**
 * The discretised ROI every texture matrix is built from, as PyRadiomics' base._applyBinning prepares it:
 * grey levels from 1 inside the mask, the maximum grey level `Ng` and the levels actually present.
 */
import { binImage, countNonZero } from '../discretize';
import type { FeatureClassInput } from '../features/featureClass';
import type { Vec3 } from '../image/volume';
import { voxelCount } from '../image/volume';
import type { Settings } from '../settings';

export interface BinnedRoi {
  /** Bin index (from 1) inside the mask, 0 outside; voxel (i, j, k) at i + nx * (j + ny * k). */
  binned: Int32Array;
  /** 1 inside the ROI. */
  mask: Uint8Array;
  /** Numpy shape (z, y, x) of the arrays. */
  shape: Vec3;
  /** PyRadiomics' coefficient Ng: the highest grey level in the ROI (not the number of levels present). */
  Ng: number;
  /** The grey levels present in the ROI, ascending (PyRadiomics' coefficient grayLevels). */
  grayLevels: Int32Array;
  /** levelIndex[g] = position of grey level g in grayLevels, -1 if absent (length Ng + 1). */
  levelIndex: Int32Array;
  /** Number of voxels in the ROI. */
  voxels: number;
  /** Linear indices of the ROI voxels in raster order, and their (z, y, x) coordinates: loops visit only these. */
  roiIndex: Int32Array;
  roiZ: Int32Array;
  roiY: Int32Array;
  roiX: Int32Array;
}

/**
 * Every texture class of one image type gets the same input object from the extractor; the discretised ROI is
 * computed once for it. Inputs are never modified after they are built, so the object identifies its content.
 */
const cache = new WeakMap<FeatureClassInput, BinnedRoi>();

export function binRoi(input: FeatureClassInput): BinnedRoi {
  let roi = cache.get(input);
  if (!roi) {
    roi = computeBinnedRoi(input);
    cache.set(input, roi);
  }
  return roi;
}

function computeBinnedRoi(input: FeatureClassInput): BinnedRoi {
  const { image, mask, size, settings } = input;
  const n = voxelCount(size);
  if (image.length !== n || mask.length !== n) {
    throw new Error(
      `Image (${image.length}) and mask (${mask.length}) must both hold ${size.join('x')} = ${n} voxels.`,
    );
  }
  const { binned, binEdges } = binImage(image, mask, settings, input.pixelType);
  // One raster pass: the ROI voxels and their coordinates, the highest grey level and the levels present (bins
  // run from 1 to binEdges.length). binImage works on the mask as given; texture matrices need it as 0/1 to index
  // neighbours cheaply.
  const voxels = countNonZero(mask);
  const present = new Uint8Array(binEdges.length + 1);
  const roiMask = new Uint8Array(n);
  const roiVoxels: RoiVoxels = {
    roiIndex: new Int32Array(voxels),
    roiZ: new Int32Array(voxels),
    roiY: new Int32Array(voxels),
    roiX: new Int32Array(voxels),
  };
  const Ng = collectRoiVoxels(mask, binned, size, present, roiMask, roiVoxels);
  const levelIndex = new Int32Array(Ng + 1).fill(-1);
  let count = 0;
  for (let g = 1; g <= Ng; g++) if (present[g]) levelIndex[g] = count++;
  const grayLevels = new Int32Array(count);
  for (let g = 1; g <= Ng; g++) if (present[g]) grayLevels[levelIndex[g]] = g;
  return {
    binned,
    mask: roiMask,
    shape: [size[2], size[1], size[0]],
    Ng,
    grayLevels,
    levelIndex,
    voxels,
    roiIndex: roiVoxels.roiIndex,
    roiZ: roiVoxels.roiZ,
    roiY: roiVoxels.roiY,
    roiX: roiVoxels.roiX,
  };
}

type RoiVoxels = Pick<BinnedRoi, 'roiIndex' | 'roiZ' | 'roiY' | 'roiX'>;

/**
 * Fills roiMask (0/1) and the ROI voxels' indices and coordinates in raster order, marks the levels present in
 * `present`, and returns the highest level. A function with just this loop, so that V8 compiles it once (code after
 * a loop compiled on its first run has no type feedback, and would be thrown away on each of the next calls).
 */
function collectRoiVoxels(
  mask: Uint8Array,
  binned: Int32Array,
  size: Vec3,
  present: Uint8Array,
  roiMask: Uint8Array,
  { roiIndex, roiZ, roiY, roiX }: RoiVoxels,
): number {
  const [nx, ny, nz] = size;
  let Ng = 0;
  for (let z = 0, v = 0, r = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, v++) {
        if (mask[v] === 0) continue;
        const level = binned[v];
        present[level] = 1;
        if (level > Ng) Ng = level;
        roiMask[v] = 1;
        roiIndex[r] = v;
        roiZ[r] = z;
        roiY[r] = y;
        roiX[r++] = x;
      }
    }
  }
  return Ng;
}

/** The numpy axis excluded from the angles (force2D), or -1 for 3D. */
export function force2DdimensionOf(settings: Settings): number {
  if (!settings.force2D) return -1;
  const dimension = settings.force2Ddimension ?? 0;
  if (dimension !== 0 && dimension !== 1 && dimension !== 2) {
    throw new Error(`Setting force2Ddimension must be 0, 1 or 2, got ${dimension}.`);
  }
  return dimension;
}

/** PyRadiomics' `distances` setting (default [1]). */
export function distancesOf(settings: Settings): number[] {
  return settings.distances ?? [1];
}
