"""PyRadiomics 3.0.1 side of `npm run bench`: one extraction, timed per stage, on one thread.

Usage: python bench/pyradiomics_timed.py <image> <mask> <params.yaml>
Prints one JSON object: {"total": s, "warmTotal": s, "stages": {name: s}, "peakRssMB": MB, "features": n}; warmTotal
is the best of two more extractions in the same process, the counterpart of ours.
Stages are measured by wrapping PyRadiomics' own functions, so the extraction itself is unchanged. Times are CPU
seconds of this process (time.process_time), as on our side.
"""
import json
import resource
import sys
import time

import radiomics
from radiomics import featureextractor, imageoperations

radiomics.setVerbosity(40)
stages = {}


def add(stage, seconds):
  stages[stage] = stages.get(stage, 0.0) + seconds


def timed(stage, function):
  def wrapper(*args, **kwargs):
    start = time.process_time()
    try:
      return function(*args, **kwargs)
    finally:
      add(stage, time.process_time() - start)
  return wrapper


def timed_generator(stage, function):
  def wrapper(*args, **kwargs):
    iterator = function(*args, **kwargs)
    while True:
      start = time.process_time()
      try:
        item = next(iterator)
      except StopIteration:
        add(stage, time.process_time() - start)
        return
      add(stage, time.process_time() - start)
      yield item
  return wrapper


imageoperations.resampleImage = timed('resample', imageoperations.resampleImage)
for name in ('Original', 'LoG', 'Wavelet', 'Square', 'SquareRoot', 'Logarithm', 'Exponential', 'Gradient'):
  attribute = 'get%sImage' % name
  setattr(imageoperations, attribute, timed_generator('filter %s' % name, getattr(imageoperations, attribute)))
extractor_class = featureextractor.RadiomicsFeatureExtractor
extractor_class.computeShape = timed('features shape', extractor_class.computeShape)
extractor_class.computeFeatures = timed('features texture+firstorder', extractor_class.computeFeatures)


def main():
  image, mask, params = sys.argv[1:4]
  extractor = featureextractor.RadiomicsFeatureExtractor(params)
  start = time.process_time()
  result = extractor.execute(image, mask)
  total = time.process_time() - start
  first_stages = dict(stages)
  warm_totals = []
  for _ in range(2):
    start = time.process_time()
    extractor.execute(image, mask)
    warm_totals.append(time.process_time() - start)
  features = sum(1 for key in result if not key.startswith('diagnostics_'))
  print(json.dumps({'total': total, 'warmTotal': min(warm_totals), 'stages': first_stages, 'features': features,
                    'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))


if __name__ == '__main__':
  main()
