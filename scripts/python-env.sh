#!/usr/bin/env bash
# Creates .venv with PyRadiomics 3.0.1 and scikit-learn: only for regenerating reference data and for
# `npm run bench` (side-by-side timing). CI and the product never need Python.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv"
if ! "$venv/bin/python" -c 'import radiomics, sklearn, yaml' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "numpy<2" versioneer setuptools wheel scipy "scikit-learn==1.5.2" joblib pyyaml
  # pyradiomics 3.1.0 on PyPI is broken; 3.0.1 builds its C extension against the numpy installed above.
  "$venv/bin/pip" install -q --no-build-isolation pyradiomics==3.0.1
fi
echo "$venv/bin/python"
