import type { Volume } from './volume';
import type { Settings } from '../settings';

/**
 * imageoperations.normalizeImage over the whole image (not only the ROI): sitk.Normalize ((x - mean) / sigma with
 * ITK's StatisticsImageFilter, i.e. the sample standard deviation, n - 1), then values beyond +-removeOutliers
 * clipped, then multiplied by normalizeScale. The result is float64, as sitk.Normalize returns.
 */
export function normalizeImage(image: Volume, settings: Settings): Volume<Float64Array> {
  const scale = settings.normalizeScale ?? 1;
  const outliers = settings.removeOutliers ?? null;
  const x = image.data;
  const count = x.length;
  if (count < 2) throw new Error('Cannot normalize an image of fewer than 2 voxels');
  // ITK accumulates with compensated (Kahan) summation.
  let sum = 0;
  let sumCompensation = 0;
  let squares = 0;
  let squaresCompensation = 0;
  for (let n = 0; n < count; n++) {
    const v = x[n];
    let y = v - sumCompensation;
    let t = sum + y;
    sumCompensation = t - sum - y;
    sum = t;
    y = v * v - squaresCompensation;
    t = squares + y;
    squaresCompensation = t - squares - y;
    squares = t;
  }
  const mean = sum / count;
  const variance = (squares - (sum * sum) / count) / (count - 1);
  const sigma = Math.sqrt(variance);
  if (!(sigma > 0)) throw new Error('Cannot normalize a constant image (standard deviation 0)');
  const inverse = 1 / sigma;
  const data = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    let v = (x[n] - mean) * inverse;
    if (outliers !== null) {
      if (v > outliers) v = outliers;
      else if (v < -outliers) v = -outliers;
    }
    data[n] = v * scale;
  }
  return { ...image, data, pixelType: 'float64' };
}
