"""Reference shape and shape2D feature values from PyRadiomics 3.0.1, with the exact masks they were computed on.

Writes test/reference/geometry/shape.json, used by test/engine/geometry/shape.test.ts.
Each entry holds the ROI mask as PyRadiomics' shape class receives it (cropped to the bounding box, before its own
1-voxel padding) as packed bits in (z, y, x) C order = our Volume order, its spacing (x, y, z), and every feature of
the class including the deprecated ones.

Cases: brain1, brain2, breast1, lung1, lung2 (labels only: shape needs no grey values) at their original spacing
and resampled to 2x2x2 mm as the baseline's `resampling` configuration does (lung cases use the label as image,
which only supplies the grid); single-slice masks for shape2D (the slice the PyRadiomics `_2D` test labels are:
their sitk.Hash equals that of the 3D label's slice at the baseline's bounding-box z) along each force2Ddimension;
small synthetic masks (flat, thin, concave) to exercise the marching-cubes cases.
Run: .venv/bin/python scripts/reference/geometry_shape.py
"""
import base64
import json
import os

import numpy
import SimpleITK as sitk
import radiomics
from radiomics import featureextractor, imageoperations, shape, shape2D

radiomics.setVerbosity(60)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(ROOT), 'shared', 'fixtures', 'pyradiomics', 'data')
OUT = os.path.join(ROOT, 'test', 'reference', 'geometry', 'shape.json')


def pack(mask_array):
  return base64.b64encode(numpy.packbits(mask_array.reshape(-1).astype(bool), bitorder='little').tobytes()).decode()


def all_features(feature_class):
  names = feature_class.getFeatureNames()
  return sorted(names.keys())


def compute(cls, image, mask, settings):
  instance = cls(image, mask, **settings)
  for name in all_features(cls):
    instance.enableFeatureByName(name)
  return {k: float(v) for k, v in instance.execute().items()}


def entry(cls, image, mask, settings, label=1):
  bb, corrected = imageoperations.checkMask(image, mask, minimumROIDimensions=1, label=label)
  assert corrected is None
  cropped_image, cropped_mask = imageoperations.cropToTumorMask(image, mask, bb)
  array = sitk.GetArrayFromImage(cropped_mask) == label
  return {
    'size': list(cropped_mask.GetSize()),
    'spacing': list(cropped_mask.GetSpacing()),
    'mask': pack(array),
    'settings': settings,
    'features': compute(cls, cropped_image, cropped_mask, dict(settings, label=label)),
  }


def load(case):
  mask = sitk.ReadImage(os.path.join(DATA, case + '_label.nrrd'))
  image_path = os.path.join(DATA, case + '_image.nrrd')
  image = sitk.ReadImage(image_path) if os.path.exists(image_path) else sitk.Cast(mask, sitk.sitkFloat32)
  return image, imageoperations.getMask(mask, label=1)


def synthetic(array, spacing):
  image = sitk.GetImageFromArray(array.astype(numpy.float32))
  image.SetSpacing(spacing)
  mask = sitk.GetImageFromArray(array.astype(numpy.uint32))
  mask.CopyInformation(image)
  return image, mask


out = {'pyradiomics': radiomics.__version__, 'simpleitk': sitk.Version().VersionString(), 'shape': {}, 'shape2D': {}}

for case in ['brain1', 'brain2', 'breast1', 'lung1', 'lung2']:
  image, mask = load(case)
  out['shape'][case] = entry(shape.RadiomicsShape, image, mask, {})
  resampling = {'interpolator': 'sitkBSpline', 'resampledPixelSpacing': [2, 2, 2], 'padDistance': 5}
  r_image, r_mask = imageoperations.resampleImage(image, mask, **resampling)
  out['shape'][case + '_resampled'] = entry(shape.RadiomicsShape, r_image, r_mask, resampling)

  array = sitk.GetArrayFromImage(mask) == 1
  zs, ys, xs = numpy.nonzero(array)
  for dimension, name in [(0, 'slice'), (1, 'row'), (2, 'column')]:
    middle = int(numpy.round(numpy.median([zs, ys, xs][dimension])))
    single = numpy.zeros_like(array)
    index = [slice(None)] * 3
    index[dimension] = middle
    single[tuple(index)] = array[tuple(index)]
    if single.sum() < 2:
      continue
    s_mask = sitk.GetImageFromArray(single.astype(numpy.uint32))
    s_mask.CopyInformation(mask)
    settings = {'force2D': True, 'force2Ddimension': dimension}
    out['shape2D']['%s_%s%d' % (case, name, middle)] = entry(shape2D.RadiomicsShape2D, image, s_mask, settings)

rng = numpy.random.default_rng(11)
flat = numpy.zeros((1, 9, 12), dtype=bool)
flat[0, 2:7, 3:10] = True
flat[0, 4, 5] = False
thin = numpy.zeros((6, 1, 5), dtype=bool)
thin[1:5, 0, 1:4] = True
concave = numpy.zeros((7, 8, 9), dtype=bool)
concave[1:6, 1:7, 1:8] = True
concave[2:6, 3:5, 3:6] = False
concave[0, 4, 4] = True
noisy = rng.random((8, 9, 10)) < 0.45
for name, array, spacing in [
  ('flat', flat, (0.7, 0.9, 2.5)),
  ('thin', thin, (1.1, 0.6, 3.0)),
  ('concave', concave, (0.5, 0.5, 3.0)),
  ('noisy', noisy, (0.8, 1.3, 1.7)),
]:
  image, mask = synthetic(array, spacing)
  out['shape'][name] = entry(shape.RadiomicsShape, image, mask, {})
  for z in range(array.shape[0]):
    if array[z].sum() >= 2:
      single = numpy.zeros_like(array)
      single[z] = array[z]
      s_image, s_mask = synthetic(single, spacing)
      out['shape2D']['%s_slice%d' % (name, z)] = entry(
        shape2D.RadiomicsShape2D, s_image, s_mask, {'force2D': True, 'force2Ddimension': 0})
      break

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
  json.dump(out, f, indent=1)
print('wrote', len(out['shape']), 'shape and', len(out['shape2D']), 'shape2D entries')
