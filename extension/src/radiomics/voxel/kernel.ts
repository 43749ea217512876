/**
 * The per-voxel kernels of PyRadiomics 3.0.1's voxel-based extraction. cmatrices.c (set_bb) computes each voxel's
 * texture matrix over the box of half-width kernelRadius around it, clipped to the (cropped) image, from the image
 * discretised ONCE over the whole ROI (maskedKernel) or the whole cropped image (maskedKernel false), keeping the
 * ROI's Ng and grey levels. With force2D the box is one slice thick along force2Ddimension.
 */
import { binImage } from '../discretize';
import type { PixelType, Vec3 } from '../image/volume';
import type { Angles } from '../matrices/angles';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Settings } from '../settings';

/** The image discretised for voxel-based extraction (base._applyBinning on maskArray), with its Ng. */
export interface VoxelBinning {
  /** Bin index (from 1) inside maskArray, 0 outside; laid out like the image. */
  binned: Int32Array;
  /** PyRadiomics' maskArray: the ROI when maskedKernel, else every voxel of the cropped image. */
  maskArray: Uint8Array;
  Ng: number;
}

export function voxelBinning(image: Float64Array, roi: Uint8Array, settings: Settings, pixelType: PixelType | undefined): VoxelBinning {
  const maskArray = settings.maskedKernel ?? true ? roi : new Uint8Array(roi.length).fill(1);
  const { binned } = binImage(image, maskArray, settings, pixelType);
  // binned is 0 outside maskArray (bins count from 1): Ng is its maximum.
  let Ng = 0;
  for (let v = 0; v < binned.length; v++) Ng = Math.max(Ng, binned[v]);
  return { binned, maskArray, Ng };
}

/** Inclusive index bounds (i, j, k) of one voxel's kernel box. */
export interface KernelBox {
  lower: Vec3;
  upper: Vec3;
}

/** set_bb: the box of half-width kernelRadius around voxel (i, j, k), clipped to the image; flat along the 2D axis. */
export function kernelBox(index: Vec3, size: Vec3, kernelRadius: number, force2DAxis: number, box: KernelBox): void {
  for (let d = 0; d < 3; d++) {
    const radius = d === force2DAxis ? 0 : kernelRadius;
    box.lower[d] = Math.max(index[d] - radius, 0);
    box.upper[d] = Math.min(index[d] + radius, size[d] - 1);
  }
}

/**
 * The angles of a kernel depend on its box's shape only (an offset must fit in it); boxes are clipped near the
 * image border only, so a few shapes occur and each one's angles are generated once.
 */
export class KernelAngles {
  private readonly byShape = new Map<number, Angles>();

  constructor(private readonly generate: (shape: Vec3) => Angles) {}

  of(box: KernelBox): Angles {
    const bx = box.upper[0] - box.lower[0] + 1;
    const by = box.upper[1] - box.lower[1] + 1;
    const bz = box.upper[2] - box.lower[2] + 1;
    const key = (bz * 4096 + by) * 4096 + bx;
    let angles = this.byShape.get(key);
    if (!angles) {
      angles = this.generate([bz, by, bx]);
      this.byShape.set(key, angles);
    }
    return angles;
  }
}

/**
 * The discretised "ROI" one kernel's matrices are computed from: the box cut out of the voxel binning, masked by
 * maskArray, with the ROI-wide Ng. PyRadiomics keeps every grey level of the ROI as a row of each kernel's matrix;
 * the rows of levels absent from the kernel are zero and add nothing to any feature sum (NGTDM's p_zero drops them
 * explicitly), so the matrix here keeps only the kernel's own levels, which is what makes maps fast. The reference
 * tests check every class this way against PyRadiomics.
 */
export function kernelRoi(binning: VoxelBinning, size: Vec3, box: KernelBox): BinnedRoi {
  const [nx, ny] = size;
  const bx = box.upper[0] - box.lower[0] + 1;
  const by = box.upper[1] - box.lower[1] + 1;
  const bz = box.upper[2] - box.lower[2] + 1;
  const n = bx * by * bz;
  const binned = new Int32Array(n);
  const mask = new Uint8Array(n);
  const roiIndex = new Int32Array(n);
  const roiZ = new Int32Array(n);
  const roiY = new Int32Array(n);
  const roiX = new Int32Array(n);
  const levelIndex = new Int32Array(binning.Ng + 1).fill(-1);
  let count = 0;
  for (let z = 0, v = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      const row = ((box.lower[2] + z) * ny + box.lower[1] + y) * nx + box.lower[0];
      for (let x = 0; x < bx; x++, v++) {
        if (binning.maskArray[row + x] === 0) continue;
        const level = binning.binned[row + x];
        binned[v] = level;
        mask[v] = 1;
        levelIndex[level] = 0;
        roiIndex[count] = v;
        roiZ[count] = z;
        roiY[count] = y;
        roiX[count++] = x;
      }
    }
  }
  let levels = 0;
  for (let g = 1; g <= binning.Ng; g++) if (levelIndex[g] === 0) levelIndex[g] = levels++;
  const grayLevels = new Int32Array(levels);
  for (let g = 1; g <= binning.Ng; g++) if (levelIndex[g] >= 0) grayLevels[levelIndex[g]] = g;
  return {
    binned,
    mask,
    shape: [bz, by, bx],
    Ng: binning.Ng,
    grayLevels,
    levelIndex,
    voxels: count,
    roiIndex: roiIndex.subarray(0, count),
    roiZ: roiZ.subarray(0, count),
    roiY: roiY.subarray(0, count),
    roiX: roiX.subarray(0, count),
  };
}

/**
 * The GLCM angles of a kernel, as "dz,dy,dx" keys, split into those with at least one pair of kernel voxels and
 * those without. PyRadiomics deletes an angle only when it is empty in every kernel of a voxel batch; elsewhere an
 * empty angle is NaN, which the angle averages skip (nanmean) but JointAverage's plain mean does not.
 */
export function glcmAngleUse(roi: BinnedRoi, angles: Angles): { used: string[]; empty: string[] } {
  const [nz, ny, nx] = roi.shape;
  const used: string[] = [];
  const empty: string[] = [];
  for (let a = 0; a < angles.count; a++) {
    const dz = angles.offsets[a * 3];
    const dy = angles.offsets[a * 3 + 1];
    const dx = angles.offsets[a * 3 + 2];
    let pair = false;
    for (let r = 0; r < roi.roiIndex.length && !pair; r++) {
      const z = roi.roiZ[r] + dz;
      const y = roi.roiY[r] + dy;
      const x = roi.roiX[r] + dx;
      pair = z >= 0 && z < nz && y >= 0 && y < ny && x >= 0 && x < nx && roi.mask[(z * ny + y) * nx + x] !== 0;
    }
    (pair ? used : empty).push(`${dz},${dy},${dx}`);
  }
  return { used, empty };
}
