import { extract } from '../../extension/src/radiomics/extractor';
import type { Volume } from '../../extension/src/radiomics/image/volume';
import { loadParams } from '../../extension/src/radiomics/params';
import { readFixtureImage, readReference } from '../support/reference';

/** One case of test/reference/engine/r*.json, written by scripts/reference/engine_references.py (PyRadiomics 3.0.1). */
export interface ReferenceCase {
  id: string;
  image: string;
  mask: string;
  params: object;
  maskSlice?: number;
  values: Record<string, unknown>;
  baseline?: Record<string, number>;
}

export function loadReference(name: 'r1' | 'r2' | 'r3'): ReferenceCase[] {
  return readReference<{ cases: ReferenceCase[] }>('engine', `${name}.json`).cases;
}

/** PyRadiomics' 2D test labels are not distributed: they are the 3D label's slice `maskSlice` (see engine_references.py). */
function keepSlice(mask: Volume, k: number): Volume {
  const [nx, ny] = mask.size;
  const data = mask.data.slice();
  data.fill(0, 0, nx * ny * k);
  data.fill(0, nx * ny * (k + 1));
  return { ...mask, data };
}

export function runCase(reference: ReferenceCase): Record<string, unknown> {
  const image = readFixtureImage(reference.image);
  const fullMask = readFixtureImage(reference.mask);
  const mask = reference.maskSlice === undefined ? fullMask : keepSlice(fullMask, reference.maskSlice);
  return extract(image, mask, loadParams(reference.params));
}

export interface Deviation {
  key: string;
  expected: unknown;
  actual: unknown;
  relative: number;
}

function asNumbers(value: unknown): number[] | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' || v === null)) {
    return value.map((v) => (v === null ? Number.NaN : (v as number)));
  }
  return null;
}

/** Largest relative difference, with differences below `absoluteFloor` counted as zero (values near zero). */
function relativeDifference(expected: number, actual: number, absoluteFloor: number): number {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual) ? 0 : Infinity;
  const diff = Math.abs(expected - actual);
  if (diff <= absoluteFloor) return 0;
  return diff / Math.max(Math.abs(expected), Math.abs(actual));
}

/**
 * Compares every reference value (features and the numeric diagnostics) with ours. Hashes and the generator's version
 * strings are not compared. NaN/null in the reference must be NaN/null in ours. A feature we compute that PyRadiomics
 * does not (e.g. a deprecated feature it refuses to compute) is a deviation too: the feature sets must be equal.
 */
export function compareValues(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  tolerance: { relative: number; absolute: number },
): { compared: number; deviations: Deviation[] } {
  const deviations: Deviation[] = [];
  let compared = 0;
  for (const [key, expectedValue] of Object.entries(expected)) {
    if (key.endsWith('_Hash')) continue;
    const actualValue = actual[key];
    if (typeof expectedValue === 'string') {
      compared += 1;
      if (actualValue !== expectedValue) deviations.push({ key, expected: expectedValue, actual: actualValue, relative: Infinity });
      continue;
    }
    const e = expectedValue === null ? [Number.NaN] : asNumbers(expectedValue);
    const a = actualValue === null ? [Number.NaN] : asNumbers(actualValue);
    compared += 1;
    if (!e || !a || e.length !== a.length) {
      deviations.push({ key, expected: expectedValue, actual: actualValue, relative: Infinity });
      continue;
    }
    const worst = Math.max(...e.map((v, i) => relativeDifference(v, a[i], tolerance.absolute)));
    if (worst > tolerance.relative) deviations.push({ key, expected: expectedValue, actual: actualValue, relative: worst });
  }
  for (const key of Object.keys(actual)) {
    if (!key.startsWith('diagnostics_') && !(key in expected)) {
      deviations.push({ key, expected: undefined, actual: actual[key], relative: Infinity });
    }
  }
  return { compared, deviations };
}

export function describeDeviations(deviations: Deviation[]): string {
  return deviations
    .map((d) => `${d.key}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)} (rel ${d.relative.toExponential(2)})`)
    .join('\n');
}
