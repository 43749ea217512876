"""Reference voxel-based feature maps from PyRadiomics 3.0.1 (featureextractor.execute(..., voxelBased=True)).

A small synthetic MR-like volume (seeded, stored in the output with its geometry) and an irregular ROI; cases vary
kernelRadius (1, 2, 3), maskedKernel (true, false), initValue and the discretisation, for features of every class the
seed configuration uses (firstorder, glcm, glrlm, glszm, gldm) plus ngtdm. A case with 'slice' runs on that one
z-slice of the phantom (image and mask, same geometry) in 3D: every kernel is one slice thick, so the angles moving
along z fit no kernel. A case with 'crop' runs on that box of the phantom (numpy z, y, x ranges; same spacing, origin
and direction), which cuts through the ROI so that kernels are clipped by the image border on every face. Each map is
stored whole, as float64 little-endian base64, with the geometry of the sitk image PyRadiomics returns.

MCC is left out: in voxel mode PyRadiomics 3.0.1 fails on it (numpy eigvals of a Q with NaN rows) and leaves initValue.

Run: .venv/bin/python scripts/reference/voxel_maps.py  (writes test/reference/voxel/voxel_maps.json)
"""
import base64
import json
import os

import numpy
import radiomics
import SimpleITK as sitk
from radiomics import featureextractor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'reference', 'voxel', 'voxel_maps.json')

FEATURES = {
  'firstorder': ['Mean', 'Entropy', 'Uniformity', '10Percentile', 'Kurtosis', 'Skewness', 'RobustMeanAbsoluteDeviation', 'TotalEnergy'],
  'glcm': ['Contrast', 'Idmn', 'JointAverage', 'Correlation', 'ClusterShade', 'Imc1'],
  'glrlm': ['RunLengthNonUniformity', 'LongRunEmphasis', 'HighGrayLevelRunEmphasis', 'RunEntropy'],
  'glszm': ['SizeZoneNonUniformity', 'LargeAreaEmphasis', 'ZoneEntropy', 'GrayLevelVariance'],
  'gldm': ['DependenceNonUniformity', 'LargeDependenceHighGrayLevelEmphasis', 'DependenceEntropy'],
  'ngtdm': ['Coarseness', 'Busyness', 'Contrast', 'Strength'],
}

RUN_LENGTH_FEATURES = ['ShortRunEmphasis', 'LongRunEmphasis', 'RunLengthNonUniformity', 'RunLengthNonUniformityNormalized', 'RunVariance',
                       'RunPercentage']

# numpy (z, y, x) ranges of the phantom, cut through its ROI: ROI voxels on all six faces of the cropped image, four of
# them in its corners.
CROP_AT_BORDER = [[2, 7], [4, 10], [4, 11]]

# GLCM: every feature of the difference path plus two of the full matrix; GLRLM: features beyond the run lengths alone.
BORDER_FEATURES = {
  'firstorder': ['Mean', 'Entropy'],
  'glcm': ['Contrast', 'Id', 'Idm', 'Idmn', 'Idn', 'DifferenceAverage', 'InverseVariance', 'JointAverage', 'Correlation'],
  'glrlm': ['ShortRunEmphasis', 'LongRunEmphasis', 'GrayLevelNonUniformity', 'RunEntropy', 'HighGrayLevelRunEmphasis'],
  'glszm': ['ZoneEntropy'],
  'gldm': ['DependenceNonUniformity'],
  'ngtdm': ['Coarseness', 'Busyness'],
}

CASES = [
  {'id': 'r1_masked', 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 1, 'maskedKernel': True}, 'classes': FEATURES},
  {'id': 'r1_unmasked', 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 1, 'maskedKernel': False, 'initValue': -1},
   'classes': FEATURES},
  {'id': 'r2_masked', 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 2, 'maskedKernel': True},
   'classes': {'firstorder': ['Entropy', 'Median'], 'glcm': ['Contrast', 'Idmn'], 'glrlm': ['RunLengthNonUniformity', 'LongRunEmphasis'],
               'glszm': ['ZoneEntropy'], 'gldm': ['DependenceNonUniformity']}},
  {'id': 'r2_unmasked_bincount', 'setting': {'binCount': 12}, 'voxelSetting': {'kernelRadius': 2, 'maskedKernel': False},
   'classes': {'firstorder': ['Entropy', 'Mean'], 'glcm': ['JointAverage', 'Idn'], 'glrlm': ['GrayLevelNonUniformity'],
               'glszm': ['SmallAreaEmphasis'], 'gldm': ['SmallDependenceEmphasis']}},
  {'id': 'r1_force2D', 'setting': {'binWidth': 25, 'force2D': True, 'force2Ddimension': 0}, 'voxelSetting': {'kernelRadius': 1},
   'classes': {'firstorder': ['Entropy', 'Mean'], 'glcm': ['Contrast', 'JointAverage'], 'glrlm': ['RunEntropy'],
               'glszm': ['ZoneEntropy'], 'gldm': ['DependenceNonUniformity']}},
  {'id': 'r3_masked', 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 3, 'maskedKernel': True},
   'classes': {'glcm': ['Contrast', 'Idmn'],
               'glrlm': ['RunLengthNonUniformity', 'LongRunEmphasis', 'RunEntropy', 'ShortRunLowGrayLevelEmphasis', 'RunPercentage',
                         'GrayLevelVariance']}},
  {'id': 'r2_unmasked_single_slice', 'slice': 4, 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 2, 'maskedKernel': False},
   'classes': {'glcm': ['Contrast', 'Id'], 'glrlm': ['RunLengthNonUniformity', 'LongRunEmphasis', 'GrayLevelNonUniformity', 'RunEntropy']}},
  {'id': 'r1_masked_single_slice', 'slice': 4, 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 1, 'maskedKernel': True},
   'classes': {'glcm': ['DifferenceAverage'], 'glrlm': ['ShortRunEmphasis', 'RunVariance', 'HighGrayLevelRunEmphasis']}},
  # Only features of the run length distribution: our GLRLM path then counts all grey levels in one row.
  {'id': 'r3_masked_run_lengths', 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 3, 'maskedKernel': True},
   'classes': {'glrlm': RUN_LENGTH_FEATURES}},
  {'id': 'r1_unmasked_run_lengths', 'setting': {'binWidth': 25}, 'voxelSetting': {'kernelRadius': 1, 'maskedKernel': False},
   'classes': {'glrlm': RUN_LENGTH_FEATURES}},
  {'id': 'r2_masked_single_slice_run_lengths', 'slice': 4, 'setting': {'binWidth': 25},
   'voxelSetting': {'kernelRadius': 2, 'maskedKernel': True}, 'classes': {'glrlm': RUN_LENGTH_FEATURES}},
  {'id': 'r2_force2D_run_lengths', 'setting': {'binWidth': 25, 'force2D': True, 'force2Ddimension': 0}, 'voxelSetting': {'kernelRadius': 2},
   'classes': {'glrlm': RUN_LENGTH_FEATURES}},
  # GLCM difference features from pair tables with a flat kernel along the y axis and two distances.
  {'id': 'r2_force2D_y_distances_difference', 'setting': {'binWidth': 25, 'force2D': True, 'force2Ddimension': 1, 'distances': [1, 2]},
   'voxelSetting': {'kernelRadius': 2}, 'classes': {'glcm': ['Contrast', 'Id', 'InverseVariance']}},
  {'id': 'r1_log_wavelet', 'setting': {'binWidth': 5}, 'voxelSetting': {'kernelRadius': 1},
   'imageType': {'LoG': {'sigma': [1.0]}, 'Wavelet': {'force2D': True, 'force2Ddimension': 0}},
   'classes': {'firstorder': ['Entropy'], 'glcm': ['Idmn'], 'glrlm': ['RunEntropy'], 'glszm': ['SizeZoneNonUniformity'],
               'gldm': ['DependenceEntropy']}},
] + [
  # The ROI cropped at the image border (CROP_AT_BORDER): kernels clipped by the image on every face and at corners.
  {'id': f'border_r{radius}_{kernel}{suffix}', 'crop': CROP_AT_BORDER, 'setting': {'binWidth': 25, **setting},
   'voxelSetting': {'kernelRadius': radius, **({} if kernel == 'force2D' else {'maskedKernel': kernel == 'masked'})}, 'classes': classes}
  for radius in (1, 2)
  for kernel, setting in (('masked', {}), ('unmasked', {}), ('force2D', {'force2D': True, 'force2Ddimension': 0}))
  for suffix, classes in (('_run_lengths', {'glrlm': RUN_LENGTH_FEATURES}), ('', BORDER_FEATURES))
]


def b64(array):
  return base64.b64encode(numpy.ascontiguousarray(array, dtype='<f8').tobytes()).decode('ascii')


def phantom():
  """Smooth blobs plus noise (so that zones and runs of several voxels occur) and an irregular ROI."""
  rng = numpy.random.default_rng(20261126)
  z, y, x = numpy.mgrid[0:9, 0:13, 0:15]
  base = 300 + 150 * numpy.sin(x / 2.5) * numpy.cos(y / 3.0) + 80 * numpy.cos(z / 2.0)
  image = numpy.round(base + rng.normal(0, 30, base.shape)).astype(numpy.int16)
  ellipsoid = ((x - 7.2) / 5.5) ** 2 + ((y - 6.1) / 4.6) ** 2 + ((z - 4.0) / 3.2) ** 2 <= 1
  mask = (ellipsoid & (rng.random(base.shape) > 0.08)).astype(numpy.uint8)
  return image, mask


def main():
  image_array, mask_array = phantom()
  geometry = {'spacing': [0.8, 0.7, 2.5], 'origin': [-12.5, 30.25, 4.0],
              'direction': [0.0, 1.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0]}

  def volume(array):
    im = sitk.GetImageFromArray(array)
    im.SetSpacing(geometry['spacing'])
    im.SetOrigin(geometry['origin'])
    im.SetDirection(geometry['direction'])
    return im

  image = volume(image_array)
  mask = volume(mask_array)
  radiomics.setVerbosity(40)
  cases = []
  for case in CASES:
    params = {'setting': dict(case['setting']), 'voxelSetting': case['voxelSetting'], 'imageType': case.get('imageType', {'Original': {}}),
              'featureClass': case['classes']}
    extractor = featureextractor.RadiomicsFeatureExtractor(params)
    if 'slice' in case:
      k = case['slice']
      result = extractor.execute(volume(image_array[k:k + 1]), volume(mask_array[k:k + 1]), voxelBased=True)
    elif 'crop' in case:
      crop = tuple(slice(lower, upper) for lower, upper in case['crop'])
      result = extractor.execute(volume(image_array[crop]), volume(mask_array[crop]), voxelBased=True)
    else:
      result = extractor.execute(image, mask, voxelBased=True)
    maps = {}
    for key, value in result.items():
      if not isinstance(value, sitk.Image):
        continue
      maps[key] = {'size': list(value.GetSize()), 'spacing': list(value.GetSpacing()), 'origin': list(value.GetOrigin()),
                   'direction': list(value.GetDirection()), 'pixelType': value.GetPixelIDTypeAsString(),
                   'data': b64(sitk.GetArrayFromImage(value))}
    cases.append({'id': case['id'], **{key: case[key] for key in ('slice', 'crop') if key in case}, 'params': params, 'maps': maps})
  out = {'generatedBy': 'scripts/reference/voxel_maps.py', 'pyradiomics': radiomics.__version__,
         'image': {'size': list(image.GetSize()), **geometry, 'pixelType': 'int16', 'data': image_array.ravel().tolist()},
         'mask': {'size': list(mask.GetSize()), **geometry, 'pixelType': 'uint8', 'data': mask_array.ravel().tolist()},
         'cases': cases}
  with open(OUT, 'w') as f:
    json.dump(out, f)
  print('wrote', OUT, os.path.getsize(OUT), 'bytes,', sum(len(c['maps']) for c in cases), 'maps,', int(mask_array.sum()), 'ROI voxels')


if __name__ == '__main__':
  main()
