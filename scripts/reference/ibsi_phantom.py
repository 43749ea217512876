"""IBSI-1 digital phantom: PyRadiomics 3.0.1 beside the IBSI consensus reference values.

Run: .venv/bin/python scripts/reference/ibsi_phantom.py  -> test/reference/engine/ibsi_phantom.json
For each PyRadiomics feature with an IBSI counterpart: the IBSI tag, reference value and tolerance (from
../shared/fixtures/ibsi/ibsi_1_reference_values/ibsi_1_dig_phantom.csv) and PyRadiomics' value. Our engine's values are
added to docs/conformance.md by `npm run docs:conformance`, never written here.

Settings: the phantom is already discretised (grey levels 1..6), so binWidth 1 keeps its levels (PyRadiomics anchors
bins at 0); no resampling; PyRadiomics' 3D texture matrices averaged over directions correspond to IBSI's 3D "avg"
aggregation for GLCM/GLRLM and to the 3D variants of GLSZM/GLDM(NGLDM)/NGTDM.
"""
import csv
import json
import math
import os

import radiomics
from radiomics import featureextractor

radiomics.setVerbosity(40)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
IBSI = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'fixtures', 'ibsi'))
IMAGE = 'ibsi/ibsi_1_digital_phantom/nifti/image/phantom.nii.gz'
MASK = 'ibsi/ibsi_1_digital_phantom/nifti/mask/mask.nii.gz'

MAPPING = {
  'shape': {'MeshVolume': 'morph_volume', 'VoxelVolume': 'morph_vol_approx', 'SurfaceArea': 'morph_area_mesh',
            'SurfaceVolumeRatio': 'morph_av', 'Compactness1': 'morph_comp_1', 'Compactness2': 'morph_comp_2',
            'SphericalDisproportion': 'morph_sph_dispr', 'Sphericity': 'morph_sphericity',
            'Maximum3DDiameter': 'morph_diam', 'MajorAxisLength': 'morph_pca_maj_axis',
            'MinorAxisLength': 'morph_pca_min_axis', 'LeastAxisLength': 'morph_pca_least_axis',
            'Elongation': 'morph_pca_elongation', 'Flatness': 'morph_pca_flatness'},
  'firstorder': {'Mean': 'stat_mean', 'Variance': 'stat_var', 'Skewness': 'stat_skew', 'Kurtosis': 'stat_kurt',
                 'Median': 'stat_median', 'Minimum': 'stat_min', '10Percentile': 'stat_p10', '90Percentile': 'stat_p90',
                 'Maximum': 'stat_max', 'InterquartileRange': 'stat_iqr', 'Range': 'stat_range',
                 'MeanAbsoluteDeviation': 'stat_mad', 'RobustMeanAbsoluteDeviation': 'stat_rmad',
                 'Energy': 'stat_energy', 'RootMeanSquared': 'stat_rms', 'Entropy': 'ih_entropy',
                 'Uniformity': 'ih_uniformity'},
  'glcm': {'MaximumProbability': 'cm_joint_max_3D_avg', 'JointAverage': 'cm_joint_avg_3D_avg',
           'SumSquares': 'cm_joint_var_3D_avg', 'JointEntropy': 'cm_joint_entr_3D_avg',
           'DifferenceAverage': 'cm_diff_avg_3D_avg', 'DifferenceVariance': 'cm_diff_var_3D_avg',
           'DifferenceEntropy': 'cm_diff_entr_3D_avg', 'SumAverage': 'cm_sum_avg_3D_avg',
           'SumEntropy': 'cm_sum_entr_3D_avg', 'JointEnergy': 'cm_energy_3D_avg',
           'Contrast': 'cm_contrast_3D_avg', 'Id': 'cm_inv_diff_3D_avg',
           'Idn': 'cm_inv_diff_norm_3D_avg', 'Idm': 'cm_inv_diff_mom_3D_avg', 'Idmn': 'cm_inv_diff_mom_norm_3D_avg',
           'InverseVariance': 'cm_inv_var_3D_avg', 'Correlation': 'cm_corr_3D_avg',
           'Autocorrelation': 'cm_auto_corr_3D_avg', 'ClusterTendency': 'cm_clust_tend_3D_avg',
           'ClusterShade': 'cm_clust_shade_3D_avg', 'ClusterProminence': 'cm_clust_prom_3D_avg',
           'Imc1': 'cm_info_corr1_3D_avg', 'Imc2': 'cm_info_corr2_3D_avg'},
  'glrlm': {'ShortRunEmphasis': 'rlm_sre_3D_avg', 'LongRunEmphasis': 'rlm_lre_3D_avg',
            'LowGrayLevelRunEmphasis': 'rlm_lgre_3D_avg', 'HighGrayLevelRunEmphasis': 'rlm_hgre_3D_avg',
            'ShortRunLowGrayLevelEmphasis': 'rlm_srlge_3D_avg', 'ShortRunHighGrayLevelEmphasis': 'rlm_srhge_3D_avg',
            'LongRunLowGrayLevelEmphasis': 'rlm_lrlge_3D_avg', 'LongRunHighGrayLevelEmphasis': 'rlm_lrhge_3D_avg',
            'GrayLevelNonUniformity': 'rlm_glnu_3D_avg', 'GrayLevelNonUniformityNormalized': 'rlm_glnu_norm_3D_avg',
            'RunLengthNonUniformity': 'rlm_rlnu_3D_avg', 'RunLengthNonUniformityNormalized': 'rlm_rlnu_norm_3D_avg',
            'RunPercentage': 'rlm_r_perc_3D_avg', 'GrayLevelVariance': 'rlm_gl_var_3D_avg',
            'RunVariance': 'rlm_rl_var_3D_avg', 'RunEntropy': 'rlm_rl_entr_3D_avg'},
  'glszm': {'SmallAreaEmphasis': 'szm_sze_3D', 'LargeAreaEmphasis': 'szm_lze_3D',
            'LowGrayLevelZoneEmphasis': 'szm_lgze_3D', 'HighGrayLevelZoneEmphasis': 'szm_hgze_3D',
            'SmallAreaLowGrayLevelEmphasis': 'szm_szlge_3D', 'SmallAreaHighGrayLevelEmphasis': 'szm_szhge_3D',
            'LargeAreaLowGrayLevelEmphasis': 'szm_lzlge_3D', 'LargeAreaHighGrayLevelEmphasis': 'szm_lzhge_3D',
            'GrayLevelNonUniformity': 'szm_glnu_3D', 'GrayLevelNonUniformityNormalized': 'szm_glnu_norm_3D',
            'SizeZoneNonUniformity': 'szm_zsnu_3D', 'SizeZoneNonUniformityNormalized': 'szm_zsnu_norm_3D',
            'ZonePercentage': 'szm_z_perc_3D', 'GrayLevelVariance': 'szm_gl_var_3D', 'ZoneVariance': 'szm_zs_var_3D',
            'ZoneEntropy': 'szm_zs_entr_3D'},
  'gldm': {'SmallDependenceEmphasis': 'ngl_lde_3D', 'LargeDependenceEmphasis': 'ngl_hde_3D',
           'LowGrayLevelEmphasis': 'ngl_lgce_3D', 'HighGrayLevelEmphasis': 'ngl_hgce_3D',
           'SmallDependenceLowGrayLevelEmphasis': 'ngl_ldlge_3D', 'SmallDependenceHighGrayLevelEmphasis': 'ngl_ldhge_3D',
           'LargeDependenceLowGrayLevelEmphasis': 'ngl_hdlge_3D', 'LargeDependenceHighGrayLevelEmphasis': 'ngl_hdhge_3D',
           'GrayLevelNonUniformity': 'ngl_glnu_3D', 'DependenceNonUniformity': 'ngl_dcnu_3D',
           'DependenceNonUniformityNormalized': 'ngl_dcnu_norm_3D', 'GrayLevelVariance': 'ngl_gl_var_3D',
           'DependenceVariance': 'ngl_dc_var_3D', 'DependenceEntropy': 'ngl_dc_entr_3D'},
  'ngtdm': {'Coarseness': 'ngt_coarseness_3D', 'Contrast': 'ngt_contrast_3D', 'Busyness': 'ngt_busyness_3D',
            'Complexity': 'ngt_complexity_3D', 'Strength': 'ngt_strength_3D'},
}

PARAMS = {'setting': {'binWidth': 1, 'label': 1, 'minimumROIDimensions': 1},
          'imageType': {'Original': {}},
          'featureClass': {name: sorted(features) for name, features in MAPPING.items()}}


def main():
  references = {}
  with open(os.path.join(IBSI, 'ibsi_1_reference_values', 'ibsi_1_dig_phantom.csv')) as f:
    for row in csv.DictReader(f, delimiter=';'):
      if row['reference value']:
        references[row['tag']] = (float(row['reference value']), float(row['tolerance']))
  extractor = featureextractor.RadiomicsFeatureExtractor(PARAMS)
  result = extractor.execute(os.path.join(IBSI, '..', IMAGE), os.path.join(IBSI, '..', MASK))
  rows = []
  for class_name, features in MAPPING.items():
    for feature, tag in features.items():
      value = float(result['original_%s_%s' % (class_name, feature)])
      reference, tolerance = references[tag]
      rows.append({'feature': 'original_%s_%s' % (class_name, feature), 'ibsiTag': tag, 'ibsiValue': reference,
                   'ibsiTolerance': tolerance, 'pyradiomics': value if math.isfinite(value) else None})
  out = {'generator': {'pyradiomics': radiomics.__version__, 'script': 'scripts/reference/ibsi_phantom.py'},
         'image': IMAGE, 'mask': MASK, 'params': PARAMS, 'rows': rows}
  path = os.path.join(ROOT, 'test', 'reference', 'engine', 'ibsi_phantom.json')
  with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
  print('wrote %s (%d features)' % (path, len(rows)))


if __name__ == '__main__':
  main()
