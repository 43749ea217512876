"""Reference texture matrices and features from PyRadiomics 3.0.1 (glcm, glrlm, glszm, gldm, ngtdm).

The feature classes are run directly on the cropped image and mask (as PyRadiomics' extractor and its own
tests/testUtils.py hand them over: checkMask bounding box, cropToTumorMask without padding), so these references
do not depend on our extractor. The cropped arrays are written too, so the TypeScript tests need no NRRD reader.

Writes, under test/reference/texture/:
  cases.json     cropped image/mask of brain1, brain2, breast1 and small synthetic ROIs
  features.json  every feature of the five classes for each case and settings variation (NaN as null)
  matrices.json  the processed matrices (P_glcm, ...) of the small cases, and PyRadiomics' angles for some sizes
Run with the project venv: .venv/bin/python scripts/reference/texture_features.py
"""
import json
import os

import numpy
import SimpleITK as sitk
import radiomics
from radiomics import cMatrices, glcm, gldm, glrlm, glszm, imageoperations, ngtdm

radiomics.setVerbosity(60)  # silence PyRadiomics' warnings about deprecated/asymmetric features

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
OUT_DIR = os.path.join(REPO, 'test', 'reference', 'texture')
FIXTURES = os.path.normpath(os.path.join(REPO, '..', 'shared', 'fixtures', 'pyradiomics', 'data'))

CLASSES = {
  'glcm': glcm.RadiomicsGLCM,
  'glrlm': glrlm.RadiomicsGLRLM,
  'glszm': glszm.RadiomicsGLSZM,
  'gldm': gldm.RadiomicsGLDM,
  'ngtdm': ngtdm.RadiomicsNGTDM,
}

VARIATIONS = {
  'default': {},
  'binCount32': {'binCount': 32},
  'binWidth10': {'binWidth': 10},
  'force2D': {'force2D': True, 'force2Ddimension': 0},
  'force2Ddim2': {'force2D': True, 'force2Ddimension': 2},
  'distances12': {'distances': [1, 2]},
  'force2Ddistances13': {'force2D': True, 'distances': [1, 3]},
  'asymmetricGLCM': {'symmetricalGLCM': False},
  'manhattan': {'weightingNorm': 'manhattan'},
  'euclidean': {'weightingNorm': 'euclidean'},
  'infinity': {'weightingNorm': 'infinity'},
  'noWeighting': {'weightingNorm': 'no_weighting'},
  'gldmA2': {'gldm_a': 2},
}

# Variations whose matrices are stored (the features cover the rest), only for the small cases and, for the
# larger GLCMs, only a few variations, to keep the committed data small.
MATRIX_VARIATIONS = ['default', 'binCount32', 'force2D', 'distances12', 'asymmetricGLCM', 'manhattan', 'gldmA2']
MATRIX_CASES = ['brain2', 'breast1', 'synthetic_random', 'synthetic_slice', 'synthetic_flat', 'synthetic_thin']
LARGE_GLCM_CASES = ['brain2', 'synthetic_random']
LARGE_GLCM_VARIATIONS = ['default', 'force2D', 'asymmetricGLCM', 'manhattan']


def store_matrix(case, variation, class_name):
  if case not in MATRIX_CASES or variation not in MATRIX_VARIATIONS:
    return False
  return class_name != 'glcm' or case not in LARGE_GLCM_CASES or variation in LARGE_GLCM_VARIATIONS


def fixture_case(name):
  """Image and mask cropped to the ROI exactly as PyRadiomics' tests load the 'original' image."""
  image = sitk.ReadImage(os.path.join(FIXTURES, '%s_image.nrrd' % name))
  mask = sitk.ReadImage(os.path.join(FIXTURES, '%s_label.nrrd' % name), sitk.sitkUInt32)
  bb, corrected = imageoperations.checkMask(image, mask, label=1)
  assert corrected is None
  return imageoperations.cropToTumorMask(image, mask, bb)


def synthetic_case(values, mask, spacing):
  image = sitk.GetImageFromArray(values)
  image.SetSpacing(spacing)
  label = sitk.GetImageFromArray(mask.astype(numpy.uint32))
  label.SetSpacing(spacing)
  return image, label


def synthetic_cases():
  rng = numpy.random.default_rng(20261126)
  cases = {}
  # Random grey values and a ragged mask with holes and separate components.
  values = numpy.round(rng.normal(400, 120, (6, 8, 9)), 1)
  mask = rng.random((6, 8, 9)) < 0.6
  cases['synthetic_random'] = synthetic_case(values, mask, (0.8, 0.9, 2.5))
  # A single slice: no angle moves along z; GLRLM keeps only in-plane runs.
  values = rng.integers(0, 120, (1, 10, 12)).astype(numpy.int16)
  mask = numpy.zeros((1, 10, 12), bool)
  mask[0, 2:9, 1:11] = True
  mask[0, 5, 4] = False
  cases['synthetic_slice'] = synthetic_case(values, mask, (0.5, 0.5, 3.0))
  # A flat ROI (one grey level) inside a varying image: the division-by-zero conventions of every class.
  values = rng.integers(-50, 50, (4, 5, 6)).astype(numpy.int16)
  mask = numpy.zeros((4, 5, 6), bool)
  mask[1:3, 1:4, 1:5] = True
  values[mask] = 37
  cases['synthetic_flat'] = synthetic_case(values, mask, (1.0, 1.0, 1.0))
  # Two grey levels in thin structures: a 1-voxel-thick plane (runs of length 1 along z) and a line.
  values = numpy.zeros((5, 6, 7), numpy.int16)
  mask = numpy.zeros((5, 6, 7), bool)
  mask[2, 1:5, 1:6] = True
  mask[0:5, 0, 3] = True
  values[...] = rng.integers(0, 2, values.shape) * 30
  cases['synthetic_thin'] = synthetic_case(values, mask, (1.0, 1.2, 1.5))
  # A float32 image, as LoG and gradient images are in PyRadiomics: numpy.histogram's binCount edges are then
  # rounded to float32. Grey values are placed on those edges, so the rounding decides their bins.
  edges = numpy.linspace(numpy.float32(-41.3), numpy.float32(77.9), 33).astype(numpy.float32)
  values = rng.choice(edges, (5, 9, 8))
  mask = rng.random((5, 9, 8)) < 0.7
  values[0, 0, 0], values[4, 8, 7] = edges[0], edges[-1]
  mask[0, 0, 0] = mask[4, 8, 7] = True
  cases['synthetic_float32'] = synthetic_case(values, mask, (0.7, 0.7, 1.25))
  return cases


def cropped_synthetic(image, mask):
  bb, corrected = imageoperations.checkMask(image, mask, label=1, minimumROIDimensions=1)
  assert corrected is None and bb is not None
  return imageoperations.cropToTumorMask(image, mask, bb)


def finite_or_none(value):
  value = float(value)
  return None if numpy.isnan(value) else value


def main():
  cases = {name: fixture_case(name) for name in ['brain1', 'brain2', 'breast1']}
  cases.update({name: cropped_synthetic(*pair) for name, pair in synthetic_cases().items()})

  case_data = {}
  features = {}
  matrices = {}
  for case, (image, mask) in cases.items():
    array = sitk.GetArrayFromImage(image)
    mask_array = sitk.GetArrayFromImage(mask)
    case_data[case] = {
      'size': list(image.GetSize()),
      'spacing': list(image.GetSpacing()),
      'pixelType': image.GetPixelIDTypeAsString(),
      'image': [v.item() for v in array.ravel()],
      'mask': [int(v == 1) for v in mask_array.ravel()],
    }
    features[case] = {}
    for variation, settings in VARIATIONS.items():
      features[case][variation] = {}
      for class_name, cls in CLASSES.items():
        names = cls.getFeatureNames()
        instance = cls(image, mask, **settings)
        for name in names:
          instance.enableFeatureByName(name, True)
        values = instance.execute()
        features[case][variation][class_name] = {k: finite_or_none(v) for k, v in values.items()}
        if store_matrix(case, variation, class_name):
          matrix = getattr(instance, 'P_%s' % class_name)
          matrices.setdefault(case, {}).setdefault(variation, {})[class_name] = {
            'shape': list(matrix.shape[1:]),
            'values': [finite_or_none(v) for v in matrix.ravel()],
          }

  angles = []
  for shape in [(5, 5, 5), (1, 6, 7), (2, 9, 9), (3, 1, 4), (8, 8, 8)]:
    for distances in [[1], [1, 2], [2, 3], [3]]:
      for bidirectional in [False, True]:
        for force2D, dimension in [(False, 0), (True, 0), (True, 1), (True, 2)]:
          try:
            result = cMatrices.generate_angles(numpy.array(shape), numpy.array(distances), bidirectional, force2D,
                                               dimension)
          except Exception:  # PyRadiomics refuses shapes/distances without any angle
            result = None
          angles.append({'shape': list(shape), 'distances': distances, 'bidirectional': bidirectional,
                         'force2Ddimension': dimension if force2D else -1,
                         'angles': None if result is None else result.tolist()})

  provenance = {'generator': 'scripts/reference/texture_features.py', 'pyradiomics': radiomics.__version__,
                'numpy': numpy.__version__}
  with open(os.path.join(OUT_DIR, 'cases.json'), 'w') as f:
    json.dump(dict(provenance, cases=case_data), f, separators=(',', ':'))
  with open(os.path.join(OUT_DIR, 'features.json'), 'w') as f:
    json.dump(dict(provenance, variations=VARIATIONS, features=features), f, separators=(',', ':'))
  with open(os.path.join(OUT_DIR, 'matrices.json'), 'w') as f:
    json.dump(dict(provenance, matrices=matrices, angles=angles), f, separators=(',', ':'))
  for name in ['cases.json', 'features.json', 'matrices.json']:
    print(name, os.path.getsize(os.path.join(OUT_DIR, name)), 'bytes')


if __name__ == '__main__':
  main()
