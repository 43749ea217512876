/**
 * The extraction pipeline options R1-R3 do not exercise (correctMask, geometryTolerance, preCrop, a second label,
 * removeOutliers, relative resegmentation with resegmentShape, additionalInfo off), against PyRadiomics 3.0.1
 * (scripts/reference/pipeline_reference.py), plus progress, cancellation and warnings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from '../../../extension/src/radiomics/extractor';
import { readImage } from '../../../extension/src/radiomics/image/io';
import type { Volume } from '../../../extension/src/radiomics/image/volume';
import { loadParams } from '../../../extension/src/radiomics/params';
import { REPO_ROOT, fixturePath } from '../../support/fixtures';

interface PipelineCase {
  id: string;
  image: string;
  mask: string;
  label: number | null;
  params: object;
  values: Record<string, unknown>;
}
const REFERENCE_DIR = join(REPO_ROOT, 'test/reference/pipeline');
const cases = (JSON.parse(readFileSync(join(REFERENCE_DIR, 'pipeline.json'), 'utf8')) as { cases: PipelineCase[] }).cases;

function volume(name: string): Volume {
  const local = join(REFERENCE_DIR, name);
  let bytes: Buffer;
  try {
    bytes = readFileSync(local);
  } catch {
    bytes = readFileSync(fixturePath('pyradiomics', 'data', name));
  }
  return readImage(bytes, name);
}

function mismatches(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const failures: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const ours = actual[key];
    const e = Array.isArray(value) ? value : [value];
    const a = Array.isArray(ours) ? ours : [ours];
    const ok =
      e.length === a.length &&
      e.every((v, n) => {
        if (typeof v !== 'number') return v === a[n] || (v === null && Number.isNaN(a[n]));
        const w = a[n];
        if (typeof w !== 'number') return false;
        const difference = Math.abs(v - w);
        return difference <= 1e-9 || difference / Math.max(Math.abs(v), Math.abs(w)) <= 1e-6;
      });
    if (!ok) failures.push(`${key}: PyRadiomics ${JSON.stringify(value)}, ours ${JSON.stringify(ours)}`);
  }
  const extra = Object.keys(actual).filter((k) => !(k in expected) && !/^diagnostics_(Versions|Configuration)_/.test(k));
  if (extra.length > 0) failures.push(`not in PyRadiomics' result: ${extra.join(', ')}`);
  const order = Object.keys(actual).filter((k) => k in expected);
  if (order.join() !== Object.keys(expected).join()) failures.push('keys are not in PyRadiomics order');
  return failures;
}

describe('extract matches PyRadiomics 3.0.1 on pipeline options', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = extract(volume(c.image), volume(c.mask), loadParams(c.params), { label: c.label ?? undefined });
    expect(mismatches(c.values, result)).toEqual([]);
  });

  it('refuses the nudged mask at the default tolerance, naming the fix', () => {
    expect(() => extract(volume('breast1_image.nrrd'), volume('breast1_label_nudged.nrrd'), loadParams({ featureClass: { firstorder: [] } }))).toThrow(
      /Image\/Mask geometry mismatch.*geometryTolerance/,
    );
  });

  it('refuses a mask on another grid without correctMask, and a mask reaching outside the image with it', () => {
    const image = volume('breast1_image.nrrd');
    const mask = volume('breast1_label_othergrid.nrrd');
    expect(() => extract(image, mask, loadParams({ featureClass: { firstorder: [] } }))).toThrow(/Image\/Mask geometry mismatch/);
    const outside: Volume = { ...mask, origin: [mask.origin[0] + 40, mask.origin[1], mask.origin[2]] };
    expect(() => extract(image, outside, loadParams({ setting: { correctMask: true }, featureClass: { firstorder: [] } }))).toThrow(
      /reaches outside the image|larger than image space/,
    );
  });
});

describe('extract reports progress, warnings, and stops when cancelled', () => {
  const image = volume('breast1_image.nrrd');
  const mask = volume('breast1_label.nrrd');

  it('reports progress up to done', () => {
    const steps: [number, number, string][] = [];
    extract(image, mask, loadParams({ imageType: { Original: {}, Square: {} }, featureClass: { firstorder: ['Mean'] } }), {
      onProgress: (done, total, stage) => steps.push([done, total, stage]),
    });
    expect(steps.map((s) => s[2])).toEqual(['loading image and mask', 'shape', 'original', 'square', 'done']);
    expect(steps.every(([, total]) => total === 4)).toBe(true);
    expect(steps[steps.length - 1][0]).toBe(4);
  });

  it('warns, as PyRadiomics, when shape2D is enabled without force2D', () => {
    const warnings: string[] = [];
    const result = extract(image, mask, loadParams({ featureClass: { shape2D: [] } }), { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual(['parameter force2D must be set to True to enable shape2D extraction']);
    expect(Object.keys(result).some((k) => k.startsWith('original_shape2D'))).toBe(false);
  });

  it("passes on PyRadiomics' warnings for a fixed bin count and for deprecated features named explicitly", () => {
    const warnings: string[] = [];
    extract(image, mask, loadParams({ setting: { binCount: 16 }, featureClass: { firstorder: ['StandardDeviation'] } }), { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      expect.stringMatching(/^Fixed bin Count enabled!/),
      'Feature StandardDeviation is deprecated, use with caution!',
    ]);
  });

  it('throws when the signal is aborted', () => {
    const signal = { aborted: false };
    expect(() =>
      extract(image, mask, loadParams({ featureClass: { firstorder: ['Mean'] } }), {
        signal,
        onProgress: (done) => {
          if (done >= 1) signal.aborted = true;
        },
      }),
    ).toThrow(/cancelled/);
  });

  it('refuses a single-voxel ROI and a ROI with too few dimensions', () => {
    const one = new Uint32Array(mask.data.length);
    one[mask.data.findIndex((v) => v === 1)] = 1;
    expect(() => extract(image, { ...mask, data: one }, loadParams({}))).toThrow(/only contains 1 segmented voxel/);
    const line = new Uint32Array(mask.data.length);
    line.fill(1, 100, 104);
    expect(() => extract(image, { ...mask, data: line }, loadParams({}))).toThrow(/too few dimensions \(number of dimensions 1, minimum required 2\)/);
  });
});
