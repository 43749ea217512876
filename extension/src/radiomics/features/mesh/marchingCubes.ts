/**
 * Marching cubes exactly as PyRadiomics 3.0.1's cshape.c computes it: a 2x2x2 cube walks the zero-padded mask,
 * every edge crossing sits halfway between a voxel centre inside and one outside, triangles come from the classic
 * Lorensen/Bourke lookup table (its first 128 cases: a cube with corner 7 set is handled as its complement with the
 * volume sign flipped), oriented with outward normals. Volume is the sum of signed tetrahedra against the grid
 * origin, surface the sum of triangle areas; both accumulate in cshape.c's order so results agree to the last bits.
 *
 * Coordinates are (z, y, x) in millimetres relative to the padded crop, like PyRadiomics' numpy arrays.
 */

/** Cube corners as (z, y, x) offsets; bit n of a cube index is corner n. */
const CORNERS: readonly (readonly [number, number, number])[] = [
  [0, 0, 0], [0, 0, 1], [0, 1, 1], [0, 1, 0], [1, 0, 0], [1, 0, 1], [1, 1, 1], [1, 1, 0],
];

/** Midpoints of the 12 cube edges as (z, y, x) offsets. */
const EDGE_MIDPOINTS: readonly (readonly [number, number, number])[] = [
  [0, 0, 0.5], [0, 0.5, 1], [0, 1, 0.5], [0, 0.5, 0],
  [1, 0, 0.5], [1, 0.5, 1], [1, 1, 0.5], [1, 0.5, 0],
  [0.5, 0, 0], [0.5, 0, 1], [0.5, 1, 1], [0.5, 1, 0],
];

/** Triangles (edge triplets) per cube index 0..127. */
const TRIANGLES: readonly (readonly number[])[] = [
  [], [0, 8, 3], [1, 9, 0], [1, 8, 3, 1, 9, 8],
  [1, 2, 10], [0, 8, 3, 1, 2, 10], [9, 2, 10, 0, 2, 9], [2, 8, 3, 2, 10, 8, 10, 9, 8],
  [11, 2, 3], [11, 2, 0, 0, 8, 11], [1, 9, 0, 11, 2, 3], [11, 2, 1, 1, 9, 11, 9, 8, 11],
  [3, 10, 1, 11, 10, 3], [10, 1, 0, 0, 8, 10, 8, 11, 10], [9, 0, 3, 3, 11, 9, 11, 10, 9], [9, 8, 10, 11, 10, 8],
  [4, 7, 8], [0, 4, 3, 4, 7, 3], [1, 9, 0, 4, 7, 8], [1, 9, 4, 1, 4, 7, 1, 7, 3],
  [1, 2, 10, 4, 7, 8], [3, 4, 7, 3, 0, 4, 1, 2, 10], [9, 2, 10, 9, 0, 2, 4, 7, 8], [2, 10, 9, 2, 9, 7, 2, 7, 3, 4, 7, 9],
  [4, 7, 8, 11, 2, 3], [11, 4, 7, 11, 2, 4, 2, 0, 4], [1, 9, 0, 4, 7, 8, 11, 2, 3], [4, 7, 11, 9, 4, 11, 11, 2, 9, 1, 9, 2],
  [3, 10, 1, 11, 10, 3, 4, 7, 8], [11, 10, 1, 1, 4, 11, 1, 0, 4, 4, 7, 11], [4, 7, 8, 9, 0, 3, 3, 11, 9, 11, 10, 9], [4, 7, 11, 4, 11, 9, 9, 11, 10],
  [9, 5, 4], [9, 5, 4, 0, 8, 3], [0, 5, 4, 0, 1, 5], [8, 5, 4, 8, 3, 5, 3, 1, 5],
  [1, 2, 10, 9, 5, 4], [0, 8, 3, 1, 2, 10, 9, 5, 4], [2, 10, 5, 5, 4, 2, 2, 4, 0], [2, 10, 5, 3, 2, 5, 3, 5, 4, 8, 3, 4],
  [9, 5, 4, 11, 2, 3], [11, 2, 0, 0, 8, 11, 9, 5, 4], [0, 5, 4, 0, 1, 5, 11, 2, 3], [2, 1, 5, 2, 5, 8, 11, 2, 8, 5, 4, 8],
  [3, 10, 1, 11, 10, 3, 9, 5, 4], [5, 4, 9, 10, 1, 0, 0, 8, 10, 8, 11, 10], [5, 4, 0, 5, 0, 11, 10, 5, 11, 11, 0, 3], [5, 4, 8, 10, 5, 8, 11, 10, 8],
  [7, 8, 9, 5, 7, 9], [3, 0, 9, 5, 3, 9, 3, 5, 7], [7, 8, 0, 0, 1, 7, 7, 1, 5], [1, 5, 7, 1, 7, 3],
  [7, 8, 9, 5, 7, 9, 1, 2, 10], [1, 2, 10, 3, 0, 9, 3, 9, 5, 3, 5, 7], [0, 2, 8, 8, 2, 5, 8, 5, 7, 2, 10, 5], [2, 10, 5, 2, 5, 3, 3, 5, 7],
  [5, 7, 9, 7, 8, 9, 11, 2, 3], [5, 7, 9, 9, 7, 2, 2, 0, 9, 11, 2, 7], [11, 2, 3, 0, 1, 8, 1, 7, 8, 1, 5, 7], [2, 1, 11, 1, 7, 11, 1, 5, 7],
  [7, 8, 9, 5, 7, 9, 3, 10, 1, 11, 10, 3], [5, 7, 0, 5, 0, 9, 7, 11, 0, 10, 1, 0, 11, 10, 0], [11, 10, 0, 0, 3, 11, 10, 5, 0, 0, 7, 8, 5, 7, 0], [11, 10, 5, 5, 7, 11],
  [6, 5, 10], [0, 8, 3, 6, 5, 10], [1, 9, 0, 6, 5, 10], [1, 8, 3, 1, 9, 8, 6, 5, 10],
  [1, 6, 5, 1, 2, 6], [1, 6, 5, 1, 2, 6, 0, 8, 3], [9, 6, 5, 9, 0, 6, 0, 2, 6], [5, 9, 8, 5, 8, 2, 5, 2, 6, 8, 3, 2],
  [11, 2, 3, 6, 5, 10], [11, 2, 0, 0, 8, 11, 6, 5, 10], [1, 9, 0, 11, 2, 3, 6, 5, 10], [11, 2, 1, 1, 9, 11, 9, 8, 11, 6, 5, 10],
  [6, 3, 11, 6, 5, 3, 5, 1, 3], [0, 8, 11, 0, 11, 5, 0, 5, 1, 5, 11, 6], [6, 3, 11, 0, 3, 6, 0, 6, 5, 0, 5, 9], [6, 5, 9, 6, 9, 11, 11, 9, 8],
  [4, 7, 8, 6, 5, 10], [0, 4, 3, 4, 7, 3, 6, 5, 10], [1, 9, 0, 4, 7, 8, 6, 5, 10], [1, 9, 4, 1, 4, 7, 1, 7, 3, 6, 5, 10],
  [4, 7, 8, 1, 6, 5, 1, 2, 6], [0, 4, 3, 4, 7, 3, 1, 6, 5, 1, 2, 6], [4, 7, 8, 9, 6, 5, 9, 0, 6, 0, 2, 6], [7, 3, 9, 4, 7, 9, 3, 2, 9, 5, 9, 6, 2, 6, 9],
  [11, 2, 3, 4, 7, 8, 6, 5, 10], [11, 4, 7, 11, 2, 4, 2, 0, 4, 6, 5, 10], [1, 9, 0, 11, 2, 3, 4, 7, 8, 6, 5, 10], [4, 7, 11, 9, 4, 11, 11, 2, 9, 1, 9, 2, 6, 5, 10],
  [4, 7, 8, 6, 3, 11, 6, 5, 3, 5, 1, 3], [5, 1, 11, 5, 11, 6, 1, 0, 11, 4, 7, 11, 0, 4, 11], [4, 7, 8, 6, 3, 11, 0, 3, 6, 0, 6, 5, 0, 5, 9], [6, 5, 9, 6, 9, 11, 4, 7, 9, 7, 11, 9],
  [10, 4, 9, 6, 4, 10], [10, 4, 9, 6, 4, 10, 0, 8, 3], [0, 1, 10, 10, 6, 0, 6, 4, 0], [1, 8, 3, 1, 6, 8, 8, 6, 4, 6, 1, 10],
  [1, 4, 9, 1, 2, 4, 2, 6, 4], [1, 4, 9, 1, 2, 4, 2, 6, 4, 0, 8, 3], [0, 2, 4, 4, 2, 6], [8, 3, 2, 8, 2, 4, 4, 2, 6],
  [11, 2, 3, 10, 4, 9, 6, 4, 10], [11, 2, 0, 0, 8, 11, 10, 4, 9, 6, 4, 10], [11, 2, 3, 0, 1, 10, 10, 6, 0, 6, 4, 0], [6, 4, 1, 6, 1, 10, 1, 4, 8, 11, 2, 1, 1, 8, 11],
  [9, 6, 4, 3, 6, 9, 1, 3, 9, 11, 6, 3], [1, 8, 11, 0, 8, 1, 11, 6, 1, 1, 4, 9, 6, 4, 1], [6, 3, 11, 0, 3, 6, 6, 4, 0], [8, 6, 4, 6, 8, 11],
  [6, 7, 10, 7, 8, 10, 8, 9, 10], [6, 7, 10, 0, 10, 7, 0, 9, 10, 0, 7, 3], [6, 7, 10, 1, 10, 7, 1, 7, 8, 0, 1, 8], [6, 7, 10, 1, 10, 7, 1, 7, 3],
  [1, 2, 6, 1, 6, 8, 1, 8, 9, 6, 7, 8], [2, 6, 9, 1, 2, 9, 6, 7, 9, 3, 0, 9, 7, 3, 9], [0, 7, 8, 7, 0, 6, 6, 0, 2], [2, 7, 3, 2, 6, 7],
  [11, 2, 3, 6, 7, 10, 7, 8, 10, 8, 9, 10], [2, 0, 7, 11, 2, 7, 0, 9, 7, 6, 7, 10, 9, 10, 7], [6, 7, 10, 1, 10, 7, 1, 7, 8, 0, 1, 8, 11, 2, 3], [11, 2, 1, 1, 7, 11, 10, 6, 1, 1, 6, 7],
  [8, 9, 6, 6, 7, 8, 1, 6, 9, 11, 6, 3, 1, 3, 6], [0, 9, 1, 6, 7, 11], [0, 7, 8, 7, 0, 6, 0, 3, 11, 11, 6, 0], [6, 7, 11],
];

/**
 * Each mesh vertex is stored once: by the cube whose corner 7 (never set after the complement) ends the edge.
 * Corners 6, 4, 3 set mean crossings on edges 6, 7, 11.
 */
const VERTEX_CORNERS = [6, 4, 3] as const;
const VERTEX_EDGES = [6, 7, 11] as const;

export interface Mesh3D {
  surfaceArea: number;
  volume: number;
  /** Mesh vertices, (z, y, x) triplets in mm, in cshape.c's order. */
  vertices: Float64Array;
}

/**
 * Mesh of a binary mask laid out as (z, y, x) with x fastest. The mask must already carry a border of zeros
 * (PyRadiomics pads by one voxel) so that the surface closes.
 */
export function marchingCubes(mask: Uint8Array, sizeZYX: readonly [number, number, number], spacingZYX: readonly [number, number, number]): Mesh3D {
  const [nz, ny, nx] = sizeZYX;
  const cornerOffsets = CORNERS.map(([z, y, x]) => x + nx * (y + ny * z));
  const vertices: number[] = [];
  // 6 x the signed volume, and the surface area, summed triangle by triangle in cshape.c's order.
  const totals = new Float64Array(2);
  for (let iz = 0; iz < nz - 1; iz++) {
    for (let iy = 0; iy < ny - 1; iy++) {
      let base = nx * (iy + ny * iz);
      for (let ix = 0; ix < nx - 1; ix++, base++) {
        let cube = 0;
        for (let c = 0; c < 8; c++) if (mask[base + cornerOffsets[c]]) cube |= 1 << c;
        if (cube !== 0 && cube !== 0xff) addCube(cube, iz, iy, ix, spacingZYX, vertices, totals);
      }
    }
  }
  return { surfaceArea: totals[1], volume: totals[0] / 6, vertices: Float64Array.from(vertices) };
}

/**
 * The vertices and triangles of one cube crossed by the surface. A function of its own: most cubes are empty, and
 * this code, run only at the surface, would otherwise have no type feedback when V8 compiles the scan over the cubes
 * (each first surface case then threw the compiled scan away).
 */
function addCube(
  corners: number,
  iz: number,
  iy: number,
  ix: number,
  spacingZYX: readonly [number, number, number],
  vertices: number[],
  totals: Float64Array,
): void {
  const [sz, sy, sx] = spacingZYX;
  let cube = corners;
  let sign = 1;
  if (cube & 0x80) {
    cube ^= 0xff;
    sign = -1;
  }
  for (let t = 0; t < 3; t++) {
    if (cube & (1 << VERTEX_CORNERS[t])) {
      const m = EDGE_MIDPOINTS[VERTEX_EDGES[t]];
      vertices.push((iz + m[0]) * sz, (iy + m[1]) * sy, (ix + m[2]) * sx);
    }
  }
  const triangles = TRIANGLES[cube];
  for (let t = 0; t < triangles.length; t += 3) {
    const pa = EDGE_MIDPOINTS[triangles[t]];
    const pb = EDGE_MIDPOINTS[triangles[t + 1]];
    const pc = EDGE_MIDPOINTS[triangles[t + 2]];
    let a0 = (iz + pa[0]) * sz, a1 = (iy + pa[1]) * sy, a2 = (ix + pa[2]) * sx;
    let b0 = (iz + pb[0]) * sz, b1 = (iy + pb[1]) * sy, b2 = (ix + pb[2]) * sx;
    const c0 = (iz + pc[0]) * sz, c1 = (iy + pc[1]) * sy, c2 = (ix + pc[2]) * sx;
    // signed volume of the tetrahedron (origin, a, b, c), times 6
    let x0 = a1 * b2 - b1 * a2;
    let x1 = a2 * b0 - b2 * a0;
    let x2 = a0 * b1 - b0 * a1;
    totals[0] += sign * (x0 * c0 + x1 * c1 + x2 * c2);
    // triangle area: half the norm of (a - c) x (b - c)
    a0 -= c0; a1 -= c1; a2 -= c2;
    b0 -= c0; b1 -= c1; b2 -= c2;
    x0 = a1 * b2 - b1 * a2;
    x1 = a2 * b0 - b2 * a0;
    x2 = a0 * b1 - b0 * a1;
    totals[1] += 0.5 * Math.sqrt(x0 * x0 + x1 * x1 + x2 * x2);
  }
}
