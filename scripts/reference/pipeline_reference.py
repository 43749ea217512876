"""PyRadiomics 3.0.1 results for the extraction pipeline options that the R1/R2/R3 references do not exercise:
correctMask (mask on another grid), geometryTolerance, preCrop, a second label, normalize with removeOutliers,
resegmentation in relative mode with resegmentShape and in absolute mode (two thresholds given in reverse order, one
threshold), additionalInfo off.

Writes test/reference/pipeline/pipeline.json and, made with SimpleITK from the shared fixtures, the masks those cases
need: breast1_label_othergrid.nrrd (breast1's label resampled by nearest neighbour onto a shifted, coarser grid),
breast1_label_nudged.nrrd (its origin moved by 1e-4 mm: beyond ITK's default tolerance) and breast1_label_twolabels.nrrd (breast1's label with its right half relabelled 2).
Run: .venv/bin/python scripts/reference/pipeline_reference.py
"""
import json
import os

import numpy
import SimpleITK as sitk

import radiomics
from radiomics import featureextractor

from common import PYRADIOMICS_DATA, ROOT, plain

radiomics.setVerbosity(40)
OUT = os.path.join(ROOT, 'test', 'reference', 'pipeline')
DATA = PYRADIOMICS_DATA


label = sitk.ReadImage(os.path.join(DATA, 'breast1_label.nrrd'))
rif = sitk.ResampleImageFilter()
rif.SetInterpolator(sitk.sitkNearestNeighbor)
rif.SetOutputDirection(label.GetDirection())
rif.SetOutputSpacing((1.0, 1.0, 2.1))
origin = numpy.array(label.GetOrigin()) + numpy.array((0.3, -0.2, 0.0))
rif.SetOutputOrigin(origin.tolist())
rif.SetSize((32, 82, 21))
rif.SetOutputPixelType(sitk.sitkInt16)
sitk.WriteImage(rif.Execute(label), os.path.join(OUT, 'breast1_label_othergrid.nrrd'), True)

nudged = sitk.Image(label)
nudged.SetOrigin((numpy.array(label.GetOrigin()) + numpy.array((1e-4, 0.0, 0.0))).tolist())
sitk.WriteImage(nudged, os.path.join(OUT, 'breast1_label_nudged.nrrd'), True)

arr = sitk.GetArrayFromImage(label)
zs, ys, xs = numpy.nonzero(arr == 1)
middle = int(numpy.median(xs))
arr[:, :, middle:][arr[:, :, middle:] == 1] = 2
two = sitk.GetImageFromArray(arr)
two.CopyInformation(label)
sitk.WriteImage(two, os.path.join(OUT, 'breast1_label_twolabels.nrrd'), True)

FIRSTORDER_SHAPE = {'firstorder': [], 'shape': []}
CASES = [
  ('correctMask', 'breast1_image.nrrd', 'breast1_label_othergrid.nrrd', None,
   {'setting': {'correctMask': True}, 'featureClass': FIRSTORDER_SHAPE}),
  ('geometryTolerance', 'breast1_image.nrrd', 'breast1_label_nudged.nrrd', None,
   {'setting': {'geometryTolerance': 1e-3}, 'featureClass': {'firstorder': []}}),
  ('preCrop', 'brain1_image.nrrd', 'brain1_label.nrrd', None,
   {'setting': {'preCrop': True, 'padDistance': 2}, 'featureClass': {'firstorder': [], 'glcm': []}}),
  ('label2', 'breast1_image.nrrd', 'breast1_label_twolabels.nrrd', 2,
   {'featureClass': FIRSTORDER_SHAPE}),
  ('normalizeOutliers', 'brain1_image.nrrd', 'brain1_label.nrrd', None,
   {'setting': {'normalize': True, 'normalizeScale': 100, 'removeOutliers': 2, 'binWidth': 5}, 'featureClass': {'firstorder': []}}),
  ('resegmentRelativeShape', 'brain1_image.nrrd', 'brain1_label.nrrd', None,
   {'setting': {'resegmentRange': [0.6], 'resegmentMode': 'relative', 'resegmentShape': True},
    'featureClass': FIRSTORDER_SHAPE}),
  ('resegmentAbsolute', 'brain1_image.nrrd', 'brain1_label.nrrd', None,
   {'setting': {'resegmentRange': [1000, 500]}, 'featureClass': {'firstorder': []}}),
  ('resegmentAbsoluteLowerOnly', 'brain1_image.nrrd', 'brain1_label.nrrd', None,
   {'setting': {'resegmentRange': [700], 'resegmentMode': 'absolute'}, 'featureClass': {'firstorder': ['Minimum', 'Mean']}}),
  ('noAdditionalInfo', 'breast1_image.nrrd', 'breast1_label.nrrd', None,
   {'setting': {'additionalInfo': False, 'voxelArrayShift': 300}, 'featureClass': {'firstorder': ['Energy', 'TotalEnergy', 'RootMeanSquared']}}),
]


def path(name):
  local = os.path.join(OUT, name)
  return local if os.path.exists(local) else os.path.join(DATA, name)


cases = []
for case_id, image, mask, case_label, params in CASES:
  extractor = featureextractor.RadiomicsFeatureExtractor(params)
  result = extractor.execute(path(image), path(mask), label=case_label)
  cases.append({
    'id': case_id, 'image': image, 'mask': mask, 'label': case_label, 'params': params,
    'values': {k: plain(v) for k, v in result.items()
               if not k.startswith('diagnostics_Versions') and not k.startswith('diagnostics_Configuration')},
  })

with open(os.path.join(OUT, 'pipeline.json'), 'w') as f:
  json.dump({'generator': {'pyradiomics': radiomics.__version__, 'SimpleITK': sitk.Version().VersionString(),
                           'script': 'scripts/reference/pipeline_reference.py'}, 'cases': cases}, f, indent=1)
print([(c['id'], len(c['values'])) for c in cases])
