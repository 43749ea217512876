"""One PyRadiomics 3.0.1 voxel-map run for `npm run bench` (bench/voxel_run.ts): the maps named on the command line
(keys like original_glcm_Contrast) with execute(voxelBased=True); prints {seconds, maps, roiVoxels} as the last
stdout line, seconds being CPU seconds of this process (time.process_time), as on our side. Settings come as JSON
in argv[4] (the same object bench/voxel_settings.ts gives our engine).
Usage: python bench/voxel_pyradiomics_timed.py <image> <mask> <kernelRadius> <settings JSON> <feature key>...
"""
import json
import sys
import time

import numpy
import radiomics
import SimpleITK as sitk
from radiomics import featureextractor


def main():
  image_path, mask_path, radius, setting = sys.argv[1:5]
  keys = sys.argv[5:]
  classes = {}
  for key in keys:
    _, class_name, feature = key.split('_', 2)
    classes.setdefault(class_name, []).append(feature)
  radiomics.setVerbosity(40)
  params = {'setting': json.loads(setting), 'voxelSetting': {'kernelRadius': int(radius)}, 'imageType': {'Original': {}},
            'featureClass': classes}
  extractor = featureextractor.RadiomicsFeatureExtractor(params)
  image = sitk.ReadImage(image_path)
  mask = sitk.ReadImage(mask_path)
  start = time.process_time()
  result = extractor.execute(image, mask, voxelBased=True)
  seconds = time.process_time() - start
  maps = [k for k, v in result.items() if isinstance(v, sitk.Image)]
  roi_voxels = int(numpy.count_nonzero(sitk.GetArrayFromImage(mask) == 1))
  print(json.dumps({'seconds': seconds, 'maps': maps, 'roiVoxels': roi_voxels}))


if __name__ == '__main__':
  main()
