/**
 * SYNTHETIC MR-like volumes of one demo patient: T1, T2 and CE-T1 (int16, 64 x 64 x 12 voxels of 0.75 x 0.75 x 3 mm, axial) and the tumour
 * ROI (uint8, label 1), all on one grid. Not patient data.
 */
import { IDENTITY_DIRECTION, type Volume } from '../../extension/src/radiomics/image/volume';
import { Random } from '../../cli/src/training/random';
import type { SyntheticPatient } from './cohort';

export const SEQUENCES = ['T1', 'T2', 'T1C'] as const;
export type Sequence = (typeof SEQUENCES)[number];

const SIZE: [number, number, number] = [64, 64, 12];
const SPACING: [number, number, number] = [0.75, 0.75, 3.0];

/** Gaussian noise smoothed by `passes` 3x3x3-ish box blurs in-plane (coarser grain for more passes), unit variance. */
function texture(random: Random, passes: number): Float64Array {
  const [nx, ny, nz] = SIZE;
  let field = Float64Array.from({ length: nx * ny * nz }, () => random.normal());
  for (let pass = 0; pass < passes; pass++) {
    const next = new Float64Array(field.length);
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          let s = 0;
          let c = 0;
          for (let dj = -1; dj <= 1; dj++) {
            for (let di = -1; di <= 1; di++) {
              const x = i + di;
              const y = j + dj;
              if (x < 0 || y < 0 || x >= nx || y >= ny) continue;
              s += field[x + nx * (y + ny * k)];
              c++;
            }
          }
          next[i + nx * (j + ny * k)] = s / c;
        }
      }
    }
    field = next;
  }
  let ss = 0;
  for (const v of field) ss += v * v;
  const scale = Math.sqrt(field.length / ss);
  return field.map((v) => v * scale);
}

function unitVector(random: Random): [number, number, number] {
  const v: [number, number, number] = [random.normal(), random.normal(), random.normal()];
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
}

export interface PatientImages {
  images: Record<Sequence, Volume>;
  mask: Volume;
  roiVoxels: number;
}

export function patientImages(patient: SyntheticPatient): PatientImages {
  const random = new Random(patient.imageSeed);
  const { size, lobulation, heterogeneity, coarseness, t2Signal } = patient.traits;
  const [nx, ny, nz] = SIZE;
  const radius = 6 * Math.exp(0.25 * size); // mm
  const axes = [radius * (1 + 0.15 * random.normal()), radius * (1 + 0.15 * random.normal()), radius * (0.8 + 0.1 * random.normal())].map((a) => Math.max(4, a));
  const lobes = Array.from({ length: 4 }, () => ({ direction: unitVector(random), frequency: 2 + 3 * random.next(), phase: 2 * Math.PI * random.next() }));
  const lobeAmplitude = 0.12 * Math.exp(0.5 * lobulation);
  const centre = [nx / 2 + 3 * Math.tanh(random.normal()), ny / 2 + 3 * Math.tanh(random.normal()), nz / 2 + 0.5 * Math.tanh(random.normal())];
  const mask = new Uint8Array(nx * ny * nz);
  const depth = new Float64Array(nx * ny * nz); // 0 at the surface, 1 at the centre
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const d = [(i - centre[0]) * SPACING[0], (j - centre[1]) * SPACING[1], (k - centre[2]) * SPACING[2]];
        const r = Math.hypot(d[0] / axes[0], d[1] / axes[1], d[2] / axes[2]);
        const n = Math.hypot(...d) || 1;
        let bump = 0;
        for (const lobe of lobes) bump += Math.sin(lobe.frequency * Math.PI * ((d[0] * lobe.direction[0] + d[1] * lobe.direction[1] + d[2] * lobe.direction[2]) / n) + lobe.phase);
        const limit = 1 + lobeAmplitude * bump;
        if (r < limit) {
          mask[i + nx * (j + ny * k)] = 1;
          depth[i + nx * (j + ny * k)] = 1 - r / limit;
        }
      }
    }
  }
  const passes = Math.max(0, Math.min(4, Math.round(1.5 + coarseness)));
  const background = texture(random, 3);
  const grain = (amplitude: number) => texture(random, passes).map((v) => v * amplitude);
  const heterogeneityAmplitude = 60 * Math.exp(0.4 * heterogeneity);
  const necrosis = 0.35 + 0.1 * heterogeneity; // depth beyond which the CE-T1 core is dark
  const tumour: Record<Sequence, (grainValue: number, depthValue: number) => number> = {
    T1: (grainValue) => 420 + 0.5 * grainValue,
    T2: (grainValue) => 650 + 80 * t2Signal + 0.8 * grainValue,
    T1C: (grainValue, depthValue) => (depthValue > necrosis ? 520 : 900 + 40 * heterogeneity) + grainValue,
  };
  const tissue: Record<Sequence, number> = { T1: 500, T2: 380, T1C: 560 };
  const images = {} as Record<Sequence, Volume>;
  for (const sequence of SEQUENCES) {
    const g = grain(heterogeneityAmplitude);
    const data = new Int16Array(nx * ny * nz);
    for (let v = 0; v < data.length; v++) {
      const value = mask[v] ? tumour[sequence](g[v], depth[v]) : tissue[sequence] + 40 * background[v];
      data[v] = Math.max(0, Math.round(value + 10 * random.normal()));
    }
    images[sequence] = { data, size: [...SIZE], spacing: [...SPACING], origin: [-24, -24, -18], direction: [...IDENTITY_DIRECTION], pixelType: 'int16' };
  }
  const roiVoxels = mask.reduce((s, v) => s + v, 0);
  return { images, mask: { data: mask, size: [...SIZE], spacing: [...SPACING], origin: [-24, -24, -18], direction: [...IDENTITY_DIRECTION], pixelType: 'uint8' }, roiVoxels };
}
