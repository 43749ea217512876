/**
 * Eigenvalues of a real nonsymmetric matrix, for GLCM's MCC (PyRadiomics uses numpy.linalg.eigvals, i.e. LAPACK
 * dgeev): balancing, Householder reduction to upper Hessenberg form, then Francis double-shift QR iterations on
 * the Hessenberg matrix (the EISPACK balanc/orthes/hqr sequence as in JAMA).
 */

export interface Eigenvalues {
  re: Float64Array;
  im: Float64Array;
}

const RADIX = 2;
const EPS = 2 ** -52;

/** Scales rows and columns by powers of 2 so that their norms are comparable; eigenvalues are unchanged. */
function balance(h: Float64Array, n: number): void {
  let converged = false;
  while (!converged) {
    converged = true;
    for (let i = 0; i < n; i++) {
      let c = 0;
      let r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(h[j * n + i]);
        r += Math.abs(h[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      const s = c + r;
      let f = 1;
      let g = r / RADIX;
      while (c < g) {
        f *= RADIX;
        c *= RADIX * RADIX;
      }
      g = r * RADIX;
      while (c > g) {
        f /= RADIX;
        c /= RADIX * RADIX;
      }
      if ((c + r) / f < 0.95 * s) {
        converged = false;
        const inverse = 1 / f;
        for (let j = 0; j < n; j++) h[i * n + j] *= inverse;
        for (let j = 0; j < n; j++) h[j * n + i] *= f;
      }
    }
  }
}

/** Householder similarity reduction to upper Hessenberg form, in place. */
function toHessenberg(h: Float64Array, n: number): void {
  const ort = new Float64Array(n);
  const f = new Float64Array(n);
  const high = n - 1;
  for (let m = 1; m <= high - 1; m++) {
    let scale = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(h[i * n + m - 1]);
    if (scale === 0) continue;
    let sum = 0;
    for (let i = high; i >= m; i--) {
      ort[i] = h[i * n + m - 1] / scale;
      sum += ort[i] * ort[i];
    }
    let g = Math.sqrt(sum);
    if (ort[m] > 0) g = -g;
    sum -= ort[m] * g;
    ort[m] -= g;
    // Row-wise (contiguous) accumulation of f[j] = sum_i ort[i] h[i][j], in the same order for each j.
    f.fill(0, m);
    for (let i = high; i >= m; i--) {
      const o = ort[i];
      for (let j = m; j < n; j++) f[j] += o * h[i * n + j];
    }
    for (let j = m; j < n; j++) f[j] /= sum;
    for (let i = m; i <= high; i++) {
      const o = ort[i];
      for (let j = m; j < n; j++) h[i * n + j] -= f[j] * o;
    }
    for (let i = 0; i <= high; i++) {
      let rowSum = 0;
      for (let j = high; j >= m; j--) rowSum += ort[j] * h[i * n + j];
      rowSum /= sum;
      for (let j = m; j <= high; j++) h[i * n + j] -= rowSum * ort[j];
    }
    h[m * n + m - 1] = scale * g;
  }
}

/** Francis double-shift QR on an upper Hessenberg matrix (destroyed); returns its eigenvalues. */
function hessenbergEigenvalues(h: Float64Array, size: number): Eigenvalues {
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let norm = 0;
  for (let i = 0; i < size; i++) for (let j = Math.max(i - 1, 0); j < size; j++) norm += Math.abs(h[i * size + j]);

  let n = size - 1;
  let exshift = 0;
  let iter = 0;
  let totalIterations = 0;
  let p = 0;
  let q = 0;
  let r = 0;
  let s = 0;
  let z = 0;
  let w = 0;
  let x = 0;
  let y = 0;
  while (n >= 0) {
    let l = n;
    while (l > 0) {
      s = Math.abs(h[(l - 1) * size + l - 1]) + Math.abs(h[l * size + l]);
      if (s === 0) s = norm;
      const subdiagonal = Math.abs(h[l * size + l - 1]);
      if (subdiagonal === 0 || subdiagonal < EPS * s) break;
      l--;
    }
    if (l === n) {
      re[n] = h[n * size + n] + exshift;
      im[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      w = h[n * size + n - 1] * h[(n - 1) * size + n];
      p = (h[(n - 1) * size + n - 1] - h[n * size + n]) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      x = h[n * size + n] + exshift;
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        re[n - 1] = x + z;
        re[n] = z !== 0 ? x - w / z : x + z;
        im[n - 1] = 0;
        im[n] = 0;
      } else {
        re[n - 1] = x + p;
        re[n] = x + p;
        im[n - 1] = z;
        im[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      x = h[n * size + n];
      y = h[(n - 1) * size + n - 1];
      w = h[n * size + n - 1] * h[(n - 1) * size + n];
      if (iter === 10) {
        // Wilkinson's exceptional shift
        exshift += x;
        for (let i = 0; i <= n; i++) h[i * size + i] -= x;
        s = Math.abs(h[n * size + n - 1]) + Math.abs(h[(n - 1) * size + n - 2]);
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        // MATLAB's exceptional shift
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= n; i++) h[i * size + i] -= s;
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      if (++totalIterations > 100 * size) {
        throw new Error(`Eigenvalue QR iterations did not converge for a ${size}x${size} matrix.`);
      }
      let m = n - 2;
      while (m >= l) {
        z = h[m * size + m];
        r = x - z;
        s = y - z;
        p = (r * s - w) / h[(m + 1) * size + m] + h[m * size + m + 1];
        q = h[(m + 1) * size + m + 1] - z - r - s;
        r = h[(m + 2) * size + m + 1];
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (
          Math.abs(h[m * size + m - 1]) * (Math.abs(q) + Math.abs(r)) <
          EPS * (Math.abs(p) * (Math.abs(h[(m - 1) * size + m - 1]) + Math.abs(z) + Math.abs(h[(m + 1) * size + m + 1])))
        ) {
          break;
        }
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        h[i * size + i - 2] = 0;
        if (i > m + 2) h[i * size + i - 3] = 0;
      }
      for (let k = m; k <= n - 1; k++) {
        const notLast = k !== n - 1;
        if (k !== m) {
          p = h[k * size + k - 1];
          q = h[(k + 1) * size + k - 1];
          r = notLast ? h[(k + 2) * size + k - 1] : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) h[k * size + k - 1] = -s * x;
        else if (l !== m) h[k * size + k - 1] = -h[k * size + k - 1];
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        // Only the active block l..n matters for the eigenvalues (LAPACK's wantt = false).
        for (let j = k; j <= n; j++) {
          p = h[k * size + j] + q * h[(k + 1) * size + j];
          if (notLast) {
            p += r * h[(k + 2) * size + j];
            h[(k + 2) * size + j] -= p * z;
          }
          h[k * size + j] -= p * x;
          h[(k + 1) * size + j] -= p * y;
        }
        for (let i = l; i <= Math.min(n, k + 3); i++) {
          p = x * h[i * size + k] + y * h[i * size + k + 1];
          if (notLast) {
            p += z * h[i * size + k + 2];
            h[i * size + k + 2] -= p * r;
          }
          h[i * size + k] -= p;
          h[i * size + k + 1] -= p * q;
        }
      }
    }
  }
  return { re, im };
}

/** Eigenvalues of the n x n row-major matrix `matrix` (not modified). Throws on non-finite entries. */
export function eigenvalues(matrix: Float64Array, n: number): Eigenvalues {
  if (matrix.length !== n * n) throw new Error(`Expected a ${n}x${n} matrix, got ${matrix.length} values.`);
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i])) throw new Error('Cannot compute eigenvalues of a matrix with NaN or infinity.');
  }
  const h = Float64Array.from(matrix);
  balance(h, n);
  toHessenberg(h, n);
  return hessenbergEigenvalues(h, n);
}
