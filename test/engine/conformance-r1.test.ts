/**
 * R1: PyRadiomics 3.0.1 on brain1, brain2, breast1 with every settings column of its baseline CSVs
 * (default, 2d, FBN, combined, flatRegion, normalization, resampling, resegmentation, shape2D).
 * Every value within 1e-6 relative (1e-9 absolute near zero); our values also pass PyRadiomics' own test
 * criterion against its shipped baseline CSVs (< 3 % relative).
 */
import { compareValues, describeDeviations, loadReference, runCase } from './conformance.support';

const cases = loadReference('r1');

describe.each(cases.map((c) => [c.id, c] as const))('R1 %s', (_id, reference) => {
  let actual: Record<string, unknown> = {};
  beforeAll(() => {
    actual = runCase(reference);
  });

  it('matches PyRadiomics 3.0.1 within 1e-6 relative', () => {
    const { compared, deviations } = compareValues(reference.values, actual, { relative: 1e-6, absolute: 1e-9 });
    expect(compared).toBeGreaterThan(0);
    expect(describeDeviations(deviations)).toBe('');
  });

  if (reference.baseline) {
    const baseline = reference.baseline;
    it("passes PyRadiomics' own baseline criterion (< 3 % relative)", () => {
      const failures = Object.entries(baseline)
        .map(([key, expected]) => {
          const value = actual[key];
          if (typeof value !== 'number') return `${key}: missing (baseline ${expected})`;
          const percent = expected === 0 ? (value === 0 ? 0 : 1) : Math.abs(1 - value / expected);
          return percent < 0.03 ? '' : `${key}: baseline ${expected}, ours ${value}`;
        })
        .filter(Boolean);
      expect(failures.join('\n')).toBe('');
    });
  }
});
