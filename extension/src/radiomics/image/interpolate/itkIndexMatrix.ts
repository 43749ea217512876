/**
 * ITK's PhysicalPointToIndex matrix, bit for bit. ITK (ImageBase::ComputeIndexToPhysicalPointMatrices) inverts
 * direction * diag(spacing) with vnl_matrix_inverse, i.e. a LINPACK dsvdc singular value decomposition
 * (job 21) followed by V * W^-1 * U^T. For axis-aligned directions that equals the transpose divided by the
 * spacing; for oblique ones it differs in the last bits, and those bits decide nearest-neighbour ties and integer
 * truncations in resampling. So the SVD is reproduced here operation by operation (LINPACK/BLAS reference
 * arithmetic: scaled 2-norm, Givens rotations, 5-way unrolled dot product), for the 3x3 case only.
 */
import type { Geometry } from '../volume';

const N = 3;

/** A 1-based column-major N x N matrix view, as in the Fortran source. */
class Columns {
  readonly data = new Float64Array(N * N);
  get(i: number, j: number): number {
    return this.data[i - 1 + (j - 1) * N];
  }
  set(i: number, j: number, value: number): void {
    this.data[i - 1 + (j - 1) * N] = value;
  }
  /** Flat offset of element (i, j): BLAS routines walk a column from there. */
  at(i: number, j: number): number {
    return i - 1 + (j - 1) * N;
  }
}

function sign(a: number, b: number): number {
  const magnitude = Math.abs(a);
  return b >= 0 ? magnitude : -magnitude;
}

/** BLAS dnrm2 (scaled sum of squares). */
function dnrm2(n: number, x: Float64Array, offset: number): number {
  if (n < 1) return 0;
  if (n === 1) return Math.abs(x[offset]);
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < n; i++) {
    const value = x[offset + i];
    if (value !== 0) {
      const absolute = Math.abs(value);
      if (scale < absolute) {
        const r = scale / absolute;
        ssq = ssq * (r * r) + 1;
        scale = absolute;
      } else {
        const r = absolute / scale;
        ssq += r * r;
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/** BLAS ddot with unit strides: a remainder loop, then groups of five summed left to right. */
function ddot(n: number, x: Float64Array, xOffset: number, y: Float64Array, yOffset: number): number {
  let sum = 0;
  if (n <= 0) return sum;
  const m = n % 5;
  for (let i = 0; i < m; i++) sum += x[xOffset + i] * y[yOffset + i];
  for (let i = m; i < n; i += 5) {
    sum = sum + x[xOffset + i] * y[yOffset + i] + x[xOffset + i + 1] * y[yOffset + i + 1] +
      x[xOffset + i + 2] * y[yOffset + i + 2] + x[xOffset + i + 3] * y[yOffset + i + 3] +
      x[xOffset + i + 4] * y[yOffset + i + 4];
  }
  return sum;
}

/** BLAS daxpy: y += a x. */
function daxpy(n: number, a: number, x: Float64Array, xOffset: number, y: Float64Array, yOffset: number): void {
  if (n <= 0 || a === 0) return;
  for (let i = 0; i < n; i++) y[yOffset + i] = y[yOffset + i] + a * x[xOffset + i];
}

function dscal(n: number, a: number, x: Float64Array, offset: number): void {
  for (let i = 0; i < n; i++) x[offset + i] = a * x[offset + i];
}

function drot(n: number, x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, c: number, s: number): void {
  for (let i = 0; i < n; i++) {
    const t = c * x[xOffset + i] + s * y[yOffset + i];
    y[yOffset + i] = c * y[yOffset + i] - s * x[xOffset + i];
    x[xOffset + i] = t;
  }
}

function dswap(n: number, x: Float64Array, xOffset: number, y: Float64Array, yOffset: number): void {
  for (let i = 0; i < n; i++) {
    const t = x[xOffset + i];
    x[xOffset + i] = y[yOffset + i];
    y[yOffset + i] = t;
  }
}

/** BLAS drotg: the Givens rotation zeroing b; returns r (new a), z (new b), c, s. */
function drotg(a: number, b: number): { r: number; z: number; c: number; s: number } {
  let roe = b;
  if (Math.abs(a) > Math.abs(b)) roe = a;
  const scale = Math.abs(a) + Math.abs(b);
  if (scale === 0) return { r: 0, z: 0, c: 1, s: 0 };
  const p = a / scale;
  const q = b / scale;
  const r = sign(1, roe) * (scale * Math.sqrt(p * p + q * q));
  const c = a / r;
  const s = b / r;
  let z = 1;
  if (Math.abs(a) > Math.abs(b)) z = s;
  if (Math.abs(b) >= Math.abs(a) && c !== 0) z = 1 / c;
  return { r, z, c, s };
}

/** LINPACK dsvdc with job = 21 on a 3x3 matrix (x is overwritten): singular values s, vectors U and V. */
function dsvdc(x: Columns): { s: Float64Array; u: Columns; v: Columns } {
  const n = N, p = N;
  const s = new Float64Array(N + 2);
  const e = new Float64Array(N + 2);
  const work = new Float64Array(N + 2);
  const u = new Columns();
  const v = new Columns();
  const X = x.data, U = u.data, V = v.data;
  const ncu = Math.min(n, p);
  const nct = Math.min(n - 1, p);
  const nrt = Math.max(0, Math.min(p - 2, n));
  const lu = Math.max(nct, nrt);

  // reduce x to bidiagonal form, storing the diagonal in s and the super-diagonal in e
  for (let l = 1; l <= lu; l++) {
    const lp1 = l + 1;
    if (l <= nct) {
      s[l] = dnrm2(n - l + 1, X, x.at(l, l));
      if (s[l] !== 0) {
        if (x.get(l, l) !== 0) s[l] = sign(s[l], x.get(l, l));
        dscal(n - l + 1, 1.0 / s[l], X, x.at(l, l));
        x.set(l, l, 1.0 + x.get(l, l));
      }
      s[l] = -s[l];
    }
    for (let j = lp1; j <= p; j++) {
      if (l <= nct && s[l] !== 0) {
        const t = -ddot(n - l + 1, X, x.at(l, l), X, x.at(l, j)) / x.get(l, l);
        daxpy(n - l + 1, t, X, x.at(l, l), X, x.at(l, j));
      }
      e[j] = x.get(l, j);
    }
    if (l <= nct) for (let i = l; i <= n; i++) u.set(i, l, x.get(i, l));
    if (l <= nrt) {
      e[l] = dnrm2(p - l, e, lp1);
      if (e[l] !== 0) {
        if (e[lp1] !== 0) e[l] = sign(e[l], e[lp1]);
        dscal(p - l, 1.0 / e[l], e, lp1);
        e[lp1] = 1.0 + e[lp1];
      }
      e[l] = -e[l];
      if (!(lp1 > n || e[l] === 0)) {
        for (let i = lp1; i <= n; i++) work[i] = 0;
        for (let j = lp1; j <= p; j++) daxpy(n - l, e[j], X, x.at(lp1, j), work, lp1);
        for (let j = lp1; j <= p; j++) daxpy(n - l, -e[j] / e[lp1], work, lp1, X, x.at(lp1, j));
      }
      for (let i = lp1; i <= p; i++) v.set(i, l, e[i]);
    }
  }

  // the final bidiagonal matrix of order m
  let m = Math.min(p, n + 1);
  const nctp1 = nct + 1;
  const nrtp1 = nrt + 1;
  if (nct < p) s[nctp1] = x.get(nctp1, nctp1);
  if (n < m) s[m] = 0;
  if (nrtp1 < m) e[nrtp1] = x.get(nrtp1, m);
  e[m] = 0;

  // generate U
  for (let j = nctp1; j <= ncu; j++) {
    for (let i = 1; i <= n; i++) u.set(i, j, 0);
    u.set(j, j, 1);
  }
  for (let ll = 1; ll <= nct; ll++) {
    const l = nct - ll + 1;
    if (s[l] !== 0) {
      for (let j = l + 1; j <= ncu; j++) {
        const t = -ddot(n - l + 1, U, u.at(l, l), U, u.at(l, j)) / u.get(l, l);
        daxpy(n - l + 1, t, U, u.at(l, l), U, u.at(l, j));
      }
      dscal(n - l + 1, -1.0, U, u.at(l, l));
      u.set(l, l, 1.0 + u.get(l, l));
      for (let i = 1; i <= l - 1; i++) u.set(i, l, 0);
    } else {
      for (let i = 1; i <= n; i++) u.set(i, l, 0);
      u.set(l, l, 1);
    }
  }

  // generate V
  for (let ll = 1; ll <= p; ll++) {
    const l = p - ll + 1;
    const lp1 = l + 1;
    if (l <= nrt && e[l] !== 0) {
      for (let j = lp1; j <= p; j++) {
        const t = -ddot(p - l, V, v.at(lp1, l), V, v.at(lp1, j)) / v.get(lp1, l);
        daxpy(p - l, t, V, v.at(lp1, l), V, v.at(lp1, j));
      }
    }
    for (let i = 1; i <= p; i++) v.set(i, l, 0);
    v.set(l, l, 1);
  }

  // main iteration loop for the singular values
  const mm = m;
  let iter = 0;
  const maxit = 1000;
  while (m !== 0 && iter < maxit) {
    // find l: e[l] is negligible, or l = 0
    let l = 0;
    for (let ll = 1; ll <= m; ll++) {
      l = m - ll;
      if (l === 0) break;
      const test = Math.abs(s[l]) + Math.abs(s[l + 1]);
      const ztest = test + Math.abs(e[l]);
      if (ztest === test) {
        e[l] = 0;
        break;
      }
    }
    let kase: number;
    if (l === m - 1) {
      kase = 4;
    } else {
      const lp1 = l + 1;
      const mp1 = m + 1;
      let ls = l;
      for (let lls = lp1; lls <= mp1; lls++) {
        ls = m - lls + lp1;
        if (ls === l) break;
        let test = 0;
        if (ls !== m) test += Math.abs(e[ls]);
        if (ls !== l + 1) test += Math.abs(e[ls - 1]);
        const ztest = test + Math.abs(s[ls]);
        if (ztest === test) {
          s[ls] = 0;
          break;
        }
      }
      if (ls === l) {
        kase = 3;
      } else if (ls === m) {
        kase = 1;
      } else {
        kase = 2;
        l = ls;
      }
    }
    l = l + 1;

    if (kase === 1) {
      // deflate negligible s[m]
      const mm1 = m - 1;
      let f = e[m - 1];
      e[m - 1] = 0;
      for (let kk = l; kk <= mm1; kk++) {
        const k = mm1 - kk + l;
        const g = drotg(s[k], f);
        s[k] = g.r;
        f = g.z;
        if (k !== l) {
          f = -g.s * e[k - 1];
          e[k - 1] = g.c * e[k - 1];
        }
        drot(p, V, v.at(1, k), V, v.at(1, m), g.c, g.s);
      }
    } else if (kase === 2) {
      // split at negligible s[l]
      let f = e[l - 1];
      e[l - 1] = 0;
      for (let k = l; k <= m; k++) {
        const g = drotg(s[k], f);
        s[k] = g.r;
        f = -g.s * e[k];
        e[k] = g.c * e[k];
        drot(n, U, u.at(1, k), U, u.at(1, l - 1), g.c, g.s);
      }
    } else if (kase === 3) {
      // one QR step
      const scale = Math.max(Math.abs(s[m]), Math.abs(s[m - 1]), Math.abs(e[m - 1]), Math.abs(s[l]), Math.abs(e[l]));
      const sm = s[m] / scale;
      const smm1 = s[m - 1] / scale;
      const emm1 = e[m - 1] / scale;
      const sl = s[l] / scale;
      const el = e[l] / scale;
      const b = ((smm1 + sm) * (smm1 - sm) + emm1 * emm1) / 2.0;
      const smEmm1 = sm * emm1;
      const c = smEmm1 * smEmm1;
      let shift = 0;
      if (!(b === 0 && c === 0)) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sl + sm) * (sl - sm) + shift;
      let g = sl * el;
      const mm1 = m - 1;
      for (let k = l; k <= mm1; k++) {
        let rotation = drotg(f, g);
        f = rotation.r;
        if (k !== l) e[k - 1] = f;
        let cs = rotation.c;
        let sn = rotation.s;
        f = cs * s[k] + sn * e[k];
        e[k] = cs * e[k] - sn * s[k];
        g = sn * s[k + 1];
        s[k + 1] = cs * s[k + 1];
        drot(p, V, v.at(1, k), V, v.at(1, k + 1), cs, sn);
        rotation = drotg(f, g);
        f = rotation.r;
        cs = rotation.c;
        sn = rotation.s;
        s[k] = f;
        f = cs * e[k] + sn * s[k + 1];
        s[k + 1] = -sn * e[k] + cs * s[k + 1];
        g = sn * e[k + 1];
        e[k + 1] = cs * e[k + 1];
        if (k < n) drot(n, U, u.at(1, k), U, u.at(1, k + 1), cs, sn);
      }
      e[m - 1] = f;
      iter++;
    } else {
      // convergence: make the singular value positive and order them
      if (s[l] < 0) {
        s[l] = -s[l];
        dscal(p, -1.0, V, v.at(1, l));
      }
      while (l !== mm && s[l] < s[l + 1]) {
        const t = s[l];
        s[l] = s[l + 1];
        s[l + 1] = t;
        if (l < p) dswap(p, V, v.at(1, l), V, v.at(1, l + 1));
        if (l < n) dswap(n, U, u.at(1, l), U, u.at(1, l + 1));
        l++;
      }
      iter = 0;
      m = m - 1;
    }
  }
  if (m !== 0) throw new Error('the image direction matrix could not be inverted (SVD did not converge)');
  return { s, u, v };
}

/**
 * Row-major 3x3 PhysicalPointToIndex of an image, as ITK computes it: inverse of direction * diag(spacing)
 * through vnl_svd (V * W^-1 * U^T, products summed from zero in index order).
 */
export function itkPhysicalPointToIndexMatrix(g: Geometry): number[] {
  const x = new Columns();
  for (let r = 1; r <= N; r++) for (let c = 1; c <= N; c++) x.set(r, c, g.direction[3 * (r - 1) + (c - 1)] * g.spacing[c - 1]);
  const { s, u, v } = dsvdc(x);
  const inverseW = [1, 2, 3].map((k) => {
    const w = Math.abs(s[k]);
    if (w === 0) throw new Error('the image direction matrix is singular');
    return 1.0 / w;
  });
  // (V * W^-1) has one non-zero term per element; then times U^T
  const vw: number[][] = [];
  for (let i = 1; i <= N; i++) {
    vw.push([]);
    for (let k = 1; k <= N; k++) {
      let sum = 0;
      for (let j = 1; j <= N; j++) sum += v.get(i, j) * (j === k ? inverseW[k - 1] : 0);
      vw[i - 1].push(sum);
    }
  }
  const inverse: number[] = [];
  for (let i = 1; i <= N; i++) {
    for (let k = 1; k <= N; k++) {
      let sum = 0;
      for (let j = 1; j <= N; j++) sum += vw[i - 1][j - 1] * u.get(k, j);
      inverse.push(sum);
    }
  }
  return inverse;
}
