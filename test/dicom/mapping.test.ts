import { mapMaskToGrid } from '../../extension/src/dicom/mapping';
import type { Geometry, Volume } from '../../extension/src/radiomics/image/volume';

const FRAME = '1.2.3';
const grid = (size: [number, number, number], origin: [number, number, number], spacing: [number, number, number] = [1, 1, 1]): Geometry => ({
  size,
  spacing,
  origin,
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

function maskOn(geometry: Geometry, inside: (i: number, j: number, k: number) => boolean): Volume<Uint8Array> {
  const [nx, ny, nz] = geometry.size;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = inside(i, j, k) ? 1 : 0;
  return { ...geometry, data, pixelType: 'uint8' };
}

describe('mapMaskToGrid: nearest neighbour through patient coordinates', () => {
  test('a grid shifted by whole voxels receives the same voxels, shifted', () => {
    const source = maskOn(grid([8, 8, 4], [0, 0, 0]), (i, j, k) => i >= 2 && i <= 4 && j >= 3 && j <= 5 && k >= 1 && k <= 2);
    const target = grid([10, 10, 6], [-2, -1, -1]);
    const mapped = mapMaskToGrid(source, FRAME, { volume: target, frameOfReferenceUID: FRAME });
    const expected = maskOn(target, (i, j, k) => i - 2 >= 2 && i - 2 <= 4 && j - 1 >= 3 && j - 1 <= 5 && k - 1 >= 1 && k - 1 <= 2);
    expect(Buffer.from(mapped.data).equals(Buffer.from(expected.data))).toBe(true);
  });

  test('a grid twice as fine: each source voxel becomes 2 x 2 x 2 target voxels', () => {
    const source = maskOn(grid([4, 4, 4], [0, 0, 0], [2, 2, 2]), (i, j, k) => i === 1 && j === 2 && k === 1);
    // Target voxel centres at -0.5 + n: source index = (x) / 2, nearest is round-half-up.
    const target = grid([8, 8, 8], [-0.5, -0.5, -0.5]);
    const mapped = mapMaskToGrid(source, FRAME, { volume: target, frameOfReferenceUID: FRAME });
    const expected = maskOn(target, (i, j, k) => [i, j, k].every((n, a) => Math.floor((n - 0.5) / 2 + 0.5) === [1, 2, 1][a]));
    expect(Buffer.from(mapped.data).equals(Buffer.from(expected.data))).toBe(true);
    expect(mapped.data.reduce((n, v) => n + v, 0)).toBe(8);
  });

  test('refuses a mask that would be cut off by the target grid', () => {
    const source = maskOn(grid([8, 8, 4], [0, 0, 0]), (i) => i >= 5);
    expect(() => mapMaskToGrid(source, FRAME, { volume: grid([6, 8, 4], [0, 0, 0]), frameOfReferenceUID: FRAME })).toThrow(
      /64 of the 96 voxels of the mask lie outside the target image once mapped/,
    );
  });

  test('refuses another frame of reference and an empty mask', () => {
    const target = { volume: grid([8, 8, 4], [0, 0, 0]), frameOfReferenceUID: FRAME };
    expect(() => mapMaskToGrid(maskOn(target.volume, () => true), '9.9', target)).toThrow(/frame of reference 9\.9 but the image is in 1\.2\.3/);
    expect(() => mapMaskToGrid(maskOn(target.volume, () => false), FRAME, target)).toThrow(/the mask to map is empty/);
  });
});
