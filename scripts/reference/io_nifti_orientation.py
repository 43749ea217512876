"""Hand-made NIfTI-1 headers that exercise ITK's sform/qform choice, scl_slope/scl_inter and byte order, and how
SimpleITK 2.5 reads each, for test/engine/pipeline/io.test.ts.
Writes test/reference/io/nifti_cases/<name>.nii.gz and test/reference/io/nifti_cases.json.
Run: .venv/bin/python scripts/reference/io_nifti_orientation.py
"""
import gzip
import json
import math
import os
import struct

import numpy
import SimpleITK as sitk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'reference', 'io', 'nifti_cases')
os.makedirs(OUT, exist_ok=True)
SIZE = (4, 3, 2)
SPACING = (0.5, 0.75, 3.0)


def rotation_z(angle):
  return numpy.array([[math.cos(angle), -math.sin(angle), 0.0], [math.sin(angle), math.cos(angle), 0.0], [0.0, 0.0, 1.0]])


def header(endian, qform_code, sform_code, q_angle, q_offset, s_rotation, s_offset, slope=1.0, inter=0.0, qfac=1.0):
  h = bytearray(348)
  struct.pack_into(endian + 'i', h, 0, 348)
  struct.pack_into(endian + '8h', h, 40, 3, SIZE[0], SIZE[1], SIZE[2], 1, 1, 1, 1)
  struct.pack_into(endian + 'hh', h, 70, 4, 16)
  struct.pack_into(endian + '8f', h, 76, qfac, SPACING[0], SPACING[1], SPACING[2], 0, 0, 0, 0)
  struct.pack_into(endian + 'fff', h, 108, 352.0, slope, inter)
  h[123] = 2 | 8
  struct.pack_into(endian + 'hh', h, 252, qform_code, sform_code)
  struct.pack_into(endian + '6f', h, 256, 0.0, 0.0, math.sin(q_angle / 2), *q_offset)
  sform = numpy.hstack([s_rotation * numpy.array(SPACING), numpy.array(s_offset)[:, None]])
  for row in range(3):
    struct.pack_into(endian + '4f', h, 280 + 16 * row, *sform[row])
  h[344:348] = b'n+1\x00'
  return bytes(h)


CASES = {
  # Both transforms known and different: ITK keeps the qform unless the sform is SCANNER_ANAT.
  'qform1_sform2_differ': dict(endian='<', qform_code=1, sform_code=2, q_angle=0.3, q_offset=(-10.25, 20.5, 33.0),
                               s_rotation=rotation_z(-0.5), s_offset=(5.0, 6.0, 7.0)),
  'qform2_sform1_differ': dict(endian='<', qform_code=2, sform_code=1, q_angle=0.3, q_offset=(-10.25, 20.5, 33.0),
                               s_rotation=rotation_z(-0.5), s_offset=(5.0, 6.0, 7.0)),
  'qform0_sform4': dict(endian='<', qform_code=0, sform_code=4, q_angle=0.0, q_offset=(0, 0, 0),
                        s_rotation=rotation_z(0.7), s_offset=(1.5, -2.5, 3.5)),
  'qform1_sform0_left_handed': dict(endian='<', qform_code=1, sform_code=0, q_angle=-0.2, q_offset=(3.0, 4.0, -5.0),
                                    s_rotation=numpy.zeros((3, 3)), s_offset=(0, 0, 0), qfac=-1.0),
  'sform_skewed_falls_back_to_qform': dict(endian='<', qform_code=1, sform_code=1, q_angle=0.3, q_offset=(1.0, 2.0, 3.0),
                                           s_rotation=numpy.array([[1.0, 0.4, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
                                           s_offset=(9.0, 9.0, 9.0)),
  'big_endian_scaled': dict(endian='>', qform_code=1, sform_code=1, q_angle=0.3, q_offset=(-10.25, 20.5, 33.0),
                            s_rotation=rotation_z(0.3), s_offset=(-10.25, 20.5, 33.0), slope=2.5, inter=-7.0),
}

out = {'simpleitk': sitk.Version().VersionString(), 'cases': {}}
for name, spec in CASES.items():
  endian = spec['endian']
  voxels = (numpy.arange(24) * 7 - 40).astype(endian + 'i2').tobytes()
  path = os.path.join(OUT, name + '.nii.gz')
  with gzip.GzipFile(path, 'wb', mtime=0) as f:
    f.write(header(**spec) + b'\x00' * 4 + voxels)
  image = sitk.ReadImage(path)
  out['cases'][name] = {
    'size': list(image.GetSize()), 'spacing': list(image.GetSpacing()), 'origin': list(image.GetOrigin()),
    'direction': list(image.GetDirection()), 'pixelType': image.GetPixelIDTypeAsString(),
    'voxels': sitk.GetArrayFromImage(image).reshape(-1).astype(float).tolist(),
  }
with open(os.path.join(ROOT, 'test', 'reference', 'io', 'nifti_cases.json'), 'w') as f:
  json.dump(out, f, indent=1)
for name, case in out['cases'].items():
  print(name, case['pixelType'], [round(v, 4) for v in case['origin']], [round(v, 3) for v in case['direction']])
