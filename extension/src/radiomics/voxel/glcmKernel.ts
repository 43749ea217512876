/**
 * The fast voxel-map path for the GLCM features that are a weighted sum of p_{x-y}(k), the distribution of the grey
 * level difference k = |i - j| over one angle's co-occurring pairs (glcm.py: Contrast, DifferenceAverage, Id, Idm,
 * Idmn, Idn, InverseVariance). Per angle such a feature is the mean weight over the kernel's pairs, whether the GLCM
 * is made symmetrical or not (both directions of a pair have the same k), so no matrix is built: each kernel's
 * pairs are counted and their weights summed. Angles without a pair are left out of the average (PyRadiomics deletes them or
 * gets NaN there, which numpy.nanmean skips). The weighting-norm merge of the angles is not linear per pair: those
 * settings take the matrix path.
 */
import { generateAngles } from '../matrices/angles';
import { distancesOf, force2DdimensionOf } from '../matrices/binnedRoi';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import type { VoxelBinning } from './kernel';

/** w(k) of each feature as glcm.py defines it, with PyRadiomics' Ng (the highest grey level of the ROI). */
const DIFFERENCE_WEIGHTS: Record<string, (k: number, Ng: number) => number> = {
  Contrast: (k) => k * k,
  DifferenceAverage: (k) => k,
  Id: (k) => 1 / (1 + k),
  Idm: (k) => 1 / (1 + k * k),
  Idmn: (k, Ng) => 1 / (1 + (k * k) / (Ng * Ng)),
  Idn: (k, Ng) => 1 / (1 + k / Ng),
  // k = 0 is skipped (PyRadiomics sums from k = 1).
  InverseVariance: (k) => (k === 0 ? 0 : 1 / (k * k)),
};

/** The requested GLCM features this path computes under these settings. */
export function glcmDifferenceFeatures(names: readonly string[], settings: Settings): string[] {
  if (settings.weightingNorm !== undefined && settings.weightingNorm !== null) return [];
  return names.filter((name) => name in DIFFERENCE_WEIGHTS);
}

export class GlcmDifferenceMaps {
  private readonly weights: Float64Array;
  private readonly distances: number[];
  private readonly force2Ddimension: number;

  constructor(
    private readonly binning: VoxelBinning,
    private readonly size: Vec3,
    settings: Settings,
    private readonly names: readonly string[],
    private readonly maps: Float64Array[],
  ) {
    const { Ng } = binning;
    this.weights = new Float64Array(names.length * Ng);
    names.forEach((name, f) => {
      for (let k = 0; k < Ng; k++) this.weights[f * Ng + k] = DIFFERENCE_WEIGHTS[name](k, Ng);
    });
    this.distances = distancesOf(settings);
    this.force2Ddimension = force2DdimensionOf(settings);
  }

  /**
   * Every map at every ROI voxel, in one pass over the rows of consecutive ROI voxels (one hot loop, optimised
   * once). The pairs of a kernel at one offset lie at the voxels of its box intersected with the box shifted back
   * by the offset, another box; along a row the kernels share that box's y and z ranges, so per offset the pairs
   * of each x-plane of those ranges are counted once, their running sums along x (exact for counts and integer
   * weights, ~1e-15 relative for the others) giving each kernel's sums by one difference. Each voxel's box is
   * clipped to the image; the offsets of the unclipped kernel that do not fit it have no pair there and are left
   * out like empty angles, so each voxel averages over its own box's angles in the order generateAngles lists
   * them. beforeOffset runs before each offset of each row (cancellation).
   */
  evaluateAll(voxels: ArrayLike<number>, kernelRadius: number, force2DAxis: number, beforeOffset: () => void): void {
    const { binned, Ng } = this.binning;
    const { weights, names, maps } = this;
    const features = names.length;
    const [nx, ny, nz] = this.size;
    const rx = force2DAxis === 0 ? 0 : kernelRadius;
    const ry = force2DAxis === 1 ? 0 : kernelRadius;
    const rz = force2DAxis === 2 ? 0 : kernelRadius;
    const side = 2 * kernelRadius + 1;
    const kernel = generateAngles([0, 1, 2].map((d) => (2 - d === force2DAxis ? 1 : side)) as Vec3, this.distances, false, this.force2Ddimension);
    // Per voxel of the row: the sum of its offsets' feature values and how many offsets have pairs there.
    const averages = new Float64Array(nx * features);
    const used = new Int32Array(nx);
    // Running sums along x of the pairs of each x-plane, [feature + 1][x + 1]: count (0), then the weights.
    const stride = nx + 1;
    const running = new Float64Array((features + 1) * stride);
    for (let first = 0, last = 0; first < voxels.length; first = last + 1) {
      // The row of consecutive ROI voxels first .. last.
      const v = voxels[first];
      const x = v % nx;
      const row = v - x;
      last = first;
      while (last + 1 < voxels.length && voxels[last + 1] === voxels[last] + 1 && voxels[last + 1] - row < nx) last++;
      const y = (row / nx) % ny;
      const z = (row - y * nx) / (nx * ny);
      const xEnd = x + last - first;
      // set_bb's box of the row's voxels along y and z, and its x span from the first box to the last.
      const x0 = Math.max(x - rx, 0);
      const x1 = Math.min(xEnd + rx, nx - 1);
      const y0 = Math.max(y - ry, 0);
      const y1 = Math.min(y + ry, ny - 1);
      const z0 = Math.max(z - rz, 0);
      const z1 = Math.min(z + rz, nz - 1);
      averages.fill(0);
      used.fill(0);
      for (let a = 0; a < kernel.count; a++) {
        beforeOffset();
        const dz = kernel.offsets[a * 3];
        const dy = kernel.offsets[a * 3 + 1];
        const dx = kernel.offsets[a * 3 + 2];
        // The voxels whose neighbour at this offset is inside the box too (x: for any box of the row).
        const xa = Math.max(x0, x0 - dx);
        const xb = Math.min(x1, x1 - dx);
        const ya = Math.max(y0, y0 - dy);
        const yb = Math.min(y1, y1 - dy);
        const za = Math.max(z0, z0 - dz);
        const zb = Math.min(z1, z1 - dz);
        running.fill(0);
        const delta = (dz * ny + dy) * nx + dx;
        // binned is 0 exactly outside maskArray (bins count from 1).
        for (let pz = za; pz <= zb; pz++) {
          for (let py = ya; py <= yb; py++) {
            const line = (pz * ny + py) * nx;
            for (let px = xa; px <= xb; px++) {
              const i = binned[line + px];
              const j = binned[line + px + delta];
              if (i === 0 || j === 0) continue;
              running[px + 1]++;
              // Math.abs compiles without a branch: which of i, j is larger follows no pattern.
              const k = Math.abs(i - j);
              for (let f = 0; f < features; f++) running[(f + 1) * stride + px + 1] += weights[f * Ng + k];
            }
          }
        }
        for (let t = 0; t <= features; t++) {
          for (let px = xa + 1, cell = t * stride + px; px <= xb + 1; px++, cell++) running[cell] += running[cell - 1];
        }
        for (let vx = x; vx <= xEnd; vx++) {
          // This voxel's box along x and its pairs' x range there.
          const bx0 = Math.max(vx - rx, 0);
          const bx1 = Math.min(vx + rx, nx - 1);
          const from = Math.max(bx0, bx0 - dx);
          const to = Math.min(bx1, bx1 - dx);
          const pairs = from > to ? 0 : running[to + 1] - running[from];
          if (pairs === 0) continue;
          used[vx]++;
          for (let f = 0, cell = vx * features; f < features; f++, cell++) {
            averages[cell] += (running[(f + 1) * stride + to + 1] - running[(f + 1) * stride + from]) / pairs;
          }
        }
      }
      for (let vx = x; vx <= xEnd; vx++) {
        for (let f = 0; f < features; f++) maps[f][row + vx] = used[vx] === 0 ? NaN : averages[vx * features + f] / used[vx];
      }
    }
  }
}
