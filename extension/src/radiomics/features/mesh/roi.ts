import type { Vec3 } from '../../image/volume';

/**
 * The ROI of a feature-class mask as PyRadiomics' shape classes see it: cropped to the ROI's bounding box (the
 * extractor crops shape input without padding) and then padded with one voxel of zeros on every side.
 * Laid out (z, y, x) with x fastest, like the numpy arrays cshape.c receives.
 */
export interface PaddedRoi {
  mask: Uint8Array;
  /** (z, y, x) size of the padded array. */
  sizeZYX: Vec3;
  /** (z, y, x) size of the ROI's bounding box. */
  boxZYX: Vec3;
  /** Number of ROI voxels. */
  count: number;
}

export function paddedRoi(mask: Uint8Array, size: Vec3): PaddedRoi {
  const [nx, ny, nz] = size;
  if (mask.length !== nx * ny * nz) throw new Error(`mask has ${mask.length} voxels, expected ${nx}x${ny}x${nz}`);
  const lower = [nx, ny, nz];
  const upper = [-1, -1, -1];
  let count = 0;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!mask[n]) continue;
        count++;
        if (i < lower[0]) lower[0] = i;
        if (i > upper[0]) upper[0] = i;
        if (j < lower[1]) lower[1] = j;
        if (j > upper[1]) upper[1] = j;
        if (k < lower[2]) lower[2] = k;
        if (k > upper[2]) upper[2] = k;
      }
    }
  }
  if (count === 0) throw new Error('shape features need a non-empty ROI, but the mask has no voxel inside');
  const box = [0, 1, 2].map((d) => upper[d] - lower[d] + 1);
  const [px, py, pz] = [box[0] + 2, box[1] + 2, box[2] + 2];
  const padded = new Uint8Array(px * py * pz);
  for (let k = 0; k < box[2]; k++) {
    for (let j = 0; j < box[1]; j++) {
      const from = lower[0] + nx * (lower[1] + j + ny * (lower[2] + k));
      const to = 1 + px * (1 + j + py * (1 + k));
      for (let i = 0; i < box[0]; i++) padded[to + i] = mask[from + i] ? 1 : 0;
    }
  }
  return { mask: padded, sizeZYX: [pz, py, px], boxZYX: [box[2], box[1], box[0]], count };
}

/**
 * Eigenvalues, ascending, of the covariance of the ROI voxel centres (physical coordinates, axes as given),
 * computed like PyRadiomics: coordinates centred, divided by sqrt(Np), covariance = X^T X. Tiny negative values
 * from rounding (> -1e-10) become 0, as PyRadiomics does.
 */
export function principalMoments(coordinates: Float64Array[], count: number): number[] {
  const dims = coordinates.length;
  const scale = Math.sqrt(count);
  const centred = coordinates.map((axis) => centredAndScaled(axis, sum(axis, count) / count, scale, count));
  const covariance: number[][] = [];
  for (let a = 0; a < dims; a++) {
    covariance.push([]);
    for (let b = 0; b < dims; b++) covariance[a].push(dot(centred[a], centred[b], count));
  }
  return symmetricEigenvalues(covariance)
    .map((value) => (value < 0 && value > -1e-10 ? 0 : value))
    .sort((p, q) => p - q);
}

/*
 * The passes over the voxels are small functions with one loop each, so that V8 compiles each once; compiled as one
 * function, its loops were recompiled five times as their type feedback arrived.
 */

function sum(values: Float64Array, count: number): number {
  let total = 0;
  for (let n = 0; n < count; n++) total += values[n];
  return total;
}

function centredAndScaled(values: Float64Array, mean: number, scale: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let n = 0; n < count; n++) out[n] = (values[n] - mean) / scale;
  return out;
}

function dot(a: Float64Array, b: Float64Array, count: number): number {
  let total = 0;
  for (let n = 0; n < count; n++) total += a[n] * b[n];
  return total;
}

/** Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (accurate to rounding). */
export function symmetricEigenvalues(matrix: number[][]): number[] {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) offDiagonal += a[p][q] * a[p][q];
    if (offDiagonal === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]);
}
