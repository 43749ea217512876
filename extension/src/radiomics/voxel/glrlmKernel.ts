/**
 * The fast voxel-map path for GLRLM: each kernel's run length matrix is counted straight from the image binning
 * into scratch arrays allocated once (no per-kernel copy of the box, no per-kernel allocation), over the grey levels
 * present in the kernel, and handed to the shared glrlm feature formulas (glrlmFeatureValues). The matrix follows
 * glrlmMatrixOfRoi: empty angles deleted, an angle along which no line of the box holds two maskArray voxels yields
 * no runs. Run lengths that occur nowhere are kept as zero columns, which add exactly nothing to any feature sum.
 * The weighting-norm merge of the angles takes the generic path.
 */
import { generateAngles } from '../matrices/angles';
import { force2DdimensionOf } from '../matrices/binnedRoi';
import { glrlmFeatureValues, type GlrlmMatrix } from '../features/glrlm';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import { KernelAngles, type KernelBox, type VoxelBinning } from './kernel';

export function glrlmKernelPathApplies(settings: Settings): boolean {
  return settings.weightingNorm === undefined || settings.weightingNorm === null;
}

export class GlrlmKernelMaps {
  private readonly angles: KernelAngles;
  /** levelIndex[g]: position of grey level g among the kernel's levels, -1 when absent (reset after each kernel). */
  private readonly levelIndex: Int32Array;
  private readonly levels: Int32Array;
  /** Views of `levels` by length, so that the matrix handed to the formulas has the kernel's number of levels. */
  private readonly levelViews: Int32Array[] = [];
  private readonly runLengths: Float64Array[] = [];
  private readonly P: Float64Array;
  private readonly Nr: Float64Array;
  private readonly pr: Float64Array;
  private readonly pg: Float64Array;
  /** Set by countRuns: whether a line of the box held two maskArray voxels. */
  private multiElement = false;

  constructor(
    private readonly binning: VoxelBinning,
    private readonly size: Vec3,
    settings: Settings,
    kernelRadius: number,
    private readonly names: readonly string[],
    private readonly maps: Float64Array[],
  ) {
    const force2Ddimension = force2DdimensionOf(settings);
    // GLRLM always uses distance 1, whatever `distances` says.
    this.angles = new KernelAngles((shape) => generateAngles(shape, [1], false, force2Ddimension));
    const side = 2 * kernelRadius + 1;
    const boxVoxels = force2Ddimension >= 0 ? side * side : side * side * side;
    const maxAngles = 13;
    this.levelIndex = new Int32Array(binning.Ng + 1).fill(-1);
    this.levels = new Int32Array(boxVoxels);
    this.P = new Float64Array(maxAngles * boxVoxels * side);
    this.Nr = new Float64Array(maxAngles);
    this.pr = new Float64Array(maxAngles * side);
    this.pg = new Float64Array(maxAngles * boxVoxels);
  }

  evaluate(box: KernelBox, voxel: number): void {
    const levelCount = this.collectLevels(box);
    const angles = this.angles.of(box);
    const maxRunLength = Math.max(box.upper[0] - box.lower[0], box.upper[1] - box.lower[1], box.upper[2] - box.lower[2]) + 1;
    const perAngle = levelCount * maxRunLength;
    const { P, Nr, pr, pg } = this;
    P.fill(0, 0, angles.count * perAngle);
    pr.fill(0, 0, angles.count * maxRunLength);
    pg.fill(0, 0, angles.count * levelCount);
    let kept = 0;
    for (let a = 0; a < angles.count; a++) {
      const runs = this.countRuns(box, angles.offsets, a, kept, levelCount, maxRunLength);
      if (runs > 0 && this.multiElement) Nr[kept++] = runs;
      else {
        P.fill(0, kept * perAngle, (kept + 1) * perAngle);
        pr.fill(0, kept * maxRunLength, (kept + 1) * maxRunLength);
        pg.fill(0, kept * levelCount, (kept + 1) * levelCount);
      }
    }
    const matrix: GlrlmMatrix = {
      P,
      angles: kept,
      grayLevels: this.levelViewOf(levelCount),
      runLengths: this.runLengthsOf(maxRunLength),
      Nr,
      pr,
      pg,
    };
    const values = glrlmFeatureValues(matrix, this.names);
    for (let n = 0; n < values.length; n++) this.maps[n][voxel] = values[n];
    for (let g = 0; g < levelCount; g++) this.levelIndex[this.levels[g]] = -1;
  }

  /** The grey levels of the kernel's maskArray voxels, ascending, indexed in levelIndex; returns their number. */
  private collectLevels(box: KernelBox): number {
    const { binned } = this.binning;
    const { levels, levelIndex } = this;
    const [nx, ny] = this.size;
    let count = 0;
    for (let z = box.lower[2]; z <= box.upper[2]; z++) {
      for (let y = box.lower[1]; y <= box.upper[1]; y++) {
        for (let v = (z * ny + y) * nx + box.lower[0], end = (z * ny + y) * nx + box.upper[0]; v <= end; v++) {
          const level = binned[v];
          if (level === 0 || levelIndex[level] === 0) continue;
          levelIndex[level] = 0;
          // Insertion into the ascending list (a kernel holds at most a few hundred voxels).
          let at = count++;
          while (at > 0 && levels[at - 1] > level) {
            levels[at] = levels[at - 1];
            at--;
          }
          levels[at] = level;
        }
      }
    }
    for (let g = 0; g < count; g++) levelIndex[levels[g]] = g;
    return count;
  }

  /**
   * Counts the runs of angle `a` into slot `slot` of P ([level][run length - 1]), pr and pg; returns the number of
   * runs and sets multiElement. A line starts at each box voxel whose predecessor along the angle is outside the
   * box: whole rows where that happens along z or y, else the first voxel of each row along x.
   */
  private countRuns(box: KernelBox, offsets: Int32Array, a: number, slot: number, levelCount: number, maxRunLength: number): number {
    const dz = offsets[a * 3];
    const dy = offsets[a * 3 + 1];
    const dx = offsets[a * 3 + 2];
    const { binned } = this.binning;
    const { P, pr, pg, levelIndex } = this;
    const nx = this.size[0];
    const ny = this.size[1];
    const x0 = box.lower[0];
    const y0 = box.lower[1];
    const z0 = box.lower[2];
    const x1 = box.upper[0];
    const y1 = box.upper[1];
    const z1 = box.upper[2];
    const delta = (dz * ny + dy) * nx + dx;
    const pBase = slot * levelCount * maxRunLength;
    const prBase = slot * maxRunLength;
    const pgBase = slot * levelCount;
    const firstX = dx >= 0 ? x0 : x1;
    let runs = 0;
    let multiElement = false;
    for (let z = z0; z <= z1; z++) {
      const zStarts = dz !== 0 && (z - dz < z0 || z - dz > z1);
      for (let y = y0; y <= y1; y++) {
        const rowStarts = zStarts || (dy !== 0 && (y - dy < y0 || y - dy > y1));
        if (!rowStarts && dx === 0) continue;
        for (let x = rowStarts ? x0 : firstX, xEnd = rowStarts ? x1 : firstX; x <= xEnd; x++) {
          // Steps to the box edge along the angle.
          let length = maxRunLength;
          if (dz !== 0) length = Math.min(length, dz > 0 ? z1 - z + 1 : z - z0 + 1);
          if (dy !== 0) length = Math.min(length, dy > 0 ? y1 - y + 1 : y - y0 + 1);
          if (dx !== 0) length = Math.min(length, dx > 0 ? x1 - x + 1 : x - x0 + 1);
          let v = (z * ny + y) * nx + x;
          let grey = binned[v];
          let elements = grey === 0 ? 0 : 1;
          let run = 0;
          for (let step = 1; step < length; step++) {
            v += delta;
            const level = binned[v];
            if (level === grey && level !== 0) {
              run++;
              elements++;
              continue;
            }
            if (grey !== 0) {
              const index = levelIndex[grey];
              P[pBase + index * maxRunLength + run]++;
              pr[prBase + run]++;
              pg[pgBase + index]++;
              runs++;
            }
            if (level !== 0) elements++;
            grey = level;
            run = 0;
          }
          if (grey !== 0) {
            const index = levelIndex[grey];
            P[pBase + index * maxRunLength + run]++;
            pr[prBase + run]++;
            pg[pgBase + index]++;
            runs++;
          }
          if (elements > 1) multiElement = true;
        }
      }
    }
    this.multiElement = multiElement;
    return runs;
  }

  private levelViewOf(count: number): Int32Array {
    return (this.levelViews[count] ??= this.levels.subarray(0, count));
  }

  private runLengthsOf(maxRunLength: number): Float64Array {
    return (this.runLengths[maxRunLength] ??= Float64Array.from({ length: maxRunLength }, (_v, r) => r + 1));
  }
}
