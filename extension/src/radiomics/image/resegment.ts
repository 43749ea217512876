import type { Volume } from './volume';
import type { Settings } from '../settings';

/**
 * imageoperations.resegmentMask: keeps the ROI voxels whose grey value lies within resegmentRange, read as
 * absolute values, as fractions of the ROI maximum ('relative') or as standard deviations from the ROI mean
 * ('sigma'). One threshold keeps values >= it; two keep the closed range. Throws if <= 1 voxel remains.
 */
export function resegmentMask(image: Volume, mask: Volume, settings: Settings): Volume<Uint32Array> {
  const range = settings.resegmentRange;
  const mode = settings.resegmentMode ?? 'absolute';
  const label = settings.label ?? 1;
  if (range === null || range === undefined) throw new Error('resegmentRange is None.');
  if (range.length === 0 || range.length > 2) throw new Error(`Length ${range.length} is not allowed for resegmentRange`);

  const roi: number[] = [];
  for (let n = 0; n < mask.data.length; n++) if (mask.data[n] === label) roi.push(image.data[n]);
  const sortedRange = [...range].sort((a, b) => a - b);
  let thresholds: number[];
  if (mode === 'absolute') {
    thresholds = sortedRange;
  } else if (mode === 'relative') {
    const max = roi.reduce((m, v) => (v > m ? v : m), -Infinity);
    thresholds = sortedRange.map((t) => max * t);
  } else if (mode === 'sigma') {
    const mean = roi.reduce((s, v) => s + v, 0) / roi.length;
    const sd = Math.sqrt(roi.reduce((s, v) => s + (v - mean) ** 2, 0) / roi.length);
    thresholds = sortedRange.map((t) => mean + sd * t);
  } else {
    throw new Error(`Resegment mode ${String(mode)} not recognized.`);
  }

  const data = new Uint32Array(mask.data.length);
  let kept = 0;
  for (let n = 0; n < data.length; n++) {
    if (mask.data[n] !== label) continue;
    const v = image.data[n];
    if (v >= thresholds[0] && (thresholds.length === 1 || v <= thresholds[1])) {
      data[n] = label;
      kept++;
    }
  }
  if (kept <= 1) {
    throw new Error(`Resegmentation excluded too many voxels with label ${label} (retained ${kept} voxel(s))! Cannot extract features`);
  }
  return { ...mask, data, pixelType: 'uint32' };
}
