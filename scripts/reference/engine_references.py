"""Reference feature values from PyRadiomics 3.0.1 for the engine's conformance tests.

Run with the venv made by scripts/python-env.sh:  .venv/bin/python scripts/reference/engine_references.py
Writes test/reference/engine/{r1,r2,r3}.json. These values come from PyRadiomics only; our engine never writes them.

R1: brain1, brain2, breast1 x every settings column of PyRadiomics' own baseline CSVs (default, 2d, FBN, combined,
    flatRegion, normalization, resampling, resegmentation, shape2D), one feature class at a time with all of its
    features (deprecated ones too), the way PyRadiomics' tests/test_features.py configures them.
R2: the seed configuration (params/seed.yaml) on brain1, breast1 and the STS_025 NIfTI pair.
R3: every image type and every feature class on one small case (breast1), in 3D and with force2D (shape2D, which
    needs a single-slice ROI, is covered by the R1 shape2D cases).
"""
import ast
import csv
import json
import os
import platform
import sys

import numpy
import pywt
import SimpleITK as sitk
import yaml

import radiomics
from radiomics import featureextractor, getFeatureClasses

from common import ROOT, fixture, plain

radiomics.setVerbosity(40)
OUT = os.path.join(ROOT, 'test', 'reference', 'engine')
PYRAD_DATA = 'pyradiomics/data'
R1_CASES = ('brain1', 'brain2', 'breast1')


def single_slice_label(mask_rel, k):
  """PyRadiomics' 2D test labels (<case>_label_2D.nrrd) are downloaded at test time and not distributed; each is the
  3D label's axial slice k, where k is the z of the baseline's diagnostics_Mask-corrected_BoundingBox (its sitk.Hash
  equals the baseline's mask hash). The test applies the same reduction to the 3D label."""
  mask = sitk.ReadImage(fixture(mask_rel))
  array = sitk.GetArrayFromImage(mask)
  array[:k] = 0
  array[k + 1:] = 0
  reduced = sitk.GetImageFromArray(array)
  reduced.CopyInformation(mask)
  return reduced


def run(image_rel, mask_rel, params, mask=None):
  extractor = featureextractor.RadiomicsFeatureExtractor(params)
  result = extractor.execute(sitk.ReadImage(fixture(image_rel)), mask if mask is not None else fixture(mask_rel))
  values = {}
  for key, value in result.items():
    if key.startswith('diagnostics_Versions') or key.startswith('diagnostics_Configuration'):
      continue
    if key.startswith('diagnostics_') and key.endswith('_Hash'):
      values[key] = value
      continue
    values[key] = plain(value)
  return values


def all_features(class_name):
  return sorted(getFeatureClasses()[class_name].getFeatureNames().keys())


def r1():
  cases = []
  baseline_dir = fixture(os.path.join(PYRAD_DATA, 'baseline'))
  for file_name in sorted(os.listdir(baseline_dir)):
    if not (file_name.startswith('baseline_') and file_name.endswith('.csv')):
      continue
    class_name = file_name[len('baseline_'):-len('.csv')]
    with open(os.path.join(baseline_dir, file_name)) as f:
      rows = list(csv.reader(f))
    header, body = rows[0], {row[0]: row[1:] for row in rows[1:]}
    for column, test in enumerate(header[1:]):
      case = body['diagnostics_Configuration_TestCase'][column]
      single_slice = case.lower().endswith('_2d')
      case = case[:-3] if single_slice else case
      if case not in R1_CASES:
        continue
      # None means "PyRadiomics' default" for every key that carries it in the baseline settings.
      settings = {k: v for k, v in ast.literal_eval(body['diagnostics_Configuration_Settings'][column]).items()
                  if v is not None}
      image_types = ast.literal_eval(body['diagnostics_Configuration_EnabledImageTypes'][column])
      params = {'setting': settings, 'imageType': image_types, 'featureClass': {class_name: all_features(class_name)}}
      image_rel = '%s/%s_image.nrrd' % (PYRAD_DATA, case)
      mask_rel = '%s/%s_label.nrrd' % (PYRAD_DATA, case)
      baseline = {k: float(v[column]) for k, v in body.items()
                  if not k.startswith('diagnostics_') and v[column] not in ('', 'nan')}
      print('R1', test, class_name, file=sys.stderr)
      entry = {'id': '%s__%s' % (test, class_name), 'test': test, 'featureClass': class_name,
               'image': image_rel, 'mask': mask_rel, 'params': params}
      if single_slice:
        k = ast.literal_eval(body['diagnostics_Mask-corrected_BoundingBox'][column])[2]
        entry.update({'maskSlice': k, 'values': run(image_rel, mask_rel, params, single_slice_label(mask_rel, k)),
                      'baseline': baseline})
      else:
        entry.update({'values': run(image_rel, mask_rel, params), 'baseline': baseline})
      cases.append(entry)
  return cases


def r2():
  with open(os.path.join(ROOT, 'params', 'seed.yaml')) as f:
    params = yaml.safe_load(f)
  pairs = [('brain1', '%s/brain1_image.nrrd' % PYRAD_DATA, '%s/brain1_label.nrrd' % PYRAD_DATA),
           ('breast1', '%s/breast1_image.nrrd' % PYRAD_DATA, '%s/breast1_label.nrrd' % PYRAD_DATA),
           ('sts025', 'mr_rtstruct_sts025/nifti/STS_025/MR_T1_image.nii.gz',
            'mr_rtstruct_sts025/nifti/STS_025/MR_T1_mask.nii.gz')]
  cases = []
  for name, image_rel, mask_rel in pairs:
    print('R2', name, file=sys.stderr)
    cases.append({'id': 'seed__%s' % name, 'image': image_rel, 'mask': mask_rel, 'params': params,
                  'values': run(image_rel, mask_rel, params)})
  return cases


def r3():
  every_class = {name: all_features(name) for name in getFeatureClasses() if name != 'shape2D'}
  image_types = {'Original': {}, 'LoG': {'sigma': [1.0, 2.5]}, 'Wavelet': {}, 'Square': {}, 'SquareRoot': {},
                 'Logarithm': {}, 'Exponential': {}, 'Gradient': {}}
  configurations = [
    ('all3D', {'setting': {'binWidth': 10, 'label': 1}, 'imageType': image_types, 'featureClass': every_class}),
    ('all2D', {'setting': {'binWidth': 10, 'label': 1, 'force2D': True, 'force2Ddimension': 0},
               'imageType': {'Original': {}, 'LoG': {'sigma': [1.0]}, 'Wavelet': {}},
               'featureClass': every_class}),
    # Fixed bin count on float32 images (LoG, Gradient): numpy keeps those bin edges in float32.
    ('binCount3D', {'setting': {'binCount': 32, 'label': 1},
                    'imageType': {'Original': {}, 'LoG': {'sigma': [1.0]}, 'Gradient': {}},
                    'featureClass': every_class}),
  ]
  cases = []
  for name, params in configurations:
    print('R3', name, file=sys.stderr)
    cases.append({'id': '%s__breast1' % name, 'image': '%s/breast1_image.nrrd' % PYRAD_DATA,
                  'mask': '%s/breast1_label.nrrd' % PYRAD_DATA, 'params': params,
                  'values': run('%s/breast1_image.nrrd' % PYRAD_DATA, '%s/breast1_label.nrrd' % PYRAD_DATA, params)})
  return cases


def main():
  which = sys.argv[1:] or ['r1', 'r2', 'r3']
  generator = {'pyradiomics': radiomics.__version__, 'numpy': numpy.__version__, 'SimpleITK': sitk.Version_VersionString(),
               'PyWavelets': pywt.__version__, 'python': platform.python_version(),
               'script': 'scripts/reference/engine_references.py'}
  os.makedirs(OUT, exist_ok=True)
  for name in which:
    cases = {'r1': r1, 'r2': r2, 'r3': r3}[name]()
    with open(os.path.join(OUT, '%s.json' % name), 'w') as f:
      json.dump({'generator': generator, 'cases': cases}, f, indent=1, sort_keys=False, allow_nan=False)
      f.write('\n')
    print('wrote %s (%d cases)' % (name, len(cases)), file=sys.stderr)


if __name__ == '__main__':
  main()
