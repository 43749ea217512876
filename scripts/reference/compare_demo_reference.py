"""Reference Dice, HD95 and volumes of the two readers' ROIs of the synthetic demo study (servers/samples), for the
panel's reader comparison (extension/src/compare/study.ts) and the viewer end-to-end test.

Run after generating the samples (npx tsx servers/samples/generate.ts; deterministic):
  .venv/bin/python scripts/reference/compare_demo_reference.py   -> test/reference/compare/demo_readers.json
Independent of our code: the DICOM objects are read by SimpleITK (GDCM), SEG segments resampled onto the T2 grid by
SimpleITK nearest neighbour through patient coordinates, the RTSTRUCT rasterised by plastimatch on the T2 series;
Dice and HD95 with scipy as in compare_reference.py (MedPy's definitions).

Cases, all on the T2 grid (the comparison's grid):
- segA_vs_segB: reader A's SEG (drawn on CE-T1) vs reader B's SEG (drawn on T2): what the demo shows.
- segA_vs_rtstruct: reader A's SEG vs the RTSTRUCT drawn on T2 (the same tumour model outlined as contours).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import SimpleITK as sitk

sys.path.insert(0, os.path.dirname(__file__))
from compare_reference import agreement  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DEMO = os.path.join(ROOT, '.cache', 'samples', 'demo')


def series(folder):
  reader = sitk.ImageSeriesReader()
  reader.SetFileNames(sorted(glob.glob(os.path.join(folder, '*.dcm'))))
  return reader.Execute()


def seg_on(path, reference):
  segment = sitk.ReadImage(path) != 0
  return sitk.GetArrayFromImage(sitk.Resample(segment, reference, sitk.Transform(), sitk.sitkNearestNeighbor, 0, sitk.sitkUInt8)).astype(bool)


def rtstruct_on(path, series_dir):
  with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(['plastimatch', 'convert', '--input', path, '--referenced-ct', series_dir, '--output-prefix', tmp],
                   check=True, capture_output=True)
    masks = glob.glob(os.path.join(tmp, '*.mha')) + glob.glob(os.path.join(tmp, '*.nrrd'))
    if len(masks) != 1:
      raise RuntimeError(f'expected one structure from plastimatch, got {masks}')
    return sitk.GetArrayFromImage(sitk.ReadImage(masks[0])).astype(bool)


def main():
  if not os.path.isdir(DEMO):
    raise SystemExit('no demo study: run `npx tsx servers/samples/generate.ts` first')
  t2 = series(os.path.join(DEMO, 't2'))
  spacing = list(t2.GetSpacing())
  seg_a = seg_on(os.path.join(DEMO, 'seg', 'tumour-seg.dcm'), t2)
  seg_b = seg_on(os.path.join(DEMO, 'seg-reader-b', 'tumour-seg.dcm'), t2)
  rt = rtstruct_on(os.path.join(DEMO, 'rtstruct', 'tumour-rtstruct.dcm'), os.path.join(DEMO, 't2'))
  voxel = float(np.prod(spacing))
  cases = {}
  for name, a, b in (('segA_vs_segB', seg_a, seg_b), ('segA_vs_rtstruct', seg_a, rt)):
    result = agreement(a, b, spacing)
    result['volumeAMm3'] = result['voxelsA'] * voxel
    result['volumeBMm3'] = result['voxelsB'] * voxel
    result['volumeDifferencePercent'] = 100 * (result['voxelsB'] - result['voxelsA']) / result['voxelsA']
    cases[name] = result
    print(name, result)
  out = {'generator': {'script': 'scripts/reference/compare_demo_reference.py', 'numpy': np.__version__,
                       'scipy': __import__('scipy').__version__, 'SimpleITK': sitk.Version_VersionString(),
                       'plastimatch': subprocess.run(['plastimatch', '--version'], capture_output=True, text=True).stdout.strip(),
                       'samples': open(os.path.join(DEMO, '..', 'GENERATOR')).read()},
         'grid': {'size': list(t2.GetSize()), 'spacing': spacing},
         'cases': cases}
  path = os.path.join(ROOT, 'test', 'reference', 'compare', 'demo_readers.json')
  with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
  print('wrote', path)


if __name__ == '__main__':
  main()
