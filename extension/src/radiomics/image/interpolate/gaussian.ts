/**
 * itk::GaussianInterpolateImageFunction and itk::LabelImageGaussianInterpolateImageFunction as SimpleITK's
 * sitkGaussian (sigma 0.8 voxel, cut-off alpha = 4 sigma) and sitkLabelGaussian (sigma 1 voxel, alpha 1) set them
 * up. Each voxel within the cut-off box is weighted by the Gaussian's mass over the voxel, i.e. products of
 * differences of erf along each axis. ITK's erf is vnl_erf, an incomplete-gamma approximation accurate to about
 * 3e-7; it is reproduced here so the weights agree with ITK's to rounding.
 */
import type { Volume } from '../volume';
import type { Interpolate } from './index';

const MAX_ITERATIONS = 100;
const MAX_RELATIVE_ERROR = 3.0e-7;
const VERY_SMALL = 1.0e-30;

/** vnl_log_gamma: 6-parameter Lanczos approximation. */
function logGamma(x: number): number {
  let zp = 2.50662827563479526904;
  zp += 225.525584619175212544 / x;
  zp -= 268.295973841304927459 / (x + 1.0);
  zp += 80.9030806934622512966 / (x + 2.0);
  zp -= 5.00757863970517583837 / (x + 3.0);
  zp += 0.0114684895434781459556 / (x + 4.0);
  const x1 = x + 4.65;
  return Math.log(zp) + (x - 0.5) * Math.log(x1) - x1;
}

/** vnl_gamma_series: series expansion of the lower incomplete gamma function P(a, x). */
function gammaSeries(a: number, x: number): number {
  if (!(x > 0)) return 0.0;
  let ai = a;
  let term = 1.0 / a;
  let sum = term;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    ai += 1;
    term *= x / ai;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * MAX_RELATIVE_ERROR) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** vnl_gamma_cont_frac: Lentz's continued fraction for Q(a, x). */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1.0 - a;
  let c = 1.0 / VERY_SMALL;
  let d = 1.0 / b;
  let cf = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = i * (a - i);
    b += 2.0;
    d = an * d + b;
    if (Math.abs(d) < VERY_SMALL) d = VERY_SMALL;
    c = b + an / c;
    if (Math.abs(c) < VERY_SMALL) c = VERY_SMALL;
    d = 1.0 / d;
    const delta = d * c;
    cf *= delta;
    if (Math.abs(delta - 1.0) < MAX_RELATIVE_ERROR) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * cf;
}

function gammaP(a: number, x: number): number {
  return x < a + 1.0 ? gammaSeries(a, x) : 1.0 - gammaContinuedFraction(a, x);
}

/** vnl_erf. */
export function vnlErf(x: number): number {
  return x < 0 ? -gammaP(0.5, x * x) : gammaP(0.5, x * x);
}

/**
 * What an interpolator makes of the voxels of the cut-off box and their Gaussian weights: `add` is called for
 * each voxel, x fastest, after `reset`; `result` is the interpolated value.
 */
interface WeightedVoxels {
  reset(): void;
  add(value: number, weight: number): void;
  result(): number;
}

/**
 * Per-evaluation Gaussian voxel weights along each axis (ComputeBoundingBox, ComputeInterpolationRegion and
 * ComputeErrorFunctionArray), each voxel's weight the product of its axes' weights, handed to `voxels`.
 */
function gaussianWeights(input: Volume, sigmaInVoxels: number, alpha: number, voxels: WeightedVoxels): Interpolate {
  const [nx, ny] = input.size;
  const data = input.data;
  const size = input.size;
  const scaling: number[] = [];
  const cutOff: number[] = [];
  for (let d = 0; d < 3; d++) {
    const sigma = sigmaInVoxels * input.spacing[d];
    scaling.push(1.0 / ((Math.SQRT2 * sigma) / input.spacing[d]));
    cutOff.push((sigma * alpha) / input.spacing[d]);
  }
  const erfs = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
  const begins = [0, 0, 0];
  const counts = [0, 0, 0];
  return (ci, cj, ck) => {
    const index = [ci, cj, ck];
    for (let d = 0; d < 3; d++) {
      const begin = Math.max(0, Math.floor(index[d] + 0.5 - cutOff[d]));
      const end = Math.min(size[d], Math.ceil(index[d] + 0.5 + cutOff[d]));
      const count = end - begin;
      if (erfs[d].length < count) erfs[d] = new Float64Array(count);
      let t = (-0.5 - index[d] + begin) * scaling[d];
      let last = vnlErf(t);
      for (let i = 0; i < count; i++) {
        t += scaling[d];
        const now = vnlErf(t);
        erfs[d][i] = now - last;
        last = now;
      }
      begins[d] = begin;
      counts[d] = count;
    }
    const [ex, ey, ez] = erfs;
    voxels.reset();
    for (let k = 0; k < counts[2]; k++) {
      for (let j = 0; j < counts[1]; j++) {
        const row = begins[0] + nx * (begins[1] + j + ny * (begins[2] + k));
        for (let i = 0; i < counts[0]; i++) {
          let w = ex[i];
          w *= ey[j];
          w *= ez[k];
          voxels.add(data[row + i], w);
        }
      }
    }
    return voxels.result();
  };
}

/** sitkGaussian: sigma 0.8 voxel, alpha 4; the Gaussian-weighted mean of the voxels. */
export function gaussianInterpolator(input: Volume): Interpolate {
  let weightedSum = 0;
  let weightSum = 0;
  return gaussianWeights(input, 0.8, 4.0, {
    reset() {
      weightedSum = 0;
      weightSum = 0;
    },
    add(value, weight) {
      weightedSum += value * weight;
      weightSum += weight;
    },
    result: () => weightedSum / weightSum,
  });
}

/**
 * sitkLabelGaussian (itk::LabelImageGaussianInterpolateImageFunction): sigma 1 voxel, alpha 1; the value whose
 * voxels carry the largest summed weight (the first to reach it wins a tie, as ITK's strict comparison does).
 */
export function labelGaussianInterpolator(input: Volume): Interpolate {
  const weights = new Map<number, number>();
  let best = 0.0;
  let bestValue = 0;
  return gaussianWeights(input, 1.0, 1.0, {
    reset() {
      weights.clear();
      best = 0.0;
      bestValue = 0;
    },
    add(value, weight) {
      const total = (weights.get(value) ?? 0) + weight;
      weights.set(value, total);
      if (total > best) {
        best = total;
        bestValue = value;
      }
    },
    result: () => bestValue,
  });
}
