/**
 * The fast voxel-map path for the GLCM features that are a weighted sum of p_{x-y}(k), the distribution of the grey
 * level difference k = |i - j| over one angle's co-occurring pairs (glcm.py: Contrast, DifferenceAverage, Id, Idm,
 * Idmn, Idn, InverseVariance). Per angle such a feature is the mean weight over the kernel's pairs, whether the GLCM
 * is made symmetrical or not (both directions of a pair have the same k), so the pairs are visited once in the
 * image and no matrix is built. Angles without a pair are left out of the average (PyRadiomics deletes them or
 * gets NaN there, which numpy.nanmean skips). The weighting-norm merge of the angles is not linear per pair: those
 * settings take the matrix path.
 */
import { generateAngles, type Angles } from '../matrices/angles';
import { distancesOf, force2DdimensionOf } from '../matrices/binnedRoi';
import type { Vec3 } from '../image/volume';
import type { Settings } from '../settings';
import { KernelAngles, type KernelBox, type VoxelBinning } from './kernel';

/** w(k) of each feature as glcm.py defines it, with PyRadiomics' Ng (the highest grey level of the ROI). */
const DIFFERENCE_WEIGHTS: Record<string, (k: number, Ng: number) => number> = {
  Contrast: (k) => k * k,
  DifferenceAverage: (k) => k,
  Id: (k) => 1 / (1 + k),
  Idm: (k) => 1 / (1 + k * k),
  Idmn: (k, Ng) => 1 / (1 + (k * k) / (Ng * Ng)),
  Idn: (k, Ng) => 1 / (1 + k / Ng),
  // k = 0 is skipped (PyRadiomics sums from k = 1).
  InverseVariance: (k) => (k === 0 ? 0 : 1 / (k * k)),
};

/** The requested GLCM features this path computes under these settings. */
export function glcmDifferenceFeatures(names: readonly string[], settings: Settings): string[] {
  if (settings.weightingNorm !== undefined && settings.weightingNorm !== null) return [];
  return names.filter((name) => name in DIFFERENCE_WEIGHTS);
}

export class GlcmDifferenceMaps {
  private readonly weights: Float64Array;
  private readonly sums: Float64Array;
  private readonly averages: Float64Array;
  private readonly angles: KernelAngles;

  constructor(
    private readonly binning: VoxelBinning,
    private readonly size: Vec3,
    settings: Settings,
    names: readonly string[],
    private readonly maps: Float64Array[],
  ) {
    const { Ng } = binning;
    this.weights = new Float64Array(names.length * Ng);
    names.forEach((name, f) => {
      for (let k = 0; k < Ng; k++) this.weights[f * Ng + k] = DIFFERENCE_WEIGHTS[name](k, Ng);
    });
    this.sums = new Float64Array(names.length);
    this.averages = new Float64Array(names.length);
    const distances = distancesOf(settings);
    const force2Ddimension = force2DdimensionOf(settings);
    this.angles = new KernelAngles((shape) => generateAngles(shape, distances, false, force2Ddimension));
  }

  evaluate(box: KernelBox, voxel: number): void {
    const angles: Angles = this.angles.of(box);
    // binned is 0 exactly outside maskArray (bins count from 1).
    const { binned, Ng } = this.binning;
    const { weights, sums, averages } = this;
    const features = sums.length;
    const [nx, ny] = this.size;
    const [x0, y0, z0] = box.lower;
    const [x1, y1, z1] = box.upper;
    averages.fill(0);
    let used = 0;
    for (let a = 0; a < angles.count; a++) {
      const dz = angles.offsets[a * 3];
      const dy = angles.offsets[a * 3 + 1];
      const dx = angles.offsets[a * 3 + 2];
      const delta = (dz * ny + dy) * nx + dx;
      sums.fill(0);
      let pairs = 0;
      // Voxels whose neighbour at this offset is inside the box too.
      for (let z = Math.max(z0, z0 - dz), zEnd = Math.min(z1, z1 - dz); z <= zEnd; z++) {
        for (let y = Math.max(y0, y0 - dy), yEnd = Math.min(y1, y1 - dy); y <= yEnd; y++) {
          const row = (z * ny + y) * nx;
          for (let v = row + Math.max(x0, x0 - dx), end = row + Math.min(x1, x1 - dx); v <= end; v++) {
            const i = binned[v];
            const j = binned[v + delta];
            if (i === 0 || j === 0) continue;
            const k = Math.abs(i - j);
            pairs++;
            for (let f = 0; f < features; f++) sums[f] += weights[f * Ng + k];
          }
        }
      }
      if (pairs === 0) continue;
      used++;
      for (let f = 0; f < features; f++) averages[f] += sums[f] / pairs;
    }
    for (let f = 0; f < features; f++) this.maps[f][voxel] = used === 0 ? NaN : averages[f] / used;
  }
}
