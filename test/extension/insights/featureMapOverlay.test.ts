import { formatMapValue, mapRange, sliceAtPlane, sliceColours, sliceTransform, valueAt, viridis } from '../../../extension/src/viewport/featureMapOverlay';
import type { Direction, Vec3, Volume } from '../../../extension/src/radiomics/image/volume';
import { IDENTITY_DIRECTION } from '../../../extension/src/radiomics/image/volume';

/** 3 x 2 x 2 map, value = 100 k + 10 j + i, spacing 0.5 x 0.5 x 3 mm. */
function map(direction: Direction = IDENTITY_DIRECTION, origin: Vec3 = [-10, 20, 5]): Volume<Float64Array> {
  const data = new Float64Array(12);
  for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) data[i + 3 * (j + 2 * k)] = 100 * k + 10 * j + i;
  return { data, pixelType: 'float64', size: [3, 2, 2], spacing: [0.5, 0.5, 3], origin, direction };
}

describe('feature map overlay: colour scale', () => {
  test('viridis ends and clamping', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(0.5)).toEqual([33, 144, 141]);
  });

  test('range over the ROI only, and an error when nothing is shown', () => {
    const m = map();
    expect(mapRange(m)).toEqual([0, 112]);
    const roi = new Uint8Array(12);
    roi[4] = 1; // (1, 1, 0) = 11
    roi[6] = 1; // (0, 0, 1) = 100
    expect(mapRange(m, roi)).toEqual([11, 100]);
    expect(() => mapRange(m, new Uint8Array(12))).toThrow(/no finite value/);
    expect(() => mapRange(m, new Uint8Array(3))).toThrow(/3 voxels/);
  });

  test('slice colours: ROI voxels coloured over the range, the others transparent', () => {
    const m = map();
    const roi = Uint8Array.from({ length: 12 }, (_, n) => (n === 6 || n === 11 ? 1 : 0));
    const rgba = sliceColours(m, 1, [100, 112], roi);
    expect(Array.from(rgba.subarray(0, 4))).toEqual([...viridis(0), 255]); // voxel (0, 0, 1) = 100
    expect(Array.from(rgba.subarray(20, 24))).toEqual([...viridis(1), 255]); // voxel (2, 1, 1) = 112
    expect(rgba[4 * 1 + 3]).toBe(0);
  });
});

describe('feature map overlay: geometry', () => {
  test('the slice at the viewport plane, none outside, an error for a reformatted plane', () => {
    const m = map();
    expect(sliceAtPlane(m, [0, 0, 5.4], [0, 0, 1])).toBe(0);
    expect(sliceAtPlane(m, [0, 0, 8.2], [0, 0, -1])).toBe(1);
    expect(sliceAtPlane(m, [0, 0, 20], [0, 0, 1])).toBeNull();
    expect(() => sliceAtPlane(m, [0, 0, 5], [0, 1, 0])).toThrow(/not in the plane/);
  });

  test('slice transform maps image pixel corners to where the viewport shows the voxel edges', () => {
    // A viewport at 10 px per mm, canvas origin at patient (-20, 10), y down = +y patient.
    const worldToCanvas = (p: Vec3): [number, number] => [(p[0] + 20) * 10, (p[1] - 10) * 10];
    const [a, b, c, d, e, f] = sliceTransform(map(), 0, worldToCanvas);
    expect([a, b, c, d]).toEqual([5, 0, 0, 5]);
    // Voxel (0, 0) centre at (-10, 20) -> canvas (100, 100); its corner half a voxel (0.25 mm) before.
    expect(e).toBeCloseTo(97.5, 12);
    expect(f).toBeCloseTo(97.5, 12);
  });

  test('slice transform follows a rotated grid', () => {
    // i -> +y, j -> -x: image u axis goes down the canvas, v axis to the left.
    const worldToCanvas = (p: Vec3): [number, number] => [p[0] * 10, p[1] * 10];
    const [a, b, c, d] = sliceTransform(map([0, -1, 0, 1, 0, 0, 0, 0, 1], [0, 0, 0]), 0, worldToCanvas);
    expect([a, b, c, d].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0, 5, -5, 0]);
  });

  test('value under the cursor: nearest voxel, null outside the map or the ROI', () => {
    const m = map();
    expect(valueAt(m, [-9.1, 20.4, 8.1])).toBe(112); // index (1.8, 0.8, 1.03)
    expect(valueAt(m, [-20, 20, 5])).toBeNull();
    const roi = new Uint8Array(12);
    roi[0] = 1;
    expect(valueAt(m, [-10, 20, 5], roi)).toBe(0);
    expect(valueAt(m, [-9.5, 20, 5], roi)).toBeNull();
  });

  test('values are printed short', () => {
    expect(formatMapValue(12.3456789)).toBe('12.346');
    expect(formatMapValue(0)).toBe('0');
    expect(formatMapValue(123456)).toBe('1.235e+5');
    expect(formatMapValue(0.0001234)).toBe('1.234e-4');
  });
});
