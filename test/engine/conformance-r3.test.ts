/**
 * R3: every image type (Original, LoG, Wavelet, Square, SquareRoot, Logarithm, Exponential, Gradient) and every
 * feature class with all of its features, in 3D and with force2D, on breast1: PyRadiomics 3.0.1 within 1e-6 relative.
 */
import { compareValues, describeDeviations, loadReference, runCase } from './conformance.support';

describe.each(loadReference('r3').map((c) => [c.id, c] as const))('R3 %s', (_id, reference) => {
  it('matches PyRadiomics 3.0.1 within 1e-6 relative (1e-9 absolute near zero)', () => {
    const { compared, deviations } = compareValues(reference.values, runCase(reference), { relative: 1e-6, absolute: 1e-9 });
    expect(compared).toBeGreaterThan(300);
    expect(describeDeviations(deviations)).toBe('');
  });
});
