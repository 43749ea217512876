/**
 * The fast voxel-map path for GLRLM: each kernel's run length matrix is counted straight from the image binning
 * into scratch arrays allocated once (no per-kernel copy of the box, no per-kernel allocation) and handed to the
 * shared glrlm feature formulas (glrlmFeatureValue). It is counted voxel by voxel from per-voxel run codes, over the
 * grey levels present in the kernel; or, when every requested feature reads the run length distribution only, in one
 * row, and up to kernelRadius 2 line by line (LineRuns). The matrix follows glrlmMatrixOfRoi: empty angles deleted,
 * an angle along which no line of the box holds two maskArray voxels yields no runs. Run lengths that occur nowhere
 * are kept as zero columns, which add exactly nothing to any feature sum. The weighting-norm merge of the angles,
 * and kernels too large for the run codes, take the generic path.
 */
import { generateAngles, type Angles } from '../matrices/angles';
import { force2DdimensionOf } from '../matrices/binnedRoi';
import { glrlmFeatureValue, type GlrlmMatrix } from '../features/glrlm';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import { KernelAngles, type KernelBox, type VoxelBinning } from './kernel';

/**
 * The features that read the run length distribution only (pr, Nr and the run lengths: glrlm.py's ivector, pg and
 * P are not used). When every requested feature is one of them, the runs of all grey levels are counted in one row.
 */
const RUN_LENGTH_FEATURES = new Set(['ShortRunEmphasis', 'LongRunEmphasis', 'RunLengthNonUniformity', 'RunLengthNonUniformityNormalized', 'RunVariance', 'RunPercentage']);

/**
 * Up to this kernel side (kernelRadius 2), run-length-only maps count each line of the box at once (LineRuns): its
 * run lengths are a function of which of its voxels are in maskArray and where runs break, a few bits per line.
 */
const MAX_LINE_SIDE = 5;

/** Box sizes along an axis of the line path run from 1 to MAX_LINE_SIDE (the key of a box's lines). */
const LINE_SIZES = MAX_LINE_SIDE + 1;

/** A line's number of voxels (at most MAX_LINE_SIDE) fits these low bits of a ShapeLines entry. */
const LINE_LENGTH_BITS = 3;
const LINE_LENGTH_MASK = (1 << LINE_LENGTH_BITS) - 1;

/** Beyond this the lookup table of run columns (about 8 side^3 bytes) grows past 256 KB. */
const MAX_KERNEL_RADIUS = 15;

export function glrlmKernelPathApplies(settings: Settings): boolean {
  return (settings.weightingNorm === undefined || settings.weightingNorm === null) && (settings.kernelRadius ?? 1) <= MAX_KERNEL_RADIUS;
}

/**
 * Per voxel of the image and per angle of an unclipped kernel (interleaved, [voxel][angle]), two counts packed in
 * one number, each capped at the kernel's side (no run in a box is longer): in the low `bits`, where a run of the
 * image ends there (its successor is outside the image or maskArray or of another level), that run's length, else
 * 0; in the next `bits`, the number of consecutive voxels of its level ending at it along the angle (the run so far).
 */
interface RunCodes {
  angles: number;
  bits: number;
  codes: Uint16Array;
}

/**
 * What a box shape needs per box voxel and angle of the unclipped kernel (local raster index l, [l][angle]): how
 * many box voxels its line holds up to it (the cap on a run ending there), and its `mode`, the row of the column
 * table that reads the run code: the run so far where its successor along the angle leaves the box, else the run
 * ending there. A box clipped flat along an axis has no angle moving along it (generateAngles keeps, in the same
 * order, the angles that fit); there the mode is DISCARD, so those angles get no runs and are deleted like empty ones.
 */
interface ShapeTables {
  steps: Uint8Array;
  mode: Int32Array;
}

/** The row of the column table that sends every run code to the discarded column. */
const DISCARD = 0;

/**
 * The run-length-only counting by lines. windows[p][angle] (p: index in the binning bordered by one voxel of zeros;
 * the angles of a voxel side by side, so that a kernel's lines read few cache lines) describes the `side` voxels
 * from p along the angle: bit i (i < side), voxel i is in the image and maskArray; bit side + i (i < side - 1), a run
 * ends at voxel i. table[window << LINE_LENGTH_BITS | length] holds the runs of the first `length` voxels of such a
 * line as one exact integer: the number of runs of length r + 1 in field r, and in field side whether the line holds
 * two maskArray voxels, each field `fieldSize` wide (no count reaches side^3 + 1).
 */
interface LineRuns {
  windows: Uint16Array;
  table: Float64Array;
  fieldSize: number;
  /** Strides of the bordered binning. */
  px: number;
  pxy: number;
}

/** The lines of a box shape per angle of the unclipped kernel: those of angle a are first[a] .. first[a + 1] - 1. */
interface ShapeLines {
  first: Int32Array;
  /**
   * Per line, one number (one read in the counting loop): the index in `windows` of its first voxel and angle,
   * relative to the box's first voxel, shifted up by LINE_LENGTH_BITS, over its number of voxels.
   */
  lines: Int32Array;
}

export class GlrlmKernelMaps {
  /** Exactly one of the two ways of counting: by lines (LineRuns) or voxel by voxel from the run codes. */
  private readonly runCodes: RunCodes | null;
  private readonly fullAngles: Angles;
  private readonly shapes: KernelAngles;
  private readonly shapeTables = new Map<Angles, ShapeTables>();
  /** The lines of each box size met so far, by boxLines' key. */
  private readonly linesBySize: ShapeLines[] = [];
  /**
   * levelIndex[g]: the matrix row of grey level g, its position among the kernel's levels (-1 when absent, reset
   * after each kernel), or 0 for every level when the matrix has one row (RUN_LENGTH_FEATURES).
   */
  private readonly levelIndex: Int32Array;
  private readonly oneRow: boolean;
  private readonly lineRuns: LineRuns | null;
  private readonly levels: Int32Array;
  /**
   * Views of `levels` by length, so that the matrix handed to the formulas has the kernel's number of levels; all
   * made up front (a kernel holds at most min(Ng, box voxels) levels): made on demand, the first kernel with a new
   * count would send the optimised evaluate back to the interpreter.
   */
  private readonly levelViews: Int32Array[];
  /**
   * Run lengths 1 .. side + 1: each matrix row has one column per run length a kernel can hold plus one where the
   * voxels that end no run are counted (which keeps the counting loop free of branches); that column is zeroed
   * before the features, and a zero column adds exactly nothing to any feature sum.
   */
  private readonly runLengths: Float64Array;
  /** column[mode | code]: the matrix column a box voxel with this run code adds one to (see ShapeTables). */
  private readonly column: Uint8Array;
  /** The `bits` of the run codes, which the column table and the modes are laid out for. */
  private readonly codeBits: number;
  private readonly P: Float64Array;
  private readonly Nr: Float64Array;
  private readonly pr: Float64Array;
  private readonly pg: Float64Array;

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
    const columns = side + 1;
    this.runLengths = Float64Array.from({ length: columns }, (_v, r) => r + 1);
    const bits = Math.ceil(Math.log2(side + 1));
    this.codeBits = bits;
    this.column = new Uint8Array((2 * columns) << (2 * bits)).fill(side);
    for (let leaves = 0; leaves < 2; leaves++) {
      for (let steps = 1; steps <= side; steps++) {
        for (let code = 0; code < 1 << (2 * bits); code++) {
          const length = leaves ? code >> bits : code & ((1 << bits) - 1);
          this.column[((leaves * columns + steps) << (2 * bits)) | code] = length === 0 ? side : Math.min(length, steps) - 1;
        }
      }
    }
    this.oneRow = names.every((name) => RUN_LENGTH_FEATURES.has(name));
    this.levelIndex = new Int32Array(binning.Ng + 1).fill(this.oneRow ? 0 : -1);
    this.levels = new Int32Array(boxVoxels);
    this.levelViews = Array.from({ length: Math.min(binning.Ng, boxVoxels) + 1 }, (_v, count) => this.levels.subarray(0, count));
    this.P = new Float64Array(angles * boxVoxels * columns);
    this.Nr = new Float64Array(angles);
    this.pr = new Float64Array(angles * columns);
    this.pg = new Float64Array(angles * boxVoxels);
    this.lineRuns = this.oneRow && side <= MAX_LINE_SIDE ? this.computeLineRuns(side) : null;
    this.runCodes = this.lineRuns ? null : this.computeRunCodes(bits, side);
  }

  /** Whether the maps are counted by lines, for all ROI voxels at once (evaluateAll), else kernel by kernel (evaluate). */
  get byLines(): boolean {
    return this.lineRuns !== null;
  }

  /**
   * Every map at every ROI voxel from LineRuns, in one pass over the voxels (one hot loop, optimised once): each
   * voxel's one-row matrix of all angles is summed from its kernel's lines and handed to the formulas, which average
   * its kept angles. An angle is deleted where it has no line in the box, no runs, or only single runs and no line
   * holding two maskArray voxels. beforeVoxel runs before each voxel (cancellation).
   */
  evaluateAll(voxels: ArrayLike<number>, kernelRadius: number, force2DAxis: number, beforeVoxel: () => void): void {
    const lineRuns = this.lineRuns;
    if (!lineRuns) throw new Error('GLRLM voxel maps: no line runs to count from.');
    const { fieldSize, px, pxy } = lineRuns;
    const [nx, ny, nz] = this.size;
    const rx = force2DAxis === 0 ? 0 : kernelRadius;
    const ry = force2DAxis === 1 ? 0 : kernelRadius;
    const rz = force2DAxis === 2 ? 0 : kernelRadius;
    const angles = this.fullAngles.count;
    const columns = this.runLengths.length;
    const { P, Nr, pr, pg, names, maps } = this;
    const matrix: GlrlmMatrix = { P, angles: 0, grayLevels: this.levelViews[1], runLengths: this.runLengths, Nr, pr, pg };
    for (let r = 0; r < voxels.length; r++) {
      beforeVoxel();
      const v = voxels[r];
      const x = v % nx;
      const y = ((v - x) / nx) % ny;
      const z = (v - x - y * nx) / (nx * ny);
      // set_bb's box; its lines depend on its size only.
      const x0 = Math.max(x - rx, 0);
      const y0 = Math.max(y - ry, 0);
      const z0 = Math.max(z - rz, 0);
      const { first, lines } = this.boxLines(Math.min(x + rx, nx - 1) - x0 + 1, Math.min(y + ry, ny - 1) - y0 + 1, Math.min(z + rz, nz - 1) - z0 + 1);
      const origin = ((z0 + 1) * pxy + (y0 + 1) * px + x0 + 1) * angles;
      let kept = 0;
      for (let s = 0; s < angles; s++) {
        let packed = packedRunsOfLines(lines, first[s], first[s + 1], origin, lineRuns);
        // P and pr of the kept angle: one grey level, the last (discarded) column stays 0.
        let runs = 0;
        for (let c = 0, cell = kept * columns; c < columns - 1; c++, cell++) {
          const rest = Math.floor(packed / fieldSize);
          const runsOfLength = packed - rest * fieldSize;
          packed = rest;
          P[cell] = runsOfLength;
          pr[cell] = runsOfLength;
          runs += runsOfLength;
        }
        // Kept with a run longer than 1 or, what is left of `packed`, lines holding two maskArray voxels (none
        // without runs). One test, always evaluated: a test met late would send the optimised loop back.
        if (runs - pr[kept * columns] + packed === 0) continue;
        pg[kept] = runs;
        Nr[kept++] = runs;
      }
      matrix.angles = kept;
      for (let n = 0; n < names.length; n++) maps[n][v] = glrlmFeatureValue(matrix, names[n]);
    }
  }

  /** The lines of a box of bx * by * bz voxels (LineRuns), made on the first box of that size. */
  private boxLines(bx: number, by: number, bz: number): ShapeLines {
    const key = (bz * LINE_SIZES + by) * LINE_SIZES + bx;
    return (this.linesBySize[key] ??= this.linesOfSize(bx, by, bz));
  }

  private linesOfSize(bx: number, by: number, bz: number): ShapeLines {
    if (!this.lineRuns) throw new Error('GLRLM voxel maps: no line runs to count from.');
    return this.linesOf([bx, by, bz], this.anglesFitting({ lower: [0, 0, 0], upper: [bx - 1, by - 1, bz - 1] }), this.lineRuns);
  }

  /** For each angle of the unclipped kernel, whether generateAngles keeps it for the shape of `box`. */
  private anglesFitting(box: KernelBox): boolean[] {
    const fitting = this.shapes.of(box);
    const { offsets, count } = this.fullAngles;
    return Array.from({ length: count }, (_v, a) => {
      for (let b = 0; b < fitting.count; b++) {
        let same = true;
        for (let d = 0; d < 3; d++) same &&= fitting.offsets[b * 3 + d] === offsets[a * 3 + d];
        if (same) return true;
      }
      return false;
    });
  }

  evaluate(box: KernelBox, voxel: number): void {
    const tables = this.tablesOf(box);
    const levelCount = this.oneRow ? 1 : this.collectLevels(box);
    const kept = this.runsOfVoxels(box, tables, levelCount);
    const { P, Nr, pr, pg } = this;
    const matrix: GlrlmMatrix = { P, angles: kept, grayLevels: this.levelViews[levelCount], runLengths: this.runLengths, Nr, pr, pg };
    for (let n = 0; n < this.names.length; n++) this.maps[n][voxel] = glrlmFeatureValue(matrix, this.names[n]);
    if (!this.oneRow) for (let g = 0; g < levelCount; g++) this.levelIndex[this.levels[g]] = -1;
  }

  /** The matrix of the kernel counted voxel by voxel from the run codes, kept angles first; returns their number. */
  private runsOfVoxels(box: KernelBox, tables: ShapeTables, levelCount: number): number {
    const count = this.fullAngles.count;
    const columns = this.runLengths.length;
    const perAngle = levelCount * columns;
    if (!this.runCodes) throw new Error('GLRLM voxel maps: no run codes to count from.');
    this.P.fill(0, 0, count * perAngle);
    this.countRuns(box, tables.mode, columns, perAngle, this.runCodes);
    const { P, Nr, pr, pg } = this;
    // Empty angles, and those along which no line holds two maskArray voxels, are deleted.
    let kept = 0;
    for (let s = 0; s < count; s++) {
      const from = s * perAngle;
      const prRow = kept * columns;
      pr.fill(0, prRow, prRow + columns);
      let runs = 0;
      for (let g = 0, cell = from; g < levelCount; g++, cell += columns) {
        P[cell + columns - 1] = 0;
        let levelRuns = 0;
        for (let r = 0; r < columns - 1; r++) {
          levelRuns += P[cell + r];
          pr[prRow + r] += P[cell + r];
        }
        pg[kept * levelCount + g] = levelRuns;
        runs += levelRuns;
      }
      const longRuns = runs - pr[prRow];
      if (runs === 0 || (longRuns === 0 && !this.twoOnALine(box, s, tables.steps))) continue;
      if (kept !== s) P.copyWithin(kept * perAngle, from, from + perAngle);
      Nr[kept++] = runs;
    }
    return kept;
  }

  /** Each run of the box is counted at its last voxel along the angle, with its length in the box. */
  private countRuns(box: KernelBox, mode: Int32Array, columns: number, perAngle: number, { codes, angles }: RunCodes): void {
    const { P, levelIndex, column } = this;
    const { binned } = this.binning;
    const nx = this.size[0];
    const ny = this.size[1];
    const bx = box.upper[0] - box.lower[0] + 1;
    for (let z = box.lower[2], l = 0; z <= box.upper[2]; z++) {
      for (let y = box.lower[1]; y <= box.upper[1]; y++) {
        for (let v = (z * ny + y) * nx + box.lower[0], end = v + bx; v < end; v++, l++) {
          const level = binned[v];
          if (level === 0) continue;
          const code = v * angles;
          for (let s = 0, t = l * angles, cell = levelIndex[level] * columns; s < angles; s++, t++, cell += perAngle) {
            P[cell + column[mode[t] | codes[code + s]]]++;
          }
        }
      }
    }
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
   * Whether some line of the box along angle `s` (of the unclipped kernel) holds two maskArray voxels (whatever their levels): some
   * maskArray voxel has another one behind it on its line, within the box voxels of that line up to it.
   */
  private twoOnALine(box: KernelBox, s: number, steps: Uint8Array): boolean {
    const { binned } = this.binning;
    const [nx, ny] = this.size;
    const { offsets, count } = this.fullAngles;
    const delta = (offsets[s * 3] * ny + offsets[s * 3 + 1]) * nx + offsets[s * 3 + 2];
    for (let z = box.lower[2], l = 0; z <= box.upper[2]; z++) {
      for (let y = box.lower[1]; y <= box.upper[1]; y++) {
        for (let x = box.lower[0]; x <= box.upper[0]; x++, l++) {
          const v = (z * ny + y) * nx + x;
          if (binned[v] === 0) continue;
          for (let back = 1; back < steps[l * count + s]; back++) if (binned[v - back * delta] !== 0) return true;
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
    const fits = this.anglesFitting(box);
    const size: Vec3 = [box.upper[0] - box.lower[0] + 1, box.upper[1] - box.lower[1] + 1, box.upper[2] - box.lower[2] + 1];
    const steps = new Uint8Array(size[0] * size[1] * size[2] * full.count);
    const mode = new Int32Array(steps.length).fill(DISCARD);
    const columns = this.runLengths.length;
    const bits = this.codeBits;
    for (let z = 0, l = 0; z < size[2]; z++) {
      for (let y = 0; y < size[1]; y++) {
        for (let x = 0; x < size[0]; x++, l++) {
          for (let a = 0; a < full.count; a++) {
            if (!fits[a]) continue;
            // Numpy order (dz, dy, dx) against (x, y, z) box coordinates.
            const position = [z, y, x];
            const extent = [size[2], size[1], size[0]];
            let next = true;
            let line = 255;
            for (let d = 0; d < 3; d++) {
              const offset = full.offsets[a * 3 + d];
              if (offset === 0) continue;
              next &&= position[d] + offset >= 0 && position[d] + offset < extent[d];
              line = Math.min(line, offset > 0 ? position[d] + 1 : extent[d] - position[d]);
            }
            mode[l * full.count + a] = ((next ? 0 : columns) + line) << (2 * bits);
            steps[l * full.count + a] = line;
          }
        }
      }
    }
    tables = { steps, mode };
    this.shapeTables.set(angles, tables);
    return tables;
  }

  /** The lines of a box of `size` (x, y, z) along each angle that fits it. */
  private linesOf(size: Vec3, fits: boolean[], { px, pxy }: LineRuns): ShapeLines {
    const { offsets, count } = this.fullAngles;
    const first = new Int32Array(count + 1);
    const lines: number[] = [];
    const inside = (x: number, y: number, z: number) => x >= 0 && x < size[0] && y >= 0 && y < size[1] && z >= 0 && z < size[2];
    for (let a = 0; a < count; a++) {
      first[a] = lines.length;
      if (!fits[a]) continue;
      const [dz, dy, dx] = [offsets[a * 3], offsets[a * 3 + 1], offsets[a * 3 + 2]];
      for (let z = 0; z < size[2]; z++) {
        for (let y = 0; y < size[1]; y++) {
          for (let x = 0; x < size[0]; x++) {
            if (inside(x - dx, y - dy, z - dz)) continue;
            let voxels = 1;
            while (inside(x + voxels * dx, y + voxels * dy, z + voxels * dz)) voxels++;
            lines.push((((z * pxy + y * px + x) * count + a) << LINE_LENGTH_BITS) | voxels);
          }
        }
      }
    }
    first[count] = lines.length;
    return { first, lines: Int32Array.from(lines) };
  }

  /**
   * The windows of every voxel of the bordered binning, in one reverse raster pass (a voxel's successors along all
   * angles come later in raster order), and the table of runs per line.
   */
  private computeLineRuns(side: number): LineRuns {
    const { padded, px, pxy } = this.borderedBinning();
    const { offsets, count: angles } = this.fullAngles;
    const paddedDelta = Int32Array.from({ length: angles }, (_v, a) => offsets[a * 3] * pxy + offsets[a * 3 + 1] * px + offsets[a * 3 + 2]);
    const windows = lineWindows(padded, this.size, px, pxy, paddedDelta, side);
    const fieldSize = 2 ** Math.ceil(Math.log2(side ** 3 + 1));
    return { windows, table: lineTable(side, fieldSize), fieldSize, px, pxy };
  }

  /** The binning with a one-voxel border of zeros, which ends every run at the image border without bound checks. */
  private borderedBinning(): { padded: Int32Array; px: number; pxy: number } {
    const { binned } = this.binning;
    const [nx, ny, nz] = this.size;
    const px = nx + 2;
    const pxy = px * (ny + 2);
    const padded = new Int32Array(pxy * (nz + 2));
    for (let z = 0, v = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++, v += nx) padded.set(binned.subarray(v, v + nx), (z + 1) * pxy + (y + 1) * px + 1);
    }
    return { padded, px, pxy };
  }

  /**
   * One raster pass: every angle's offset points forward in raster order (its first non-zero component, along the
   * slowest axis, is positive), so a voxel's predecessors along all angles are done before it.
   */
  private computeRunCodes(bits: number, side: number): RunCodes {
    const { binned } = this.binning;
    const [nx, ny, nz] = this.size;
    const { offsets, count: angles } = this.fullAngles;
    const { padded, px, pxy } = this.borderedBinning();
    const delta = new Int32Array(angles);
    const paddedDelta = new Int32Array(angles);
    for (let a = 0; a < angles; a++) {
      const [dz, dy, dx] = [offsets[a * 3], offsets[a * 3 + 1], offsets[a * 3 + 2]];
      delta[a] = (dz * ny + dy) * nx + dx;
      paddedDelta[a] = dz * pxy + dy * px + dx;
      if (delta[a] <= 0) throw new Error(`GLRLM angle (${dz}, ${dy}, ${dx}) does not point forward in raster order.`);
    }
    const codes = new Uint16Array(binned.length * angles);
    for (let z = 0, v = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0, p = (z + 1) * pxy + (y + 1) * px + 1; x < nx; x++, v++, p++) {
          const level = padded[p];
          if (level === 0) continue;
          for (let a = 0; a < angles; a++) {
            const soFar = padded[p - paddedDelta[a]] === level ? Math.min((codes[(v - delta[a]) * angles + a] >> bits) + 1, side) : 1;
            codes[v * angles + a] = (soFar << bits) | (padded[p + paddedDelta[a]] === level ? 0 : soFar);
          }
        }
      }
    }
    return { angles, bits, codes };
  }
}

/**
 * LineRuns' windows, [p][angle]. Each hot loop has a function of its own: optimised while it runs, it then meets no
 * code that has not run yet.
 */
function lineWindows(padded: Int32Array, size: Vec3, px: number, pxy: number, paddedDelta: Int32Array, side: number): Uint16Array {
  const angles = paddedDelta.length;
  const inMask = (1 << side) - 1;
  const breaks = (1 << (side - 1)) - 1;
  const windows = new Uint16Array(padded.length * angles);
  // One flat loop from the last image voxel back to the first (a nested loop optimised in its first row would be
  // thrown away at the next row). The border voxels on the way get windows too; no line reaches them.
  for (let p = size[2] * pxy + size[1] * px + size[0]; p >= pxy + px + 1; p--) {
    const level = padded[p];
    for (let a = 0; a < angles; a++) {
      const next = p + paddedDelta[a];
      const after = windows[next * angles + a];
      // Every operation runs from the first voxel on (no branch first taken later, which would discard the code).
      const inside = level !== 0 ? 1 : 0;
      const runBreak = padded[next] !== level ? inside : 0;
      const masked = (((after & inMask) << 1) & inMask) | inside;
      const broken = ((((after >> side) & breaks) << 1) & breaks) | runBreak;
      windows[p * angles + a] = masked | (broken << side);
    }
  }
  return windows;
}

/** The runs of a kernel along one angle, packed as in LineRuns' table: the sum over its lines first .. end - 1. */
function packedRunsOfLines(lines: Int32Array, first: number, end: number, origin: number, { windows, table }: LineRuns): number {
  let packed = 0;
  for (let i = first; i < end; i++) {
    const line = lines[i];
    packed += table[(windows[origin + (line >> LINE_LENGTH_BITS)] << LINE_LENGTH_BITS) | (line & LINE_LENGTH_MASK)];
  }
  return packed;
}

/** LineRuns' table: the runs of the first `length` voxels of a line with each window (pattern of 2 side - 1 bits). */
function lineTable(side: number, fieldSize: number): Float64Array {
  const patterns = 1 << (2 * side - 1);
  const table = new Float64Array(patterns << LINE_LENGTH_BITS);
  // field[r]: one run of length r + 1; field[side]: the line holds two maskArray voxels.
  const field = Float64Array.from({ length: side + 1 }, (_v, r) => fieldSize ** r);
  for (let pattern = 0; pattern < patterns; pattern++) {
    // The line's voxels one by one; the first `length` of them end at voxel length - 1, which ends its run.
    let closed = 0;
    let run = 0;
    let maskVoxels = 0;
    for (let i = 0, length = 1; i < side; i++, length++) {
      const inMask = (pattern >> i) & 1;
      maskVoxels += inMask;
      run += inMask;
      const last = inMask === 1 ? field[run - 1] : 0;
      table[(pattern << LINE_LENGTH_BITS) | length] = closed + last + (maskVoxels >= 2 ? field[side] : 0);
      if (inMask === 1 && ((pattern >> (side + i)) & 1) === 1) {
        closed += last;
        run = 0;
      }
    }
  }
  return table;
}
