/**
 * PyRadiomics 3.0.1 firstorder (radiomics/firstorder.py): statistics of the grey values X inside the ROI, and of
 * their discretised histogram p(i) for Entropy and Uniformity. Percentiles use numpy's default linear interpolation.
 */
import { binRoi } from '../matrices/binnedRoi';
import type { FeatureClass, FeatureClassInput } from './featureClass';

interface FirstOrderCoefficients {
  /** Grey values of the ROI voxels (PyRadiomics' targetVoxelArray). */
  x: Float64Array;
  /** The same values sorted ascending, for percentiles and the median. */
  sorted: Float64Array;
  /** Normalised histogram of the discretised ROI (only bins that occur, as numpy.unique counts them). */
  p: Float64Array;
  voxelVolume: number;
  voxelArrayShift: number;
  mean: number;
  /** The second, third and fourth central moments (PyRadiomics' _moment), computed once when a feature needs them. */
  moments: Float64Array | null;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let n = 0; n < values.length; n++) sum += values[n];
  return sum / values.length;
}

/** numpy.percentile(a, q) with the default 'linear' method, on an ascending array. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (q / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const t = position - below;
  const a = sorted[below];
  const b = sorted[above];
  const diff = b - a;
  // numpy's _lerp: interpolate from the nearer end for accuracy.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** n-th central moment (PyRadiomics' _moment), n = 2, 3 or 4; the three are summed in one pass. */
function centralMoment(c: FirstOrderCoefficients, order: 2 | 3 | 4): number {
  if (!c.moments) {
    const { x, mean: m } = c;
    let sum2 = 0;
    let sum3 = 0;
    let sum4 = 0;
    for (let n = 0; n < x.length; n++) {
      const d = x[n] - m;
      const d2 = d * d;
      sum2 += d2;
      sum3 += d2 * d;
      sum4 += d2 * d2;
    }
    c.moments = Float64Array.of(sum2 / x.length, sum3 / x.length, sum4 / x.length);
  }
  return c.moments[order - 2];
}

function Energy(c: FirstOrderCoefficients): number {
  let sum = 0;
  for (let n = 0; n < c.x.length; n++) sum += (c.x[n] + c.voxelArrayShift) ** 2;
  return sum;
}

function TotalEnergy(c: FirstOrderCoefficients): number {
  return Energy(c) * c.voxelVolume;
}

function Entropy(c: FirstOrderCoefficients): number {
  const eps = 2.220446049250313e-16; // numpy.spacing(1)
  let sum = 0;
  for (let n = 0; n < c.p.length; n++) sum += c.p[n] * Math.log2(c.p[n] + eps);
  return -sum;
}

function Minimum(c: FirstOrderCoefficients): number {
  return c.sorted[0];
}

// A JavaScript identifier cannot start with a digit: PyRadiomics' 10Percentile and 90Percentile are registered
// under their PyRadiomics names in FEATURES below.
function Percentile10(c: FirstOrderCoefficients): number {
  return percentile(c.sorted, 10);
}

function Percentile90(c: FirstOrderCoefficients): number {
  return percentile(c.sorted, 90);
}

function Maximum(c: FirstOrderCoefficients): number {
  return c.sorted[c.sorted.length - 1];
}

function Mean(c: FirstOrderCoefficients): number {
  return c.mean;
}

function Median(c: FirstOrderCoefficients): number {
  return percentile(c.sorted, 50);
}

function InterquartileRange(c: FirstOrderCoefficients): number {
  return percentile(c.sorted, 75) - percentile(c.sorted, 25);
}

function Range(c: FirstOrderCoefficients): number {
  return Maximum(c) - Minimum(c);
}

function MeanAbsoluteDeviation(c: FirstOrderCoefficients): number {
  const m = c.mean;
  let sum = 0;
  for (let n = 0; n < c.x.length; n++) sum += Math.abs(c.x[n] - m);
  return sum / c.x.length;
}

function RobustMeanAbsoluteDeviation(c: FirstOrderCoefficients): number {
  const low = Percentile10(c);
  const high = Percentile90(c);
  const kept = c.x.filter((v) => v >= low && v <= high);
  const m = mean(kept);
  let sum = 0;
  for (let n = 0; n < kept.length; n++) sum += Math.abs(kept[n] - m);
  return sum / kept.length;
}

function RootMeanSquared(c: FirstOrderCoefficients): number {
  if (c.x.length === 0) return 0;
  return Math.sqrt(Energy(c) / c.x.length);
}

/** Deprecated in PyRadiomics (correlated with Variance): computed only when named. */
function StandardDeviation(c: FirstOrderCoefficients): number {
  return Math.sqrt(centralMoment(c, 2));
}

function Skewness(c: FirstOrderCoefficients): number {
  let m2 = centralMoment(c, 2);
  const m3 = centralMoment(c, 3);
  // Flat region: PyRadiomics replaces m2 by 1 (its attempt to then zero m3 never triggers, so m3 / 1 is returned).
  if (m2 === 0) m2 = 1;
  return m3 / m2 ** 1.5;
}

function Kurtosis(c: FirstOrderCoefficients): number {
  let m2 = centralMoment(c, 2);
  const m4 = centralMoment(c, 4);
  if (m2 === 0) m2 = 1;
  return m4 / m2 ** 2;
}

function Variance(c: FirstOrderCoefficients): number {
  return StandardDeviation(c) ** 2;
}

function Uniformity(c: FirstOrderCoefficients): number {
  let sum = 0;
  for (let n = 0; n < c.p.length; n++) sum += c.p[n] ** 2;
  return sum;
}

const FEATURES: Record<string, (c: FirstOrderCoefficients) => number> = {
  '10Percentile': Percentile10,
  '90Percentile': Percentile90,
  Energy,
  Entropy,
  InterquartileRange,
  Kurtosis,
  Maximum,
  MeanAbsoluteDeviation,
  Mean,
  Median,
  Minimum,
  Range,
  RobustMeanAbsoluteDeviation,
  RootMeanSquared,
  Skewness,
  StandardDeviation,
  TotalEnergy,
  Uniformity,
  Variance,
};

function coefficients(input: FeatureClassInput): FirstOrderCoefficients {
  const { image, spacing, settings } = input;
  // The discretised ROI the texture classes of this image share (same binning, pixel type included).
  const { binned, roiIndex, Ng } = binRoi(input);
  const count = roiIndex.length;
  const x = new Float64Array(count);
  valuesAt(image, roiIndex, x);
  const sorted = x.slice().sort();
  const counts = new Int32Array(Ng + 1);
  const bins = new Int32Array(Ng);
  const binsPresent = countBins(binned, roiIndex, counts, bins);
  const p = new Float64Array(binsPresent);
  for (let k = 0; k < binsPresent; k++) p[k] = counts[bins[k]] / count;
  return {
    x,
    sorted,
    p,
    voxelVolume: spacing[0] * spacing[1] * spacing[2],
    voxelArrayShift: settings.voxelArrayShift ?? 0,
    mean: mean(x),
    moments: null,
  };
}

/*
 * The passes over the ROI voxels are functions with one loop each: V8 compiles a loop while it first runs, and code
 * after it with no type feedback yet would then be thrown away on each of the next images.
 */

/** The grey values of the ROI voxels (roiIndex order) into x. */
function valuesAt(image: Float64Array, roiIndex: Int32Array, x: Float64Array): void {
  for (let k = 0; k < roiIndex.length; k++) x[k] = image[roiIndex[k]];
}

/**
 * Counts the voxels of each bin into counts[bin] and lists the bins in `bins` in order of first occurrence, as a Map
 * counting them would list them; returns how many bins occur.
 */
function countBins(binned: Int32Array, roiIndex: Int32Array, counts: Int32Array, bins: Int32Array): number {
  let present = 0;
  for (let k = 0; k < roiIndex.length; k++) {
    const bin = binned[roiIndex[k]];
    if (counts[bin]++ === 0) bins[present++] = bin;
  }
  return present;
}

export const firstorder: FeatureClass = {
  name: 'firstorder',
  defaultFeatures: Object.keys(FEATURES).filter((name) => name !== 'StandardDeviation'),
  deprecatedFeatures: ['StandardDeviation'],
  compute(input: FeatureClassInput, enabled: readonly string[]): Record<string, number> {
    const c = coefficients(input);
    const out: Record<string, number> = {};
    for (const name of enabled) {
      const feature = FEATURES[name];
      if (!feature) throw new Error(`firstorder has no feature '${name}'`);
      out[name] = feature(c);
    }
    return out;
  },
};
