import type { FeatureClass } from './featureClass';
import { firstorder } from './firstorder';
import { glcm } from './glcm';
import { gldm } from './gldm';
import { glrlm } from './glrlm';
import { glszm } from './glszm';
import { ngtdm } from './ngtdm';
import { shape } from './shape';
import { shape2D } from './shape2D';

/**
 * Feature classes by PyRadiomics name, in the order PyRadiomics enumerates them (radiomics.getFeatureClasses():
 * modules sorted by name), which is the order of the output keys when every class is enabled.
 */
export const FEATURE_CLASSES: ReadonlyMap<string, FeatureClass> = new Map(
  [firstorder, glcm, gldm, glrlm, glszm, ngtdm, shape, shape2D].map((featureClass) => [featureClass.name, featureClass]),
);

/**
 * Features enabled when a class is listed without names: its non-deprecated features in PyRadiomics' order, i.e.
 * sorted by the name of their get<Name>FeatureValue method (inspect.getmembers sorts by name, so
 * 'MeanAbsoluteDeviation' precedes 'Mean').
 */
export function defaultFeatureOrder(featureClass: FeatureClass): string[] {
  const method = (name: string) => `${name}FeatureValue`;
  return [...featureClass.defaultFeatures].sort((a, b) => (method(a) < method(b) ? -1 : method(a) > method(b) ? 1 : 0));
}
