import type { DicomDataset } from '../dataset';
import { textOf } from '../dataset';
import type { SeriesVolume } from '../series';
import { indexToPhysical, type Volume } from '../../radiomics/image/volume';
import { decimalString, newUid } from '../sr/write';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

export interface SegInput {
  /** The ROI on the series' own grid (1 inside), e.g. drawn or edited in the viewer. */
  mask: Volume;
  series: SeriesVolume;
  /** The series' instances (naturalized): SOP classes, and patient/study attributes copied from the first. */
  instances: DicomDataset[];
  segmentLabel: string;
  /** DICOM person name of whoever drew it, when known. */
  creatorName?: string;
  softwareVersion: string;
  contentDateTime?: Date;
  seriesNumber?: number;
}

/** DS values as strings of at most 16 characters: dcmjs would cut longer ones, exponent and all. */
const ds = (values: readonly number[]) => values.map(decimalString);
const code = (value: string, scheme: string, meaning: string) => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const PATIENT_STUDY = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyInstanceUID', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber'];

/**
 * A binary DICOM SEG (one segment) of a mask on the grid of the series it was drawn on: one frame per slice the mask
 * touches, each placed by the ImagePositionPatient of its slice and derived from that slice's source image.
 */
export function buildRoiSeg(input: SegInput): DicomDataset {
  const { mask, series } = input;
  const grid = series.volume;
  const same = (a: readonly number[], b: readonly number[], tolerance: number) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);
  if (!same(mask.size, grid.size, 0) || !same(mask.spacing, grid.spacing, 1e-6) || !same(mask.origin, grid.origin, 1e-4) || !same(mask.direction, grid.direction, 1e-6)) {
    throw new Error('The mask is not on the grid of the series it should be stored with; map it onto that grid first');
  }
  const sopClassOf = new Map(input.instances.map((i) => [textOf(i, 'SOPInstanceUID'), textOf(i, 'SOPClassUID')]));
  const [columns, rows, depth] = grid.size;
  const plane = rows * columns;
  const slices = Array.from({ length: depth }, (_, k) => k).filter((k) => {
    for (let p = k * plane; p < (k + 1) * plane; p++) if (mask.data[p]) return true;
    return false;
  });
  if (slices.length === 0) throw new Error('The ROI is empty: there is nothing to store as a SEG');
  const packed = new Uint8Array(Math.ceil((plane * slices.length) / 8));
  slices.forEach((k, frame) => {
    for (let p = 0; p < plane; p++) {
      if (mask.data[k * plane + p]) {
        const bit = frame * plane + p;
        packed[bit >> 3] |= 1 << (bit & 7);
      }
    }
  });
  const source = (k: number) => {
    const { sopInstanceUID } = series.slices[k];
    const sopClassUID = sopClassOf.get(sopInstanceUID);
    if (!sopClassUID) throw new Error(`Slice ${k} comes from instance ${sopInstanceUID}, which is not among the given instances`);
    return { ReferencedSOPClassUID: sopClassUID, ReferencedSOPInstanceUID: sopInstanceUID };
  };
  const d = grid.direction;
  const dimensionOrganizationUID = newUid();
  const now = input.contentDateTime ?? new Date();
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const copied: DicomDataset = {};
  // A fresh array: dcmjs hangs accessors on a person name's array, which the worker cannot post back.
  for (const keyword of PATIENT_STUDY) {
    const value = input.instances[0][keyword] ?? '';
    copied[keyword] = Array.isArray(value) ? value.map((v: unknown) => (v && typeof v === 'object' ? { ...v } : v)) : value;
  }
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    ...copied,
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: newUid(),
    Modality: 'SEG',
    SeriesInstanceUID: newUid(),
    SeriesNumber: input.seriesNumber ?? 9902,
    SeriesDescription: `PRNN ROI ${input.segmentLabel}`,
    Manufacturer: 'prnn-ohif',
    ManufacturerModelName: 'prnn-ohif',
    DeviceSerialNumber: '1',
    SoftwareVersions: input.softwareVersion,
    ContentDate: date,
    ContentTime: time,
    InstanceNumber: 1,
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: 'PRNN_ROI',
    ContentDescription: `ROI ${input.segmentLabel}`,
    ContentCreatorName: input.creatorName ?? '',
    FrameOfReferenceUID: series.frameOfReferenceUID ?? '',
    PositionReferenceIndicator: '',
    SegmentationType: 'BINARY',
    LossyImageCompression: '00',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    NumberOfFrames: slices.length,
    SegmentSequence: [
      {
        SegmentNumber: 1,
        SegmentLabel: input.segmentLabel,
        SegmentAlgorithmType: 'MANUAL',
        SegmentedPropertyCategoryCodeSequence: [code('49755003', 'SCT', 'Morphologically Altered Structure')],
        SegmentedPropertyTypeCodeSequence: [code('108369006', 'SCT', 'Neoplasm')],
      },
    ],
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUID }],
    DimensionIndexSequence: [
      { DimensionOrganizationUID: dimensionOrganizationUID, DimensionIndexPointer: 0x0062000b, FunctionalGroupPointer: 0x0062000a, DimensionDescriptionLabel: 'ReferencedSegmentNumber' },
      { DimensionOrganizationUID: dimensionOrganizationUID, DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'ImagePositionPatient' },
    ],
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: ds([d[0], d[3], d[6], d[1], d[4], d[7]]) }],
        // PixelSpacing is row spacing (between rows, along j) then column spacing (along i).
        PixelMeasuresSequence: [{ PixelSpacing: ds([grid.spacing[1], grid.spacing[0]]), SliceThickness: decimalString(grid.spacing[2]), SpacingBetweenSlices: decimalString(grid.spacing[2]) }],
      },
    ],
    PerFrameFunctionalGroupsSequence: slices.map((k, frame) => ({
      FrameContentSequence: [{ DimensionIndexValues: [1, frame + 1] }],
      PlanePositionSequence: [{ ImagePositionPatient: ds(indexToPhysical(grid, [0, 0, k])) }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }],
      DerivationImageSequence: [
        {
          SourceImageSequence: [{ ...source(k), PurposeOfReferenceCodeSequence: [code('121322', 'DCM', 'Source image for image processing operation')] }],
          DerivationCodeSequence: [code('113076', 'DCM', 'Segmentation')],
        },
      ],
    })),
    ReferencedSeriesSequence: [{ SeriesInstanceUID: series.seriesInstanceUID, ReferencedInstanceSequence: slices.map(source) }],
    PixelData: packed.buffer,
    _vrMap: { PixelData: 'OB' },
  };
}
