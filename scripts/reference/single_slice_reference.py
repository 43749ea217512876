"""PyRadiomics 3.0.1 on brain1's axial slice through the most ROI voxels, as a 3D image with one slice (what the
engine extracts) and as a 2D image (which the engine refuses: PyRadiomics extracts 2D input in 2D).

Writes test/reference/pipeline/brain1_slice_image.nrrd and brain1_slice_label.nrrd (the one-slice 3D pair, made with
SimpleITK from the shared fixture) and test/reference/pipeline/single_slice.json: per parameter set (defaults; a
file with force2D: true and no featureClass, i.e. every class) the features PyRadiomics returns for the one-slice
pair, and, for the record, the feature classes it returns for the same slice written as a 2D image.
Run: .venv/bin/python scripts/reference/single_slice_reference.py
"""
import json
import os
import tempfile

import numpy
import SimpleITK as sitk

import radiomics
from radiomics import featureextractor

from common import ROOT, fixture, plain

radiomics.setVerbosity(40)
OUT = os.path.join(ROOT, 'test', 'reference', 'pipeline')
PARAMS = {'default': None, 'force2D': {'setting': {'force2D': True}}}


def execute(params, image, mask):
  extractor = featureextractor.RadiomicsFeatureExtractor(params) if params else featureextractor.RadiomicsFeatureExtractor()
  return extractor.execute(image, mask)


def main():
  image = sitk.ReadImage(fixture('pyradiomics', 'data', 'brain1_image.nrrd'))
  label = sitk.ReadImage(fixture('pyradiomics', 'data', 'brain1_label.nrrd'))
  k = int(numpy.argmax(sitk.GetArrayFromImage(label).sum(axis=(1, 2))))
  files = {'image': os.path.join(OUT, 'brain1_slice_image.nrrd'), 'mask': os.path.join(OUT, 'brain1_slice_label.nrrd')}
  sitk.WriteImage(image[:, :, k:k + 1], files['image'], True)
  sitk.WriteImage(label[:, :, k:k + 1], files['mask'], True)
  out = {'generator': {'pyradiomics': radiomics.__version__, 'script': 'scripts/reference/single_slice_reference.py'},
         'slice': k, 'cases': {}}
  with tempfile.TemporaryDirectory() as work:
    flat = {'image': os.path.join(work, 'image2d.nrrd'), 'mask': os.path.join(work, 'label2d.nrrd')}
    sitk.WriteImage(image[:, :, k], flat['image'])
    sitk.WriteImage(label[:, :, k], flat['mask'])
    for name, params in PARAMS.items():
      one_slice = execute(params, files['image'], files['mask'])
      two_d = execute(params, flat['image'], flat['mask'])
      out['cases'][name] = {
        'params': params,
        'features': {key: plain(value) for key, value in one_slice.items() if not key.startswith('diagnostics_')},
        'classesOf2DInput': sorted({key.split('_')[1] for key in two_d if not key.startswith('diagnostics_')}),
      }
  with open(os.path.join(OUT, 'single_slice.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
  print({name: (len(case['features']), case['classesOf2DInput']) for name, case in out['cases'].items()})


main()
