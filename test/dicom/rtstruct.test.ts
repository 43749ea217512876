import { listRtstructRois, rtstructToMask } from '../../extension/src/dicom/rtstruct';
import type { DicomDataset } from '../../extension/src/dicom/dataset';
import type { Geometry } from '../../extension/src/radiomics/image/volume';

const FRAME = '1.2.3';
/** 20 x 20 x 3 voxels of 1 mm, origin (0,0,0), axial: voxel (i, j, k) centre at (i, j, 2k) mm. */
const GRID: Geometry = { size: [20, 20, 3], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const target = { volume: GRID, frameOfReferenceUID: FRAME };

const square = (x0: number, y0: number, x1: number, y1: number, z: number) => [x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z];

function structureSet(contours: number[][], extra: DicomDataset = {}): DicomDataset {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.481.3',
    Modality: 'RTSTRUCT',
    StructureSetROISequence: [{ ROINumber: 7, ROIName: 'GTV', ReferencedFrameOfReferenceUID: FRAME }],
    ROIContourSequence: [
      {
        ReferencedROINumber: 7,
        // ContourImageSequence points at instances that do not exist: placement must not depend on it.
        ContourSequence: contours.map((points) => ({
          ContourGeometricType: 'CLOSED_PLANAR',
          NumberOfContourPoints: points.length / 3,
          ContourData: points,
          ContourImageSequence: [{ ReferencedSOPInstanceUID: '9.9.9' }],
        })),
      },
    ],
    ...extra,
  };
}

function expected(inside: (x: number, y: number, k: number) => boolean): Uint8Array {
  const [nx, ny, nz] = GRID.size;
  const out = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[i + nx * (j + ny * k)] = inside(i, j, k) ? 1 : 0;
  return out;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('RTSTRUCT rasterisation convention', () => {
  test('voxel centres inside the polygon; contours placed by z, not by their image references', () => {
    const mask = rtstructToMask(structureSet([square(2.5, 3.5, 8.5, 6.5, 2)]), target, undefined);
    expect(same(mask.data, expected((x, y, k) => k === 1 && x >= 3 && x <= 8 && y >= 4 && y <= 6))).toBe(true);
  });

  test('an inner contour is a hole (even-odd rule over the contours of a plane)', () => {
    const mask = rtstructToMask(structureSet([square(1.5, 1.5, 15.5, 15.5, 4), square(5.5, 5.5, 9.5, 9.5, 4)]), target, 'GTV');
    const outer = (x: number, y: number) => x >= 2 && x <= 15 && y >= 2 && y <= 15;
    const inner = (x: number, y: number) => x >= 6 && x <= 9 && y >= 6 && y <= 9;
    expect(same(mask.data, expected((x, y, k) => k === 2 && outer(x, y) && !inner(x, y)))).toBe(true);
  });

  test('an island inside the hole is filled again; overlapping contours cancel where they overlap', () => {
    const island = rtstructToMask(
      structureSet([square(1.5, 1.5, 15.5, 15.5, 0), square(4.5, 4.5, 12.5, 12.5, 0), square(7.5, 7.5, 9.5, 9.5, 0)]),
      target,
      7,
    );
    const box = (x0: number, x1: number) => (x: number, y: number) => x >= x0 && x <= x1 && y >= x0 && y <= x1;
    expect(same(island.data, expected((x, y, k) => k === 0 && box(2, 15)(x, y) !== box(5, 12)(x, y) !== box(8, 9)(x, y)))).toBe(true);
    const overlapping = rtstructToMask(structureSet([square(0.5, 0.5, 6.5, 6.5, 0), square(3.5, 3.5, 9.5, 9.5, 0)]), target, 7);
    expect(same(overlapping.data, expected((x, y, k) => k === 0 && box(1, 6)(x, y) !== box(4, 9)(x, y)))).toBe(true);
  });

  test('centres exactly on an edge: top/left edges inside, bottom/right outside', () => {
    const mask = rtstructToMask(structureSet([square(2, 2, 5, 5, 0)]), target, undefined);
    expect(same(mask.data, expected((x, y, k) => k === 0 && x >= 2 && x < 5 && y >= 2 && y < 5))).toBe(true);
  });

  test('a triangle: exactly the centres strictly inside', () => {
    // Right triangle (0.5,0.5)-(10.5,0.5)-(0.5,10.5): centre (x,y) inside when x + y < 11 (none lies on the diagonal).
    const mask = rtstructToMask(structureSet([[0.5, 0.5, 4, 10.5, 0.5, 4, 0.5, 10.5, 4]]), target, undefined);
    expect(same(mask.data, expected((x, y, k) => k === 2 && x >= 1 && y >= 1 && x + y < 11))).toBe(true);
  });

  test('an oblique grid: contours are placed through the full direction matrix', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    // Grid rotated about x: j axis (0, c, s), k axis (0, -s, c); a contour drawn in its slice plane k = 1.
    const oblique: Geometry = { ...GRID, direction: [1, 0, 0, 0, c, -s, 0, s, c] };
    const toPatient = (i: number, j: number, k: number) => [i, c * j - s * 2 * k, s * j + c * 2 * k];
    const contour = [
      [2.5, 3.5],
      [8.5, 3.5],
      [8.5, 6.5],
      [2.5, 6.5],
    ].flatMap(([i, j]) => toPatient(i, j, 1));
    const mask = rtstructToMask(structureSet([contour]), { volume: oblique, frameOfReferenceUID: FRAME }, undefined);
    expect(same(mask.data, expected((x, y, k) => k === 1 && x >= 3 && x <= 8 && y >= 4 && y <= 6))).toBe(true);
  });

  test('lists ROIs with their frame of reference', () => {
    expect(listRtstructRois(structureSet([]))).toEqual([{ number: 7, name: 'GTV', frameOfReferenceUID: FRAME }]);
  });
});
