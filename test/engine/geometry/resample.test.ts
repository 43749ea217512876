import { createHash } from 'node:crypto';
import { boundingBox, cropToTumorMask, extractRegion } from '../../../extension/src/radiomics/image/crop';
import { resampleImage, resampleToReference } from '../../../extension/src/radiomics/image/resample';
import { itkPhysicalPointToIndexMatrix } from '../../../extension/src/radiomics/image/interpolate/itkIndexMatrix';
import type { Geometry, PixelType, Vec3, Volume } from '../../../extension/src/radiomics/image/volume';
import type { InterpolatorName, Settings } from '../../../extension/src/radiomics/settings';
import { loadReference } from './reference';
import { readFixtureImage } from '../../support/reference';

interface GeometryReference extends Geometry {
  pixelType: PixelType;
}

interface VoxelSummary {
  geometry: GeometryReference;
  sha1: string;
  sum: number;
  samples: [number, number][];
}

interface FloatSummary {
  sum: number;
  sumOfSquares: number;
  samples: [number, number][];
}

interface ResampleRun {
  /** Absent for the synthetic oblique image. */
  case?: string;
  settings: Settings;
  image: VoxelSummary;
  imageFloat?: FloatSummary;
  mask: VoxelSummary & { count: number };
}

interface ResampleReference {
  simpleitk: string;
  resampleImage: ResampleRun[];
  resampleToReference: {
    case: string;
    moving: 'image' | 'mask';
    interpolator: InterpolatorName;
    reference: GeometryReference;
    result: VoxelSummary;
    resultFloat?: FloatSummary;
  }[];
  oblique: {
    image: GeometryReference & { data: number[] };
    maskBox: { lower: Vec3; upper: Vec3 };
    runs: ResampleRun[];
  };
  crop: { case: string; padDistance: number; boundingBox: { lower: Vec3; upper: Vec3 }; image: VoxelSummary; mask: VoxelSummary }[];
  physicalToIndex: { geometry: GeometryReference; points: Vec3[]; indices: Vec3[] }[];
  checkROI: { case: string; imageCrop: { lower: Vec3; upper: Vec3 }; refused: boolean }[];
}

const reference = loadReference<ResampleReference>('resample.json');

const CASES: Record<string, [string, string]> = {
  brain1: ['pyradiomics/data/brain1_image.nrrd', 'pyradiomics/data/brain1_label.nrrd'],
  breast1: ['pyradiomics/data/breast1_image.nrrd', 'pyradiomics/data/breast1_label.nrrd'],
  prostate: ['pyradiomics/data/prostate_phantom_subvolume.nrrd', 'pyradiomics/data/prostate_phantom_subvolume-label.nrrd'],
  sts025: ['mr_rtstruct_sts025/nifti/STS_025/MR_T1_image.nii.gz', 'mr_rtstruct_sts025/nifti/STS_025/MR_T1_mask.nii.gz'],
};

const loaded = new Map<string, { image: Volume; mask: Volume }>();
function load(name: string): { image: Volume; mask: Volume } {
  let pair = loaded.get(name);
  if (!pair) {
    const [imagePath, maskPath] = CASES[name];
    const image = readFixtureImage(imagePath);
    const rawMask = readFixtureImage(maskPath);
    // PyRadiomics' getMask casts the mask to UInt32
    const mask: Volume = { ...rawMask, data: Uint32Array.from(rawMask.data), pixelType: 'uint32' };
    pair = { image, mask };
    loaded.set(name, pair);
  }
  return pair;
}

function sha1(volume: Volume): string {
  const data = volume.data;
  return createHash('sha1').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

function asFloat64(volume: Volume): Volume {
  return { ...volume, data: Float64Array.from(volume.data), pixelType: 'float64' };
}

function sum(values: ArrayLike<number>, square = false): number {
  let total = 0;
  for (let n = 0; n < values.length; n++) total += square ? values[n] * values[n] : values[n];
  return total;
}

function expectGeometry(actual: Volume, expected: GeometryReference): void {
  expect(actual.size).toEqual(expected.size);
  expect(actual.spacing).toEqual(expected.spacing);
  expect(actual.origin).toEqual(expected.origin);
  // -0 and 0 are the same direction cosine (NIfTI readers may produce -0)
  expect(actual.direction.map((v) => v + 0)).toEqual(expected.direction.map((v) => v + 0));
  expect(actual.pixelType).toBe(expected.pixelType);
}

/** Every voxel after the cast, through the hash; the sum and samples say where a mismatch is when there is one. */
function expectVoxels(actual: Volume, expected: VoxelSummary): void {
  const wrongSamples = expected.samples.filter(([n, value]) => actual.data[n] !== value);
  expect(wrongSamples).toEqual([]);
  // numpy sums pairwise, we sum in order: equal voxels can still give sums differing in the last bits
  expect(Math.abs(sum(actual.data) - expected.sum)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.sum));
  expect(sha1(actual)).toBe(expected.sha1);
}

/** Interpolated values before the cast: samples within 1e-6 relative, whole-volume sums within 1e-9. */
function expectFloat(actual: Volume, expected: FloatSummary): void {
  const worst = Math.max(
    0,
    ...expected.samples.map(([n, value]) => Math.abs(actual.data[n] - value) / Math.max(1, Math.abs(value))),
  );
  expect(worst).toBeLessThan(1e-6);
  expect(Math.abs(sum(actual.data) - expected.sum) / Math.max(1, Math.abs(expected.sum))).toBeLessThan(1e-9);
  expect(Math.abs(sum(actual.data, true) - expected.sumOfSquares) / expected.sumOfSquares).toBeLessThan(1e-9);
}

function runLabel(run: ResampleRun): string {
  return `${run.case ?? 'oblique'} ${JSON.stringify(run.settings.resampledPixelSpacing)} ${run.settings.interpolator}`;
}

describe('resampleImage vs PyRadiomics 3.0.1 on SimpleITK 2.5', () => {
  test.each(reference.resampleImage.map((run) => [runLabel(run), run] as const))('%s', (_label, run) => {
    const { image, mask } = load(run.case!);
    const result = resampleImage(image, mask, run.settings);
    expectGeometry(result.image, run.image.geometry);
    expectGeometry(result.mask, run.mask.geometry);
    expectVoxels(result.mask, run.mask);
    expectVoxels(result.image, run.image);
    if (run.imageFloat) {
      const grid: Geometry = result.image;
      expectFloat(resampleToReference(asFloat64(image), grid, run.settings.interpolator!), run.imageFloat);
    }
  });
});

describe('resampleToReference vs sitk.ResampleImageFilter with a reference image', () => {
  test.each(reference.resampleToReference.map((r, n) => [`${n}: ${r.case} ${r.moving} ${r.interpolator}`, r] as const))(
    '%s',
    (_label, run) => {
      const pair = load(run.case);
      const moving = run.moving === 'mask' ? pair.mask : pair.image;
      const result = resampleToReference(moving, run.reference, run.interpolator);
      expectGeometry(result, { ...run.reference, pixelType: moving.pixelType });
      expectVoxels(result, run.result);
      if (run.resultFloat) expectFloat(resampleToReference(asFloat64(moving), run.reference, run.interpolator), run.resultFloat);
    },
  );
});

describe('oblique image (ITK inverts the direction matrix by SVD)', () => {
  const { data, ...geometry } = reference.oblique.image;
  const image: Volume = { ...geometry, data: Int16Array.from(data) };
  const mask: Volume = { ...geometry, data: new Uint32Array(data.length), pixelType: 'uint32' };
  const { lower, upper } = reference.oblique.maskBox;
  for (let k = lower[2]; k <= upper[2]; k++)
    for (let j = lower[1]; j <= upper[1]; j++)
      for (let i = lower[0]; i <= upper[0]; i++) mask.data[i + geometry.size[0] * (j + geometry.size[1] * k)] = 1;

  test.each(reference.oblique.runs.map((run) => [runLabel(run), run] as const))('%s', (_label, run) => {
    const result = resampleImage(image, mask, run.settings);
    expectGeometry(result.mask, run.mask.geometry);
    expectGeometry(result.image, run.image.geometry);
    expectVoxels(result.mask, run.mask);
    expectVoxels(result.image, run.image);
    if (run.imageFloat) expectFloat(resampleToReference(asFloat64(image), result.image, run.settings.interpolator!), run.imageFloat);
  });
});

describe("ITK's physical point to continuous index", () => {
  test('matches SimpleITK bit for bit on axis-aligned, oblique and slightly oblique geometries', () => {
    const mismatches: string[] = [];
    for (const { geometry, points, indices } of reference.physicalToIndex) {
      const inverse = itkPhysicalPointToIndexMatrix(geometry);
      points.forEach((point, n) => {
        const v = point.map((p, d) => p - geometry.origin[d]);
        for (let r = 0; r < 3; r++) {
          let index = 0;
          for (let c = 0; c < 3; c++) index += inverse[3 * r + c] * v[c];
          if (index !== indices[n][r]) mismatches.push(`${JSON.stringify(geometry.direction)} ${n} ${r}: ${index} vs ${indices[n][r]}`);
        }
      });
    }
    expect(reference.physicalToIndex.length).toBe(40);
    expect(mismatches).toEqual([]);
  });
});

describe('boundingBox and cropToTumorMask vs PyRadiomics checkMask/cropToTumorMask', () => {
  test.each(reference.crop.map((c) => [`${c.case} padDistance ${c.padDistance}`, c] as const))('%s', (_label, c) => {
    const { image, mask } = load(c.case);
    const bbox = boundingBox(mask, 1);
    expect(bbox).toEqual(c.boundingBox);
    const cropped = cropToTumorMask(image, mask, bbox, c.padDistance);
    expectGeometry(cropped.image, c.image.geometry);
    expectGeometry(cropped.mask, c.mask.geometry);
    expectVoxels(cropped.image, c.image);
    expectVoxels(cropped.mask, c.mask);
  });
});

describe('refusals', () => {
  test.each(reference.checkROI.map((c) => [c.case, c] as const))('%s: an ROI outside the image is refused', (_name, c) => {
    const { image, mask } = load(c.case);
    expect(c.refused).toBe(true);
    const small = extractRegion(image, c.imageCrop.lower, c.imageCrop.upper);
    expect(() => resampleImage(small, mask, { resampledPixelSpacing: [1, 1, 1], interpolator: 'sitkBSpline' })).toThrow(
      /reaches outside the image/,
    );
  });

  test('an interpolator PyRadiomics does not offer is refused by name', () => {
    const { image, mask } = load('breast1');
    expect(() => resampleImage(image, mask, { resampledPixelSpacing: [1, 1, 1], interpolator: 'sitkBSpline5' as InterpolatorName })).toThrow(
      /sitkBSpline5.*not implemented/,
    );
  });

  test("SimpleITK 1.x's interpolator number 3 is refused with the name to use", () => {
    const { image, mask } = load('breast1');
    expect(() => resampleImage(image, mask, { resampledPixelSpacing: [1, 1, 1], interpolator: 3 })).toThrow(/use 'sitkBSpline'/);
  });

  test('an absent label is refused', () => {
    const { image, mask } = load('breast1');
    expect(() => resampleImage(image, mask, { resampledPixelSpacing: [1, 1, 1], label: 7 })).toThrow(/label 7/);
  });

  test('a malformed resampledPixelSpacing is refused', () => {
    const { image, mask } = load('breast1');
    expect(() => resampleImage(image, mask, { resampledPixelSpacing: [1, 1] })).toThrow(/resampledPixelSpacing/);
  });
});
