"""Reference images for the engine's image filters (extension/src/radiomics/filters), from PyRadiomics 3.0.1.

Every output is what PyRadiomics' own imageoperations.get<ImageType>Image generator yields (SimpleITK 2.5.7,
PyWavelets 1.8): image type name, pixel type and every voxel, plus the warnings it logs. Inputs: a small crop of the
pyradiomics brain1 fixture (read from the fixture by the tests; only its position is stored here) and small
synthetic volumes (odd and even sizes, size-1 and too-small axes, anisotropic spacing, oblique direction, int16,
uint8, float32 and float64 pixels), stored here since they are not fixtures.

Writes test/reference/filters/<case>.json (metadata) and <case>.bin (little-endian voxels at the offsets given).
Run: .venv/bin/python scripts/reference/filters_reference.py
"""
import json
import logging
import os

import numpy as np
import pywt
import radiomics
import SimpleITK as sitk
from radiomics import imageoperations

from common import FIXTURES, ROOT, geometry

OUT_DIR = os.path.join(ROOT, 'test', 'reference', 'filters')

PIXEL_TYPES = {
  sitk.sitkUInt8: ('uint8', '<u1'),
  sitk.sitkInt16: ('int16', '<i2'),
  sitk.sitkInt32: ('int32', '<i4'),
  sitk.sitkFloat32: ('float32', '<f4'),
  sitk.sitkFloat64: ('float64', '<f8'),
}


class WarningCollector(logging.Handler):
  def __init__(self):
    super().__init__(level=logging.WARNING)
    self.messages = []

  def emit(self, record):
    self.messages.append(record.getMessage())


class Blob:
  """Concatenates arrays (x fastest, as the engine's Volume) and remembers where each one starts."""

  def __init__(self):
    self.parts = []
    self.length = 0

  def add(self, image):
    pixel_type, dtype = PIXEL_TYPES[image.GetPixelID()]
    data = sitk.GetArrayFromImage(image).astype(dtype).tobytes()  # numpy [k][j][i], C order: i fastest
    entry = {'pixelType': pixel_type, 'offset': self.length, 'byteLength': len(data)}
    self.parts.append(data)
    self.length += len(data)
    return entry


def run_filters(image, runs, blob):
  mask = sitk.Image(image.GetSize(), sitk.sitkUInt8) + 1
  mask.CopyInformation(image)
  results = []
  for image_type, settings in runs:
    collector = WarningCollector()
    logger = logging.getLogger('radiomics.imageoperations')
    logger.addHandler(collector)
    try:
      outputs = []
      for filtered, name, _ in getattr(imageoperations, 'get%sImage' % image_type)(image, mask, **settings):
        assert filtered.GetSize() == image.GetSize()
        assert np.allclose(filtered.GetSpacing(), image.GetSpacing()) and filtered.GetOrigin() == image.GetOrigin()
        assert filtered.GetDirection() == image.GetDirection()
        outputs.append(dict(imageTypeName=name, **blob.add(filtered)))
    finally:
      logger.removeHandler(collector)
    results.append({'imageType': image_type, 'settings': settings, 'warnings': collector.messages, 'outputs': outputs})
  return results


def synthetic(size, pixel_type, spacing, direction, seed, scale, offset):
  """A smooth blob plus noise, with negative values when offset < 0."""
  rng = np.random.RandomState(seed)
  k, j, i = np.meshgrid(*[np.arange(n, dtype=float) for n in size[::-1]], indexing='ij')
  centre = [(n - 1) / 2.0 for n in size]
  blob = np.exp(-((i - centre[0]) ** 2 / 4.0 + (j - centre[1]) ** 2 / 6.0 + (k - centre[2]) ** 2 / 3.0))
  values = scale * (blob + 0.3 * rng.rand(*blob.shape)) + offset
  dtype = PIXEL_TYPES[pixel_type][1]
  if np.dtype(dtype).kind in 'iu':
    values = np.round(values)
  image = sitk.GetImageFromArray(values.astype(dtype))
  image.SetSpacing(spacing)
  image.SetOrigin((12.5, -40.25, 7.0))
  image.SetDirection(direction)
  return image


def oblique_direction():
  a, b = np.deg2rad(20.0), np.deg2rad(-35.0)
  rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
  rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
  return tuple((rz @ rx).flatten())


SIMPLE = [('Square', {}), ('SquareRoot', {}), ('Logarithm', {}), ('Exponential', {})]
GRADIENT = [('Gradient', {}), ('Gradient', {'gradientUseSpacing': False})]
IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)

# name -> (image source, runs)
CASES = {
  'brain1_crop': (
    {'fixture': 'pyradiomics/data/brain1_image.nrrd', 'cropStart': [170, 100, 9], 'cropSize': [25, 22, 9]},
    [('Original', {}), ('LoG', {'sigma': [1.0, 3.0, 5.0]}), ('Wavelet', {}),
     ('Wavelet', {'force2D': True, 'force2Ddimension': 0})] + SIMPLE + GRADIENT,
  ),
  'brain1_seed_grid': (
    {'resampledFixture': {'image': 'pyradiomics/data/brain1_image.nrrd', 'mask': 'pyradiomics/data/brain1_label.nrrd',
                          'cropStart': [20, 30, 4], 'cropSize': [31, 28, 9]}},
    [('LoG', {'sigma': [1.0, 3.0, 5.0]}), ('Wavelet', {'force2D': True, 'force2Ddimension': 0}), ('Gradient', {})],
  ),
  'int16_odd_oblique': (
    {'synthetic': dict(size=(9, 8, 7), pixel_type=sitk.sitkInt16, spacing=(0.6, 0.9, 2.5),
                       direction=oblique_direction(), seed=1, scale=900.0, offset=-200.0)},
    [('Original', {}),
     ('LoG', {'sigma': [0.5, 1.0, 2.5, 0.0, 20.0, 1.5e-5]}),
     ('Wavelet', {}),
     ('Wavelet', {'force2D': True, 'force2Ddimension': 0}),
     ('Wavelet', {'force2D': True, 'force2Ddimension': 1}),
     ('Wavelet', {'force2D': True, 'force2Ddimension': 2}),
     ('Wavelet', {'start_level': 1, 'level': 2}),
     ('Wavelet', {'wavelet': 'haar'}),
     ('Wavelet', {'wavelet': 'sym4', 'force2D': True}),
     ('Wavelet', {'wavelet': 'bior2.4'}),
     ('Wavelet', {'wavelet': 'dmey', 'force2D': True})] + SIMPLE + GRADIENT,
  ),
  'float32_even': (
    {'synthetic': dict(size=(6, 5, 4), pixel_type=sitk.sitkFloat32, spacing=(1.0, 0.75, 3.0),
                       direction=IDENTITY, seed=2, scale=3.7, offset=-1.2)},
    [('Original', {}),
     ('LoG', {'sigma': [1.0, 2.0]}),
     ('Wavelet', {}),
     ('Wavelet', {'level': 3}),
     ('Wavelet', {'wavelet': 'db2', 'force2D': True}),
     ('Wavelet', {'wavelet': 'rbio3.3', 'start_level': 2})] + SIMPLE + GRADIENT,
  ),
  'float64_mixed': (
    {'synthetic': dict(size=(4, 10, 5), pixel_type=sitk.sitkFloat64, spacing=(2.0, 0.5, 1.25),
                       direction=IDENTITY, seed=3, scale=150.0, offset=20.0)},
    [('LoG', {'sigma': [0.75, 2.0]}), ('Wavelet', {}), ('Wavelet', {'wavelet': 'coif3', 'force2D': True})] + SIMPLE + GRADIENT,
  ),
  'uint8_thin': (
    {'synthetic': dict(size=(3, 8, 8), pixel_type=sitk.sitkUInt8, spacing=(1.0, 1.0, 1.0),
                       direction=IDENTITY, seed=4, scale=200.0, offset=0.0)},
    [('LoG', {'sigma': [1.0]}), ('Wavelet', {})] + SIMPLE + GRADIENT,
  ),
  'int32_single_slice': (
    {'synthetic': dict(size=(7, 6, 1), pixel_type=sitk.sitkInt32, spacing=(0.5, 0.5, 3.0),
                       direction=IDENTITY, seed=5, scale=1000.0, offset=-500.0)},
    [('LoG', {'sigma': [1.0]}), ('Wavelet', {}), ('Wavelet', {'force2D': True})] + SIMPLE + GRADIENT,
  ),
}


# sigma values whose Python str() names a LoG image (log-sigma-<str(sigma) with '.' -> '-'>-mm-3D)
SIGMA_NAME_VALUES = [1.0, 3.0, 0.5, 2.25, 1.5e-5, 0.0001, 0.00012, 12345.678, 1e16, 1.2345678901234567e17, 1e22,
                     0.1 + 0.2, 1 / 3.0, 5e-324, 1.7976931348623157e308, 123456789012345.6, 1234567890123456.7]


def main():
  os.makedirs(OUT_DIR, exist_ok=True)
  with open(os.path.join(OUT_DIR, 'python_float_str.json'), 'w') as f:
    json.dump({'generator': 'scripts/reference/filters_reference.py',
               'strings': [[value, str(value)] for value in SIGMA_NAME_VALUES]}, f, indent=1)
  for name, (source, runs) in CASES.items():
    blob = Blob()
    if 'fixture' in source:
      full = sitk.ReadImage(os.path.join(FIXTURES, source['fixture']))
      start, count = source['cropStart'], source['cropSize']
      image = full[start[0]:start[0] + count[0], start[1]:start[1] + count[1], start[2]:start[2] + count[2]]
      input_entry = {'source': source, 'voxelSum': float(sitk.GetArrayFromImage(image).astype(np.float64).sum())}
    elif 'resampledFixture' in source:
      # the seed configuration's grid: PyRadiomics resampleImage to 0.5 x 0.5 x 3 mm (B-spline, padDistance 5), then a
      # block of it; stored, as the engine's resampling is not what is tested here
      spec = source['resampledFixture']
      resampled, _ = imageoperations.resampleImage(
        sitk.ReadImage(os.path.join(FIXTURES, spec['image'])), sitk.ReadImage(os.path.join(FIXTURES, spec['mask'])),
        resampledPixelSpacing=[0.5, 0.5, 3.0], interpolator=sitk.sitkBSpline, padDistance=5, label=1)
      start, count = spec['cropStart'], spec['cropSize']
      image = resampled[start[0]:start[0] + count[0], start[1]:start[1] + count[1], start[2]:start[2] + count[2]]
      input_entry = {'source': 'synthetic', 'derivedFrom': spec, **blob.add(image)}
    else:
      image = synthetic(**source['synthetic'])
      input_entry = {'source': 'synthetic', **blob.add(image)}
    input_entry.update(pixelType=PIXEL_TYPES[image.GetPixelID()][0], **geometry(image))
    document = {
      'generator': 'scripts/reference/filters_reference.py',
      'versions': {'pyradiomics': radiomics.__version__, 'SimpleITK': sitk.Version.VersionString(),
                   'pywt': pywt.__version__, 'numpy': np.__version__},
      'input': input_entry,
      'runs': run_filters(image, runs, blob),
    }
    with open(os.path.join(OUT_DIR, name + '.json'), 'w') as f:
      json.dump(document, f, indent=1)
    with open(os.path.join(OUT_DIR, name + '.bin'), 'wb') as f:
      f.write(b''.join(blob.parts))
    print(name, image.GetSize(), len(document['runs']), 'runs', blob.length, 'bytes')


if __name__ == '__main__':
  main()
