/**
 * The 2D counterpart of marchingCubes, exactly as PyRadiomics 3.0.1's cshape.c calculate_coefficients2D: a 2x2
 * square walks the zero-padded mask, crossings halfway between pixel centres, lines oriented so that the signed
 * triangles (origin, a, b) sum to the enclosed area. Coordinates are (row, column) = (y, x) in mm.
 */

/** Square corners as (row, column) offsets; bit n of a square index is corner n. */
const CORNERS: readonly (readonly [number, number])[] = [[0, 0], [0, 1], [1, 1], [1, 0]];

/** Midpoints of the 4 square edges as (row, column) offsets. */
const EDGE_MIDPOINTS: readonly (readonly [number, number])[] = [[0, 0.5], [0.5, 1], [1, 0.5], [0.5, 0]];

/** Line segments (edge pairs) per square index. */
const LINES: readonly (readonly number[])[] = [
  [], [3, 0], [0, 1], [3, 1], [1, 2], [1, 2, 3, 0], [0, 2], [3, 2],
  [2, 3], [2, 0], [0, 1, 2, 3], [2, 1], [1, 3], [1, 0], [0, 3], [],
];

/** A vertex is stored by the square whose corner 3 (unset after the complement) ends its edge: corners 0, 2 -> edges 3, 2. */
const VERTEX_CORNERS = [0, 2] as const;
const VERTEX_EDGES = [3, 2] as const;

export interface Mesh2D {
  perimeter: number;
  surface: number;
  /** Perimeter vertices, (row, column) pairs in mm, in cshape.c's order. */
  vertices: Float64Array;
}

/** Perimeter mesh of a binary 2D mask (rows x columns, columns fastest) that carries a border of zeros. */
export function marchingSquares(mask: Uint8Array, rows: number, columns: number, spacing: readonly [number, number]): Mesh2D {
  const [sy, sx] = spacing;
  const cornerOffsets = CORNERS.map(([y, x]) => x + columns * y);
  const vertices: number[] = [];
  let perimeter = 0;
  let surface = 0;
  for (let iy = 0; iy < rows - 1; iy++) {
    let base = columns * iy;
    for (let ix = 0; ix < columns - 1; ix++, base++) {
      let square = 0;
      for (let c = 0; c < 4; c++) if (mask[base + cornerOffsets[c]]) square |= 1 << c;
      if (square === 0 || square === 0xf) continue;
      const lines = LINES[square];
      for (let t = 0; t < lines.length; t += 2) {
        const pa = EDGE_MIDPOINTS[lines[t]];
        const pb = EDGE_MIDPOINTS[lines[t + 1]];
        let a0 = (iy + pa[0]) * sy, a1 = (ix + pa[1]) * sx;
        const b0 = (iy + pb[0]) * sy, b1 = (ix + pb[1]) * sx;
        surface += a0 * b1 - b0 * a1;
        a0 -= b0;
        a1 -= b1;
        perimeter += Math.sqrt(a0 * a0 + a1 * a1);
      }
      if (square > 7) square ^= 0xf;
      for (let t = 0; t < 2; t++) {
        if (square & (1 << VERTEX_CORNERS[t])) {
          const m = EDGE_MIDPOINTS[VERTEX_EDGES[t]];
          vertices.push((iy + m[0]) * sy, (ix + m[1]) * sx);
        }
      }
    }
  }
  return { perimeter, surface: surface / 2, vertices: Float64Array.from(vertices) };
}
