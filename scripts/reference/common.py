"""What the reference scripts share: where the repository and the shared fixtures are, JSON-safe PyRadiomics values,
an image's geometry. Import it from a script of this folder (`from common import ...`): Python puts the script's own
folder on its path.
"""
import math
import os
import sys

import numpy

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FIXTURES = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'fixtures'))
PYRADIOMICS_DATA = os.path.join(FIXTURES, 'pyradiomics', 'data')


def fixture(*parts):
  """Path of a shared fixture; stops the script with a message when it is missing."""
  path = os.path.join(FIXTURES, *parts)
  if not os.path.exists(path):
    sys.exit('missing fixture %s (expected ../shared/fixtures beside the repository)' % path)
  return path


def plain(value):
  """JSON-safe copy of a PyRadiomics result value; NaN and infinities become null."""
  if isinstance(value, (numpy.ndarray, numpy.generic)):
    value = value.tolist()
  if isinstance(value, float):
    return value if math.isfinite(value) else None
  if isinstance(value, (list, tuple)):
    return [plain(v) for v in value]
  if isinstance(value, dict):
    return {str(k): plain(v) for k, v in value.items()}
  return value


def geometry(image):
  """A SimpleITK image's grid as lists: size, spacing, origin, direction."""
  return {
    'size': list(image.GetSize()),
    'spacing': list(image.GetSpacing()),
    'origin': list(image.GetOrigin()),
    'direction': list(image.GetDirection()),
  }
