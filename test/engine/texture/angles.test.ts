import { generateAngles } from '../../../extension/src/radiomics/matrices/angles';
import { MATRICES } from './reference';

describe('generateAngles vs PyRadiomics 3.0.1 cMatrices.generate_angles', () => {
  it.each(MATRICES.angles.map((c) => [JSON.stringify({ ...c, angles: undefined }), c] as const))('%s', (_name, c) => {
    const run = () => generateAngles(c.shape, c.distances, c.bidirectional, c.force2Ddimension);
    if (c.angles === null) {
      expect(run).toThrow(/too small/);
      return;
    }
    const { count, offsets } = run();
    expect(count).toBe(c.angles.length);
    expect(Array.from(offsets)).toEqual(c.angles.flat());
  });

  it('refuses invalid distances', () => {
    expect(() => generateAngles([5, 5, 5], [0], false, -1)).toThrow(/distances/);
    expect(() => generateAngles([5, 5, 5], [1.5], false, -1)).toThrow(/distances/);
    expect(() => generateAngles([5, 5, 5], [], false, -1)).toThrow(/distances/);
  });
});
