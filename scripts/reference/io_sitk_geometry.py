"""Reference geometry and voxels of the shared fixture images as SimpleITK 2.5 reads them.

Writes test/reference/io/sitk_geometry.json, used by test/engine/pipeline/io.test.ts to check our NRRD/NIfTI readers.
Run: .venv/bin/python scripts/reference/io_sitk_geometry.py
"""
import hashlib
import json
import os

import numpy
import SimpleITK as sitk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(os.path.dirname(ROOT), 'shared', 'fixtures')
FILES = [
  'pyradiomics/data/brain1_image.nrrd',
  'pyradiomics/data/brain1_label.nrrd',
  'pyradiomics/data/brain2_image.nrrd',
  'pyradiomics/data/breast1_image.nrrd',
  'pyradiomics/data/breast1_label.nrrd',
  'pyradiomics/data/lung1_label.nrrd',
  'pyradiomics/data/prostate_phantom_subvolume.nrrd',
  'pyradiomics/data/prostate_phantom_subvolume-label.nrrd',
  'mr_rtstruct_sts025/nifti/STS_025/MR_T1_image.nii.gz',
  'mr_rtstruct_sts025/nifti/STS_025/MR_T1_mask.nii.gz',
  'ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz',
  'ibsi/ibsi_1_digital_phantom/nifti/mask/mask.nii.gz',
  'seg_dcmqi_tiny/data/segmentations/24x38x3/nrrd/label.nrrd',
]
PIXEL_TYPES = {
  sitk.sitkInt8: 'int8', sitk.sitkUInt8: 'uint8', sitk.sitkInt16: 'int16', sitk.sitkUInt16: 'uint16',
  sitk.sitkInt32: 'int32', sitk.sitkUInt32: 'uint32', sitk.sitkFloat32: 'float32', sitk.sitkFloat64: 'float64',
}

out = {'simpleitk': sitk.Version().VersionString(), 'files': {}}
for rel in FILES:
  path = os.path.join(FIXTURES, rel)
  if not os.path.exists(path):
    continue
  image = sitk.ReadImage(path)
  arr = sitk.GetArrayFromImage(image)  # z, y, x
  flat = arr.reshape(-1)  # i fastest, as our Volume.data
  rng = numpy.random.default_rng(7)
  samples = sorted(set(rng.integers(0, flat.size, 40).tolist() + [0, flat.size - 1, int(numpy.argmax(flat))]))
  out['files'][rel] = {
    'size': list(image.GetSize()),
    'spacing': list(image.GetSpacing()),
    'origin': list(image.GetOrigin()),
    'direction': list(image.GetDirection()),
    'pixelType': PIXEL_TYPES[image.GetPixelID()],
    'sum': float(flat.astype('float64').sum()),
    'sha1': hashlib.sha1(numpy.ascontiguousarray(flat).tobytes()).hexdigest(),
    'sitkHash': sitk.Hash(image),
    'samples': [[int(n), float(flat[n])] for n in samples],
  }

with open(os.path.join(ROOT, 'test', 'reference', 'io', 'sitk_geometry.json'), 'w') as f:
  json.dump(out, f, indent=1)
print('wrote', len(out['files']), 'files')
