"""PyRadiomics 3.0.1's LoG image names for sigmas written as ints and as floats: str(sigma) names the image, so a
YAML `sigma: [1, 3]` gives log-sigma-1-mm-3D and `[1.0, 3.0]` log-sigma-1-0-mm-3D; the same through a Python dict.

Writes test/reference/pipeline/log_sigma_names.json: per case the parameters (YAML text, or the dict with each sigma's
Python type) and the features PyRadiomics returns on breast1 (firstorder Mean of each LoG image).
Run: .venv/bin/python scripts/reference/log_sigma_names.py
"""
import json
import os
import tempfile

import radiomics
from radiomics import featureextractor

from common import ROOT, fixture, plain

radiomics.setVerbosity(40)
FEATURES = "featureClass:\n  firstorder: [Mean]\n"
YAML_CASES = {
  'yaml_int': "imageType:\n  LoG:\n    sigma: [1, 3]\n" + FEATURES,
  'yaml_float': "imageType:\n  LoG:\n    sigma: [1.0, 3.0]\n" + FEATURES,
  'yaml_mixed': "imageType:\n  LoG:\n    sigma: [1, 2.5, 3.0]\n" + FEATURES,
}
DICT_SIGMAS = {'dict_int': [1, 3], 'dict_float': [1.0, 3.0], 'dict_mixed': [1, 2.5, 3.0]}


def features(params):
  extractor = featureextractor.RadiomicsFeatureExtractor(params)
  result = extractor.execute(fixture('pyradiomics', 'data', 'breast1_image.nrrd'),
                             fixture('pyradiomics', 'data', 'breast1_label.nrrd'))
  return {k: plain(v) for k, v in result.items() if not k.startswith('diagnostics_')}


def main():
  out = {'generator': {'pyradiomics': radiomics.__version__, 'script': 'scripts/reference/log_sigma_names.py'}}
  with tempfile.TemporaryDirectory() as work:
    for name, text in YAML_CASES.items():
      path = os.path.join(work, '%s.yaml' % name)
      with open(path, 'w') as f:
        f.write(text)
      out[name] = {'yaml': text, 'features': features(path)}
  for name, sigmas in DICT_SIGMAS.items():
    params = {'imageType': {'LoG': {'sigma': sigmas}}, 'featureClass': {'firstorder': ['Mean']}}
    written = [{'value': s, 'pythonType': type(s).__name__} for s in sigmas]
    out[name] = {'sigma': written, 'features': features(params)}
  with open(os.path.join(ROOT, 'test', 'reference', 'pipeline', 'log_sigma_names.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
  print({k: sorted(v['features']) for k, v in out.items() if k != 'generator'})


main()
