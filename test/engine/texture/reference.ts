/** Loads the PyRadiomics 3.0.1 texture references (scripts/reference/texture_features.py) for the texture tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureClassInput } from '../../../extension/src/radiomics/features/featureClass';
import type { Vec3 } from '../../../extension/src/radiomics/image/volume';
import type { Settings } from '../../../extension/src/radiomics/settings';
import { REPO_ROOT } from '../../support/fixtures';

const DIR = join(REPO_ROOT, 'test', 'reference', 'texture');

function load<T>(name: string): T {
  return JSON.parse(readFileSync(join(DIR, name), 'utf8')) as T;
}

interface ReferenceCase {
  /** SimpleITK's pixel type name, e.g. '16-bit signed integer', '32-bit float'. */
  pixelType: string;
  size: Vec3;
  spacing: Vec3;
  image: number[];
  mask: number[];
}

export const CASES = load<{ cases: Record<string, ReferenceCase> }>('cases.json').cases;

export const FEATURES = load<{
  variations: Record<string, Settings>;
  features: Record<string, Record<string, Record<string, Record<string, number | null>>>>;
}>('features.json');

export interface ReferenceMatrix {
  shape: number[];
  values: (number | null)[];
}

export const MATRICES = load<{
  matrices: Record<string, Record<string, Record<string, ReferenceMatrix>>>;
  angles: {
    shape: Vec3;
    distances: number[];
    bidirectional: boolean;
    force2Ddimension: number;
    angles: number[][] | null;
  }[];
}>('matrices.json');

export function inputOf(caseName: string, settings: Settings): FeatureClassInput {
  const c = CASES[caseName];
  return {
    image: Float64Array.from(c.image),
    mask: Uint8Array.from(c.mask),
    size: c.size,
    spacing: c.spacing,
    settings,
    pixelType: c.pixelType === '32-bit float' ? 'float32' : 'float64',
  };
}

/** PyRadiomics' conformance criterion for us: 1e-6 relative, or 1e-9 absolute near zero; NaN (null) must match. */
export function deviation(actual: number, expected: number | null): number {
  if (expected === null) return Number.isNaN(actual) ? 0 : Infinity;
  if (Number.isNaN(actual)) return Infinity;
  const difference = Math.abs(actual - expected);
  if (difference <= 1e-9) return 0;
  return difference / Math.abs(expected);
}

export const RELATIVE_TOLERANCE = 1e-6;

/** Parses a little-endian float64 .npy file (the PyRadiomics baseline matrices), returned in C order. */
export function readNpy(path: string): { shape: number[]; data: Float64Array } {
  const bytes = readFileSync(path);
  if (bytes.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path} is not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  if (!header.includes("'descr': '<f8'")) throw new Error(`${path}: only little-endian float64 is supported (${header})`);
  const fortranOrder = header.includes("'fortran_order': True");
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const start = headerStart + headerLength;
  const stored = new Float64Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
  if (!fortranOrder) return { shape, data: stored };
  const data = new Float64Array(stored.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let d = shape.length - 1; d >= 0; d--) f = f * shape[d] + index[d];
    data[c] = stored[f];
    for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  return { shape, data };
}
