import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/fixtures';
import type { Geometry, PixelType, TypedArray, Volume } from '../../extension/src/radiomics/image/volume';

/** A mask as stored by scripts/reference/dicom_reference.py: geometry plus runs [start, length] of flat indices. */
export interface ReferenceMask extends Geometry {
  count: number;
  runs: [number, number][];
}

export interface ReferenceImage extends Geometry {
  pixelType: PixelType;
  sha256: string;
  sum: number;
  min: number;
  max: number;
}

export function loadReference<T>(name: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'dicom', name), 'utf8')) as T;
}

export function expandRuns(reference: ReferenceMask): Uint8Array {
  const out = new Uint8Array(reference.size[0] * reference.size[1] * reference.size[2]);
  for (const [start, length] of reference.runs) out.fill(1, start, start + length);
  return out;
}

export function countOf(mask: ArrayLike<number>): number {
  let n = 0;
  for (let v = 0; v < mask.length; v++) if (mask[v]) n++;
  return n;
}

export function dice(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`masks of ${a.length} and ${b.length} voxels cannot be compared`);
  let both = 0;
  let na = 0;
  let nb = 0;
  for (let v = 0; v < a.length; v++) {
    const x = a[v] ? 1 : 0;
    const y = b[v] ? 1 : 0;
    both += x & y;
    na += x;
    nb += y;
  }
  return (2 * both) / (na + nb);
}

/** SHA-256 of voxel values written little-endian in the given type, as the reference script hashes numpy arrays. */
export function sha256Of(data: TypedArray, asType: PixelType): string {
  const Types = { int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array };
  const converted = new Types[asType](data.length);
  for (let v = 0; v < data.length; v++) converted[v] = data[v];
  return createHash('sha256').update(new Uint8Array(converted.buffer)).digest('hex');
}

export function maxGeometryDifference(a: Geometry, b: Geometry): { spacing: number; origin: number; direction: number } {
  const diff = (x: readonly number[], y: readonly number[]) => Math.max(...x.map((v, i) => Math.abs(v - y[i])));
  return { spacing: diff(a.spacing, b.spacing), origin: diff(a.origin, b.origin), direction: diff(a.direction, b.direction) };
}

export function sumOf(volume: Volume): number {
  let s = 0;
  for (let v = 0; v < volume.data.length; v++) s += volume.data[v];
  return s;
}

/** Byte equality of two typed arrays (jest's toEqual walks them element by element, far too slowly). */
export function sameBytes(a: TypedArray, b: TypedArray): boolean {
  return a.constructor === b.constructor && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
