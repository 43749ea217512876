import type { Volume } from '../../../extension/src/radiomics/image/volume';
import { roiSurface, surfaceSupportMissing } from '../../../extension/src/viewport/surface3D';

function grid(size: [number, number, number], inside: number[]): Volume {
  const data = new Float64Array(size[0] * size[1] * size[2]).fill(NaN);
  for (const n of inside) data[n] = 1;
  return { size, spacing: [0.5, 0.5, 3], origin: [10, -20, 5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, pixelType: 'float64' };
}

/** Signed volume of a closed triangle mesh (divergence theorem), in mm^3. */
function enclosedVolume(points: number[], polys: number[]): number {
  let volume = 0;
  for (let c = 0; c < polys.length; c += 4) {
    expect(polys[c]).toBe(3);
    const [a, b, d] = [polys[c + 1], polys[c + 2], polys[c + 3]].map((p) => points.slice(3 * p, 3 * p + 3));
    volume += (a[0] * (b[1] * d[2] - b[2] * d[1]) - a[1] * (b[0] * d[2] - b[2] * d[0]) + a[2] * (b[0] * d[1] - b[1] * d[0])) / 6;
  }
  return volume;
}

describe('ROI surface (voxel boundary faces)', () => {
  test('one voxel: a closed box of 12 outward triangles around its centre, corners shared', () => {
    const map = grid([3, 3, 3], [13]);
    const { points, polys } = roiSurface(map, (n) => Number.isFinite(map.data[n]));
    expect(points.length / 3).toBe(8);
    expect(polys.length / 4).toBe(12);
    const xs = points.filter((_v, k) => k % 3 === 0);
    const zs = points.filter((_v, k) => k % 3 === 2);
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([10.25, 10.75]);
    expect([Math.min(...zs), Math.max(...zs)]).toEqual([6.5, 9.5]);
    expect(enclosedVolume(points, polys)).toBeCloseTo(0.5 * 0.5 * 3, 12);
  });

  test('an L of three voxels: only outer faces (14), enclosing exactly the three voxels', () => {
    const map = grid([3, 3, 1], [0, 1, 4]);
    const { points, polys } = roiSurface(map, (n) => Number.isFinite(map.data[n]));
    expect(polys.length / 4).toBe(2 * 14);
    expect(enclosedVolume(points, polys)).toBeCloseTo(3 * 0.75, 12);
  });

  test('an empty ROI is an error', () => {
    const map = grid([2, 2, 2], []);
    expect(() => roiSurface(map, (n) => Number.isFinite(map.data[n]))).toThrow(/no voxel/);
  });
});

describe('what the host must offer for the 3D view', () => {
  class RenderingEngine {}
  const core = {
    Enums: { GeometryType: { SURFACE: 'SURFACE' }, ViewportType: { VOLUME_3D: 'volume3d' } },
    RenderingEngine: RenderingEngine as never,
    geometryLoader: { createAndCacheGeometry: () => undefined },
    getEnabledElementByViewportId: () => undefined,
  };
  const tools = { Enums: { SegmentationRepresentations: { Surface: 'Surface' } }, segmentation: { addSegmentations: () => undefined, addSurfaceRepresentationToViewport: () => undefined } };

  test('all there: nothing missing', () => {
    expect(surfaceSupportMissing({ cornerstone: core, cornerstoneTools: tools })).toBeNull();
  });
  test('each missing piece is named', () => {
    expect(surfaceSupportMissing({ cornerstone: { ...core, RenderingEngine: undefined }, cornerstoneTools: tools })).toMatch(/no 3D viewport/);
    expect(surfaceSupportMissing({ cornerstone: { ...core, geometryLoader: undefined }, cornerstoneTools: tools })).toMatch(/no surface geometry/);
    expect(surfaceSupportMissing({ cornerstone: core })).toMatch(/no Surface segmentation representation/);
  });
});
