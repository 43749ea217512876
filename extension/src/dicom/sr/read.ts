import type { DicomDataset } from '../dataset';
import { textOf } from '../dataset';
import { type Code, CODES, classFeatureOf, sameCode } from './codes';
import { COMPREHENSIVE_3D_SR, type ComparisonForSr, type RoiReference } from './write';

/** A SEG segment or RTSTRUCT ROI as the content tree references it. */
export type RoiObject = Omit<RoiReference, 'sopClassUID' | 'seriesInstanceUID' | 'studyInstanceUID'>;

export interface StoredSequenceResult {
  sequence: string;
  trackingIdentifier: string;
  trackingUID: string;
  roi: RoiObject;
  sourceSeriesInstanceUID: string;
  /** '<imageType>_<class>_<feature>' -> value, exactly as computed (from FloatingPointValue; NaN where written so). */
  features: Record<string, number>;
}

/** What a PRNN SR holds: enough to show the result again without recomputing. */
export interface StoredPrnnResult {
  sopInstanceUID: string;
  seriesInstanceUID: string;
  studyInstanceUID: string;
  /** ContentDate + ContentTime as written (UTC), as an ISO 8601 string. */
  contentDateTime: string;
  observer: { person?: string; device?: string };
  softwareVersion?: string;
  extractionSettings?: string;
  sequences: StoredSequenceResult[];
  signature?: {
    card: { name: string; version: string; sha256: string; notForClinicalUse: boolean };
    probability: number;
    threshold: number;
    riskGroup: 'low' | 'high';
    riskGroupLabel: string;
  };
  comparison?: ComparisonForSr;
}

function items(value: unknown): DicomDataset[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as DicomDataset[];
}

function codeOf(item: DicomDataset | undefined): Code | undefined {
  if (!item) return undefined;
  const value = textOf(item, 'CodeValue') ?? textOf(item, 'LongCodeValue') ?? textOf(item, 'URNCodeValue');
  const scheme = textOf(item, 'CodingSchemeDesignator');
  return value && scheme ? { value, scheme, meaning: textOf(item, 'CodeMeaning') ?? '' } : undefined;
}

const conceptOf = (item: DicomDataset) => codeOf(items(item.ConceptNameCodeSequence)[0]);
const isConcept = (item: DicomDataset, code: Code) => {
  const concept = conceptOf(item);
  return concept !== undefined && sameCode(concept, code);
};
const children = (item: DicomDataset) => items(item.ContentSequence);
const child = (item: DicomDataset, code: Code) => children(item).find((c) => isConcept(c, code));

class SrReadError extends Error {
  override name = 'SrReadError';
}

function requireChild(item: DicomDataset, code: Code, where: string): DicomDataset {
  const found = child(item, code);
  if (!found) throw new SrReadError(`PRNN SR: ${where} has no "${code.meaning}" (${code.scheme} ${code.value})`);
  return found;
}

const textValue = (item: DicomDataset) => (typeof item.TextValue === 'string' ? item.TextValue : textOf(item, 'TextValue') ?? '');

function numberValue(item: DicomDataset, where: string): number {
  const qualifier = codeOf(items(item.NumericValueQualifierCodeSequence)[0]);
  if (qualifier) {
    if (sameCode(qualifier, CODES.positiveInfinity)) return Infinity;
    if (sameCode(qualifier, CODES.negativeInfinity)) return -Infinity;
    return NaN;
  }
  const measured = items(item.MeasuredValueSequence)[0];
  if (!measured) throw new SrReadError(`PRNN SR: ${where} has neither a value nor a qualifier`);
  const exact = measured.FloatingPointValue;
  const value = Array.isArray(exact) ? exact[0] : exact;
  if (typeof value === 'number') return value;
  const decimal = Number(textOf(measured, 'NumericValue'));
  if (!Number.isFinite(decimal)) throw new SrReadError(`PRNN SR: ${where} has no readable number`);
  return decimal;
}

const codeValueOf = (item: DicomDataset) => codeOf(items(item.ConceptCodeSequence)[0]);

/** Feature NUMs of a group: concept = feature, modifier = image type. */
function featuresOf(group: DicomDataset, where: string): Record<string, number> {
  const features: Record<string, number> = {};
  for (const item of children(group)) {
    if (item.ValueType !== 'NUM') continue;
    const imageType = child(item, CODES.imageType);
    if (!imageType) continue;
    const concept = conceptOf(item);
    const imageTypeCode = codeValueOf(imageType);
    if (!concept || !imageTypeCode) throw new SrReadError(`PRNN SR: ${where} has a feature without a concept or image type`);
    const key = `${imageTypeCode.value}_${classFeatureOf(concept)}`;
    features[key] = numberValue(item, `${where} ${key}`);
  }
  return features;
}

/** The ROI name, SEG segment or RTSTRUCT (with ROI number) among `item`'s children. */
function roiObjectOf(item: DicomDataset, where: string): RoiObject {
  const segment = child(item, CODES.referencedSegment);
  const structureSet = child(item, CODES.referencedStructureSet);
  const reference = items((segment ?? structureSet)?.ReferencedSOPSequence)[0];
  if (!reference) throw new SrReadError(`PRNN SR: ${where} references neither a SEG segment nor an RTSTRUCT`);
  const number = segment
    ? Number(textOf(reference, 'ReferencedSegmentNumber'))
    : numberValue(requireChild(item, CODES.roiNumber, where), `${where} ROI number`);
  return {
    kind: segment ? 'SEG' : 'RTSTRUCT',
    sopInstanceUID: textOf(reference, 'ReferencedSOPInstanceUID') ?? '',
    number,
    name: textValue(requireChild(item, CODES.roiName, where)),
  };
}

function sequenceResult(group: DicomDataset): StoredSequenceResult {
  const trackingIdentifier = textValue(requireChild(group, CODES.trackingIdentifier, 'a measurement group'));
  const where = `measurement group "${trackingIdentifier}"`;
  return {
    sequence: textValue(requireChild(group, CODES.sequence, where)),
    trackingIdentifier,
    trackingUID: textOf(requireChild(group, CODES.trackingUniqueIdentifier, where), 'UID') ?? '',
    roi: roiObjectOf(group, where),
    sourceSeriesInstanceUID: textOf(requireChild(group, CODES.sourceSeriesForSegmentation, where), 'UID') ?? '',
    features: featuresOf(group, where),
  };
}

function signatureResult(group: DicomDataset): StoredPrnnResult['signature'] {
  const where = 'the signature group';
  const risk = codeValueOf(requireChild(group, CODES.riskGroup, where));
  if (!risk || (risk.value !== 'HIGH' && risk.value !== 'LOW')) throw new SrReadError(`PRNN SR: ${where} has no valid risk group`);
  const notClinical = codeValueOf(requireChild(group, CODES.notForClinicalUse, where));
  return {
    card: {
      name: textValue(requireChild(group, CODES.algorithmName, where)),
      version: textValue(requireChild(group, CODES.algorithmVersion, where)),
      sha256: textValue(requireChild(group, CODES.cardSha256, where)),
      notForClinicalUse: notClinical === undefined || !sameCode(notClinical, CODES.no),
    },
    probability: numberValue(requireChild(group, CODES.probability, where), 'probability'),
    threshold: numberValue(requireChild(group, CODES.threshold, where), 'threshold'),
    riskGroup: risk.value === 'HIGH' ? 'high' : 'low',
    riskGroupLabel: risk.meaning,
  };
}

type EvidenceEntry = Pick<RoiReference, 'sopClassUID' | 'seriesInstanceUID' | 'studyInstanceUID'>;

/** SOP class, study and series of every object the SR references, by SOP Instance UID (its evidence sequence). */
function evidenceOf(dataset: DicomDataset): Map<string, EvidenceEntry> {
  const where = new Map<string, EvidenceEntry>();
  for (const study of items(dataset.CurrentRequestedProcedureEvidenceSequence)) {
    for (const series of items(study.ReferencedSeriesSequence)) {
      for (const instance of items(series.ReferencedSOPSequence)) {
        where.set(textOf(instance, 'ReferencedSOPInstanceUID') ?? '', {
          sopClassUID: textOf(instance, 'ReferencedSOPClassUID') ?? '',
          studyInstanceUID: textOf(study, 'StudyInstanceUID') ?? '',
          seriesInstanceUID: textOf(series, 'SeriesInstanceUID') ?? '',
        });
      }
    }
  }
  return where;
}

function comparisonResult(group: DicomDataset, evidence: ReturnType<typeof evidenceOf>): ComparisonForSr {
  const where = 'the comparison group';
  const numberOf = (code: Code) => numberValue(requireChild(group, code, where), code.meaning);
  const probability = child(group, CODES.probabilityDifference);
  const changed = child(group, CODES.riskGroupChanged);
  const changedCode = changed && codeValueOf(changed);
  const readerA = requireChild(group, CODES.readerA, where);
  const readerB = requireChild(group, CODES.readerB, where);
  const roiOf = (reader: DicomDataset, name: string): RoiReference => {
    const roi = roiObjectOf(reader, `${where} (${name})`);
    const found = evidence.get(roi.sopInstanceUID);
    if (!found) throw new SrReadError(`PRNN SR: ${where} references ${roi.kind} ${roi.sopInstanceUID} (${name}), which its evidence does not list`);
    return { ...roi, ...found };
  };
  // SRs stored before the readers' ROI objects were written hold their labels only.
  const withRois = children(readerA).length > 0 || children(readerB).length > 0;
  return {
    readerA: textValue(readerA),
    readerB: textValue(readerB),
    ...(withRois ? { readerRois: [roiOf(readerA, 'reader A'), roiOf(readerB, 'reader B')] as const } : {}),
    dice: numberOf(CODES.dice),
    hausdorff95Mm: numberOf(CODES.hausdorff95),
    volumeAMm3: numberOf(CODES.volumeA),
    volumeBMm3: numberOf(CODES.volumeB),
    relativeDifferences: featuresOf(group, where),
    ...(probability ? { probabilityDifference: numberValue(probability, 'probability difference') } : {}),
    ...(changedCode ? { riskGroupChanged: sameCode(changedCode, CODES.yes) } : {}),
  };
}

function isoDateTime(date: string, time: string): string {
  const t = time.padEnd(6, '0');
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}${t.length > 6 ? t.slice(6) : ''}Z`;
}

/** True for a data set (Part 10 or DICOMweb metadata, naturalized) that is a PRNN measurement report. */
export function isPrnnSr(dataset: DicomDataset): boolean {
  if (textOf(dataset, 'SOPClassUID') !== COMPREHENSIVE_3D_SR) return false;
  const root = conceptOf(dataset);
  return root !== undefined && sameCode(root, CODES.imagingMeasurementReport) && textOf(dataset, 'Manufacturer') === 'prnn-ohif';
}

/** The stored result of a PRNN SR (naturalized data set); throws SrReadError with what is missing. */
export function readPrnnSr(dataset: DicomDataset): StoredPrnnResult {
  if (!isPrnnSr(dataset)) throw new SrReadError('Not a PRNN SR: expected a prnn-ohif Comprehensive 3D SR Imaging Measurement Report');
  const observer: StoredPrnnResult['observer'] = {};
  for (const item of children(dataset)) {
    if (isConcept(item, CODES.personObserverName)) observer.person = textOf(item, 'PersonName');
    if (isConcept(item, CODES.deviceObserverName)) observer.device = textValue(item);
  }
  const measurements = requireChild(dataset, CODES.imagingMeasurements, 'the report');
  const result: StoredPrnnResult = {
    sopInstanceUID: textOf(dataset, 'SOPInstanceUID') ?? '',
    seriesInstanceUID: textOf(dataset, 'SeriesInstanceUID') ?? '',
    studyInstanceUID: textOf(dataset, 'StudyInstanceUID') ?? '',
    contentDateTime: isoDateTime(textOf(dataset, 'ContentDate') ?? '', textOf(dataset, 'ContentTime') ?? ''),
    observer,
    softwareVersion: textOf(dataset, 'SoftwareVersions'),
    sequences: [],
  };
  for (const group of children(measurements)) {
    if (child(group, CODES.sequence)) {
      result.sequences.push(sequenceResult(group));
      result.extractionSettings ??= textValue(requireChild(group, CODES.algorithmParameters, 'a measurement group'));
    } else if (child(group, CODES.probability)) result.signature = signatureResult(group);
    else if (child(group, CODES.dice)) result.comparison = comparisonResult(group, evidenceOf(dataset));
  }
  return result;
}
