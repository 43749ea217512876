/**
 * PyRadiomics 3.0.1 GLCM (radiomics/glcm.py): grey level co-occurrence matrices per angle (made symmetrical by
 * default, optionally merged by a distance weighting), normalised per angle; every feature is computed per angle
 * and averaged over the angles (numpy.nanmean), as PyRadiomics does.
 */
import { generateAngles } from '../matrices/angles';
import { binRoi, distancesOf, force2DdimensionOf } from '../matrices/binnedRoi';
import { eigenvalues } from '../matrices/eigenvalues';
import { calculateGlcm } from '../matrices/glcm';
import { nanmean, NUMPY_EPS } from '../matrices/numeric';
import { angleSums, angleWeights, mergeAngles } from '../matrices/weights';
import type { BinnedRoi } from '../matrices/binnedRoi';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import type { FeatureClass, FeatureClassInput } from './featureClass';

/** The processed GLCM PyRadiomics keeps as P_glcm. */
export interface GlcmMatrix {
  /** Normalised matrices laid out [angle][i][j]; rows and columns are the grey levels present. */
  P: Float64Array;
  /** Angles kept (empty angles are deleted; 1 when a weighting norm merges them). */
  angles: number;
  /** Number of grey levels present (the matrix side). */
  levels: number;
  /** The grey levels present, ascending. */
  grayLevels: Int32Array;
  /** PyRadiomics' Ng: the highest grey level in the ROI. */
  Ng: number;
}

/** PyRadiomics RadiomicsGLCM._calculateMatrix. */
export function glcmMatrix(input: FeatureClassInput): GlcmMatrix {
  return glcmMatrixOfRoi(binRoi(input), input.settings, input.spacing);
}

/**
 * glcmMatrix of a discretised ROI the caller built (voxel-based extraction builds one per kernel). Each step over the
 * matrices is a function of its own with one loop nest, so that V8 optimises each once instead of recompiling this
 * function around them on the first extractions.
 */
export function glcmMatrixOfRoi(roi: BinnedRoi, settings: Settings, spacing: Vec3): GlcmMatrix {
  const angles = generateAngles(roi.shape, distancesOf(settings), false, force2DdimensionOf(settings));
  const n = roi.grayLevels.length;
  const nn = n * n;
  let P = calculateGlcm(roi, angles);
  let count = angles.count;
  if (settings.symmetricalGLCM ?? true) symmetrize(P, count, n);
  const weights = angleWeights('glcm', settings, spacing, angles);
  if (weights) {
    P = mergeAngles(P, weights, nn);
    count = 1;
  }
  const sums = angleSums(P, count, nn);
  if (count > 1) {
    const kept: number[] = [];
    for (let a = 0; a < count; a++) if (sums[a] !== 0) kept.push(a);
    if (kept.length < count) {
      const compact = new Float64Array(kept.length * nn);
      kept.forEach((a, k) => compact.set(P.subarray(a * nn, (a + 1) * nn), k * nn));
      P = compact;
      count = kept.length;
      kept.forEach((a, k) => (sums[k] = sums[a]));
    }
  }
  normalize(P, count, nn, sums);
  return { P, angles: count, levels: n, grayLevels: roi.grayLevels, Ng: roi.Ng };
}

/** P + P transposed, for each of `count` n x n matrices. */
function symmetrize(P: Float64Array, count: number, n: number): void {
  for (let a = 0; a < count; a++) {
    const base = a * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const sum = P[base + i * n + j] + P[base + j * n + i];
        P[base + i * n + j] = sum;
        P[base + j * n + i] = sum;
      }
    }
  }
}

/** Each matrix divided by its sum; an all-zero matrix (single remaining angle) becomes NaN, as PyRadiomics divides it by a NaN sum. */
function normalize(P: Float64Array, count: number, nn: number, sums: Float64Array): void {
  for (let a = 0; a < count; a++) {
    const sum = sums[a] === 0 ? NaN : sums[a];
    for (let k = 0; k < nn; k++) P[a * nn + k] /= sum;
  }
}

/**
 * PyRadiomics RadiomicsGLCM._calculateCoefficients, and the per-angle sums over the matrix its features take. The
 * sums are computed in sweeps over the matrix, each only when a requested feature needs it: the first needs
 * nothing but P, the others the means ux, uy or the marginals px, py. Every sum runs over i, then j, as
 * the feature formulas are written; features then average their per-angle values with numpy.nanmean.
 */
class GlcmCoefficients {
  readonly P: Float64Array;
  readonly angles: number;
  readonly levels: number;
  readonly grayLevels: Int32Array;
  readonly Ng: number;
  /** Row marginals px[a][i] and column marginals py[a][j]. */
  readonly px: Float64Array;
  readonly py: Float64Array;
  readonly ux: Float64Array;
  readonly uy: Float64Array;
  /** p_{x+y}(k) at [a][k - 2], k = 2 .. 2 Ng. */
  readonly pxAddy: Float64Array;
  /** p_{x-y}(k) at [a][k], k = 0 .. Ng - 1. */
  readonly pxSuby: Float64Array;
  /** Joint entropy per angle. */
  readonly HXY: Float64Array;
  /** First sweep: sum P g_i g_j, sum P |g_i - g_j|^2, sum P^2, max P. */
  private firstSweep: { autocorrelation: Float64Array; contrast: Float64Array; energy: Float64Array; maximum: Float64Array } | null = null;
  /** Second sweep: cluster moments 2, 3, 4, correlation, sum of squares. */
  private secondSweep: {
    tendency: Float64Array;
    shade: Float64Array;
    prominence: Float64Array;
    correlation: Float64Array;
    sumSquares: Float64Array;
  } | null = null;
  /** The entropies of the marginals' product: HXY1 = -sum P log2(px py), HXY2 = -sum px py log2(px py). */
  private entropySweep: { HXY1: Float64Array; HXY2: Float64Array } | null = null;

  constructor(m: GlcmMatrix) {
    const { P, angles, levels: n, grayLevels, Ng } = m;
    this.P = P;
    this.angles = angles;
    this.levels = n;
    this.grayLevels = grayLevels;
    this.Ng = Ng;
    const px = new Float64Array(angles * n);
    const py = new Float64Array(angles * n);
    const ux = new Float64Array(angles);
    const uy = new Float64Array(angles);
    const sumLength = 2 * Ng - 1;
    const pxAddy = new Float64Array(angles * sumLength);
    const pxSuby = new Float64Array(angles * Ng);
    const HXY = new Float64Array(angles);
    for (let a = 0; a < angles; a++) {
      const base = a * n * n;
      let sumUx = 0;
      let sumUy = 0;
      let entropy = 0;
      for (let i = 0; i < n; i++) {
        const gi = grayLevels[i];
        for (let j = 0; j < n; j++) {
          const p = P[base + i * n + j];
          const gj = grayLevels[j];
          px[a * n + i] += p;
          py[a * n + j] += p;
          sumUx += gi * p;
          sumUy += gj * p;
          pxAddy[a * sumLength + gi + gj - 2] += p;
          pxSuby[a * Ng + Math.abs(gi - gj)] += p;
          entropy += p * Math.log2(p + NUMPY_EPS);
        }
      }
      ux[a] = sumUx;
      uy[a] = sumUy;
      HXY[a] = -entropy;
    }
    this.px = px;
    this.py = py;
    this.ux = ux;
    this.uy = uy;
    this.pxAddy = pxAddy;
    this.pxSuby = pxSuby;
    this.HXY = HXY;
  }

  first(): NonNullable<GlcmCoefficients['firstSweep']> {
    if (this.firstSweep) return this.firstSweep;
    const { P, angles, levels: n, grayLevels: g } = this;
    const autocorrelation = new Float64Array(angles);
    const contrast = new Float64Array(angles);
    const energy = new Float64Array(angles);
    const maximum = new Float64Array(angles);
    for (let a = 0, base = 0; a < angles; a++, base += n * n) {
      let sumAutocorrelation = 0;
      let sumContrast = 0;
      let sumEnergy = 0;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const p = P[base + i * n + j];
          sumAutocorrelation += p * (g[i] * g[j]);
          sumContrast += p * Math.abs(g[i] - g[j]) ** 2;
          sumEnergy += p ** 2;
          if (p > max) max = p;
        }
      }
      autocorrelation[a] = sumAutocorrelation;
      contrast[a] = sumContrast;
      energy[a] = sumEnergy;
      maximum[a] = max;
    }
    this.firstSweep = { autocorrelation, contrast, energy, maximum };
    return this.firstSweep;
  }

  second(): NonNullable<GlcmCoefficients['secondSweep']> {
    if (this.secondSweep) return this.secondSweep;
    const { P, angles, levels: n, grayLevels: g } = this;
    const tendency = new Float64Array(angles);
    const shade = new Float64Array(angles);
    const prominence = new Float64Array(angles);
    const correlation = new Float64Array(angles);
    const sumSquares = new Float64Array(angles);
    for (let a = 0, base = 0; a < angles; a++, base += n * n) {
      const ux = this.ux[a];
      const uy = this.uy[a];
      const mean = ux + uy;
      let sum2 = 0;
      let sum3 = 0;
      let sum4 = 0;
      let varianceX = 0;
      let varianceY = 0;
      let covariance = 0;
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const di = g[i] - ux;
        const d2 = di ** 2;
        for (let j = 0; j < n; j++) {
          const p = P[base + i * n + j];
          const d = g[i] + g[j] - mean;
          sum2 += p * (d * d);
          sum3 += p * (d * d * d);
          sum4 += p * (d * d * d * d);
          const dj = g[j] - uy;
          varianceX += p * di ** 2;
          varianceY += p * dj ** 2;
          covariance += p * di * dj;
          squares += p * d2;
        }
      }
      tendency[a] = sum2;
      shade[a] = sum3;
      prominence[a] = sum4;
      const sigx = varianceX ** 0.5;
      const sigy = varianceY ** 0.5;
      // A flat region (zero variance) has correlation 1 by PyRadiomics' convention.
      correlation[a] = sigx * sigy === 0 ? 1 : covariance / (sigx * sigy + NUMPY_EPS);
      sumSquares[a] = squares;
    }
    this.secondSweep = { tendency, shade, prominence, correlation, sumSquares };
    return this.secondSweep;
  }

  entropies(): NonNullable<GlcmCoefficients['entropySweep']> {
    if (this.entropySweep) return this.entropySweep;
    const { P, angles, levels: n, px, py } = this;
    const HXY1 = new Float64Array(angles);
    const HXY2 = new Float64Array(angles);
    for (let a = 0, base = 0; a < angles; a++, base += n * n) {
      let hxy1 = 0;
      let hxy2 = 0;
      for (let i = 0; i < n; i++) {
        const pxi = px[a * n + i];
        for (let j = 0; j < n; j++) {
          const pxpy = pxi * py[a * n + j];
          const log = Math.log2(pxpy + NUMPY_EPS);
          hxy1 += P[base + i * n + j] * log;
          hxy2 += pxpy * log;
        }
      }
      HXY1[a] = -hxy1;
      HXY2[a] = -hxy2;
    }
    this.entropySweep = { HXY1, HXY2 };
    return this.entropySweep;
  }
}

function Autocorrelation(c: GlcmCoefficients): number {
  return nanmean(c.first().autocorrelation);
}

function JointAverage(c: GlcmCoefficients): number {
  let sum = 0;
  for (let a = 0; a < c.angles; a++) sum += c.ux[a];
  return sum / c.angles;
}

function ClusterProminence(c: GlcmCoefficients): number {
  return nanmean(c.second().prominence);
}

function ClusterShade(c: GlcmCoefficients): number {
  return nanmean(c.second().shade);
}

function ClusterTendency(c: GlcmCoefficients): number {
  return nanmean(c.second().tendency);
}

function Contrast(c: GlcmCoefficients): number {
  return nanmean(c.first().contrast);
}

function Correlation(c: GlcmCoefficients): number {
  return nanmean(c.second().correlation);
}

/** Sum over k of p_{x-y}(k) * weight(k) per angle, averaged; `weight` of the differences k = 0 .. Ng - 1. */
function differenceSum(c: GlcmCoefficients, weights: Float64Array): number {
  const values = new Float64Array(c.angles);
  for (let a = 0; a < c.angles; a++) {
    let sum = 0;
    for (let k = 0; k < c.Ng; k++) sum += c.pxSuby[a * c.Ng + k] * weights[k];
    values[a] = sum;
  }
  return nanmean(values);
}

function differenceAverage(c: GlcmCoefficients, a: number): number {
  let sum = 0;
  for (let k = 0; k < c.Ng; k++) sum += k * c.pxSuby[a * c.Ng + k];
  return sum;
}

function DifferenceAverage(c: GlcmCoefficients): number {
  const weights = new Float64Array(c.Ng);
  for (let k = 0; k < c.Ng; k++) weights[k] = k;
  return differenceSum(c, weights);
}

function DifferenceEntropy(c: GlcmCoefficients): number {
  const values = new Float64Array(c.angles);
  for (let a = 0; a < c.angles; a++) values[a] = marginalEntropy(c.pxSuby, a * c.Ng, c.Ng);
  return nanmean(values);
}

function DifferenceVariance(c: GlcmCoefficients): number {
  const values = new Float64Array(c.angles);
  for (let a = 0; a < c.angles; a++) {
    const average = differenceAverage(c, a);
    let sum = 0;
    for (let k = 0; k < c.Ng; k++) sum += c.pxSuby[a * c.Ng + k] * (k - average) ** 2;
    values[a] = sum;
  }
  return nanmean(values);
}

function JointEnergy(c: GlcmCoefficients): number {
  return nanmean(c.first().energy);
}

function JointEntropy(c: GlcmCoefficients): number {
  return nanmean(c.HXY);
}

/** Entropy of a marginal: -sum p log2(p + eps). */
function marginalEntropy(p: Float64Array, from: number, length: number): number {
  let sum = 0;
  for (let k = from; k < from + length; k++) sum += p[k] * Math.log2(p[k] + NUMPY_EPS);
  return -sum;
}

function Imc1(c: GlcmCoefficients): number {
  const { levels: n, px, py } = c;
  const { HXY1 } = c.entropies();
  const values = new Float64Array(c.angles);
  for (let a = 0; a < c.angles; a++) {
    const HX = marginalEntropy(px, a * n, n);
    const HY = marginalEntropy(py, a * n, n);
    const div = Math.max(HX, HY);
    values[a] = div !== 0 ? (c.HXY[a] - HXY1[a]) / div : 0;
  }
  return nanmean(values);
}

function Imc2(c: GlcmCoefficients): number {
  const { HXY2 } = c.entropies();
  const values = new Float64Array(c.angles);
  for (let a = 0; a < c.angles; a++) {
    // NaN when HXY2 < HXY (root of a negative number), then left out of the mean, as in PyRadiomics.
    values[a] = HXY2[a] === c.HXY[a] ? 0 : (1 - Math.E ** (-2 * (HXY2[a] - c.HXY[a]))) ** 0.5;
  }
  return nanmean(values);
}

function Idm(c: GlcmCoefficients): number {
  const weights = new Float64Array(c.Ng);
  for (let k = 0; k < c.Ng; k++) weights[k] = 1 / (1 + k ** 2);
  return differenceSum(c, weights);
}

/**
 * Maximal correlation coefficient: sqrt of the second largest eigenvalue of Q per angle. Like numpy.linalg.eigvals
 * on the stack of Q, the eigenvalues are complex for every angle as soon as one angle has a complex pair; then the
 * complex square root's real part is averaged, otherwise negative eigenvalues give NaN and are left out.
 */
function MCC(c: GlcmCoefficients): number {
  const { P, levels: n, px, py } = c;
  if (n < 2) return 1;
  const re = new Float64Array(c.angles * n);
  const im = new Float64Array(c.angles * n);
  const Q = new Float64Array(n * n);
  const column = new Float64Array(n);
  const rows = new Int32Array(n);
  let complex = false;
  for (let a = 0; a < c.angles; a++) {
    const base = a * n * n;
    Q.fill(0);
    for (let k = 0; k < n; k++) {
      // Zero entries of column k add exact zeros to Q: only the non-zero ones are visited.
      let nonZero = 0;
      for (let j = 0; j < n; j++) {
        const p = P[base + j * n + k];
        if (p !== 0) {
          column[nonZero] = p;
          rows[nonZero++] = j;
        }
      }
      const pyk = py[a * n + k];
      for (let r = 0; r < nonZero; r++) {
        const i = rows[r];
        const pik = column[r];
        const denominator = px[a * n + i] * pyk + NUMPY_EPS;
        for (let t = 0; t < nonZero; t++) Q[i * n + rows[t]] += (pik * column[t]) / denominator;
      }
    }
    let values;
    try {
      values = eigenvalues(Q, n);
    } catch {
      return NaN; // numpy.linalg.eigvals raises on NaN/inf; PyRadiomics reports the feature as NaN
    }
    re.set(values.re, a * n);
    im.set(values.im, a * n);
    if (values.im.some((v) => v !== 0)) complex = true;
  }
  const roots = new Float64Array(c.angles);
  const order = new Int32Array(n);
  for (let a = 0; a < c.angles; a++) {
    for (let k = 0; k < n; k++) order[k] = a * n + k;
    // numpy sorts complex values by real part, then imaginary part.
    order.sort((x, y) => re[x] - re[y] || (complex ? im[x] - im[y] : 0));
    const second = order[n - 2];
    roots[a] = complex ? complexSqrtReal(re[second], im[second]) : Math.sqrt(re[second]);
  }
  return nanmean(roots);
}

/** Real part of the principal complex square root (C99 csqrt). */
function complexSqrtReal(x: number, y: number): number {
  if (y === 0) return x >= 0 ? Math.sqrt(x) : 0;
  const t = Math.sqrt((Math.abs(x) + Math.hypot(x, y)) / 2);
  return x >= 0 ? t : Math.abs(y) / (2 * t);
}

function Idmn(c: GlcmCoefficients): number {
  const weights = new Float64Array(c.Ng);
  for (let k = 0; k < c.Ng; k++) weights[k] = 1 / (1 + k ** 2 / c.Ng ** 2);
  return differenceSum(c, weights);
}

function Id(c: GlcmCoefficients): number {
  const weights = new Float64Array(c.Ng);
  for (let k = 0; k < c.Ng; k++) weights[k] = 1 / (1 + k);
  return differenceSum(c, weights);
}

function Idn(c: GlcmCoefficients): number {
  const weights = new Float64Array(c.Ng);
  for (let k = 0; k < c.Ng; k++) weights[k] = 1 / (1 + k / c.Ng);
  return differenceSum(c, weights);
}

function InverseVariance(c: GlcmCoefficients): number {
  // k = 0 is skipped (PyRadiomics sums from k = 1).
  const weights = new Float64Array(c.Ng);
  for (let k = 1; k < c.Ng; k++) weights[k] = 1 / k ** 2;
  return differenceSum(c, weights);
}

function MaximumProbability(c: GlcmCoefficients): number {
  return nanmean(c.first().maximum);
}

function SumAverage(c: GlcmCoefficients): number {
  const length = 2 * c.Ng - 1;
  const values = new Float64Array(c.angles);
  for (let a = 0; a < c.angles; a++) {
    let sum = 0;
    for (let k = 0; k < length; k++) sum += (k + 2) * c.pxAddy[a * length + k];
    values[a] = sum;
  }
  return nanmean(values);
}

function SumEntropy(c: GlcmCoefficients): number {
  const length = 2 * c.Ng - 1;
  const values = new Float64Array(c.angles);
  for (let a = 0; a < c.angles; a++) values[a] = marginalEntropy(c.pxAddy, a * length, length);
  return nanmean(values);
}

function SumSquares(c: GlcmCoefficients): number {
  return nanmean(c.second().sumSquares);
}

const FEATURES: Record<string, (c: GlcmCoefficients) => number> = {
  Autocorrelation,
  ClusterProminence,
  ClusterShade,
  ClusterTendency,
  Contrast,
  Correlation,
  DifferenceAverage,
  DifferenceEntropy,
  DifferenceVariance,
  Id,
  Idm,
  Idmn,
  Idn,
  Imc1,
  Imc2,
  InverseVariance,
  JointAverage,
  JointEnergy,
  JointEntropy,
  MCC,
  MaximumProbability,
  SumAverage,
  SumEntropy,
  SumSquares,
};

/**
 * Deprecated in PyRadiomics 3.0.1: their functions raise DeprecationWarning (each equals another feature), so
 * PyRadiomics accepts the names but outputs no value for them; so do we.
 */
const DEPRECATED = ['Dissimilarity', 'Homogeneity1', 'Homogeneity2', 'SumVariance'];

/** The named features of a GLCM (compute checks the names first). */
export function glcmFeatureValues(m: GlcmMatrix, names: readonly string[]): number[] {
  const c = new GlcmCoefficients(m);
  return names.map((name) => FEATURES[name](c));
}

export const glcm: FeatureClass = {
  name: 'glcm',
  defaultFeatures: Object.keys(FEATURES),
  deprecatedFeatures: DEPRECATED,
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    const computed = enabled.filter((name) => !DEPRECATED.includes(name));
    for (const name of computed) if (!FEATURES[name]) throw new Error(`glcm has no feature '${name}'.`);
    const out: Record<string, number> = {};
    if (computed.length === 0) return out;
    const values = glcmFeatureValues(glcmMatrix(input), computed);
    computed.forEach((name, k) => (out[name] = values[k]));
    return out;
  },
};
