"""IBSI feature codes for the PyRadiomics features that have an IBSI counterpart, for the DICOM SR writer.

Run: .venv/bin/python scripts/reference/sr_ibsi_codes.py  -> extension/src/dicom/sr/ibsiCodes.json
The PyRadiomics name -> IBSI tag pairs are those of scripts/reference/ibsi_phantom.py (MAPPING). IBSI publishes its
4-character feature codes (e.g. RNU0) in ibsi1_reference_values_with_consensus.csv, keyed by feature name and
aggregation, and its tags (e.g. morph_volume) in ibsi_1_dig_phantom.csv; both list the digital phantom's reference
value and tolerance. A tag is joined to a code by those two numbers and the aggregation its suffix names; a tag with no
match, or with matches of different codes, stops the script.
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from ibsi_phantom import IBSI, MAPPING, ROOT  # noqa: E402

FAMILY = {'morph': 'Morphological features', 'stat': 'Intensity-based statistical features',
          'ih': 'Intensity histogram features', 'cm': 'Grey level co-occurrence based features',
          'rlm': 'Grey level run length based features', 'szm': 'Grey level size zone based features',
          'ngl': 'Neighbouring grey level dependence based features',
          'ngt': 'Neighbourhood grey tone difference based features'}
AGGREGATION = {'_2D_avg': '2D, averaged', '_2D_comb': '2D, slice-merged', '_2_5D_avg': '2.5D, direction-merged',
               '_2_5D_comb': '2.5D, merged', '_3D_avg': '3D, averaged', '_3D_comb': '3D, merged', '_2D': '2D',
               '_2_5D': '2.5D', '_3D': '3D'}


def split_tag(tag):
  """morph_volume -> (morph_volume, ''); cm_joint_max_3D_avg -> (cm_joint_max, '3D, averaged')."""
  for suffix in sorted(AGGREGATION, key=len, reverse=True):
    if tag.endswith(suffix):
      return tag[:-len(suffix)], AGGREGATION[suffix]
  return tag, ''


def main():
  # Feature stem -> {aggregation: (value, tolerance)}, stems in file order.
  stems = {}
  with open(os.path.join(IBSI, 'ibsi_1_reference_values', 'ibsi_1_dig_phantom.csv')) as f:
    for row in csv.DictReader(f, delimiter=';'):
      if row['reference value'] not in ('', 'NA'):
        stem, aggregation = split_tag(row['tag'])
        stems.setdefault(stem, {})[aggregation] = (float(row['reference value']), float(row['tolerance']))
  # (family, IBSI feature name) -> (code, family, {aggregation: (value, tolerance)}), in file order. Keyed by name,
  # not code: the file gives the 10th discretised intensity percentile the code of the minimum (1PR8).
  coded = {}
  with open(os.path.join(IBSI, 'ibsi_doc', 'ibsi1_reference_values_with_consensus.csv')) as f:
    for row in csv.DictReader(f):
      if row['data'] == 'dig. phantom' and row['value'] not in ('', 'NA'):
        entry = coded.setdefault((row['family'], row['feature']), (row['ibsi_code'], row['family'], {}))
        entry[2][row['aggregation']] = (float(row['value']), float(row['tolerance']))
  # Pair each tag with the first not yet paired IBSI feature of its family that has the same reference values and
  # tolerances for every aggregation. Where several features share those numbers (minimum, 10th percentile and median
  # of the phantom are all 1), both files list them in the same order, so the first free one is the right one.
  stem_of_code = {}
  for prefix, family in FAMILY.items():
    free = [name for name, (_, fam, _) in coded.items() if fam == family]
    for stem in (stem for stem in stems if stem.split('_')[0] == prefix):
      match = next((name for name in free if coded[name][2] == stems[stem]), None)
      if match is None:
        raise SystemExit('%s: no IBSI feature of %s has its reference values' % (stem, family))
      free.remove(match)
      stem_of_code[stem] = match
  codes = {}
  for class_name, features in MAPPING.items():
    for feature, tag in features.items():
      key = stem_of_code[split_tag(tag)[0]]
      code, family, _ = coded[key]
      name = key[1]
      if not code:
        # IBSI's file leaves some codes blank (small zone emphasis); those features get the private scheme's code.
        continue
      codes['%s_%s' % (class_name, feature)] = {'code': code, 'meaning': name.replace('\\ :sup:`th`', 'th'),
                                                'family': family, 'ibsiTag': tag}
  out = {'generator': 'scripts/reference/sr_ibsi_codes.py',
         'source': 'IBSI 1 reference values (ibsi1_reference_values_with_consensus.csv, ibsi_1_dig_phantom.csv)',
         'codes': codes}
  path = os.path.join(ROOT, 'extension', 'src', 'dicom', 'sr', 'ibsiCodes.json')
  with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
  print('wrote %s (%d features)' % (path, len(codes)))


if __name__ == '__main__':
  main()
