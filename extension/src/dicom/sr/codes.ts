import ibsi from './ibsiCodes.json';

/** A coded concept as DICOM writes it; values longer than 16 characters go to LongCodeValue (PS3.3 8.8). */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

/**
 * Our private coding scheme (PS3.16 8.2 allows "99" + an identifier for private schemes): every concept PRNN needs
 * that neither DCM, SCT, UCUM nor IBSI codes. Its codes are listed in docs/sr.md.
 */
export const PRIVATE_SCHEME = '99PRNN';
const prnn = (value: string, meaning: string): Code => ({ value, scheme: PRIVATE_SCHEME, meaning });
const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });

export const CODES = {
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  languageOfContent: dcm('121049', 'Language of Content Item and Descendants'),
  englishUS: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  observerType: dcm('121005', 'Observer Type'),
  person: dcm('121006', 'Person'),
  device: dcm('121007', 'Device'),
  personObserverName: dcm('121008', 'Person Observer Name'),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  procedureReported: dcm('121058', 'Procedure reported'),
  magneticResonanceImaging: { value: '113091000', scheme: 'SCT', meaning: 'Magnetic resonance imaging' },
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUniqueIdentifier: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  neoplasm: { value: '108369006', scheme: 'SCT', meaning: 'Neoplasm' },
  referencedSegment: dcm('121191', 'Referenced Segment'),
  sourceSeriesForSegmentation: dcm('121232', 'Source series for segmentation'),
  algorithmName: dcm('111001', 'Algorithm Name'),
  algorithmVersion: dcm('111003', 'Algorithm Version'),
  algorithmParameters: dcm('111002', 'Algorithm Parameters'),
  derivation: dcm('121401', 'Derivation'),
  notANumber: dcm('114000', 'Not a number'),
  negativeInfinity: dcm('114001', 'Negative Infinity'),
  positiveInfinity: dcm('114002', 'Positive Infinity'),
  yes: { value: '373066001', scheme: 'SCT', meaning: 'Yes' },
  no: { value: '373067005', scheme: 'SCT', meaning: 'No' },
  // Private concepts.
  sequence: prnn('SEQUENCE', 'MR sequence'),
  imageType: prnn('IMAGETYPE', 'PyRadiomics image type'),
  referencedStructureSet: prnn('RTSTRUCT', 'Referenced RT Structure Set'),
  roiName: prnn('ROINAME', 'ROI name'),
  roiNumber: prnn('ROINUMBER', 'ROI number'),
  probability: prnn('PROBABILITY', 'Probability of post-radiation nasopharyngeal necrosis'),
  riskGroup: prnn('RISKGROUP', 'PRNN risk group'),
  threshold: prnn('THRESHOLD', 'Risk group probability threshold'),
  cardSha256: prnn('CARDSHA256', 'Model card SHA-256'),
  notForClinicalUse: prnn('NOTCLINICAL', 'Not for clinical use'),
  readerA: prnn('READERA', 'Reader A ROI'),
  readerB: prnn('READERB', 'Reader B ROI'),
  dice: prnn('DICE', 'Dice similarity coefficient'),
  hausdorff95: prnn('HD95', 'Symmetric 95th percentile surface Hausdorff distance'),
  volumeA: prnn('VOLUMEA', 'ROI volume, reader A'),
  volumeB: prnn('VOLUMEB', 'ROI volume, reader B'),
  volumeDifference: prnn('VOLUMEDIFF', 'ROI volume difference (B - A)'),
  probabilityDifference: prnn('PROBDIFF', 'Probability difference (B - A)'),
  riskGroupChanged: prnn('RISKCHANGED', 'Risk group changed'),
  relativeDifference: prnn('RELDIFF', 'Relative difference (B - A) / |A|'),
} as const;

export const riskGroupCode = (group: 'low' | 'high', label: string): Code => prnn(group === 'high' ? 'HIGH' : 'LOW', label);

export const UNITS = {
  none: { value: '1', scheme: 'UCUM', meaning: 'no units' },
  mm: { value: 'mm', scheme: 'UCUM', meaning: 'millimeter' },
  mm2: { value: 'mm2', scheme: 'UCUM', meaning: 'square millimeter' },
  mm3: { value: 'mm3', scheme: 'UCUM', meaning: 'cubic millimeter' },
  perMm: { value: '/mm', scheme: 'UCUM', meaning: 'per millimeter' },
  arbitrary: { value: "[arb'U]", scheme: 'UCUM', meaning: 'arbitrary unit' },
} as const satisfies Record<string, Code>;

const SHAPE_UNITS: Record<string, Code> = {
  MeshVolume: UNITS.mm3,
  VoxelVolume: UNITS.mm3,
  SurfaceArea: UNITS.mm2,
  SurfaceVolumeRatio: UNITS.perMm,
  Maximum3DDiameter: UNITS.mm,
  Maximum2DDiameterSlice: UNITS.mm,
  Maximum2DDiameterColumn: UNITS.mm,
  Maximum2DDiameterRow: UNITS.mm,
  MajorAxisLength: UNITS.mm,
  MinorAxisLength: UNITS.mm,
  LeastAxisLength: UNITS.mm,
  PixelSurface: UNITS.mm2,
  Perimeter: UNITS.mm,
  PerimeterSurfaceRatio: UNITS.perMm,
  MeshSurface: UNITS.mm2,
  MaximumDiameter: UNITS.mm,
};

/** First-order features in the image's intensity scale (or a power of it), arbitrary for MR. */
const INTENSITY_FEATURES = new Set([
  '10Percentile', '90Percentile', 'Energy', 'InterquartileRange', 'Maximum', 'Mean', 'MeanAbsoluteDeviation', 'Median',
  'Minimum', 'Range', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared', 'TotalEnergy', 'Variance',
]);

/** A PyRadiomics result key split into its parts: 'log-sigma-1-0-mm-3D_glcm_Idmn'. */
export interface FeatureKey {
  imageType: string;
  featureClass: string;
  feature: string;
}

export function parseFeatureKey(key: string): FeatureKey {
  const parts = key.split('_');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new Error(`'${key}' is not a PyRadiomics feature name (<imageType>_<class>_<feature>)`);
  }
  return { imageType: parts[0], featureClass: parts[1], feature: parts[2] };
}

const ibsiCodes = (ibsi as { codes: Record<string, { code: string; meaning: string }> }).codes;
const classFeatureOfIbsi = new Map(Object.entries(ibsiCodes).map(([classFeature, c]) => [c.code, classFeature]));

/** The concept of a feature (whatever its image type): IBSI's code where IBSI has one, ours otherwise. */
export function featureCode(featureClass: string, feature: string): Code {
  const classFeature = `${featureClass}_${feature}`;
  const mapped = ibsiCodes[classFeature];
  return mapped ? { value: mapped.code, scheme: 'IBSI', meaning: mapped.meaning } : prnn(classFeature, `PyRadiomics ${featureClass} ${feature}`);
}

/** Inverse of featureCode: '<class>_<feature>'. */
export function classFeatureOf(code: Code): string {
  if (code.scheme === 'IBSI') {
    const classFeature = classFeatureOfIbsi.get(code.value);
    if (!classFeature) throw new Error(`IBSI code ${code.value} (${code.meaning}) is not one PRNN writes`);
    return classFeature;
  }
  if (code.scheme === PRIVATE_SCHEME && /^[a-zA-Z0-9]+_[a-zA-Z0-9]+$/.test(code.value)) return code.value;
  throw new Error(`${code.scheme} code ${code.value} (${code.meaning}) is not a feature code`);
}

export const imageTypeCode = (imageType: string): Code => prnn(imageType, `PyRadiomics image type ${imageType}`);

export function featureUnit(featureClass: string, feature: string): Code {
  if (featureClass === 'shape' || featureClass === 'shape2D') return SHAPE_UNITS[feature] ?? UNITS.none;
  if (featureClass === 'firstorder' && INTENSITY_FEATURES.has(feature)) return UNITS.arbitrary;
  return UNITS.none;
}

export const sameCode = (a: Code, b: Code): boolean => a.value === b.value && a.scheme === b.scheme;
