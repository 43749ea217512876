import { maximum2DDiameterSlice } from '../../../extension/src/viewport/diameterLine';
import type { Direction, Vec3, Volume } from '../../../extension/src/radiomics/image/volume';
import { IDENTITY_DIRECTION } from '../../../extension/src/radiomics/image/volume';
import { deviation, loadReference, unpackBits } from '../../engine/geometry/reference';

interface ShapeEntry {
  size: Vec3;
  spacing: Vec3;
  mask: string;
  features: Record<string, number>;
}

/** PyRadiomics 3.0.1 shape features of real and synthetic masks (scripts/reference, committed by the engine). */
const reference = loadReference<{ shape: Record<string, ShapeEntry> }>('shape.json');

function maskOf(entry: ShapeEntry, origin: Vec3 = [0, 0, 0], direction: Direction = IDENTITY_DIRECTION): Volume<Uint8Array> {
  const count = entry.size[0] * entry.size[1] * entry.size[2];
  return { data: unpackBits(entry.mask, count), pixelType: 'uint8', size: entry.size, spacing: entry.spacing, origin, direction };
}

function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

describe('maximum 2D diameter line', () => {
  test.each(Object.keys(reference.shape))('%s: endpoints are Maximum2DDiameterSlice apart (PyRadiomics 3.0.1, 1e-9 relative)', (key) => {
    const entry = reference.shape[key];
    const line = maximum2DDiameterSlice(maskOf(entry));
    const expected = entry.features.Maximum2DDiameterSlice;
    expect(deviation(line.diameter, expected)).toBeLessThan(1e-9);
    expect(deviation(distance(line.from, line.to), expected)).toBeLessThan(1e-9);
    expect(line.fromIndex[2]).toBe(line.sliceIndex);
    expect(line.toIndex[2]).toBe(line.sliceIndex);
    expect(Number.isInteger(2 * line.sliceIndex)).toBe(true);
  });

  test('endpoints follow the mask geometry into patient space (origin, direction)', () => {
    const entry = reference.shape.brain2;
    const plain = maximum2DDiameterSlice(maskOf(entry));
    // i -> -y, j -> x, k -> z (a rotation about z), origin shifted.
    const line = maximum2DDiameterSlice(maskOf(entry, [10, 20, 30], [0, 1, 0, -1, 0, 0, 0, 0, 1]));
    const [sx, sy, sz] = entry.spacing;
    const expectedFrom: Vec3 = [10 + plain.fromIndex[1] * sy, 20 - plain.fromIndex[0] * sx, 30 + plain.fromIndex[2] * sz];
    line.from.forEach((c, axis) => expect(c).toBeCloseTo(expectedFrom[axis], 9));
    expect(line.diameter).toBe(plain.diameter);
  });

  test('a single voxel: the diagonal between edge midpoints', () => {
    const line = maximum2DDiameterSlice({ data: Uint8Array.of(1), pixelType: 'uint8', size: [1, 1, 1], spacing: [2, 3, 5], origin: [0, 0, 0], direction: IDENTITY_DIRECTION });
    // Vertices of slice 0 at (±0.5, 0) and (0, ±0.5) voxels: the longest pair spans 3 mm along j.
    expect(line.diameter).toBeCloseTo(3, 12);
  });

  test('an empty mask is an error, not a zero', () => {
    expect(() =>
      maximum2DDiameterSlice({ data: new Uint8Array(8), pixelType: 'uint8', size: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: IDENTITY_DIRECTION }),
    ).toThrow(/mask is empty/);
  });
});
