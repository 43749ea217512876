"""Reference resampling results from PyRadiomics 3.0.1 imageoperations.resampleImage on SimpleITK 2.5.

Writes test/reference/geometry/resample.json, used by test/engine/geometry/resample.test.ts.
For each case x spacing x interpolator:
  - the geometry of the resampled image and mask (size, spacing, origin, direction, pixel type), exactly;
  - sha1 of the resampled voxels in the input pixel type (little endian, i fastest = our Volume layout), so every
    voxel is compared after SimpleITK's cast, with the sum and a few samples to diagnose a mismatch;
  - except for nearest neighbour, the same resampling with a Float64 output (the interpolated values before the cast): sum, sum of squares and
    150 sampled voxels, compared to 1e-6;
  - the mask: sha1 and ROI voxel count.
The synthetic oblique image checks ITK's SVD inverse of an oblique direction: its last bits decide rounding ties.
physicalToIndex: sitk TransformPhysicalPointToContinuousIndex for random axis-aligned, oblique and slightly
oblique geometries, to be matched bit for bit.
crop: checkMask's bounding box and cropToTumorMask with several padDistance values (the largest clipped).
sitkGaussian, sitkLabelGaussian and the five windowed-sinc interpolators on breast1 and prostate.
Also: the no-resampling path (new spacing equal to the image's), resampleToReference-like calls (sitk
ResampleImageFilter with a reference image: a shifted and rotated grid, nearest and B-spline), a synthetic oblique
image (where ITK inverts the direction by SVD) and _checkROI refusing an ROI outside the image.
Run: .venv/bin/python scripts/reference/geometry_resample.py
"""
import hashlib
import json
import os

import numpy
import SimpleITK as sitk
import radiomics
from radiomics import imageoperations

from common import FIXTURES, ROOT, geometry as image_grid

radiomics.setVerbosity(60)

OUT = os.path.join(ROOT, 'test', 'reference', 'geometry', 'resample.json')

PIXEL_TYPES = {
  sitk.sitkInt8: 'int8', sitk.sitkUInt8: 'uint8', sitk.sitkInt16: 'int16', sitk.sitkUInt16: 'uint16',
  sitk.sitkInt32: 'int32', sitk.sitkUInt32: 'uint32', sitk.sitkFloat32: 'float32', sitk.sitkFloat64: 'float64',
}
CASES = {
  'brain1': ('pyradiomics/data/brain1_image.nrrd', 'pyradiomics/data/brain1_label.nrrd'),
  'breast1': ('pyradiomics/data/breast1_image.nrrd', 'pyradiomics/data/breast1_label.nrrd'),
  'prostate': ('pyradiomics/data/prostate_phantom_subvolume.nrrd', 'pyradiomics/data/prostate_phantom_subvolume-label.nrrd'),
  'sts025': ('mr_rtstruct_sts025/nifti/STS_025/MR_T1_image.nii.gz', 'mr_rtstruct_sts025/nifti/STS_025/MR_T1_mask.nii.gz'),
}
SPACINGS = [[2, 2, 2], [0.5, 0.5, 3], [0, 0, 2.5]]
INTERPOLATORS = ['sitkBSpline', 'sitkLinear', 'sitkNearestNeighbor']


def geometry(image):
  return dict(image_grid(image), pixelType=PIXEL_TYPES[image.GetPixelID()])


def voxels(image):
  return sitk.GetArrayFromImage(image).reshape(-1)


def digest(image):
  flat = voxels(image)
  return hashlib.sha1(numpy.ascontiguousarray(flat.astype(flat.dtype.newbyteorder('<'))).tobytes()).hexdigest()


def summary(image, samples=40):
  flat = voxels(image).astype(numpy.float64)
  rng = numpy.random.default_rng(3)
  picks = sorted(set(rng.integers(0, flat.size, samples).tolist()))
  return {
    'geometry': geometry(image),
    'sha1': digest(image),
    'sum': float(flat.sum()),
    'samples': [[int(n), float(flat[n])] for n in picks],
  }


def float_summary(image, samples=150):
  flat = voxels(image).astype(numpy.float64)
  rng = numpy.random.default_rng(5)
  picks = sorted(set(rng.integers(0, flat.size, samples).tolist()))
  return {
    'sum': float(flat.sum()),
    'sumOfSquares': float((flat * flat).sum()),
    'samples': [[int(n), float(flat[n])] for n in picks],
  }


def resample_float(image, reference, interpolator):
  """The same SimpleITK resampling with a Float64 output: the interpolated values before any cast."""
  rif = sitk.ResampleImageFilter()
  rif.SetReferenceImage(reference)
  rif.SetOutputPixelType(sitk.sitkFloat64)
  rif.SetInterpolator(getattr(sitk, interpolator))
  return rif.Execute(image)


def load(case):
  image_path, mask_path = CASES[case]
  image = sitk.ReadImage(os.path.join(FIXTURES, image_path))
  mask = imageoperations.getMask(sitk.ReadImage(os.path.join(FIXTURES, mask_path)), label=1)
  return image, mask


out = {'pyradiomics': radiomics.__version__, 'simpleitk': sitk.Version().VersionString(), 'resampleImage': [],
       'resampleToReference': [], 'checkROI': []}

for case in CASES:
  image, mask = load(case)
  for spacing in SPACINGS:
    if spacing == [0, 0, 2.5] and case != 'breast1':
      continue  # keeping an axis' spacing (0) is exercised once
    for interpolator in INTERPOLATORS:
      settings = {'resampledPixelSpacing': spacing, 'interpolator': interpolator, 'padDistance': 5, 'label': 1}
      r_image, r_mask = imageoperations.resampleImage(image, mask, **settings)
      run = {
        'case': case,
        'settings': settings,
        'image': summary(r_image),
        'mask': dict(summary(r_mask), count=int((voxels(r_mask) == 1).sum())),
      }
      if interpolator != 'sitkNearestNeighbor':  # nearest-neighbour values are input voxels: nothing before the cast
        run['imageFloat'] = float_summary(resample_float(image, r_image, interpolator))
      out['resampleImage'].append(run)

# the Gaussian (sigma 0.8 voxel, alpha 4), label Gaussian (sigma 1 voxel, alpha 1) and windowed-sinc (radius 5, zero-flux Neumann boundary) interpolators
SINCS = ['sitkGaussian', 'sitkLabelGaussian', 'sitkHammingWindowedSinc', 'sitkCosineWindowedSinc', 'sitkWelchWindowedSinc', 'sitkLanczosWindowedSinc',
         'sitkBlackmanWindowedSinc']
for case, spacing in [('breast1', [0.5, 0.5, 3]), ('prostate', [2, 2, 2])]:
  image, mask = load(case)
  for interpolator in SINCS:
    settings = {'resampledPixelSpacing': spacing, 'interpolator': interpolator, 'padDistance': 5, 'label': 1}
    r_image, r_mask = imageoperations.resampleImage(image, mask, **settings)
    out['resampleImage'].append({
      'case': case,
      'settings': settings,
      'image': summary(r_image),
      'imageFloat': float_summary(resample_float(image, r_image, interpolator)),
      'mask': dict(summary(r_mask), count=int((voxels(r_mask) == 1).sum())),
    })

# the no-resampling path: the requested spacing equals the image's
image, mask = load('brain1')
settings = {'resampledPixelSpacing': list(image.GetSpacing()), 'interpolator': 'sitkBSpline', 'padDistance': 3, 'label': 1}
r_image, r_mask = imageoperations.resampleImage(image, mask, **settings)
out['resampleImage'].append({'case': 'brain1', 'settings': settings, 'image': summary(r_image),
                             'mask': dict(summary(r_mask), count=int((voxels(r_mask) == 1).sum()))})


def reference_grid(source, shift, angle_degrees, spacing, size):
  angle = numpy.radians(angle_degrees)
  rotation = numpy.array([[numpy.cos(angle), -numpy.sin(angle), 0], [numpy.sin(angle), numpy.cos(angle), 0], [0, 0, 1]])
  direction = numpy.array(source.GetDirection()).reshape(3, 3) @ rotation
  reference = sitk.Image(size, sitk.sitkUInt8)
  reference.SetSpacing(spacing)
  reference.SetDirection(direction.reshape(-1).tolist())
  reference.SetOrigin((numpy.array(source.GetOrigin()) + numpy.array(shift)).tolist())
  return reference


for case, shift, angle, spacing, size in [
  ('brain1', (60.3, -70.1, 12.0), 0, (0.7, 0.9, 4.0), (80, 70, 20)),
  ('brain1', (55.0, -60.0, 10.0), 17, (1.1, 0.8, 3.0), (70, 90, 18)),
  ('breast1', (3.0, 30.0, 1.0), -9, (0.5, 0.6, 1.7), (60, 80, 22)),
]:
  image, mask = load(case)
  reference = reference_grid(image, shift, angle, spacing, size)
  for moving_name, moving, interpolator in [('mask', mask, 'sitkNearestNeighbor'), ('image', image, 'sitkBSpline'),
                                            ('image', image, 'sitkLinear')]:
    rif = sitk.ResampleImageFilter()
    rif.SetReferenceImage(reference)
    rif.SetInterpolator(getattr(sitk, interpolator))
    result = rif.Execute(moving)
    entry = {'case': case, 'moving': moving_name, 'interpolator': interpolator, 'reference': geometry(reference),
             'result': summary(result)}
    if moving_name == 'image':
      entry['resultFloat'] = float_summary(resample_float(moving, reference, interpolator))
    out['resampleToReference'].append(entry)

# A synthetic oblique image: ITK inverts its direction matrix by SVD, which may differ from the transpose in the last bit.
rng = numpy.random.default_rng(17)
array = rng.integers(-200, 1500, (14, 30, 26)).astype(numpy.int16)
oblique = sitk.GetImageFromArray(array)
oblique.SetSpacing((0.83, 0.91, 2.7))
a, b = numpy.radians(12.5), numpy.radians(-7.25)
rz = numpy.array([[numpy.cos(a), -numpy.sin(a), 0], [numpy.sin(a), numpy.cos(a), 0], [0, 0, 1]])
rx = numpy.array([[1, 0, 0], [0, numpy.cos(b), -numpy.sin(b)], [0, numpy.sin(b), numpy.cos(b)]])
oblique.SetDirection((rz @ rx).reshape(-1).tolist())
oblique.SetOrigin((-12.5, 40.25, 7.0))
oblique_mask = sitk.Image(oblique.GetSize(), sitk.sitkUInt32)
oblique_mask.CopyInformation(oblique)
mask_array = numpy.zeros(array.shape, numpy.uint32)
mask_array[4:10, 8:22, 6:19] = 1
oblique_mask = sitk.GetImageFromArray(mask_array)
oblique_mask.CopyInformation(oblique)
out['oblique'] = {
  'image': dict(geometry(oblique), data=list(map(int, array.reshape(-1)))),
  'maskBox': {'lower': [6, 8, 4], 'upper': [18, 21, 9]},
  'runs': [],
}
for spacing in [[0.5, 0.5, 3], [1.3, 1.1, 1.9]]:
  for interpolator in INTERPOLATORS:
    settings = {'resampledPixelSpacing': spacing, 'interpolator': interpolator, 'padDistance': 5, 'label': 1}
    r_image, r_mask = imageoperations.resampleImage(oblique, oblique_mask, **settings)
    run = {
      'settings': settings,
      'image': summary(r_image),
      'mask': dict(summary(r_mask), count=int((voxels(r_mask) == 1).sum())),
    }
    if interpolator != 'sitkNearestNeighbor':
      run['imageFloat'] = float_summary(resample_float(oblique, r_image, interpolator))
    out['oblique']['runs'].append(run)

# ITK's physical point -> continuous index, bit for bit
rng = numpy.random.default_rng(42)
out['physicalToIndex'] = []
for t in range(40):
  if t < 5:
    direction = numpy.diag(rng.choice([-1.0, 1.0], 3))
  elif t % 3 == 0:
    direction = numpy.eye(3)
    for axis, angle in enumerate(rng.uniform(-0.2, 0.2, 3)):
      i, j = [k for k in range(3) if k != axis]
      rotation = numpy.eye(3)
      rotation[i, i] = rotation[j, j] = numpy.cos(angle)
      rotation[i, j], rotation[j, i] = -numpy.sin(angle), numpy.sin(angle)
      direction = direction @ rotation
  else:
    direction = numpy.linalg.qr(rng.normal(size=(3, 3)))[0]
  grid = sitk.Image(4, 4, 4, sitk.sitkUInt8)
  grid.SetSpacing(rng.uniform(0.3, 5, 3).tolist())
  grid.SetDirection(direction.reshape(-1).tolist())
  grid.SetOrigin(rng.uniform(-200, 200, 3).tolist())
  points = [(numpy.array(grid.GetOrigin()) + rng.uniform(-100, 100, 3)).tolist() for _ in range(5)]
  out['physicalToIndex'].append({
    'geometry': geometry(grid),
    'points': points,
    'indices': [list(grid.TransformPhysicalPointToContinuousIndex(p)) for p in points],
  })

# cropToTumorMask with the bounding box of checkMask (LabelStatisticsImageFilter), padded and clipped to the image
out['crop'] = []
for case in ['brain1', 'breast1', 'prostate']:
  image, mask = load(case)
  bb, _ = imageoperations.checkMask(image, mask, label=1)
  for pad in [0, 2, 30]:
    c_image, c_mask = imageoperations.cropToTumorMask(image, mask, bb, padDistance=pad)
    out['crop'].append({
      'case': case,
      'padDistance': pad,
      'boundingBox': {'lower': [int(v) for v in bb[0::2]], 'upper': [int(v) for v in bb[1::2]]},
      'image': summary(c_image),
      'mask': summary(c_mask),
    })

# _checkROI: an ROI whose voxels reach outside the image is refused
image, mask = load('breast1')
small = image[25:45, 10:100, 2:19]
try:
  imageoperations.resampleImage(small, mask, resampledPixelSpacing=[1, 1, 1], interpolator='sitkBSpline')
  refused = False
except ValueError as e:
  refused = 'Bounding box of ROI is larger than image space' in str(e)
out['checkROI'].append({'case': 'breast1', 'imageCrop': {'lower': [25, 10, 2], 'upper': [44, 99, 18]}, 'refused': refused})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
  json.dump(out, f)
print('wrote', len(out['resampleImage']), 'resampleImage,', len(out['resampleToReference']), 'resampleToReference,',
      len(out['oblique']['runs']), 'oblique runs')
