/**
 * DICOM SR for PRNN results (docs/sr.md): a Comprehensive 3D SR following TID 1500 with per-sequence TID 1411 groups,
 * the signature and an optional reader comparison; and the reader that gives the stored result back.
 *
 *   buildPrnnSr(input): DicomDataset      naturalized data set (for STOW as JSON or for toPart10)
 *   writePrnnSr(input): Uint8Array        DICOM Part 10 bytes
 *   readPrnnSr(dataset): StoredPrnnResult who, when, which card, probability, risk group, features, comparison
 *   isPrnnSr(dataset): boolean            to pick PRNN reports out of a study's SR instances
 *   sourceSeriesOf(instances), roiReferenceOf(roiDataset, choice)   the references an input needs
 */
export { buildPrnnSr, writePrnnSr, toPart10, newUid, COMPREHENSIVE_3D_SR } from './write';
export type { PrnnSrInput, SequenceMeasurements, SourceSeries, RoiReference, SignatureResult, ComparisonForSr } from './write';
export { readPrnnSr, isPrnnSr } from './read';
export { sourceSeriesOf, roiReferenceOf } from './references';
export type { StoredPrnnResult, StoredSequenceResult } from './read';
