"""Reference eigenvalues from numpy.linalg.eigvals (LAPACK dgeev), as PyRadiomics' GLCM MCC uses them.

Writes test/reference/texture/eigenvalues.json. Run with the project venv:
  .venv/bin/python scripts/reference/texture_eigenvalues.py
"""
import json
import os

import numpy

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'reference', 'texture', 'eigenvalues.json')

rng = numpy.random.default_rng(7)


def q_matrix(n, symmetric):
  """The MCC matrix Q of a random normalised co-occurrence matrix, exactly as glcm.py builds it."""
  p = rng.integers(0, 20, (n, n)).astype(float) * (rng.random((n, n)) < 0.6)
  if symmetric:
    p = p + p.T
  p /= p.sum()
  px = p.sum(1)
  py = p.sum(0)
  eps = numpy.spacing(1)
  return sum(numpy.outer(p[:, k], p[:, k]) / (px[:, None] * py[k] + eps) for k in range(n))


matrices = [
  ('1x1', numpy.array([[3.5]])),
  ('2x2 complex pair', numpy.array([[0.0, -1.0], [1.0, 0.0]])),
  ('2x2 real', numpy.array([[2.0, 1.0], [1.0, 3.0]])),
  ('zero 4x4', numpy.zeros((4, 4))),
  ('identity 5x5', numpy.eye(5)),
  ('upper triangular', numpy.triu(rng.normal(size=(6, 6)))),
  ('Jordan block', numpy.array([[2.0, 1.0, 0.0], [0.0, 2.0, 1.0], [0.0, 0.0, 2.0]])),
  ('companion of (x-1)(x-2)(x-3)(x-4)', numpy.array([[10.0, -35.0, 50.0, -24.0], [1, 0, 0, 0], [0, 1, 0, 0],
                                                      [0, 0, 1, 0]])),
  ('badly scaled', numpy.diag([1e-6, 1.0, 1e6]) @ rng.normal(size=(3, 3)) @ numpy.diag([1e6, 1.0, 1e-6])),
  ('rotation blocks', numpy.kron(numpy.eye(3), numpy.array([[0.5, -2.0], [2.0, 0.5]]))),
]
for n in [3, 5, 8, 13, 21]:
  matrices.append(('random %dx%d' % (n, n), rng.normal(size=(n, n))))
for n in [2, 4, 9, 17, 30]:
  matrices.append(('GLCM Q symmetric %d' % n, q_matrix(n, True)))
  matrices.append(('GLCM Q asymmetric %d' % n, q_matrix(n, False)))

cases = []
for name, m in matrices:
  w = numpy.linalg.eigvals(m)
  w = numpy.sort_complex(w.astype(complex))
  cases.append({'name': name, 'n': m.shape[0], 'matrix': m.ravel().tolist(), 're': w.real.tolist(),
                'im': w.imag.tolist()})

with open(OUT, 'w') as f:
  json.dump({'generator': 'scripts/reference/texture_eigenvalues.py', 'numpy': numpy.__version__, 'cases': cases}, f)
print('wrote', os.path.normpath(OUT), len(cases), 'matrices')
