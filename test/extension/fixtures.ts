import type { DisplaySetLike } from '../../extension/src/panels/studyData';
import type { CardSummary } from '../../extension/src/worker/api';

/**
 * Display sets shaped as OHIF 3.13 builds them from DICOMweb metadata (naturalised attributes on `instances`),
 * for a study with T1, T2 and CE-T1 MR, a SEG drawn on T1 and an RTSTRUCT drawn on T2.
 */
export const STUDY = '1.2.3';
export const FRAME = '1.2.3.100';

function mr(seriesNumber: number, description: string, time: string, extra: Record<string, unknown> = {}): DisplaySetLike {
  const uid = `1.2.3.${seriesNumber}`;
  const instance = {
    StudyInstanceUID: STUDY,
    SeriesInstanceUID: uid,
    SOPInstanceUID: `${uid}.1`,
    Modality: 'MR',
    SeriesNumber: seriesNumber,
    SeriesDescription: description,
    FrameOfReferenceUID: FRAME,
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    AcquisitionTime: time,
    ...extra,
  };
  return {
    displaySetInstanceUID: `ds-${seriesNumber}`,
    StudyInstanceUID: STUDY,
    SeriesInstanceUID: uid,
    SeriesDescription: description,
    SeriesNumber: seriesNumber,
    Modality: 'MR',
    numImageFrames: 24,
    instances: [instance],
  };
}

export const T1 = mr(3, 'AX T1 SE', '101000', { RepetitionTime: 550, EchoTime: 12 });
export const T2 = mr(4, 'AX T2 TSE FS', '101500', { RepetitionTime: 4000, EchoTime: 95 });
export const T1C = mr(7, 'AX T1 SE +C', '103000', { RepetitionTime: 550, EchoTime: 12, ContrastBolusAgent: 'Gadovist' });

export const SEG: DisplaySetLike = {
  displaySetInstanceUID: 'ds-seg',
  StudyInstanceUID: STUDY,
  SeriesInstanceUID: '1.2.3.90',
  SeriesDescription: 'Tumour SEG',
  Modality: 'SEG',
  instances: [
    {
      Modality: 'SEG',
      FrameOfReferenceUID: FRAME,
      ReferencedSeriesSequence: [{ SeriesInstanceUID: T1.SeriesInstanceUID }],
      SegmentSequence: [
        { SegmentNumber: 1, SegmentLabel: 'GTV' },
        { SegmentNumber: 2, SegmentLabel: 'Necrosis' },
      ],
    },
  ],
};

export const RTSTRUCT: DisplaySetLike = {
  displaySetInstanceUID: 'ds-rt',
  StudyInstanceUID: STUDY,
  SeriesInstanceUID: '1.2.3.91',
  SeriesDescription: 'Contours',
  Modality: 'RTSTRUCT',
  instances: [
    {
      Modality: 'RTSTRUCT',
      // A one-item sequence as a bare object, as some metadata paths deliver it.
      ReferencedFrameOfReferenceSequence: {
        FrameOfReferenceUID: FRAME,
        RTReferencedStudySequence: [{ RTReferencedSeriesSequence: [{ SeriesInstanceUID: T2.SeriesInstanceUID }] }],
      },
      StructureSetROISequence: [{ ROINumber: 5, ROIName: 'GTV_T2', ReferencedFrameOfReferenceUID: FRAME }],
    },
  ],
};

/** A model card summary as the worker describes it: a synthetic three-sequence card with one T2 feature. */
export function cardSummary(overrides: Partial<CardSummary> = {}): CardSummary {
  return {
    name: 'Demo card',
    version: '1.0.0',
    description: null,
    intendedUse: 'demonstration',
    notForClinicalUse: true,
    provenance: 'synthetic',
    sequences: ['T1', 'T2', 'T1C'],
    threshold: 0.5,
    features: [{ name: 'original_firstorder_Mean_T2', sequence: 'T2' }],
    riskGroups: { low: { label: 'Low risk', eventRate: 0.17 }, high: { label: 'High risk', eventRate: 0.5 } },
    ...overrides,
  };
}
