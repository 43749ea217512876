"""PyRadiomics 3.0.1 results that test/cli/extract.test.ts compares `prnn extract` with.

Writes test/reference/cli/extract.json: breast1 with RadiomicsFeatureExtractor() defaults (what `prnn extract` does
without --param), brain1 with test/reference/cli/firstorder_bw10.yaml, and the image diagnostics PyRadiomics' general
info gives for the STS_025 MR T1 DICOM series as SimpleITK's ImageSeriesReader reads it (PyRadiomics itself cannot
read the RTSTRUCT, so only the image side of the DICOM path has a PyRadiomics reference).
Run: .venv/bin/python scripts/reference/cli_extract_reference.py
"""
import json
import os

import SimpleITK as sitk

import radiomics
from radiomics import featureextractor, generalinfo

from common import FIXTURES, PYRADIOMICS_DATA, ROOT, plain

radiomics.setVerbosity(40)


def run(case, params=None):
  extractor = featureextractor.RadiomicsFeatureExtractor(params) if params else featureextractor.RadiomicsFeatureExtractor()
  data = PYRADIOMICS_DATA
  result = extractor.execute(os.path.join(data, '%s_image.nrrd' % case), os.path.join(data, '%s_label.nrrd' % case))
  return {k: plain(v) for k, v in result.items()
          if not k.startswith('diagnostics_Versions') and not k.startswith('diagnostics_Configuration')}


out = {
  'generator': {'pyradiomics': radiomics.__version__, 'SimpleITK': sitk.Version().VersionString(),
                'script': 'scripts/reference/cli_extract_reference.py'},
  'breast1_default': run('breast1'),
  'brain1_firstorder_bw10': run('brain1', os.path.join(ROOT, 'test', 'reference', 'cli', 'firstorder_bw10.yaml')),
}
series_dir = os.path.join(FIXTURES, 'mr_rtstruct_sts025', 'dicom', 'STS_025', 'MR_T1', 'image')
reader = sitk.ImageSeriesReader()
reader.SetFileNames(reader.GetGDCMSeriesFileNames(series_dir))
info = generalinfo.GeneralInfo()
info.addImageElements(reader.Execute())
out['sts025_dicom_image'] = {k: plain(v) for k, v in info.getGeneralInfo().items() if k.startswith('diagnostics_Image-original')}

with open(os.path.join(ROOT, 'test', 'reference', 'cli', 'extract.json'), 'w') as f:
  json.dump(out, f, indent=1)
print({k: len(v) for k, v in out.items() if k != 'generator'})
