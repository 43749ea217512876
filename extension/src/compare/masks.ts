import type { Geometry, Volume } from '../radiomics/image/volume';

/** How two ROIs on one grid agree. Definitions: docs/sr.md ("Reader comparison"). */
export interface MaskAgreement {
  voxelsA: number;
  voxelsB: number;
  intersection: number;
  /** 2 |A ∩ B| / (|A| + |B|). */
  dice: number;
  /** Symmetric 95th-percentile surface Hausdorff distance in mm (MedPy's hd95 definition, see surfaceDistancesMm). */
  hausdorff95Mm: number;
  volumeAMm3: number;
  volumeBMm3: number;
  /** volumeB - volumeA. */
  volumeDifferenceMm3: number;
}

function requireSameGrid(a: Geometry, b: Geometry): void {
  const close = (x: readonly number[], y: readonly number[], tolerance: number) => x.every((v, i) => Math.abs(v - y[i]) <= tolerance);
  if (!close(a.size, b.size, 0)) throw new Error(`The two ROIs are on different grids: size ${a.size.join('x')} vs ${b.size.join('x')}; map one onto the other's grid first`);
  if (!close(a.spacing, b.spacing, 1e-6) || !close(a.origin, b.origin, 1e-4) || !close(a.direction, b.direction, 1e-6)) {
    throw new Error('The two ROIs are on different grids (spacing, origin or direction differ); map one onto the other\'s grid first');
  }
}

/** Inclusive index box [lo, hi] per axis of the voxels set in either mask, grown by one voxel and clipped to the grid. */
function unionBox(a: Uint8Array, b: Uint8Array, size: readonly number[]): { lo: number[]; hi: number[] } | undefined {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  const [nx, ny] = size;
  for (let p = 0; p < a.length; p++) {
    if (!a[p] && !b[p]) continue;
    const i = p % nx;
    const j = Math.floor(p / nx) % ny;
    const k = Math.floor(p / (nx * ny));
    const index = [i, j, k];
    for (let axis = 0; axis < 3; axis++) {
      lo[axis] = Math.min(lo[axis], index[axis]);
      hi[axis] = Math.max(hi[axis], index[axis]);
    }
  }
  if (hi[0] < 0) return undefined;
  return { lo: lo.map((v) => Math.max(0, v - 1)), hi: hi.map((v, axis) => Math.min(size[axis] - 1, v + 1)) };
}

/**
 * Surface voxels of a binary mask in a box: mask voxels with at least one of their 6 face neighbours outside the mask
 * or outside the image (scipy binary_erosion with a 6-connected structure and border 0, as MedPy uses).
 */
function surface(mask: Uint8Array, dims: readonly number[]): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(mask.length);
  const inside = (i: number, j: number, k: number) => i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && mask[i + nx * (j + ny * k)] !== 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const p = i + nx * (j + ny * k);
        if (!mask[p]) continue;
        const interior =
          inside(i - 1, j, k) && inside(i + 1, j, k) && inside(i, j - 1, k) && inside(i, j + 1, k) && inside(i, j, k - 1) && inside(i, j, k + 1);
        if (!interior) out[p] = 1;
      }
    }
  }
  return out;
}

/** One 1D pass of Felzenszwalb & Huttenlocher's squared distance transform, with sample spacing h. */
function distancePass(f: Float64Array, n: number, h: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  let first = 0;
  while (first < n && f[first] === Infinity) first++;
  if (first === n) {
    d.fill(Infinity, 0, n);
    return;
  }
  v[0] = first;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = first + 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    let s: number;
    // z[0] = -Infinity, so k never drops below 0.
    for (;;) {
      const r = v[k];
      s = (f[q] + h * h * q * q - (f[r] + h * h * r * r)) / (2 * h * h * (q - r));
      if (s <= z[k]) k--;
      else break;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const r = v[k];
    d[q] = h * h * (q - r) * (q - r) + f[r];
  }
}

/** Squared Euclidean distance (mm²) from every voxel of the box to the nearest set voxel of `features`. */
function squaredDistanceMap(features: Uint8Array, dims: readonly number[], spacing: readonly number[]): Float64Array {
  const [nx, ny, nz] = dims;
  const map = Float64Array.from(features, (x) => (x ? 0 : Infinity));
  const longest = Math.max(nx, ny, nz);
  const f = new Float64Array(longest);
  const d = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = dims[axis];
    const stride = strides[axis];
    const others = [0, 1, 2].filter((a) => a !== axis);
    for (let b = 0; b < dims[others[1]]; b++) {
      for (let a = 0; a < dims[others[0]]; a++) {
        const start = a * strides[others[0]] + b * strides[others[1]];
        for (let q = 0; q < n; q++) f[q] = map[start + q * stride];
        distancePass(f, n, spacing[axis], d, v, z);
        for (let q = 0; q < n; q++) map[start + q * stride] = d[q];
      }
    }
  }
  return map;
}

/** numpy.percentile's default (linear interpolation between closest ranks). */
export function percentile(values: Float64Array, q: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = Float64Array.from(values).sort();
  const position = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/**
 * Distances (mm) from each surface voxel of A to the nearest surface voxel of B, then from each surface voxel of B to
 * the nearest of A, concatenated (voxel centres; physical distances, which for an orthonormal direction matrix are
 * the index differences scaled by the spacing).
 */
export function surfaceDistancesMm(a: Volume, b: Volume): Float64Array {
  requireSameGrid(a, b);
  const box = unionBox(a.data as Uint8Array, b.data as Uint8Array, a.size);
  if (!box) throw new Error('Both ROIs are empty');
  const dims = [0, 1, 2].map((axis) => box.hi[axis] - box.lo[axis] + 1);
  const crop = (data: ArrayLike<number>) => {
    const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
    for (let k = 0; k < dims[2]; k++) {
      for (let j = 0; j < dims[1]; j++) {
        const from = box.lo[0] + a.size[0] * (box.lo[1] + j + a.size[1] * (box.lo[2] + k));
        for (let i = 0; i < dims[0]; i++) out[i + dims[0] * (j + dims[1] * k)] = data[from + i] ? 1 : 0;
      }
    }
    return out;
  };
  const cropA = crop(a.data);
  const cropB = crop(b.data);
  if (!cropA.some((x) => x) || !cropB.some((x) => x)) throw new Error('One of the ROIs is empty: no surface distance');
  // The box holds every surface voxel, so distances inside it to the other surface are exact; voxels beyond the box
  // (the one-voxel rim is outside both masks, or the image border) are outside, as for the whole image.
  const surfaceA = surface(cropA, dims);
  const surfaceB = surface(cropB, dims);
  const toB = squaredDistanceMap(surfaceB, dims, a.spacing);
  const toA = squaredDistanceMap(surfaceA, dims, a.spacing);
  const distances: number[] = [];
  for (let p = 0; p < surfaceA.length; p++) if (surfaceA[p]) distances.push(Math.sqrt(toB[p]));
  for (let p = 0; p < surfaceB.length; p++) if (surfaceB[p]) distances.push(Math.sqrt(toA[p]));
  return Float64Array.from(distances);
}

/** Dice, HD95 and volumes of two ROIs on the same grid (map one onto the other's grid first: dicom/mapMaskToGrid). */
export function compareMasks(a: Volume, b: Volume): MaskAgreement {
  requireSameGrid(a, b);
  let voxelsA = 0;
  let voxelsB = 0;
  let intersection = 0;
  for (let p = 0; p < a.data.length; p++) {
    const inA = a.data[p] !== 0;
    const inB = b.data[p] !== 0;
    if (inA) voxelsA++;
    if (inB) voxelsB++;
    if (inA && inB) intersection++;
  }
  if (voxelsA === 0 || voxelsB === 0) throw new Error(`Cannot compare ROIs: ROI ${voxelsA === 0 ? 'A' : 'B'} is empty`);
  const voxelVolume = a.spacing[0] * a.spacing[1] * a.spacing[2];
  return {
    voxelsA,
    voxelsB,
    intersection,
    dice: (2 * intersection) / (voxelsA + voxelsB),
    hausdorff95Mm: percentile(surfaceDistancesMm(a, b), 95),
    volumeAMm3: voxelsA * voxelVolume,
    volumeBMm3: voxelsB * voxelVolume,
    volumeDifferenceMm3: (voxelsB - voxelsA) * voxelVolume,
  };
}
