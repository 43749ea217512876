/**
 * The fast voxel-map path for GLRLM: each kernel's run length matrix is counted straight from the image binning
 * into scratch arrays allocated once (no per-kernel copy of the box, no per-kernel allocation), over the grey levels
 * present in the kernel, and handed to the shared glrlm feature formulas (glrlmFeatureValues). The matrix follows
 * glrlmMatrixOfRoi: empty angles deleted, an angle along which no line of the box holds two maskArray voxels yields
 * no runs. Run lengths that occur nowhere are kept as zero columns, which add exactly nothing to any feature sum.
 * The weighting-norm merge of the angles takes the generic path.
 */
import { generateAngles, type Angles } from '../matrices/angles';
import { force2DdimensionOf } from '../matrices/binnedRoi';
import { glrlmFeatureValues, type GlrlmMatrix } from '../features/glrlm';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import { KernelAngles, type KernelBox, type VoxelBinning } from './kernel';

export function glrlmKernelPathApplies(settings: Settings): boolean {
  return settings.weightingNorm === undefined || settings.weightingNorm === null;
}

/**
 * Per voxel of the image and per angle of an unclipped kernel (interleaved, [voxel][angle]): `streak`, the number of
 * consecutive voxels of its level ending at it along the angle; `ends`, the streak where a run of the image ends
 * there (its successor is outside the image or maskArray or of another level), else 0. Both capped at 255, beyond
 * any kernel's side.
 */
interface Streaks {
  angles: number;
  streak: Uint8Array;
  ends: Uint8Array;
}

/**
 * What a box shape's angles need per box voxel (local raster index l, [l][angle]): whether its successor along the
 * angle is in the box, and how many box voxels its line holds up to it (the cap on a run ending there).
 */
interface ShapeTables {
  /** The shape's angles as indexes into the unclipped kernel's angles. */
  slots: Int32Array;
  inside: Uint8Array;
  steps: Uint8Array;
}

export class GlrlmKernelMaps {
  private readonly streaks: Streaks;
  private readonly fullAngles: Angles;
  private readonly shapes: KernelAngles;
  private readonly shapeTables = new Map<Angles, ShapeTables>();
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
  private readonly runs: Int32Array;
  private readonly longRun: Uint8Array;

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
    const anglesOf = (shape: Vec3) => generateAngles(shape, [1], false, force2Ddimension);
    this.shapes = new KernelAngles(anglesOf);
    const side = 2 * kernelRadius + 1;
    this.fullAngles = anglesOf([force2Ddimension === 0 ? 1 : side, force2Ddimension === 1 ? 1 : side, force2Ddimension === 2 ? 1 : side]);
    const boxVoxels = force2Ddimension >= 0 ? side * side : side * side * side;
    const angles = this.fullAngles.count;
    this.levelIndex = new Int32Array(binning.Ng + 1).fill(-1);
    this.levels = new Int32Array(boxVoxels);
    this.P = new Float64Array(angles * boxVoxels * side);
    this.Nr = new Float64Array(angles);
    this.pr = new Float64Array(angles * side);
    this.pg = new Float64Array(angles * boxVoxels);
    this.runs = new Int32Array(angles);
    this.longRun = new Uint8Array(angles);
    this.streaks = this.computeStreaks();
  }

  evaluate(box: KernelBox, voxel: number): void {
    const levelCount = this.collectLevels(box);
    const { slots, inside, steps } = this.tablesOf(box);
    const count = slots.length;
    const bx = box.upper[0] - box.lower[0] + 1;
    const by = box.upper[1] - box.lower[1] + 1;
    const bz = box.upper[2] - box.lower[2] + 1;
    const maxRunLength = Math.max(bx, by, bz);
    const perAngle = levelCount * maxRunLength;
    const { P, Nr, pr, pg, runs, longRun, levelIndex } = this;
    const { binned } = this.binning;
    const { streak, ends } = this.streaks;
    const A = this.streaks.angles;
    P.fill(0, 0, count * perAngle);
    pr.fill(0, 0, count * maxRunLength);
    pg.fill(0, 0, count * levelCount);
    runs.fill(0, 0, count);
    longRun.fill(0, 0, count);
    const nx = this.size[0];
    const ny = this.size[1];
    // Each run of the box is counted at its last voxel along the angle, with its length in the box.
    for (let z = box.lower[2], l = 0; z <= box.upper[2]; z++) {
      for (let y = box.lower[1]; y <= box.upper[1]; y++) {
        for (let v = (z * ny + y) * nx + box.lower[0], end = v + bx; v < end; v++, l++) {
          const level = binned[v];
          if (level === 0) continue;
          const index = levelIndex[level];
          for (let s = 0, t = l * count; s < count; s++, t++) {
            // A run of the image that ends here ends in the box too; where the successor leaves the box, any run does.
            const length = inside[t] !== 0 ? ends[v * A + slots[s]] : streak[v * A + slots[s]];
            if (length === 0) continue;
            const run = (length < steps[t] ? length : steps[t]) - 1;
            P[(s * levelCount + index) * maxRunLength + run]++;
            pr[s * maxRunLength + run]++;
            pg[s * levelCount + index]++;
            runs[s]++;
            if (run > 0) longRun[s] = 1;
          }
        }
      }
    }
    // Empty angles, and those along which no line holds two maskArray voxels, are deleted.
    let kept = 0;
    for (let s = 0; s < count; s++) {
      if (runs[s] === 0 || (longRun[s] === 0 && !this.twoOnALine(box, s, slots, steps))) continue;
      if (kept !== s) {
        P.copyWithin(kept * perAngle, s * perAngle, (s + 1) * perAngle);
        pr.copyWithin(kept * maxRunLength, s * maxRunLength, (s + 1) * maxRunLength);
        pg.copyWithin(kept * levelCount, s * levelCount, (s + 1) * levelCount);
      }
      Nr[kept++] = runs[s];
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
    for (let g = 0; g < levelCount; g++) levelIndex[this.levels[g]] = -1;
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
   * Whether some line of the box along the box angle `s` holds two maskArray voxels (whatever their levels): some
   * maskArray voxel has another one behind it on its line, within the box voxels of that line up to it.
   */
  private twoOnALine(box: KernelBox, s: number, slots: Int32Array, steps: Uint8Array): boolean {
    const { binned } = this.binning;
    const [nx, ny] = this.size;
    const offsets = this.fullAngles.offsets;
    const slot = slots[s];
    const delta = (offsets[slot * 3] * ny + offsets[slot * 3 + 1]) * nx + offsets[slot * 3 + 2];
    for (let z = box.lower[2], l = 0; z <= box.upper[2]; z++) {
      for (let y = box.lower[1]; y <= box.upper[1]; y++) {
        for (let x = box.lower[0]; x <= box.upper[0]; x++, l++) {
          const v = (z * ny + y) * nx + x;
          if (binned[v] === 0) continue;
          for (let back = 1; back < steps[l * slots.length + s]; back++) if (binned[v - back * delta] !== 0) return true;
        }
      }
    }
    return false;
  }

  private tablesOf(box: KernelBox): ShapeTables {
    const angles = this.shapes.of(box);
    let tables = this.shapeTables.get(angles);
    if (tables) return tables;
    const full = this.fullAngles;
    const key = (offsets: Int32Array, a: number) => `${offsets[a * 3]},${offsets[a * 3 + 1]},${offsets[a * 3 + 2]}`;
    const fullKeys = Array.from({ length: full.count }, (_v, a) => key(full.offsets, a));
    const slots = Int32Array.from({ length: angles.count }, (_v, a) => fullKeys.indexOf(key(angles.offsets, a)));
    const size: Vec3 = [box.upper[0] - box.lower[0] + 1, box.upper[1] - box.lower[1] + 1, box.upper[2] - box.lower[2] + 1];
    const inside = new Uint8Array(size[0] * size[1] * size[2] * angles.count);
    const steps = new Uint8Array(inside.length);
    for (let z = 0, l = 0; z < size[2]; z++) {
      for (let y = 0; y < size[1]; y++) {
        for (let x = 0; x < size[0]; x++, l++) {
          for (let a = 0; a < angles.count; a++) {
            // Numpy order (dz, dy, dx) against (x, y, z) box coordinates.
            const position = [z, y, x];
            const extent = [size[2], size[1], size[0]];
            let next = true;
            let line = 255;
            for (let d = 0; d < 3; d++) {
              const offset = angles.offsets[a * 3 + d];
              if (offset === 0) continue;
              next &&= position[d] + offset >= 0 && position[d] + offset < extent[d];
              line = Math.min(line, offset > 0 ? position[d] + 1 : extent[d] - position[d]);
            }
            inside[l * angles.count + a] = next ? 1 : 0;
            steps[l * angles.count + a] = line;
          }
        }
      }
    }
    tables = { slots, inside, steps };
    this.shapeTables.set(angles, tables);
    return tables;
  }

  private computeStreaks(): Streaks {
    const voxels = this.binning.binned.length;
    const angles = this.fullAngles.count;
    const streaks: Streaks = { angles, streak: new Uint8Array(voxels * angles), ends: new Uint8Array(voxels * angles) };
    for (let a = 0; a < angles; a++) this.streaksAlong(a, streaks);
    return streaks;
  }

  /** Fills the streak tables of angle `a`, visiting voxels in the order of its offset (predecessors first). */
  private streaksAlong(a: number, { angles, streak, ends }: Streaks): void {
    const { binned } = this.binning;
    const [nx, ny, nz] = this.size;
    const dz = this.fullAngles.offsets[a * 3];
    const dy = this.fullAngles.offsets[a * 3 + 1];
    const dx = this.fullAngles.offsets[a * 3 + 2];
    const delta = (dz * ny + dy) * nx + dx;
    const zStep = dz >= 0 ? 1 : -1;
    const yStep = dy >= 0 ? 1 : -1;
    const xStep = dx >= 0 ? 1 : -1;
    for (let z = zStep > 0 ? 0 : nz - 1; z >= 0 && z < nz; z += zStep) {
      const zBefore = z - dz >= 0 && z - dz < nz;
      const zAfter = z + dz >= 0 && z + dz < nz;
      for (let y = yStep > 0 ? 0 : ny - 1; y >= 0 && y < ny; y += yStep) {
        const rowBefore = zBefore && y - dy >= 0 && y - dy < ny;
        const rowAfter = zAfter && y + dy >= 0 && y + dy < ny;
        for (let x = xStep > 0 ? 0 : nx - 1; x >= 0 && x < nx; x += xStep) {
          const v = (z * ny + y) * nx + x;
          const before = rowBefore && x - dx >= 0 && x - dx < nx ? v - delta : -1;
          const after = rowAfter && x + dx >= 0 && x + dx < nx ? v + delta : -1;
          const here = v * angles + a;
          const level = binned[v];
          if (level !== 0) {
            streak[here] = before >= 0 && binned[before] === level ? Math.min(streak[before * angles + a] + 1, 255) : 1;
            if (after < 0 || binned[after] !== level) ends[here] = streak[here];
          }
        }
      }
    }
  }

  private levelViewOf(count: number): Int32Array {
    return (this.levelViews[count] ??= this.levels.subarray(0, count));
  }

  private runLengthsOf(maxRunLength: number): Float64Array {
    return (this.runLengths[maxRunLength] ??= Float64Array.from({ length: maxRunLength }, (_v, r) => r + 1));
  }
}
