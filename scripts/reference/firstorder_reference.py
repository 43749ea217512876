"""Reference values of PyRadiomics 3.0.1's firstorder class, computed directly with radiomics.firstorder.

Writes test/reference/firstorder/firstorder.json for test/engine/pipeline/firstorder.test.ts: every firstorder
feature (StandardDeviation, deprecated, included) on the fixture cases brain1, brain2, breast1 (whole image + label 1)
and on synthetic volumes (negative values, a flat region) under several settings.
Run: .venv/bin/python scripts/reference/firstorder_reference.py
"""
import json
import math
import os

import numpy
import SimpleITK as sitk

import radiomics
from radiomics import firstorder

radiomics.setVerbosity(40)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(os.path.dirname(ROOT), 'shared', 'fixtures')
FEATURES = sorted(firstorder.RadiomicsFirstOrder.getFeatureNames().keys())
SETTINGS = [
  {},
  {'voxelArrayShift': 2000},
  {'binWidth': 10},
  {'binCount': 16},
]


def synthetic(kind):
  """Volumes whose formula test/engine/pipeline/firstorder.test.ts reproduces."""
  nx, ny, nz = 7, 6, 5
  k, j, i = numpy.meshgrid(numpy.arange(nz), numpy.arange(ny), numpy.arange(nx), indexing='ij')
  if kind == 'wave':
    arr = 1000.0 * numpy.sin(0.7 * i + 1.3 * j + 2.1 * k) + 0.25 * i
  else:  # flat
    arr = numpy.full((nz, ny, nx), 42.0)
  mask = ((i >= 1) & (i <= 5) & (j >= 1) & (j <= 4) & (k >= 1) & (k <= 3)).astype('uint32')
  image = sitk.GetImageFromArray(arr)
  image.SetSpacing((0.5, 0.75, 2.0))
  label = sitk.GetImageFromArray(mask)
  label.CopyInformation(image)
  return image, label


def compute(image, mask, settings):
  fo = firstorder.RadiomicsFirstOrder(image, mask, **settings)
  for name in FEATURES:
    fo.enableFeatureByName(name)
  values = fo.execute()
  return {name: (float(values[name]) if math.isfinite(float(values[name])) else None) for name in FEATURES}


cases = []
for case in ('brain1', 'brain2', 'breast1'):
  image = sitk.ReadImage(os.path.join(FIXTURES, 'pyradiomics', 'data', '%s_image.nrrd' % case))
  mask = sitk.Cast(sitk.ReadImage(os.path.join(FIXTURES, 'pyradiomics', 'data', '%s_label.nrrd' % case)), sitk.sitkUInt32)
  for settings in SETTINGS:
    cases.append({'case': case, 'settings': settings, 'values': compute(image, mask, settings)})
for kind in ('wave', 'flat'):
  image, mask = synthetic(kind)
  for settings in SETTINGS:
    cases.append({'case': 'synthetic-' + kind, 'settings': settings, 'values': compute(image, mask, settings)})

with open(os.path.join(ROOT, 'test', 'reference', 'firstorder', 'firstorder.json'), 'w') as f:
  json.dump({'generator': {'pyradiomics': radiomics.__version__, 'numpy': numpy.__version__,
                           'script': 'scripts/reference/firstorder_reference.py'},
             'features': FEATURES, 'cases': cases}, f, indent=1)
print(len(cases), 'cases')
