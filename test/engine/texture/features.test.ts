import type { FeatureClass } from '../../../extension/src/radiomics/features/featureClass';
import { glcm } from '../../../extension/src/radiomics/features/glcm';
import { gldm } from '../../../extension/src/radiomics/features/gldm';
import { glrlm } from '../../../extension/src/radiomics/features/glrlm';
import { glszm } from '../../../extension/src/radiomics/features/glszm';
import { ngtdm } from '../../../extension/src/radiomics/features/ngtdm';
import { deviation, FEATURES, inputOf, RELATIVE_TOLERANCE } from './reference';

const CLASSES: FeatureClass[] = [glcm, glrlm, glszm, gldm, ngtdm];

const scenarios = Object.keys(FEATURES.features).flatMap((caseName) =>
  Object.keys(FEATURES.variations).flatMap((variation) =>
    CLASSES.map((featureClass) => [`${caseName} ${variation} ${featureClass.name}`, caseName, variation, featureClass] as const),
  ),
);

describe('texture features vs PyRadiomics 3.0.1 (scripts/reference/texture_features.py)', () => {
  it.each(scenarios)('%s', (_name, caseName, variation, featureClass) => {
    const expected = FEATURES.features[caseName][variation][featureClass.name];
    const enabled = [...featureClass.defaultFeatures, ...featureClass.deprecatedFeatures];
    const actual = featureClass.compute(inputOf(caseName, FEATURES.variations[variation]), enabled);
    // Deprecated features yield no value in PyRadiomics 3.0.1: the key sets must be equal.
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    const failures = Object.entries(expected)
      .map(([name, value]) => ({ name, expected: value, actual: actual[name], deviation: deviation(actual[name], value) }))
      .filter((f) => !(f.deviation <= RELATIVE_TOLERANCE));
    expect(failures).toEqual([]);
  });
});
