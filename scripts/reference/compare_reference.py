"""Reference Dice and 95th-percentile Hausdorff distances for the reader comparison (extension/src/compare).

Run: .venv/bin/python scripts/reference/compare_reference.py  -> test/reference/compare/compare.json
Computed with scipy (never with our code), with MedPy's definitions written out here:
  Dice = 2 |A & B| / (|A| + |B|)
  surface(X) = X minus its binary erosion by the 6-connected cross (scipy.ndimage, border value 0)
  d(A->B) = distance_transform_edt(not surface(B), sampling=spacing) at the surface voxels of A (and B->A likewise)
  HD95 = numpy.percentile(concatenate(d(A->B), d(B->A)), 95)   (linear interpolation)
plastimatch's `dice --all` on the same masks (written as NRRD) is recorded beside it for comparison; its Hausdorff
figures use other definitions (documented in docs/sr.md), so only its Dice is compared.

Cases:
- sts001_t1_vs_t2: STS_001 GTV_Mass drawn on T1 (plastimatch-rasterised on T1, mapped to the T2 grid by SimpleITK
  nearest neighbour: test/reference/dicom/sts001.json `mappedT1MassOnT2`) vs GTV_Mass drawn on T2 (plastimatch on T2:
  `plastimatch.T2_on_T2.GTV_Mass`), both on the T2 series geometry.
- synthetic_anisotropic: two overlapping ellipsoids with a notch on a small grid with anisotropic spacing (seeded).
"""
import json
import os
import re
import subprocess
import tempfile

import numpy as np
import SimpleITK as sitk
from scipy import ndimage

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def expand(ref, size):
  flat = np.zeros(size[0] * size[1] * size[2], dtype=np.uint8)
  for start, length in ref['runs']:
    flat[start:start + length] = 1
  return flat.reshape(size[2], size[1], size[0])  # [k, j, i]


def runs(mask):
  flat = np.concatenate([[0], mask.reshape(-1).astype(np.int8), [0]])
  change = np.flatnonzero(np.diff(flat))
  return [[int(s), int(e - s)] for s, e in zip(change[::2], change[1::2])]


def surface(mask):
  structure = ndimage.generate_binary_structure(3, 1)
  return mask & ~ndimage.binary_erosion(mask, structure=structure, iterations=1, border_value=0)


def agreement(a, b, spacing):
  a = a.astype(bool)
  b = b.astype(bool)
  sampling = spacing[::-1]  # arrays are [k, j, i]
  sa, sb = surface(a), surface(b)
  to_b = ndimage.distance_transform_edt(~sb, sampling=sampling)[sa]
  to_a = ndimage.distance_transform_edt(~sa, sampling=sampling)[sb]
  distances = np.concatenate([to_b, to_a])
  return {'voxelsA': int(a.sum()), 'voxelsB': int(b.sum()), 'intersection': int((a & b).sum()),
          'dice': float(2 * (a & b).sum() / (a.sum() + b.sum())), 'hausdorff95Mm': float(np.percentile(distances, 95)),
          'surfaceDistanceCount': int(distances.size)}


def plastimatch_dice(a, b, geometry):
  with tempfile.TemporaryDirectory() as tmp:
    paths = []
    for name, mask in (('a', a), ('b', b)):
      image = sitk.GetImageFromArray(mask.astype(np.uint8))
      image.SetSpacing(geometry['spacing'])
      image.SetOrigin(geometry['origin'])
      image.SetDirection(geometry['direction'])
      path = os.path.join(tmp, name + '.nrrd')
      sitk.WriteImage(image, path)
      paths.append(path)
    out = subprocess.run(['plastimatch', 'dice', '--all'] + paths, capture_output=True, text=True, check=True).stdout
  values = {}
  for line in out.splitlines():
    match = re.match(r'^\s*([A-Za-z0-9 ()%.\-]+?)\s*[:=]\s*([-0-9.eE+]+)\s*$', line)
    if match:
      values[match.group(1).strip()] = float(match.group(2))
  return values, out


def case(name, a, b, geometry, description):
  result = {'description': description, 'geometry': geometry, 'maskA': {'runs': runs(a)}, 'maskB': {'runs': runs(b)},
            'scipy': agreement(a, b, geometry['spacing'])}
  values, raw = plastimatch_dice(a, b, geometry)
  result['plastimatch'] = {'values': values, 'output': raw}
  print(name, result['scipy'], {k: v for k, v in values.items() if 'DICE' in k.upper() or 'ausdorff' in k})
  return result


def synthetic():
  size = [41, 37, 23]
  spacing = [0.7, 0.9, 2.5]
  k, j, i = np.meshgrid(np.arange(size[2]), np.arange(size[1]), np.arange(size[0]), indexing='ij')
  x, y, z = i * spacing[0], j * spacing[1], k * spacing[2]
  a = ((x - 14) / 9) ** 2 + ((y - 16) / 11) ** 2 + ((z - 28) / 20) ** 2 <= 1
  b = ((x - 16.1) / 8) ** 2 + ((y - 15) / 12) ** 2 + ((z - 30) / 17) ** 2 <= 1
  b &= ~((x > 19) & (y > 18) & (z > 30))
  rng = np.random.default_rng(20261126)
  b ^= (rng.random(b.shape) < 0.02) & ndimage.binary_dilation(surface(b))
  geometry = {'size': size, 'spacing': spacing, 'origin': [-12.5, 30.25, 7.0], 'direction': [1, 0, 0, 0, 1, 0, 0, 0, 1]}
  return a.astype(np.uint8), b.astype(np.uint8), geometry


def main():
  sts = json.load(open(os.path.join(ROOT, 'test', 'reference', 'dicom', 'sts001.json')))
  t2 = sts['series']['T2']
  geometry = {key: t2[key] for key in ('size', 'spacing', 'origin', 'direction')}
  a = expand(sts['mappedT1MassOnT2'], t2['size'])
  b = expand(sts['plastimatch']['T2_on_T2']['GTV_Mass'], t2['size'])
  cases = {
    'sts001_t1_vs_t2': case('sts001_t1_vs_t2', a, b, geometry,
                            'STS_001 GTV_Mass: T1 RTSTRUCT (plastimatch on T1, SimpleITK nearest neighbour onto T2) vs '
                            'T2 RTSTRUCT (plastimatch on T2), T2 grid; masks as in test/reference/dicom/sts001.json'),
  }
  sa, sb, sgeometry = synthetic()
  cases['synthetic_anisotropic'] = case('synthetic_anisotropic', sa, sb, sgeometry,
                                        'two ellipsoids, one notched and with seeded boundary noise; spacing 0.7 x 0.9 x 2.5 mm')
  # The STS_001 masks are already committed in sts001.json: keep only the synthetic case's runs here.
  del cases['sts001_t1_vs_t2']['maskA'], cases['sts001_t1_vs_t2']['maskB']
  out = {'generator': {'script': 'scripts/reference/compare_reference.py', 'numpy': np.__version__,
                       'scipy': __import__('scipy').__version__,
                       'plastimatch': subprocess.run(['plastimatch', '--version'], capture_output=True, text=True).stdout.strip()},
         'cases': cases}
  path = os.path.join(ROOT, 'test', 'reference', 'compare', 'compare.json')
  with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
  print('wrote', path)


if __name__ == '__main__':
  main()
