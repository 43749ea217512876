import type { Sequence } from '../panels/model';
import type { DicomDataset } from '../dicom/dataset';
import type { InsightsView } from '../panels/insights/viewModel';
import type { Volume } from '../radiomics/image/volume';
import type { DiameterLine } from '../viewport/diameterLine';
import type { StudyComparison } from '../compare/study';
import type { LabelmapSlice } from '../dicom/seg/viewer';
import type { RoiReference as SrRoiReference } from '../dicom/sr/write';

/** What the panel shows about the model card before and after a computation. */
export interface CardSummary {
  name: string;
  version: string;
  description: string | null;
  intendedUse: string;
  notForClinicalUse: boolean;
  provenance: 'synthetic' | 'trained' | 'imported';
  sequences: Sequence[];
  threshold: number;
  features: { name: string; sequence: string }[];
  riskGroups: { low: RiskGroupSummary; high: RiskGroupSummary };
}

export interface RiskGroupSummary {
  label: string;
  eventRate: number | null;
}

export interface RoiReference {
  /** The SEG or RTSTRUCT series. */
  seriesInstanceUID: string;
  modality: 'SEG' | 'RTSTRUCT';
  /** SegmentNumber or ROINumber. */
  number: number;
  label: string;
}

export interface SequenceInput {
  sequence: Sequence;
  seriesInstanceUID: string;
  roi: RoiReference;
  /** The series' instances with frames the viewer already holds (services/viewerPixels.ts); else read over DICOMweb. */
  viewerInstances?: DicomDataset[];
  /** The ROI is a labelmap segment drawn or edited in the viewer (not in the PACS): `roi` then names the image series. */
  viewerRoi?: ViewerRoiInput;
}

/** A viewer labelmap segment on the sequence's series (services/viewerSegmentations.ts). */
export interface ViewerRoiInput {
  segmentIndex: number;
  slices: LabelmapSlice[];
}

export interface ComputeRequest {
  studyInstanceUID: string;
  /** The host's DICOMweb data source: same origin, the user's own session; pixels never go anywhere else. */
  dicomweb: { wadoRoot: string; headers: Record<string, string> };
  cardUrl: string;
  sequences: SequenceInput[];
}

export interface ComputeProgress {
  /** 0..1 over the whole computation. */
  fraction: number;
  message: string;
}

export interface SignatureFeature {
  name: string;
  sequence: string;
  value: number;
  z: number;
}

export interface ComputeResult {
  probability: number;
  riskGroup: 'low' | 'high';
  riskGroupLabel: string;
  threshold: number;
  card: CardSummary;
  signatureFeatures: SignatureFeature[];
  /** The data of the "Why this risk" plots (panels/insights), built in the worker with the prediction. */
  insights?: InsightsView;
  /** Every extracted feature, PyRadiomics-named with the sequence suffix (`original_shape_Sphericity_T2`). */
  features: Record<string, number>;
  pixelSources: Partial<Record<Sequence, 'viewer' | 'dicomweb'>>;
  /** The SEG (one segment) of each ROI drawn in the viewer, as computed on: stored with the result, before its SR. */
  viewerRoiSegs?: Partial<Record<Sequence, DicomDataset>>;
  warnings: string[];
  elapsedMs: number;
}

/** One signature feature's voxel map on the sequence its card feature is computed on. */
export interface FeatureMapRequest {
  studyInstanceUID: string;
  dicomweb: ComputeRequest['dicomweb'];
  /** The card whose extraction params the map is computed with (those of the computed result). */
  cardUrl: string;
  input: SequenceInput;
  /** The card feature name (`original_glcm_Contrast_T1C`). */
  feature: string;
  kernelRadius: number;
}

export interface FeatureMapResult {
  feature: string;
  sequence: Sequence;
  seriesInstanceUID: string;
  /** On the ROI's bounding box (after the extraction's resampling), patient-space geometry; NaN outside the ROI. */
  map: Volume<Float64Array>;
  diameter: DiameterLine;
  elapsedMs: number;
}

/** One reader's ROI for the reader comparison. */
export interface ReaderRoiInput extends RoiReference {
  /** How the panel and the SR name it (reader, ROI, object). */
  readerLabel: string;
  /** The image series the ROI was drawn on, when the study has it: the ROI is mapped from there onto other grids. */
  drawnOnSeriesInstanceUID?: string;
  /**
   * A labelmap segment drawn or changed in the viewer (then `seriesInstanceUID` and `drawnOnSeriesInstanceUID` name the
   * image series it lies on): its SEG is written on that series, as for Compute.
   */
  viewerRoi?: ViewerRoiInput;
}

/** Reader A's ROI vs reader B's on one study (compare/study.ts does the work). */
export interface CompareRequest {
  studyInstanceUID: string;
  dicomweb: ComputeRequest['dicomweb'];
  cardUrl: string;
  /** Dice, HD95 and volumes are measured on this sequence's grid. */
  compareOn: Sequence;
  /** The image series of every sequence of the card (features and predictions of both readers need them all). */
  images: Omit<SequenceInput, 'roi'>[];
  readers: [ReaderRoiInput, ReaderRoiInput];
}

export interface CompareResult extends StudyComparison {
  compareOn: Sequence;
  readers: [ReaderRoiInput, ReaderRoiInput];
  /** The SEG (one segment) of reader A's / B's ROI when drawn in the viewer, as compared: stored before an SR naming it. */
  viewerRoiSegs?: { A?: DicomDataset; B?: DicomDataset };
  /** The SEG segment / RTSTRUCT ROI of reader A and of reader B as the SR references them (a viewer ROI's by its SEG). */
  readerRois: [SrRoiReference, SrRoiReference];
  elapsedMs: number;
}

/** The worker's interface, exposed with comlink. */
export interface PrnnWorkerApi {
  describeCard(cardUrl: string): Promise<CardSummary>;
  compute(request: ComputeRequest, onProgress: (progress: ComputeProgress) => void): Promise<ComputeResult>;
  featureMap(request: FeatureMapRequest, onProgress: (progress: ComputeProgress) => void): Promise<FeatureMapResult>;
  compareReaders(request: CompareRequest, onProgress: (progress: ComputeProgress) => void): Promise<CompareResult>;
}
