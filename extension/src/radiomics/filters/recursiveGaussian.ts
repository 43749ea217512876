import type { LineBatch } from './lineBatches';

/*
 * ITK's RecursiveGaussianImageFilter (Deriche's 4th-order recursive approximation, ITK 5.4): the coefficients of
 * SetUp() and the causal + anti-causal recursion of RecursiveSeparableImageFilter::FilterDataArray(), with its
 * edge-extension boundary terms, applied to batches of lines. Everything is in double with ITK's operation order,
 * so that each line equals ITK's to the last bit (given the same libm sin/cos/exp results; a last-bit difference
 * there would almost never survive the rounding of each pass to float32).
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
  /** The causal pass' border coefficients for borderStart: [n0..n3, bn1..bn4]. */
  causalStart: Float64Array;
  /** The anti-causal pass' border coefficients for borderStart: [m1..m4, bm1..bm4]. */
  antiCausalStart: Float64Array;
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
  const bn1 = (d1 * sumN) / sumD, bn2 = (d2 * sumN) / sumD, bn3 = (d3 * sumN) / sumD, bn4 = (d4 * sumN) / sumD;
  const bm1 = (d1 * sumM) / sumD, bm2 = (d2 * sumM) / sumD, bm3 = (d3 * sumM) / sumD, bm4 = (d4 * sumM) / sumD;
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
    causalStart: Float64Array.of(n0, n1, n2, n3, bn1, bn2, bn3, bn4),
    antiCausalStart: Float64Array.of(m1, m2, m3, m4, bm1, bm2, bm3, bm4),
  };
}

/**
 * The first four values of a recursive pass along a line whose border value `edge` extends to infinity (ITK
 * RecursiveSeparableImageFilter): from the next inputs x1, x2, x3 and the pass' numerator and border coefficients
 * `start` ([a0..a3, b1..b4]), written to out[at], out[at + stride], out[at + 2 stride], out[at + 3 stride].
 */
function borderStart(
  out: Float64Array,
  at: number,
  stride: number,
  edge: number,
  x1: number,
  x2: number,
  x3: number,
  start: Float64Array,
  d1: number,
  d2: number,
  d3: number,
): void {
  const a0 = start[0], a1 = start[1], a2 = start[2], a3 = start[3];
  const b1 = start[4], b2 = start[5], b3 = start[6], b4 = start[7];
  let v0 = edge * a0 + edge * a1 + edge * a2 + edge * a3;
  let v1 = x1 * a0 + edge * a1 + edge * a2 + edge * a3;
  let v2 = x2 * a0 + x1 * a1 + edge * a2 + edge * a3;
  let v3 = x3 * a0 + x2 * a1 + x1 * a2 + edge * a3;
  v0 -= edge * b1 + edge * b2 + edge * b3 + edge * b4;
  v1 -= v0 * d1 + edge * b2 + edge * b3 + edge * b4;
  v2 -= v1 * d1 + v0 * d2 + edge * b3 + edge * b4;
  v3 -= v2 * d1 + v1 * d2 + v0 * d3 + edge * b4;
  out[at] = v0;
  out[at + stride] = v1;
  out[at + 2 * stride] = v2;
  out[at + 3 * stride] = v3;
}

/**
 * Filters every line of a batch (n >= 4 voxels per line), the border values extended to infinity on both sides, from
 * `source` into `target`, each result rounded to float32 as ITK's internal images store it. Both are Float64Arrays so
 * that V8 compiles these loops for one array type only. `target` must not be `source`: each output value is written
 * as soon as its anti-causal term is known, while later ones still read the input around it. `causal` and
 * `antiCausal` hold n * count values each.
 *
 * Only the outputs at line positions from..to are exact (each as ITK computes it): the causal recursion stops at
 * `to` and the anti-causal one at `from`, and the positions after `to` receive meaningless values.
 *
 * The two recursions are two functions, each with one hot loop: V8 compiles a loop while it runs the first time, and
 * code after it without type feedback then would be deoptimised on every later call.
 */
export function recursiveGaussianBatch(
  c: RecursiveGaussianCoefficients,
  source: Float64Array,
  target: Float64Array,
  batch: LineBatch,
  causal: Float64Array,
  antiCausal: Float64Array,
  from: number,
  to: number,
): void {
  if (source === target) throw new Error('recursiveGaussianBatch needs distinct source and target arrays');
  causalPass(c, source, batch, causal, to);
  antiCausalPass(c, source, target, batch, causal, antiCausal, from);
}

/** The causal recursion of every line of the batch, into y, up to line position `last`. */
function causalPass(c: RecursiveGaussianCoefficients, source: Float64Array, batch: LineBatch, y: Float64Array, last: number): void {
  const n0 = c.n0, n1 = c.n1, n2 = c.n2, n3 = c.n3;
  const d1 = c.d1, d2 = c.d2, d3 = c.d3, d4 = c.d4;
  const { base, count, lineStride, step } = batch;
  const step2 = 2 * step;
  const step3 = 3 * step;
  for (let l = 0; l < count; l++) {
    const p = base + l * lineStride;
    borderStart(y, l, count, source[p], source[p + step], source[p + step2], source[p + step3], c.causalStart, d1, d2, d3);
  }
  for (let t = 4; t <= last; t++) {
    const row = base + t * step;
    const r = t * count;
    const r1 = r - count, r2 = r1 - count, r3 = r2 - count, r4 = r3 - count;
    for (let l = 0, p = row; l < count; l++, p += lineStride) {
      let v = source[p] * n0 + source[p - step] * n1 + source[p - step2] * n2 + source[p - step3] * n3;
      v -= y[r1 + l] * d1 + y[r2 + l] * d2 + y[r3 + l] * d3 + y[r4 + l] * d4;
      y[r + l] = v;
    }
  }
}

/**
 * The anti-causal recursion of every line of the batch, into z, down to line position `first`, each output
 * float32(y + z) written to `target`.
 */
function antiCausalPass(
  c: RecursiveGaussianCoefficients,
  source: Float64Array,
  target: Float64Array,
  batch: LineBatch,
  y: Float64Array,
  z: Float64Array,
  first: number,
): void {
  const m1 = c.m1, m2 = c.m2, m3 = c.m3, m4 = c.m4;
  const d1 = c.d1, d2 = c.d2, d3 = c.d3, d4 = c.d4;
  const { base, count, lineStride, step, length: n } = batch;
  const step2 = 2 * step;
  const step3 = 3 * step;
  const step4 = 4 * step;
  const lastRow = (n - 1) * count;
  for (let l = 0; l < count; l++) {
    const p = base + l * lineStride + (n - 1) * step;
    // ITK's anti-causal start reads the last value twice (its x1 is the border itself).
    borderStart(z, lastRow + l, -count, source[p], source[p], source[p - step], source[p - step2], c.antiCausalStart, d1, d2, d3);
  }
  for (let t = n - 4; t < n; t++) {
    const row = base + t * step;
    const r = t * count;
    for (let l = 0, p = row; l < count; l++, p += lineStride) target[p] = Math.fround(y[r + l] + z[r + l]);
  }
  // z[t] from data[t+1..t+4] and z[t+1..t+4], for t = n-5 down to 0
  for (let t = n - 5; t >= first; t--) {
    const row = base + t * step;
    const r = t * count;
    const r1 = r + count, r2 = r1 + count, r3 = r2 + count, r4 = r3 + count;
    for (let l = 0, p = row; l < count; l++, p += lineStride) {
      let v = source[p + step] * m1 + source[p + step2] * m2 + source[p + step3] * m3 + source[p + step4] * m4;
      v -= z[r1 + l] * d1 + z[r2 + l] * d2 + z[r3 + l] * d3 + z[r4 + l] * d4;
      z[r + l] = v;
      target[p] = Math.fround(y[r + l] + v);
    }
  }
}
