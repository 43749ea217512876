import { eigenvalues } from '../../../extension/src/radiomics/matrices/eigenvalues';
import { readReference } from '../../support/reference';

interface EigenCase {
  name: string;
  n: number;
  matrix: number[];
  re: number[];
  im: number[];
}

const reference = readReference<{ cases: EigenCase[] }>('texture', 'eigenvalues.json');

/** numpy.sort_complex order: by real part, then imaginary part. */
function sorted(re: ArrayLike<number>, im: ArrayLike<number>): [number, number][] {
  return Array.from(re, (r, k): [number, number] => [r, im[k]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('eigenvalues vs numpy.linalg.eigvals (scripts/reference/texture_eigenvalues.py)', () => {
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { re, im } = eigenvalues(Float64Array.from(c.matrix), c.n);
    const actual = sorted(re, im);
    const expected = sorted(c.re, c.im);
    const scale = Math.max(1, ...expected.map(([r, i]) => Math.hypot(r, i)));
    // A defective eigenvalue (Jordan block) is only determined to about eps^(1/3) relative.
    const tolerance = c.name === 'Jordan block' ? 1e-4 : 1e-10 * scale;
    expect(actual).toHaveLength(c.n);
    actual.forEach(([r, i], k) => {
      expect(Math.abs(r - expected[k][0])).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(i - expected[k][1])).toBeLessThanOrEqual(tolerance);
    });
    // Real eigenvalues must come out exactly real, as LAPACK's do (MCC switches to complex arithmetic otherwise).
    expect(im.filter((v) => v !== 0).length).toBe(c.im.filter((v) => v !== 0).length);
  });

  it('refuses non-finite matrices and mismatched sizes', () => {
    expect(() => eigenvalues(Float64Array.from([1, NaN, 0, 1]), 2)).toThrow(/NaN/);
    expect(() => eigenvalues(new Float64Array(3), 2)).toThrow(/2x2/);
  });
});
