/**
 * Second reader: two ROIs on one grid -> Dice, HD95 (symmetric, surface-based, mm), volumes, per-feature relative
 * differences, probability difference and risk-group change (definitions in docs/sr.md). Pure; no DOM or Node.
 *
 *   compareReaders(a: ReaderResult, b: ReaderResult): ReaderComparison   (pass it to buildPrnnSr as `comparison`)
 *   compareMasks(maskA, maskB): MaskAgreement
 *   compareReadersOnStudy({ images, compareOn, readers: [a, b], params, card }): StudyComparison   (the panel's Compare readers)
 *   compareWithStored(storedPrnnResult, { features: { T1: result, ... }, probability }): RecomputeCheck  (Recompute)
 */
export { compareMasks, surfaceDistancesMm, percentile, type MaskAgreement } from './masks';
export { compareReaders, relativeFeatureDifferences, relativeDifference, type ReaderComparison, type ReaderResult } from './readers';
export { compareWithStored, type RecomputeCheck } from './recompute';
export { compareReadersOnStudy, readerMask, type ReaderRoi, type ReaderPrediction, type StudyComparison, type StudyComparisonInput, type SignatureFeatureDifference } from './study';
