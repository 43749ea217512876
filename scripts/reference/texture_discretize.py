"""Reference bin edges and discretised values from PyRadiomics 3.0.1 (imageoperations.getBinEdges / binImage).

Writes test/reference/texture/discretize.json. Run with the project venv:
  .venv/bin/python scripts/reference/texture_discretize.py
"""
import json
import os

import numpy
from radiomics import imageoperations

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'reference', 'texture', 'discretize.json')

rng = numpy.random.default_rng(20261126)

cases = [
  ('positive integers, default binWidth', numpy.array([54, 60, 75, 100, 124, 125, 166], dtype=float), {}),
  ('negative values, binWidth 25', numpy.array([-101, -100, -75.5, -50, -0.1, 0, 3, 49.99], dtype=float),
   {'binWidth': 25}),
  ('negative minimum on an edge', numpy.array([-75, -20, 10], dtype=float), {'binWidth': 25}),
  ('flat region on a multiple of binWidth', numpy.array([50, 50, 50], dtype=float), {'binWidth': 25}),
  ('flat region off a multiple', numpy.array([-3.3, -3.3], dtype=float), {'binWidth': 25}),
  ('flat region, binCount', numpy.array([7.25, 7.25, 7.25], dtype=float), {'binCount': 16}),
  ('binCount 32 on spread values', rng.normal(300, 80, 200), {'binCount': 32}),
  ('binCount 5 with negatives', numpy.array([-10.0, -3.5, 0, 1.0 / 3, 2.5, 20]), {'binCount': 5}),
  ('binCount 1', numpy.array([1.0, 2.0, 3.0]), {'binCount': 1}),
  ('binWidth 0.1 with values on decimal edges', numpy.array([0.1 * k for k in range(-7, 31)]), {'binWidth': 0.1}),
  ('binWidth 0.3 float noise', numpy.array([0.3 * k + d for k in range(-5, 20) for d in (0.0, 1e-16, -1e-16)]),
   {'binWidth': 0.3}),
  ('binWidth 0.05, values from arange', numpy.arange(-1.2, 3.7, 0.05), {'binWidth': 0.05}),
  ('binWidth 7, large offset', rng.uniform(1e6, 1e6 + 700, 150), {'binWidth': 7}),
  ('binWidth 2.5, small float image', rng.normal(0, 12, 300), {'binWidth': 2.5}),
  ('binCount 64 on values with ties at the maximum', numpy.array([0.0, 1.1, 2.2, 3.3, 3.3, 3.3]), {'binCount': 64}),
  # float32 arrays (LoG and gradient images are float32 in PyRadiomics): numpy.histogram works in float32.
  ('float32, binCount 32', rng.normal(-20, 55, 300).astype(numpy.float32), {'binCount': 32}),
  ('float32, binCount 7 on a narrow range', (1000 + rng.random(200) * 1e-3).astype(numpy.float32), {'binCount': 7}),
  ('float32, flat region, binCount', numpy.full(5, 7.3, dtype=numpy.float32), {'binCount': 16}),
  ('float32 values on linspace edges, binCount 10', numpy.linspace(-1.3, 2.9, 41).astype(numpy.float32),
   {'binCount': 10}),
  ('float32, binWidth 0.1', numpy.array([0.1 * k for k in range(-7, 31)], dtype=numpy.float32), {'binWidth': 0.1}),
  ('float32, binWidth 25', rng.normal(0, 300, 200).astype(numpy.float32), {'binWidth': 25}),
]

out = []
for name, values, settings in cases:
  values = numpy.asarray(values)
  if values.dtype != numpy.float32:
    values = values.astype(numpy.float64)
  edges = numpy.asarray(imageoperations.getBinEdges(values, **settings), dtype=numpy.float64)
  # binImage on a 1D "image" with every other voxel outside the mask: outside voxels must stay 0.
  image = numpy.repeat(values, 2)
  mask = numpy.zeros(image.shape, dtype=bool)
  mask[::2] = True
  binned, _ = imageoperations.binImage(image, mask, **settings)
  out.append({
    'name': name,
    'settings': settings,
    'pixelType': 'float32' if values.dtype == numpy.float32 else 'float64',
    'values': values.tolist(),
    'binEdges': edges.tolist(),
    'image': image.tolist(),
    'mask': mask.astype(int).tolist(),
    'binned': binned.astype(int).tolist(),
  })

with open(OUT, 'w') as f:
  json.dump({'generator': 'scripts/reference/texture_discretize.py', 'pyradiomics': '3.0.1',
             'numpy': numpy.__version__, 'cases': out}, f)
print('wrote', os.path.normpath(OUT), len(out), 'cases')
