/*
 * ITK's RecursiveGaussianImageFilter (Deriche's 4th-order recursive approximation, ITK 5.4), for one line at a
 * time: the coefficients of SetUp() and the causal + anti-causal recursion of
 * RecursiveSeparableImageFilter::FilterDataArray(), with its edge-extension boundary terms. Everything is in
 * double with ITK's operation order, so that a line filtered here equals ITK's line to the last bit (given the same
 * libm sin/cos/exp results).
 */

export interface RecursiveGaussianCoefficients {
  n0: number;
  n1: number;
  n2: number;
  n3: number;
  d1: number;
  d2: number;
  d3: number;
  d4: number;
  m1: number;
  m2: number;
  m3: number;
  m4: number;
  bn1: number;
  bn2: number;
  bn3: number;
  bn4: number;
  bm1: number;
  bm2: number;
  bm3: number;
  bm4: number;
}

export type GaussianOrder = 'zero' | 'second';

// Deriche's fitted parameters, as ITK states them.
const W1 = 0.6681;
const L1 = -1.3932;
const W2 = 2.0787;
const L2 = -1.3732;

interface ExponentialSeries {
  a1: number;
  b1: number;
  a2: number;
  b2: number;
}

const ZERO_ORDER: ExponentialSeries = { a1: 1.353, b1: 1.8151, a2: -0.3531, b2: 0.0902 };
const SECOND_ORDER: ExponentialSeries = { a1: -1.3563, b1: 5.2318, a2: 0.3446, b2: -2.2355 };

interface Denominator {
  d1: number;
  d2: number;
  d3: number;
  d4: number;
  sd: number;
  dd: number;
  ed: number;
}

function denominator(sigmad: number): Denominator {
  const cos1 = Math.cos(W1 / sigmad);
  const cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad);
  const exp2 = Math.exp(L2 / sigmad);
  const d4 = exp1 * exp1 * exp2 * exp2;
  let d3 = -2 * cos1 * exp1 * exp2 * exp2;
  d3 += -2 * cos2 * exp2 * exp1 * exp1;
  let d2 = 4 * cos2 * cos1 * exp1 * exp2;
  d2 += exp1 * exp1 + exp2 * exp2;
  const d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  return {
    d1,
    d2,
    d3,
    d4,
    sd: 1.0 + d1 + d2 + d3 + d4,
    dd: d1 + 2 * d2 + 3 * d3 + 4 * d4,
    ed: d1 + 4 * d2 + 9 * d3 + 16 * d4,
  };
}

interface Numerator {
  n0: number;
  n1: number;
  n2: number;
  n3: number;
  sn: number;
  dn: number;
  en: number;
}

function numerator(sigmad: number, { a1, b1, a2, b2 }: ExponentialSeries): Numerator {
  const sin1 = Math.sin(W1 / sigmad);
  const sin2 = Math.sin(W2 / sigmad);
  const cos1 = Math.cos(W1 / sigmad);
  const cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad);
  const exp2 = Math.exp(L2 / sigmad);
  const n0 = a1 + a2;
  let n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
  n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
  let n2 = (a1 + a2) * cos2 * cos1;
  n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
  n2 *= 2 * exp1 * exp2;
  n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
  let n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
  n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
  return { n0, n1, n2, n3, sn: n0 + n1 + n2 + n3, dn: n1 + 2 * n2 + 3 * n3, en: n1 + 4 * n2 + 9 * n3 };
}

/** ITK RecursiveGaussianImageFilter::SetUp(spacing) for order 0 or 2 (both symmetric). */
export function recursiveGaussianCoefficients(
  sigma: number,
  spacing: number,
  order: GaussianOrder,
  normalizeAcrossScale: boolean,
): RecursiveGaussianCoefficients {
  if (!(spacing >= 1e-8)) throw new Error(`the spacing ${spacing} is too small (or not positive) for a Gaussian filter`);
  if (!(sigma > 0)) throw new Error(`the Gaussian sigma must be greater than zero, got ${sigma}`);
  const sigmad = sigma / spacing;
  const { d1, d2, d3, d4, sd, dd, ed } = denominator(sigmad);
  let n0: number, n1: number, n2: number, n3: number;
  if (order === 'zero') {
    const n = numerator(sigmad, ZERO_ORDER);
    const alpha0 = (2 * n.sn) / sd - n.n0;
    const scale = 1.0 / alpha0;
    n0 = n.n0 * scale;
    n1 = n.n1 * scale;
    n2 = n.n2 * scale;
    n3 = n.n3 * scale;
  } else {
    const acrossScale = normalizeAcrossScale ? sigma * sigma : 1.0;
    const zero = numerator(sigmad, ZERO_ORDER);
    const second = numerator(sigmad, SECOND_ORDER);
    const beta = -(2 * second.sn - sd * second.n0) / (2 * zero.sn - sd * zero.n0);
    n0 = second.n0 + beta * zero.n0;
    n1 = second.n1 + beta * zero.n1;
    n2 = second.n2 + beta * zero.n2;
    n3 = second.n3 + beta * zero.n3;
    const sn = second.sn + beta * zero.sn;
    const dn = second.dn + beta * zero.dn;
    const en = second.en + beta * zero.en;
    let alpha2 = en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn;
    alpha2 /= sd * sd * sd;
    const scale = acrossScale / alpha2;
    n0 *= scale;
    n1 *= scale;
    n2 *= scale;
    n3 *= scale;
  }
  // symmetric kernels (orders 0 and 2): ITK ComputeRemainingCoefficients(true)
  const m1 = n1 - d1 * n0;
  const m2 = n2 - d2 * n0;
  const m3 = n3 - d3 * n0;
  const m4 = -d4 * n0;
  const sumN = n0 + n1 + n2 + n3;
  const sumM = m1 + m2 + m3 + m4;
  const sumD = 1.0 + d1 + d2 + d3 + d4;
  return {
    n0,
    n1,
    n2,
    n3,
    d1,
    d2,
    d3,
    d4,
    m1,
    m2,
    m3,
    m4,
    bn1: (d1 * sumN) / sumD,
    bn2: (d2 * sumN) / sumD,
    bn3: (d3 * sumN) / sumD,
    bn4: (d4 * sumN) / sumD,
    bm1: (d1 * sumM) / sumD,
    bm2: (d2 * sumM) / sumD,
    bm3: (d3 * sumM) / sumD,
    bm4: (d4 * sumM) / sumD,
  };
}

/**
 * Filters `data[0..n)` into `out` (n >= 4), the border values extended to infinity on both sides.
 * `scratch` holds the anti-causal pass; `out` must not alias `data`.
 */
export function recursiveGaussianLine(
  c: RecursiveGaussianCoefficients,
  data: Float64Array,
  out: Float64Array,
  scratch: Float64Array,
  n: number,
): void {
  const { n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4 } = c;
  const first = data[0];
  out[0] = first * n0 + first * n1 + first * n2 + first * n3;
  out[1] = data[1] * n0 + first * n1 + first * n2 + first * n3;
  out[2] = data[2] * n0 + data[1] * n1 + first * n2 + first * n3;
  out[3] = data[3] * n0 + data[2] * n1 + data[1] * n2 + first * n3;
  out[0] -= first * c.bn1 + first * c.bn2 + first * c.bn3 + first * c.bn4;
  out[1] -= out[0] * d1 + first * c.bn2 + first * c.bn3 + first * c.bn4;
  out[2] -= out[1] * d1 + out[0] * d2 + first * c.bn3 + first * c.bn4;
  out[3] -= out[2] * d1 + out[1] * d2 + out[0] * d3 + first * c.bn4;
  for (let i = 4; i < n; i++) {
    out[i] = data[i] * n0 + data[i - 1] * n1 + data[i - 2] * n2 + data[i - 3] * n3;
    out[i] -= out[i - 1] * d1 + out[i - 2] * d2 + out[i - 3] * d3 + out[i - 4] * d4;
  }

  const last = data[n - 1];
  const s = scratch;
  s[n - 1] = last * m1 + last * m2 + last * m3 + last * m4;
  s[n - 2] = data[n - 1] * m1 + last * m2 + last * m3 + last * m4;
  s[n - 3] = data[n - 2] * m1 + data[n - 1] * m2 + last * m3 + last * m4;
  s[n - 4] = data[n - 3] * m1 + data[n - 2] * m2 + data[n - 1] * m3 + last * m4;
  s[n - 1] -= last * c.bm1 + last * c.bm2 + last * c.bm3 + last * c.bm4;
  s[n - 2] -= s[n - 1] * d1 + last * c.bm2 + last * c.bm3 + last * c.bm4;
  s[n - 3] -= s[n - 2] * d1 + s[n - 1] * d2 + last * c.bm3 + last * c.bm4;
  s[n - 4] -= s[n - 3] * d1 + s[n - 2] * d2 + s[n - 1] * d3 + last * c.bm4;
  for (let i = n - 4; i > 0; i--) {
    s[i - 1] = data[i] * m1 + data[i + 1] * m2 + data[i + 2] * m3 + data[i + 3] * m4;
    s[i - 1] -= s[i] * d1 + s[i + 1] * d2 + s[i + 2] * d3 + s[i + 3] * d4;
  }

  for (let i = 0; i < n; i++) out[i] += s[i];
}
