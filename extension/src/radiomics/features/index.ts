import type { FeatureClass } from './featureClass';
import { firstorder } from './firstorder';
import { glcm } from './glcm';
import { shape } from './shape';
import { shape2D } from './shape2D';

/** The classes PyRadiomics 3.0.1 has, in the order it enumerates them (radiomics.getFeatureClasses(): sorted modules). */
export const PYRADIOMICS_FEATURE_CLASSES = ['firstorder', 'glcm', 'gldm', 'glrlm', 'glszm', 'ngtdm', 'shape', 'shape2D'] as const;

const IMPLEMENTED: readonly FeatureClass[] = [firstorder, glcm, shape, shape2D];

/** Implemented feature classes by PyRadiomics name, in PyRadiomics' order (the output key order when all are enabled). */
export const FEATURE_CLASSES: ReadonlyMap<string, FeatureClass> = new Map(
  PYRADIOMICS_FEATURE_CLASSES.flatMap((name) => {
    const featureClass = IMPLEMENTED.find((c) => c.name === name);
    return featureClass ? [[name, featureClass] as const] : [];
  }),
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
