import { Random } from '../../cli/src/training/random';
import { valueNoise } from './random';

/** Axial grid shared by every series of a synthetic study (one frame of reference, same slice positions). */
export interface Grid {
  rows: number;
  columns: number;
  slices: number;
  pixelSpacingMm: number;
  sliceThicknessMm: number;
  /** Patient-space (LPS, mm) centre of the first pixel of the first slice. */
  origin: [number, number, number];
}

export const SAMPLE_GRID: Grid = {
  rows: 256,
  columns: 256,
  slices: 20,
  pixelSpacingMm: 0.45,
  sliceThicknessMm: 3.5,
  origin: [-(255 * 0.45) / 2, -(255 * 0.45) / 2 + 8, -(19 * 3.5) / 2],
};

export function positionOf(grid: Grid, column: number, row: number, slice: number): [number, number, number] {
  return [grid.origin[0] + column * grid.pixelSpacingMm, grid.origin[1] + row * grid.pixelSpacingMm, grid.origin[2] + slice * grid.sliceThicknessMm];
}

/** The tumour: a lobulated ellipsoid, star-shaped around its centre so that contours and mask agree exactly. */
export interface Tumour {
  centre: [number, number, number];
  radii: [number, number, number];
  lobePhase: number;
  necroticFraction: number;
}

function lobulation(tumour: Tumour, qx: number, qy: number, qz: number): number {
  const length = Math.hypot(qx, qy, qz) || 1;
  const azimuth = Math.atan2(qy, qx);
  const elevation = qz / length;
  return 1 + 0.16 * Math.sin(3 * azimuth + tumour.lobePhase) * Math.sqrt(1 - elevation * elevation) + 0.08 * Math.cos(5 * azimuth) + 0.06 * elevation;
}

/** Normalised radial position: < 1 inside the tumour, 1 on its surface. */
export function tumourRadius(tumour: Tumour, x: number, y: number, z: number): number {
  const qx = (x - tumour.centre[0]) / tumour.radii[0];
  const qy = (y - tumour.centre[1]) / tumour.radii[1];
  const qz = (z - tumour.centre[2]) / tumour.radii[2];
  return Math.hypot(qx, qy, qz) / lobulation(tumour, qx, qy, qz);
}

/** The tumour outline on the axial plane z as a closed polygon (patient mm), or undefined if the plane misses it. */
export function tumourContour(tumour: Tumour, z: number, points = 72): [number, number, number][] | undefined {
  if (tumourRadius(tumour, tumour.centre[0], tumour.centre[1], z) >= 1) return undefined;
  const contour: [number, number, number][] = [];
  for (let p = 0; p < points; p++) {
    const angle = (2 * Math.PI * p) / points;
    const dx = Math.cos(angle) * tumour.radii[0];
    const dy = Math.sin(angle) * tumour.radii[1];
    let inside = 0;
    let outside = 3;
    for (let step = 0; step < 40; step++) {
      const t = (inside + outside) / 2;
      if (tumourRadius(tumour, tumour.centre[0] + t * dx, tumour.centre[1] + t * dy, z) < 1) inside = t;
      else outside = t;
    }
    const t = (inside + outside) / 2;
    contour.push([tumour.centre[0] + t * dx, tumour.centre[1] + t * dy, z]);
  }
  return contour;
}

export type Tissue = 'air' | 'skin' | 'fat' | 'muscle' | 'softTissue' | 'mucosa' | 'marrow' | 'cortex' | 'gland' | 'tumour' | 'necrosis';
export type Sequence = 'T1' | 'T2' | 'T1C';

/** Mean signal per tissue and sequence: T1 (fat bright), T2 fat-sat (fluid and tumour bright), CE-T1 fat-sat (enhancing). */
const SIGNAL: Record<Sequence, Record<Tissue, number>> = {
  T1: { air: 6, skin: 650, fat: 1150, muscle: 430, softTissue: 520, mucosa: 480, marrow: 820, cortex: 40, gland: 780, tumour: 470, necrosis: 360 },
  T2: { air: 6, skin: 420, fat: 170, muscle: 290, softTissue: 430, mucosa: 1100, marrow: 250, cortex: 30, gland: 520, tumour: 820, necrosis: 1350 },
  T1C: { air: 6, skin: 560, fat: 210, muscle: 520, softTissue: 610, mucosa: 1300, marrow: 390, cortex: 40, gland: 720, tumour: 1050, necrosis: 330 },
};
/** Texture amplitude of the tumour per sequence: heterogeneous, most of all after contrast. */
const TUMOUR_TEXTURE: Record<Sequence, number> = { T1: 70, T2: 170, T1C: 230 };
const NOISE_SIGMA: Record<Sequence, number> = { T1: 16, T2: 20, T1C: 18 };

function insideEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean {
  const dx = (x - cx) / rx;
  const dy = (y - cy) / ry;
  return dx * dx + dy * dy < 1;
}

/** Nasopharynx-like anatomy at one point (mm); the airway narrows towards the skull base. */
function tissueAt(tumour: Tumour, x: number, y: number, z: number): Tissue {
  // Lobulation stays within 1.3x the radii, so farther points need no trigonometry.
  const nearTumour = tumour.centre.every((centre, axis) => Math.abs([x, y, z][axis] - centre) < 1.3 * tumour.radii[axis]);
  const tumourR = nearTumour ? tumourRadius(tumour, x, y, z) : Infinity;
  if (tumourR < 1) return tumourR < tumour.necroticFraction ? 'necrosis' : 'tumour';
  if (!insideEllipse(x, y, 0, 6, 58, 66)) return 'air';
  if (!insideEllipse(x, y, 0, 6, 56.5, 64.5)) return 'skin';
  if (!insideEllipse(x, y, 0, 6, 52, 60)) return 'fat';
  const airwayScale = 1 - Math.max(0, z) / 60;
  if (insideEllipse(x, y, 0, -12, 11 * airwayScale, 6 * airwayScale)) return 'air';
  if (insideEllipse(x, y, 0, -12, 11 * airwayScale + 2.5, 6 * airwayScale + 2.5)) return 'mucosa';
  for (const side of [-1, 1]) {
    if (insideEllipse(x, y, side * 44, -6, 4.5, 17)) return insideEllipse(x, y, side * 44, -6, 2.5, 15) ? 'marrow' : 'cortex';
    if (insideEllipse(x, y, side * 40, 22, 10, 13)) return 'gland';
    if (insideEllipse(x, y, side * 27, -8, 8, 13)) return 'muscle';
    if (insideEllipse(x, y, side * 18, 2, 5.5, 10)) return 'fat';
    if (insideEllipse(x, y, side * 8, 8, 6, 5)) return 'muscle';
  }
  if (insideEllipse(x, y, 0, 26, 12, 10)) return insideEllipse(x, y, 0, 26, 10, 8) ? 'marrow' : 'cortex';
  return 'softTissue';
}

export interface SyntheticVolume {
  grid: Grid;
  /** Unsigned 12-bit signal, slice-major (slice, row, column). */
  pixels: Uint16Array;
}

const TISSUES: Tissue[] = ['air', 'skin', 'fat', 'muscle', 'softTissue', 'mucosa', 'marrow', 'cortex', 'gland', 'tumour', 'necrosis'];

/** What every series of a study shares: tissue labels and the tumour's and tissues' texture fields. */
export interface Anatomy {
  grid: Grid;
  tumour: Tumour;
  labels: Uint8Array;
  tumourTexture: Float32Array;
  tissueTexture: Float32Array;
}

/** Evaluates the anatomy once per study (the costly part); the sequences then only map it to signal. */
export function buildAnatomy(grid: Grid, tumour: Tumour, seed: number): Anatomy {
  const random = new Random(seed);
  const coarse = valueNoise(random, 6, 80);
  const fine = valueNoise(random, 2.2, 80);
  const count = grid.rows * grid.columns * grid.slices;
  const labels = new Uint8Array(count);
  const tumourTexture = new Float32Array(count);
  const tissueTexture = new Float32Array(count);
  let index = 0;
  for (let k = 0; k < grid.slices; k++) {
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.columns; c++, index++) {
        const [x, y, z] = positionOf(grid, c, r, k);
        const tissue = tissueAt(tumour, x, y, z);
        labels[index] = TISSUES.indexOf(tissue);
        if (tissue === 'tumour') tumourTexture[index] = 0.65 * coarse(x, y, z) + 0.35 * fine(x, y, z);
        else if (tissue !== 'air') tissueTexture[index] = coarse(x + 40, y + 40, z);
      }
    }
  }
  return { grid, tumour, labels, tumourTexture, tissueTexture };
}

/**
 * One MR series of the phantom: tissue signal, tumour texture (smooth random fields of two scales), a gentle
 * receive-coil bias, in-plane partial-volume blur and Rician noise. Deterministic for a given seed.
 */
export function synthesise(anatomy: Anatomy, sequence: Sequence, seed: number): SyntheticVolume {
  const { grid } = anatomy;
  const noise = new Random(seed ^ { T1: 0x1111, T2: 0x2222, T1C: 0x3333 }[sequence]);
  const signal = TISSUES.map((tissue) => SIGNAL[sequence][tissue]);
  const tumourIndex = TISSUES.indexOf('tumour');
  const plane = grid.rows * grid.columns;
  const pixels = new Uint16Array(plane * grid.slices);
  const clean = new Float32Array(plane);
  const blurred = new Float32Array(plane);
  for (let k = 0; k < grid.slices; k++) {
    for (let r = 0; r < grid.rows; r++) {
      const bias = 1 + 0.1 * (positionOf(grid, 0, r, k)[1] / 60);
      for (let c = 0; c < grid.columns; c++) {
        const i = r * grid.columns + c;
        const voxel = k * plane + i;
        const label = anatomy.labels[voxel];
        let value = signal[label];
        value += label === tumourIndex ? TUMOUR_TEXTURE[sequence] * anatomy.tumourTexture[voxel] : 0.12 * value * anatomy.tissueTexture[voxel];
        clean[i] = value * bias;
      }
    }
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.columns; c++) {
        let sum = 0;
        let weight = 0;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const rr = r + dr, cc = c + dc;
            if (rr < 0 || cc < 0 || rr >= grid.rows || cc >= grid.columns) continue;
            const w = dr === 0 && dc === 0 ? 4 : dr === 0 || dc === 0 ? 2 : 1;
            sum += w * clean[rr * grid.columns + cc];
            weight += w;
          }
        }
        blurred[r * grid.columns + c] = sum / weight;
      }
    }
    const sigma = NOISE_SIGMA[sequence];
    for (let i = 0; i < plane; i++) {
      const magnitude = Math.hypot(blurred[i] + sigma * noise.normal(), sigma * noise.normal());
      pixels[k * plane + i] = Math.min(4095, Math.round(magnitude));
    }
  }
  return { grid, pixels };
}

/** The tumour mask (1 inside, necrotic core included), at pixel centres like the image. */
export function tumourMask(anatomy: Anatomy): Uint8Array {
  const inside = [TISSUES.indexOf('tumour'), TISSUES.indexOf('necrosis')];
  return anatomy.labels.map((label) => (inside.includes(label) ? 1 : 0));
}

/** A reader's outline of a tumour model as a mask at pixel centres (a second reader draws a slightly different model). */
export function outlineMask(grid: Grid, outline: Tumour): Uint8Array {
  const mask = new Uint8Array(grid.rows * grid.columns * grid.slices);
  let index = 0;
  for (let k = 0; k < grid.slices; k++) {
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.columns; c++, index++) {
        const [x, y, z] = positionOf(grid, c, r, k);
        if (tumourRadius(outline, x, y, z) < 1) mask[index] = 1;
      }
    }
  }
  return mask;
}
