"""A NIfTI file written by SimpleITK 2.5 (ITK's NiftiImageIO) for test/engine/pipeline/io.test.ts to compare our
writer's header with: an oblique, left-handed int16 grid (the volume the test builds with the same numbers).
Writes test/reference/io/sitk_written_oblique.nii.
Run: .venv/bin/python scripts/reference/io_sitk_nifti_writer.py
"""
import math
import os

import numpy
import SimpleITK as sitk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
c, s = math.cos(0.3), math.sin(0.3)
data = (numpy.arange(4 * 3 * 2) * 7 - 40).astype('int16').reshape((2, 3, 4))
image = sitk.GetImageFromArray(data)
image.SetSpacing((0.5, 0.75, 3.0))
image.SetOrigin((10.25, -20.5, 33.0))
image.SetDirection((c, -s, 0.0, s, c, 0.0, 0.0, 0.0, -1.0))
sitk.WriteImage(image, os.path.join(ROOT, 'test', 'reference', 'io', 'sitk_written_oblique.nii'))
