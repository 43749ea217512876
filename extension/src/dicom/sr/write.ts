import dcmjs from 'dcmjs';
import type { DicomDataset } from '../dataset';
import { textOf } from '../dataset';
import { type Code, CODES, PRIVATE_SCHEME, featureCode, featureUnit, imageTypeCode, parseFeatureKey, riskGroupCode, UNITS } from './codes';

export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Our UID root under 2.25 (a UUID-derived root needs no registration, PS3.5 B.2). */
const IMPLEMENTATION_CLASS_UID = '2.25.155283424360437093573413957640651428930';

/** The image series a sequence's features were computed on. */
export interface SourceSeries {
  seriesInstanceUID: string;
  studyInstanceUID: string;
  frameOfReferenceUID?: string;
  /** Every instance of the series (all are referenced from the image library and the evidence). */
  instances: { sopClassUID: string; sopInstanceUID: string }[];
}

/** The ROI object: an RTSTRUCT ROI or a SEG segment. */
export interface RoiReference {
  kind: 'RTSTRUCT' | 'SEG';
  sopClassUID: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  studyInstanceUID: string;
  /** ROINumber of the RTSTRUCT or SegmentNumber of the SEG. */
  number: number;
  name: string;
}

export interface SequenceMeasurements {
  /** 'T1', 'T2', 'CE-T1', as the model card names sequences. */
  sequence: string;
  series: SourceSeries;
  roi: RoiReference;
  /** A PyRadiomics result: every '<imageType>_<class>_<feature>' number is written; diagnostics are left out. */
  features: Readonly<Record<string, unknown>>;
  /** Overrides the default tracking identifier '<sequence> <roi name>' (e.g. 'reader B T2 GTV_Mass'). */
  trackingIdentifier?: string;
  trackingUID?: string;
}

export interface SignatureResult {
  card: { name: string; version: string; sha256: string; notForClinicalUse: boolean };
  probability: number;
  riskGroup: 'low' | 'high';
  riskGroupLabel: string;
  threshold: number;
}

/** A reader-vs-reader comparison (see extension/src/compare). Readers refer to measurement groups by tracking id. */
export interface ComparisonForSr {
  readerA: string;
  readerB: string;
  /** The stored SEG segment / RTSTRUCT ROI of reader A and of reader B (absent in SRs stored before they were written). */
  readerRois?: readonly [RoiReference, RoiReference];
  dice: number;
  hausdorff95Mm: number;
  volumeAMm3: number;
  volumeBMm3: number;
  /** '<imageType>_<class>_<feature>' -> (B - A) / |A|. */
  relativeDifferences: Readonly<Record<string, number>>;
  probabilityDifference?: number;
  riskGroupChanged?: boolean;
}

export interface PrnnSrInput {
  /** Any image instance of the study: patient and study attributes are copied from it. */
  studyInstance: DicomDataset;
  measurements: SequenceMeasurements[];
  signature?: SignatureResult;
  comparison?: ComparisonForSr;
  /** The logged-in user (DICOM person name, e.g. 'Doe^Jane'), when the host knows one. */
  observerName?: string;
  softwareVersion: string;
  /** The extraction settings as text (the parameter file or its JSON). */
  extractionSettings: string;
  /** Defaults: now, and fresh 2.25 UIDs. */
  contentDateTime?: Date;
  seriesInstanceUID?: string;
  sopInstanceUID?: string;
  deviceObserverUID?: string;
  seriesNumber?: number;
  instanceNumber?: number;
}

const DEVICE_NAME = 'prnn-ohif';
const SOFTWARE_NAME = 'prnn-ohif radiomics (PyRadiomics 3.0.1 compatible)';

/** A fresh UID under 2.25 from 128 random bits (PS3.5 B.2). */
export function newUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return `2.25.${value.toString()}`;
}

function codeItem(code: Code): Record<string, unknown> {
  return code.value.length > 16
    ? { LongCodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning }
    : { CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning };
}

type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES';
type Item = Record<string, unknown>;

const named = (relationship: Relationship, valueType: string, concept: Code, rest: Item): Item => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: [codeItem(concept)],
  ...rest,
});
const text = (relationship: Relationship, concept: Code, value: string) => named(relationship, 'TEXT', concept, { TextValue: value });
const coded = (relationship: Relationship, concept: Code, value: Code) => named(relationship, 'CODE', concept, { ConceptCodeSequence: [codeItem(value)] });
const uidref = (relationship: Relationship, concept: Code, uid: string) => named(relationship, 'UIDREF', concept, { UID: uid });
const pname = (relationship: Relationship, concept: Code, name: string) => named(relationship, 'PNAME', concept, { PersonName: name });
const container = (relationship: Relationship, concept: Code, children: Item[], template?: string): Item =>
  named(relationship, 'CONTAINER', concept, {
    ContinuityOfContent: 'SEPARATE',
    ...(template ? { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: template }] } : {}),
    ContentSequence: children,
  });

/** A DS value (at most 16 characters) as close to x as DS can hold; FloatingPointValue carries x exactly. */
export function decimalString(x: number): string {
  for (let digits = 16; digits >= 1; digits--) {
    const s = String(Number(x.toPrecision(digits)));
    if (s.length <= 16) return s;
    const e = x.toExponential(digits - 1).replace('e+', 'E+').replace('e-', 'E-');
    if (e.length <= 16) return e;
  }
  throw new Error(`${x} cannot be written as a DICOM DS`);
}

/** NUM content item; NaN and infinities are written as PS3.3's numeric value qualifiers, never as a number. */
function num(relationship: Relationship, concept: Code, value: number, unit: Code, modifiers: Item[] = []): Item {
  const qualifier = Number.isNaN(value) ? CODES.notANumber : value === Infinity ? CODES.positiveInfinity : value === -Infinity ? CODES.negativeInfinity : undefined;
  return named(relationship, 'NUM', concept, {
    MeasuredValueSequence: qualifier
      ? []
      : [{ MeasurementUnitsCodeSequence: [codeItem(unit)], NumericValue: decimalString(value), FloatingPointValue: value }],
    ...(qualifier ? { NumericValueQualifierCodeSequence: [codeItem(qualifier)] } : {}),
    ...(modifiers.length > 0 ? { ContentSequence: modifiers } : {}),
  });
}

function featureItems(features: Readonly<Record<string, unknown>>, derivation?: Code, unitOverride?: Code): Item[] {
  return Object.entries(features)
    .filter(([key, value]) => !key.startsWith('diagnostics_') && typeof value === 'number')
    .map(([key, value]) => {
      const { imageType, featureClass, feature } = parseFeatureKey(key);
      const modifiers = [coded('HAS CONCEPT MOD', CODES.imageType, imageTypeCode(imageType))];
      if (derivation) modifiers.push(coded('HAS CONCEPT MOD', CODES.derivation, derivation));
      return num('CONTAINS', featureCode(featureClass, feature), value as number, unitOverride ?? featureUnit(featureClass, feature), modifiers);
    });
}

const trackingIdOf = (m: SequenceMeasurements) => m.trackingIdentifier ?? `${m.sequence} ${m.roi.name}`;

/** A SEG segment as an IMAGE reference with its segment number; an RTSTRUCT ROI as the structure set and its ROI number. */
function roiReferenceItems(roi: RoiReference, relationship: Relationship): Item[] {
  return roi.kind === 'SEG'
    ? [
        named(relationship, 'IMAGE', CODES.referencedSegment, {
          ReferencedSOPSequence: [{ ReferencedSOPClassUID: roi.sopClassUID, ReferencedSOPInstanceUID: roi.sopInstanceUID, ReferencedSegmentNumber: roi.number }],
        }),
      ]
    : [
        named(relationship, 'COMPOSITE', CODES.referencedStructureSet, {
          ReferencedSOPSequence: [{ ReferencedSOPClassUID: roi.sopClassUID, ReferencedSOPInstanceUID: roi.sopInstanceUID }],
        }),
        num(relationship, CODES.roiNumber, roi.number, UNITS.none),
      ];
}

function roiGroup(m: SequenceMeasurements, trackingUID: string, input: PrnnSrInput): Item {
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      text('CONTAINS', CODES.trackingIdentifier, trackingIdOf(m)),
      uidref('CONTAINS', CODES.trackingUniqueIdentifier, trackingUID),
      coded('CONTAINS', CODES.finding, CODES.neoplasm),
      text('CONTAINS', CODES.sequence, m.sequence),
      text('CONTAINS', CODES.roiName, m.roi.name),
      ...roiReferenceItems(m.roi, 'CONTAINS'),
      uidref('CONTAINS', CODES.sourceSeriesForSegmentation, m.series.seriesInstanceUID),
      text('HAS CONCEPT MOD', CODES.algorithmName, SOFTWARE_NAME),
      text('HAS CONCEPT MOD', CODES.algorithmVersion, input.softwareVersion),
      text('HAS CONCEPT MOD', CODES.algorithmParameters, input.extractionSettings),
      ...featureItems(m.features),
    ],
    '1411',
  );
}

function signatureGroup(signature: SignatureResult): Item {
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      text('CONTAINS', CODES.trackingIdentifier, 'PRNN signature'),
      uidref('CONTAINS', CODES.trackingUniqueIdentifier, newUid()),
      text('HAS CONCEPT MOD', CODES.algorithmName, signature.card.name),
      text('HAS CONCEPT MOD', CODES.algorithmVersion, signature.card.version),
      text('CONTAINS', CODES.cardSha256, signature.card.sha256),
      coded('CONTAINS', CODES.notForClinicalUse, signature.card.notForClinicalUse ? CODES.yes : CODES.no),
      num('CONTAINS', CODES.probability, signature.probability, UNITS.none),
      num('CONTAINS', CODES.threshold, signature.threshold, UNITS.none),
      coded('CONTAINS', CODES.riskGroup, riskGroupCode(signature.riskGroup, signature.riskGroupLabel)),
    ],
    '1501',
  );
}

/** A reader's label, with the ROI object it names (its name and reference) as properties. */
function readerItem(concept: Code, label: string, roi: RoiReference | undefined): Item {
  const item = text('CONTAINS', concept, label);
  return roi ? { ...item, ContentSequence: [text('HAS PROPERTIES', CODES.roiName, roi.name), ...roiReferenceItems(roi, 'HAS PROPERTIES')] } : item;
}

function comparisonGroup(c: ComparisonForSr): Item {
  const items: Item[] = [
    text('CONTAINS', CODES.trackingIdentifier, 'PRNN reader comparison'),
    uidref('CONTAINS', CODES.trackingUniqueIdentifier, newUid()),
    readerItem(CODES.readerA, c.readerA, c.readerRois?.[0]),
    readerItem(CODES.readerB, c.readerB, c.readerRois?.[1]),
    num('CONTAINS', CODES.dice, c.dice, UNITS.none),
    num('CONTAINS', CODES.hausdorff95, c.hausdorff95Mm, UNITS.mm),
    num('CONTAINS', CODES.volumeA, c.volumeAMm3, UNITS.mm3),
    num('CONTAINS', CODES.volumeB, c.volumeBMm3, UNITS.mm3),
    num('CONTAINS', CODES.volumeDifference, c.volumeBMm3 - c.volumeAMm3, UNITS.mm3),
  ];
  if (c.probabilityDifference !== undefined) items.push(num('CONTAINS', CODES.probabilityDifference, c.probabilityDifference, UNITS.none));
  if (c.riskGroupChanged !== undefined) items.push(coded('CONTAINS', CODES.riskGroupChanged, c.riskGroupChanged ? CODES.yes : CODES.no));
  items.push(...featureItems(c.relativeDifferences, CODES.relativeDifference, UNITS.none));
  return container('CONTAINS', CODES.measurementGroup, items, '1501');
}

function imageLibrary(measurements: SequenceMeasurements[]): Item {
  return container(
    'CONTAINS',
    CODES.imageLibrary,
    measurements.map((m) =>
      container(
        'CONTAINS',
        CODES.imageLibraryGroup,
        m.series.instances.map((i) => ({
          RelationshipType: 'CONTAINS',
          ValueType: 'IMAGE',
          ReferencedSOPSequence: [{ ReferencedSOPClassUID: i.sopClassUID, ReferencedSOPInstanceUID: i.sopInstanceUID }],
        })),
      ),
    ),
  );
}

/** CurrentRequestedProcedureEvidenceSequence: every object the content tree references, by study and series. */
function evidence(measurements: SequenceMeasurements[], comparisonRois: readonly RoiReference[]): Item[] {
  const studies = new Map<string, Map<string, Map<string, string>>>();
  const add = (study: string, series: string, sopClass: string, sopInstance: string) => {
    const bySeries = studies.get(study) ?? new Map<string, Map<string, string>>();
    studies.set(study, bySeries);
    const instances = bySeries.get(series) ?? new Map<string, string>();
    bySeries.set(series, instances);
    instances.set(sopInstance, sopClass);
  };
  for (const m of measurements) {
    for (const i of m.series.instances) add(m.series.studyInstanceUID, m.series.seriesInstanceUID, i.sopClassUID, i.sopInstanceUID);
  }
  for (const roi of [...measurements.map((m) => m.roi), ...comparisonRois]) add(roi.studyInstanceUID, roi.seriesInstanceUID, roi.sopClassUID, roi.sopInstanceUID);
  return [...studies].map(([study, bySeries]) => ({
    StudyInstanceUID: study,
    ReferencedSeriesSequence: [...bySeries].map(([series, instances]) => ({
      SeriesInstanceUID: series,
      ReferencedSOPSequence: [...instances].map(([sopInstance, sopClass]) => ({ ReferencedSOPClassUID: sopClass, ReferencedSOPInstanceUID: sopInstance })),
    })),
  }));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dicomDate = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
const dicomTime = (d: Date) => `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;

const PATIENT_STUDY_ATTRIBUTES = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber'];
const OPTIONAL_COPIED = ['IssuerOfPatientID', 'PatientAge', 'StudyDescription', 'PatientIdentityRemoved', 'DeidentificationMethod'];

/**
 * The PRNN result as a Comprehensive 3D SR data set (dcmjs naturalized form) following TID 1500: one TID 1411
 * measurement group per sequence (ROI reference, source series, every feature), a TID 1501 group for the signature
 * and one for a reader comparison. Structure and codes: docs/sr.md.
 */
export function buildPrnnSr(input: PrnnSrInput): DicomDataset {
  if (input.measurements.length === 0) throw new Error('A PRNN SR needs the measurements of at least one sequence');
  const studyUid = textOf(input.studyInstance, 'StudyInstanceUID');
  if (!studyUid) throw new Error('The study instance has no StudyInstanceUID');
  const now = input.contentDateTime ?? new Date();
  const observerItems = [
    coded('HAS OBS CONTEXT', CODES.observerType, CODES.device),
    uidref('HAS OBS CONTEXT', CODES.deviceObserverUid, input.deviceObserverUID ?? IMPLEMENTATION_CLASS_UID),
    text('HAS OBS CONTEXT', CODES.deviceObserverName, DEVICE_NAME),
    ...(input.observerName
      ? [coded('HAS OBS CONTEXT', CODES.observerType, CODES.person), pname('HAS OBS CONTEXT', CODES.personObserverName, input.observerName)]
      : []),
  ];
  const groups = input.measurements.map((m) => roiGroup(m, m.trackingUID ?? newUid(), input));
  if (input.signature) groups.push(signatureGroup(input.signature));
  if (input.comparison) groups.push(comparisonGroup(input.comparison));
  const copied: DicomDataset = {};
  for (const keyword of PATIENT_STUDY_ATTRIBUTES) copied[keyword] = input.studyInstance[keyword] ?? '';
  for (const keyword of OPTIONAL_COPIED) if (input.studyInstance[keyword] !== undefined) copied[keyword] = input.studyInstance[keyword];
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COMPREHENSIVE_3D_SR,
    SOPInstanceUID: input.sopInstanceUID ?? newUid(),
    CodingSchemeIdentificationSequence: [
      { CodingSchemeDesignator: PRIVATE_SCHEME, CodingSchemeName: 'PRNN private codes (docs/sr.md)', CodingSchemeResponsibleOrganization: 'prnn-ohif' },
      { CodingSchemeDesignator: 'IBSI', CodingSchemeName: 'Image Biomarker Standardisation Initiative feature codes', CodingSchemeResponsibleOrganization: 'IBSI' },
    ],
    ...copied,
    StudyInstanceUID: studyUid,
    Modality: 'SR',
    SeriesInstanceUID: input.seriesInstanceUID ?? newUid(),
    SeriesNumber: input.seriesNumber ?? 9901,
    SeriesDescription: 'PRNN radiomics result',
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: DEVICE_NAME,
    ManufacturerModelName: DEVICE_NAME,
    DeviceSerialNumber: '1',
    SoftwareVersions: input.softwareVersion,
    InstanceNumber: input.instanceNumber ?? 1,
    InstanceCreationDate: dicomDate(now),
    InstanceCreationTime: dicomTime(now),
    ContentDate: dicomDate(now),
    ContentTime: dicomTime(now),
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(input.measurements, input.comparison?.readerRois ?? []),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(CODES.imagingMeasurementReport)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      coded('HAS CONCEPT MOD', CODES.languageOfContent, CODES.englishUS),
      ...observerItems,
      coded('HAS CONCEPT MOD', CODES.procedureReported, CODES.magneticResonanceImaging),
      imageLibrary(input.measurements),
      container('CONTAINS', CODES.imagingMeasurements, groups),
    ],
  };
}

interface DcmjsWriter {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
    DicomMetaDictionary: { denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown> };
  };
}

/** A naturalized data set as a DICOM Part 10 file (explicit VR little endian). */
export function toPart10(dataset: DicomDataset): Uint8Array {
  const { data } = dcmjs as unknown as DcmjsWriter;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'PRNN_OHIF_1',
  };
  const file = new data.DicomDict(data.DicomMetaDictionary.denaturalizeDataset(meta));
  file.dict = data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

export const writePrnnSr = (input: PrnnSrInput): Uint8Array => toPart10(buildPrnnSr(input));
