import { readReference } from '../../support/reference';

/** Reads a committed reference JSON of test/reference/geometry. */
export function loadReference<T>(name: string): T {
  return readReference<T>('geometry', name);
}

/** numpy.packbits(bitorder='little') of a flat boolean array, base64-encoded, back to 0/1 bytes. */
export function unpackBits(base64: string, length: number): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Uint8Array(length);
  for (let n = 0; n < length; n++) out[n] = (bytes[n >> 3] >> (n & 7)) & 1;
  return out;
}

/** Relative difference, or absolute when the reference is within 1e-9 of zero (the conformance rule). */
export function deviation(actual: number, expected: number): number {
  if (Number.isNaN(expected)) return Number.isNaN(actual) ? 0 : Infinity;
  if (Math.abs(expected) < 1e-9) return Math.abs(actual - expected) < 1e-9 ? 0 : Math.abs(actual - expected);
  return Math.abs(actual - expected) / Math.abs(expected);
}
