import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNrrd } from '../../../extension/src/radiomics/image/io';
import type { Direction, PixelType, TypedArray, Vec3, Volume } from '../../../extension/src/radiomics/image/volume';
import type { Settings } from '../../../extension/src/radiomics/settings';
import { allocate } from '../../../extension/src/radiomics/image/io/pixelData';
import { fixturePath, REPO_ROOT } from '../../support/fixtures';

/** Reference data written by scripts/reference/filters_reference.py (PyRadiomics 3.0.1 imageoperations). */
const REFERENCE_DIR = join(REPO_ROOT, 'test', 'reference', 'filters');

export const CASE_NAMES = ['brain1_crop', 'brain1_seed_grid', 'int16_odd_oblique', 'float32_even', 'float64_mixed', 'uint8_thin', 'int32_single_slice'];

interface StoredArray {
  pixelType: PixelType;
  offset: number;
  byteLength: number;
}

interface CaseDocument {
  input: ((StoredArray & { source: 'synthetic' }) | { source: { fixture: string; cropStart: Vec3; cropSize: Vec3 }; voxelSum: number }) & {
    pixelType: PixelType;
    size: Vec3;
    spacing: Vec3;
    origin: Vec3;
    direction: Direction;
  };
  runs: Array<{
    imageType: string;
    settings: Settings;
    warnings: string[];
    outputs: Array<StoredArray & { imageTypeName: string }>;
  }>;
}

export interface ReferenceOutput {
  imageTypeName: string;
  pixelType: PixelType;
  data: TypedArray;
}

export interface ReferenceRun {
  imageType: string;
  settings: Settings;
  warnings: string[];
  outputs: ReferenceOutput[];
}

export interface ReferenceCase {
  name: string;
  input: Volume;
  runs: ReferenceRun[];
}

function decode(bytes: Buffer, stored: StoredArray): TypedArray {
  const copy = new Uint8Array(stored.byteLength);
  copy.set(bytes.subarray(stored.offset, stored.offset + stored.byteLength));
  const empty = allocate(stored.pixelType, 0);
  const Constructor = empty.constructor as new (buffer: ArrayBuffer) => TypedArray;
  return new Constructor(copy.buffer);
}

/** The region [start, start + count) of a volume, with the origin of its first voxel (as sitk slicing does). */
function crop(volume: Volume, start: Vec3, count: Vec3): Volume {
  const [nx, ny] = volume.size;
  const data = allocate(volume.pixelType, count[0] * count[1] * count[2]);
  let q = 0;
  for (let k = 0; k < count[2]; k++) {
    for (let j = 0; j < count[1]; j++) {
      for (let i = 0; i < count[0]; i++) data[q++] = volume.data[start[0] + i + nx * (start[1] + j + ny * (start[2] + k))];
    }
  }
  const d = volume.direction;
  const offset = [0, 1, 2].map((a) => start[a] * volume.spacing[a]);
  const origin: Vec3 = [0, 1, 2].map((r) => volume.origin[r] + d[3 * r] * offset[0] + d[3 * r + 1] * offset[1] + d[3 * r + 2] * offset[2]) as Vec3;
  return { ...volume, size: count, origin, data };
}

export function loadCase(name: string): ReferenceCase {
  const document = JSON.parse(readFileSync(join(REFERENCE_DIR, `${name}.json`), 'utf8')) as CaseDocument;
  const bytes = readFileSync(join(REFERENCE_DIR, `${name}.bin`));
  const { input } = document;
  let volume: Volume;
  if (input.source !== 'synthetic') {
    const full = readNrrd(new Uint8Array(readFileSync(fixturePath(...input.source.fixture.split('/')))));
    volume = crop(full, input.source.cropStart, input.source.cropSize);
    const sum = Array.from(volume.data).reduce((a, b) => a + b, 0);
    if (sum !== input.voxelSum) throw new Error(`${name}: cropped fixture does not match the reference (voxel sum ${sum} vs ${input.voxelSum})`);
  } else {
    volume = { size: input.size, spacing: input.spacing, origin: input.origin, direction: input.direction, pixelType: input.pixelType, data: decode(bytes, input) };
  }
  return {
    name,
    input: volume,
    runs: document.runs.map((run) => ({
      imageType: run.imageType,
      settings: run.settings,
      warnings: run.warnings,
      outputs: run.outputs.map((o) => ({ imageTypeName: o.imageTypeName, pixelType: o.pixelType, data: decode(bytes, o) })),
    })),
  };
}

export interface Deviation {
  /** Voxels whose value differs at all (after both are stored in the reference's pixel type). */
  differing: number;
  maxAbsolute: number;
  /** Largest |ours - reference| / max(|reference|, floor), the floor keeping near-zero values from dominating. */
  maxRelative: number;
  /** Largest difference in units in the last place of the reference's float32 value (float32 outputs only). */
  maxUlp32: number;
}

function ulp32(value: number): number {
  const a = Math.abs(Math.fround(value));
  if (a === 0) return 2 ** -149;
  const exponent = Math.floor(Math.log2(a));
  return 2 ** Math.max(exponent - 23, -149);
}

export function deviation(ours: TypedArray, reference: TypedArray, floor: number): Deviation {
  let differing = 0;
  let maxAbsolute = 0;
  let maxRelative = 0;
  let maxUlp32 = 0;
  for (let n = 0; n < reference.length; n++) {
    const a = ours[n];
    const b = reference[n];
    if (Object.is(a, b) || a === b) continue;
    differing++;
    const difference = Math.abs(a - b);
    if (!(difference <= maxAbsolute)) maxAbsolute = difference;
    const relative = difference / Math.max(Math.abs(b), floor);
    if (!(relative <= maxRelative)) maxRelative = relative;
    const ulps = difference / ulp32(b);
    if (!(ulps <= maxUlp32)) maxUlp32 = ulps;
  }
  return { differing, maxAbsolute, maxRelative, maxUlp32 };
}
