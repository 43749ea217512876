/**
 * The fast voxel-map path for the GLCM features that are a weighted sum of p_{x-y}(k), the distribution of the grey
 * level difference k = |i - j| over one angle's co-occurring pairs (glcm.py: Contrast, DifferenceAverage, Id, Idm,
 * Idmn, Idn, InverseVariance). Per angle such a feature is the mean weight over the kernel's pairs, whether the GLCM
 * is made symmetrical or not (both directions of a pair have the same k), so the pairs are visited once in the
 * image and no matrix is built. Angles without a pair are left out of the average (PyRadiomics deletes them or
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

/**
 * Summed-volume tables hold one float64 per voxel per feature + count (one offset at a time); beyond this many
 * entries the pairs of each kernel are visited instead. They pay off from kernelRadius 2 (a 5x5x5 kernel has ~100 pairs per angle
 * against 8 lookups per table); a 3x3x3 kernel's ~18 pairs are visited.
 */
const MAX_TABLE_ENTRIES = 1 << 24;
const MIN_TABLE_KERNEL_RADIUS = 2;

/**
 * For a pair offset, summed-volume tables (inclusive 3D prefix sums) of the pair count and of each feature's weight
 * at every voxel whose neighbour at the offset is in the image and both are in maskArray. The pairs of a kernel lie
 * at the voxels of the box intersected with the box shifted back by the offset, another box, so each sum is 8
 * lookups. Counts and integer weights (Contrast, DifferenceAverage) sum exactly; the others to ~1e-12 relative.
 * Fills `tables`: [count, weight of feature 0, ...], each (nx + 1) (ny + 1) (nz + 1), index 0 of each axis being
 * the empty prefix (the same arrays serve every offset, which spares the garbage collector).
 */
function fillPairTables(binning: VoxelBinning, size: Vec3, offset: Vec3, weights: Float64Array, tables: Float64Array[]): void {
  for (const table of tables) table.fill(0);
  pairValues(binning, size, offset, weights, tables);
  for (const table of tables) summedVolume(table, size);
}

/**
 * At the table cell of every voxel whose neighbour at `offset` is in the image and both are in maskArray: 1 in the
 * count table, the weight of the pair's grey level difference in each feature's table.
 */
function pairValues({ binned, Ng }: VoxelBinning, size: Vec3, offset: Vec3, weights: Float64Array, tables: Float64Array[]): void {
  const nx = size[0];
  const ny = size[1];
  const sx = nx + 1;
  const sxy = sx * (ny + 1);
  const delta = (offset[2] * ny + offset[1]) * nx + offset[0];
  const count = tables[0];
  const features = tables.length - 1;
  // The ranges are set before the loops: the optimised loops then hold no code that the first offsets never ran.
  const [x0, x1] = pairRange(nx, offset[0]);
  const [y0, y1] = pairRange(ny, offset[1]);
  const [z0, z1] = pairRange(size[2], offset[2]);
  // binned is 0 exactly outside maskArray (bins count from 1).
  for (let z = z0; z < z1; z++) {
    for (let y = y0; y < y1; y++) {
      const row = (z * ny + y) * nx;
      const cellRow = (z + 1) * sxy + (y + 1) * sx + 1;
      for (let x = x0; x < x1; x++) {
        const i = binned[row + x];
        const j = binned[row + x + delta];
        if (i === 0 || j === 0) continue;
        count[cellRow + x] = 1;
        const k = i > j ? i - j : j - i;
        for (let f = 0; f < features; f++) tables[f + 1][cellRow + x] = weights[f * Ng + k];
      }
    }
  }
}

/** [first, end) of the indexes along an axis of n voxels whose neighbour at offset d is inside too. */
function pairRange(n: number, d: number): [number, number] {
  return d < 0 ? [-d, n] : [0, n - d];
}

/** In place: each cell becomes the sum of the cells at or below it on all three axes (the empty prefixes stay 0). */
function summedVolume(table: Float64Array, size: Vec3): void {
  const nx = size[0];
  const ny = size[1];
  const nz = size[2];
  const sx = nx + 1;
  const sxy = sx * (ny + 1);
  for (let z = 1; z <= nz; z++) {
    for (let y = 1; y <= ny; y++) {
      for (let cell = z * sxy + y * sx + 1, end = cell + nx; cell < end; cell++) {
        table[cell] +=
          table[cell - 1] + table[cell - sx] + table[cell - sxy] - table[cell - sx - 1] - table[cell - sxy - 1] - table[cell - sxy - sx] + table[cell - sxy - sx - 1];
      }
    }
  }
}

export class GlcmDifferenceMaps {
  private readonly weights: Float64Array;
  private readonly sums: Float64Array;
  private readonly distances: number[];
  private readonly force2Ddimension: number;
  /** Whether each offset's pairs are summed from pair tables (else visited per kernel). */
  private readonly tablesPerOffset: boolean;

  constructor(
    private readonly binning: VoxelBinning,
    private readonly size: Vec3,
    settings: Settings,
    names: readonly string[],
    private readonly maps: Float64Array[],
  ) {
    const { Ng } = binning;
    this.weights = new Float64Array(names.length * Ng);
    names.forEach((name, f) => {
      for (let k = 0; k < Ng; k++) this.weights[f * Ng + k] = DIFFERENCE_WEIGHTS[name](k, Ng);
    });
    this.sums = new Float64Array(names.length);
    this.distances = distancesOf(settings);
    this.force2Ddimension = force2DdimensionOf(settings);
    // The tables of one offset at a time.
    const entries = (size[0] + 1) * (size[1] + 1) * (size[2] + 1) * (names.length + 1);
    this.tablesPerOffset = entries <= MAX_TABLE_ENTRIES && (settings.kernelRadius ?? 1) >= MIN_TABLE_KERNEL_RADIUS;
  }

  /**
   * Every map at every ROI voxel, offset by offset over all voxels (one hot loop per offset rather than a kernel's
   * angles per voxel). Each voxel's box is clipped to the image; the offsets of the unclipped kernel that do not fit
   * it have no pair there and are left out like empty angles, so each voxel averages over its own box's angles in
   * the same order as generateAngles lists them for that box. beforePass runs before each offset (cancellation).
   */
  evaluateAll(voxels: ArrayLike<number>, kernelRadius: number, force2DAxis: number, beforePass: () => void): void {
    const side = 2 * kernelRadius + 1;
    const kernel = generateAngles([0, 1, 2].map((d) => (2 - d === force2DAxis ? 1 : side)) as Vec3, this.distances, false, this.force2Ddimension);
    const features = this.sums.length;
    const averages = new Float64Array(voxels.length * features);
    const used = new Int32Array(voxels.length);
    const cells = (this.size[0] + 1) * (this.size[1] + 1) * (this.size[2] + 1);
    const tables = this.tablesPerOffset ? Array.from({ length: features + 1 }, () => new Float64Array(cells)) : null;
    for (let a = 0; a < kernel.count; a++) {
      beforePass();
      const offset: Vec3 = [kernel.offsets[a * 3 + 2], kernel.offsets[a * 3 + 1], kernel.offsets[a * 3]];
      if (tables) fillPairTables(this.binning, this.size, offset, this.weights, tables);
      this.addOffset(voxels, offset, kernelRadius, force2DAxis, tables, averages, used);
    }
    for (let r = 0; r < voxels.length; r++) {
      for (let f = 0; f < features; f++) this.maps[f][voxels[r]] = used[r] === 0 ? NaN : averages[r * features + f] / used[r];
    }
  }

  /** Adds one offset's feature values to the voxels' sums (averages) and counts the voxels it has pairs at. */
  private addOffset(
    voxels: ArrayLike<number>,
    [dx, dy, dz]: Vec3,
    kernelRadius: number,
    force2DAxis: number,
    tables: Float64Array[] | null,
    averages: Float64Array,
    used: Int32Array,
  ): void {
    const { sums } = this;
    const features = sums.length;
    const [nx, ny, nz] = this.size;
    const rx = force2DAxis === 0 ? 0 : kernelRadius;
    const ry = force2DAxis === 1 ? 0 : kernelRadius;
    const rz = force2DAxis === 2 ? 0 : kernelRadius;
    const delta = (dz * ny + dy) * nx + dx;
    for (let r = 0; r < voxels.length; r++) {
      const v = voxels[r];
      const x = v % nx;
      const y = ((v - x) / nx) % ny;
      const z = (v - x - y * nx) / (nx * ny);
      // set_bb's box, and in it the voxels whose neighbour at this offset is inside the box too.
      const x0 = Math.max(x - rx, 0);
      const x1 = Math.min(x + rx, nx - 1);
      const y0 = Math.max(y - ry, 0);
      const y1 = Math.min(y + ry, ny - 1);
      const z0 = Math.max(z - rz, 0);
      const z1 = Math.min(z + rz, nz - 1);
      const xa = Math.max(x0, x0 - dx);
      const xb = Math.min(x1, x1 - dx);
      const ya = Math.max(y0, y0 - dy);
      const yb = Math.min(y1, y1 - dy);
      const za = Math.max(z0, z0 - dz);
      const zb = Math.min(z1, z1 - dz);
      if (xa > xb || ya > yb || za > zb) continue;
      const pairs = tables ? this.tableSums(tables, xa, xb, ya, yb, za, zb) : this.visitPairs(delta, xa, xb, ya, yb, za, zb);
      if (pairs === 0) continue;
      used[r]++;
      for (let f = 0; f < features; f++) averages[r * features + f] += sums[f] / pairs;
    }
  }

  /** Pair count of the box [xa, xb] x [ya, yb] x [za, zb] from the offset's tables; weight sums into `sums`. */
  private tableSums(tables: Float64Array[], xa: number, xb: number, ya: number, yb: number, za: number, zb: number): number {
    const sx = this.size[0] + 1;
    const sxy = sx * (this.size[1] + 1);
    const x = xb + 1;
    const y = (yb + 1) * sx;
    const z = (zb + 1) * sxy;
    const xl = xa;
    const yl = ya * sx;
    const zl = za * sxy;
    let pairs = 0;
    for (let t = 0; t < tables.length; t++) {
      const s = tables[t];
      const sum =
        s[z + y + x] - s[z + y + xl] - s[z + yl + x] + s[z + yl + xl] - s[zl + y + x] + s[zl + y + xl] + s[zl + yl + x] - s[zl + yl + xl];
      if (t === 0) pairs = sum;
      else this.sums[t - 1] = sum;
    }
    return pairs;
  }

  /** Pair count of the box by visiting its voxels; weight sums into `sums`. */
  private visitPairs(delta: number, xa: number, xb: number, ya: number, yb: number, za: number, zb: number): number {
    // binned is 0 exactly outside maskArray (bins count from 1).
    const { binned, Ng } = this.binning;
    const { weights, sums } = this;
    const features = sums.length;
    const [nx, ny] = this.size;
    sums.fill(0);
    let pairs = 0;
    for (let z = za; z <= zb; z++) {
      for (let y = ya; y <= yb; y++) {
        const row = (z * ny + y) * nx;
        for (let v = row + xa, end = row + xb; v <= end; v++) {
          const i = binned[v];
          const j = binned[v + delta];
          if (i === 0 || j === 0) continue;
          pairs++;
          for (let f = 0; f < features; f++) sums[f] += weights[f * Ng + Math.abs(i - j)];
        }
      }
    }
    return pairs;
  }
}
