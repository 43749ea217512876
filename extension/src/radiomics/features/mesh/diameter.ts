/**
 * Largest pairwise distances between mesh vertices, with exactly the value PyRadiomics' brute-force double loop
 * (cshape.c calculate_meshDiameter) finds, but without visiting every pair: vertices are grouped into k-d tree
 * leaves and a pair of leaves is skipped when the largest distance their bounding boxes allow cannot beat the best
 * distance found so far. Rounding is monotonic, so a box bound computed with the same operations as a point
 * distance is never below any of its point distances: the pruning is exact, not approximate.
 */

const LEAF_SIZE = 32;
const BRUTE_FORCE_BELOW = 256;

/** Squared distance between points a and b of a flat coordinate array, summed over axes in order like cshape.c. */
function squaredDistance(coords: Float64Array, dims: number, a: number, b: number): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const diff = coords[a * dims + d] - coords[b * dims + d];
    sum += diff * diff;
  }
  return sum;
}

function bruteForce(coords: Float64Array, dims: number, points: Int32Array, best: number): number {
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const distance = squaredDistance(coords, dims, points[i], points[j]);
      if (distance > best) best = distance;
    }
  }
  return best;
}

interface Leaf {
  start: number;
  end: number;
  min: Float64Array;
  max: Float64Array;
}

/** Splits points[start, end) at the median of its widest axis until leaves hold at most LEAF_SIZE points. */
function buildLeaves(coords: Float64Array, dims: number, points: Int32Array, start: number, end: number, leaves: Leaf[]): void {
  const min = new Float64Array(dims).fill(Infinity);
  const max = new Float64Array(dims).fill(-Infinity);
  for (let n = start; n < end; n++) {
    for (let d = 0; d < dims; d++) {
      const v = coords[points[n] * dims + d];
      if (v < min[d]) min[d] = v;
      if (v > max[d]) max[d] = v;
    }
  }
  if (end - start <= LEAF_SIZE) {
    leaves.push({ start, end, min, max });
    return;
  }
  let axis = 0;
  for (let d = 1; d < dims; d++) if (max[d] - min[d] > max[axis] - min[axis]) axis = d;
  const slice = Array.from(points.subarray(start, end)).sort((p, q) => coords[p * dims + axis] - coords[q * dims + axis]);
  points.set(slice, start);
  const middle = (start + end) >> 1;
  buildLeaves(coords, dims, points, start, middle, leaves);
  buildLeaves(coords, dims, points, middle, end, leaves);
}

/** Upper bound of the squared distance between any point of leaf a and any point of leaf b. */
function leafBound(a: Leaf, b: Leaf, dims: number): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const diff = Math.max(a.max[d] - b.min[d], b.max[d] - a.min[d]);
    sum += diff * diff;
  }
  return sum;
}

/** Farthest point from `from` among points, as a cheap lower bound of the diameter. */
function farthest(coords: Float64Array, dims: number, points: Int32Array, from: number): { point: number; distance: number } {
  let point = from;
  let distance = 0;
  for (let n = 0; n < points.length; n++) {
    const d = squaredDistance(coords, dims, from, points[n]);
    if (d > distance) {
      distance = d;
      point = points[n];
    }
  }
  return { point, distance };
}

/**
 * The points that can still be an end of a pair farther apart than `best`: those whose largest possible distance to
 * any point (to the farthest corner of the points' bounding box, computed with the operations of a point distance,
 * hence never below one) exceeds it.
 */
function candidates(coords: Float64Array, dims: number, points: Int32Array, best: number): Int32Array {
  const min = new Float64Array(dims).fill(Infinity);
  const max = new Float64Array(dims).fill(-Infinity);
  for (let n = 0; n < points.length; n++) {
    for (let d = 0; d < dims; d++) {
      const v = coords[points[n] * dims + d];
      if (v < min[d]) min[d] = v;
      if (v > max[d]) max[d] = v;
    }
  }
  const kept = new Int32Array(points.length);
  let count = 0;
  for (let n = 0; n < points.length; n++) {
    let bound = 0;
    for (let d = 0; d < dims; d++) {
      const v = coords[points[n] * dims + d];
      const diff = Math.max(v - min[d], max[d] - v);
      bound += diff * diff;
    }
    if (bound > best) kept[count++] = points[n];
  }
  return kept.subarray(0, count);
}

/**
 * The largest squared distance between two of the given points (indices into `coords`, `dims` numbers per point),
 * or `atLeast` when no pair is farther apart.
 */
export function maxSquaredDistance(coords: Float64Array, dims: number, points: Int32Array, atLeast = 0): number {
  if (points.length < 2) return atLeast;
  let best = atLeast;
  if (points.length >= BRUTE_FORCE_BELOW) {
    let from = points[0];
    for (let sweep = 0; sweep < 3; sweep++) {
      const next = farthest(coords, dims, points, from);
      if (next.distance > best) best = next.distance;
      from = next.point;
    }
  }
  const order = candidates(coords, dims, points, best);
  if (order.length < 2) return best;
  if (order.length < BRUTE_FORCE_BELOW) return bruteForce(coords, dims, order, best);
  const leaves: Leaf[] = [];
  buildLeaves(coords, dims, order, 0, order.length, leaves);
  for (let i = 0; i < leaves.length; i++) {
    const a = leaves[i];
    for (let j = i; j < leaves.length; j++) {
      const b = leaves[j];
      if (leafBound(a, b, dims) <= best) continue;
      for (let p = a.start; p < a.end; p++) {
        for (let q = i === j ? p + 1 : b.start; q < b.end; q++) {
          const distance = squaredDistance(coords, dims, order[p], order[q]);
          if (distance > best) best = distance;
        }
      }
    }
  }
  return best;
}

/**
 * The largest squared distance between two points that share the same coordinate on `axis` (cshape.c's
 * per-plane diameters compare coordinates with ==).
 */
export function maxSquaredDistanceInPlanes(coords: Float64Array, dims: number, axis: number): number {
  const count = coords.length / dims;
  const planes = new Map<number, number[]>();
  for (let n = 0; n < count; n++) {
    const key = coords[n * dims + axis];
    const plane = planes.get(key);
    if (plane) plane.push(n);
    else planes.set(key, [n]);
  }
  let best = 0;
  for (const plane of planes.values()) best = maxSquaredDistance(coords, dims, Int32Array.from(plane), best);
  return best;
}

/** All points of a flat coordinate array, as indices. */
export function allPoints(coords: Float64Array, dims: number): Int32Array {
  const points = new Int32Array(coords.length / dims);
  for (let n = 0; n < points.length; n++) points[n] = n;
  return points;
}
