import {
  type DicomDataset,
  DicomInputError,
  describeInstance,
  firstItemOf,
  itemsOf,
  numbersOf,
  requireNumbers,
  textOf,
} from './dataset';
import { cross, dot, formatPoint, norm, normalize, scale, subtract } from './geometry';
import { type PixelLayout, pixelLayoutOf, requirePixelData, storedFrameValues } from './pixels';
import { allocate } from '../radiomics/image/io/pixelData';
import type { Direction, PixelType, Vec3, Volume } from '../radiomics/image/volume';

/** A volume made from one DICOM image series, with what the ROI readers need to place masks on it. */
export interface SeriesVolume {
  volume: Volume;
  seriesInstanceUID: string;
  frameOfReferenceUID: string | undefined;
  /** Source of each slice k: SOP instance and (1-based) frame number. */
  slices: { sopInstanceUID: string; frameNumber: number }[];
}

/** Largest difference of direction cosines for two frames to count as equally oriented. */
export const ORIENTATION_TOLERANCE = 1e-4;
/** Largest relative difference of pixel spacings for frames to share one grid. */
export const SPACING_TOLERANCE = 1e-4;
/** A slice may sit at most this fraction of the slice spacing off the regular grid (and at least 0.001 mm). */
export const SLICE_POSITION_TOLERANCE = 0.01;

/** Largest volume accepted (2^30 voxels: 2 GiB at 16 bits), so that a damaged header cannot exhaust memory. */
export const MAX_VOXELS = 2 ** 30;

interface Frame {
  instance: DicomDataset;
  where: string;
  layout: PixelLayout;
  frameIndex: number;
  position: Vec3;
  row: Vec3;
  column: Vec3;
  /** PixelSpacing as stored: [between rows, between columns]. */
  pixelSpacing: [number, number];
  slope: number;
  intercept: number;
  sopInstanceUID: string;
}

function rescaleOf(item: DicomDataset | undefined, where: string): { slope: number; intercept: number } {
  const slope = item ? numbersOf(item, 'RescaleSlope', where)[0] ?? 1 : 1;
  const intercept = item ? numbersOf(item, 'RescaleIntercept', where)[0] ?? 0 : 0;
  if (slope === 0) throw new DicomInputError(`${where}: RescaleSlope is 0`);
  return { slope, intercept };
}

function framesOf(instance: DicomDataset): Frame[] {
  const where = describeInstance(instance);
  const layout = pixelLayoutOf(instance, where);
  const sopInstanceUID = textOf(instance, 'SOPInstanceUID') ?? '';
  const perFrame = itemsOf(instance, 'PerFrameFunctionalGroupsSequence');
  const shared = itemsOf(instance, 'SharedFunctionalGroupsSequence')[0];
  const geometryOf = (source: DicomDataset, at: string) => {
    const iop = requireNumbers(source, 'ImageOrientationPatient', 6, at);
    return {
      row: [iop[0], iop[1], iop[2]] as Vec3,
      column: [iop[3], iop[4], iop[5]] as Vec3,
    };
  };
  if (perFrame.length === 0 && !shared) {
    const { row, column } = geometryOf(instance, where);
    const ipp = requireNumbers(instance, 'ImagePositionPatient', 3, where);
    const spacing = requireNumbers(instance, 'PixelSpacing', 2, where);
    if (layout.frames !== 1) {
      throw new DicomInputError(`${where}: ${layout.frames} frames without per-frame functional groups cannot be placed in space`);
    }
    return [
      {
        instance,
        where,
        layout,
        frameIndex: 0,
        position: [ipp[0], ipp[1], ipp[2]],
        row,
        column,
        pixelSpacing: [spacing[0], spacing[1]],
        ...rescaleOf(instance, where),
        sopInstanceUID,
      },
    ];
  }
  if (perFrame.length !== layout.frames) {
    throw new DicomInputError(
      `${where}: PerFrameFunctionalGroupsSequence has ${perFrame.length} items for NumberOfFrames ${layout.frames}`,
    );
  }
  return perFrame.map((groups, frameIndex) => {
    const at = `${where} frame ${frameIndex + 1}`;
    const position = firstItemOf('PlanePositionSequence', groups, shared);
    const orientation = firstItemOf('PlaneOrientationSequence', groups, shared);
    const measures = firstItemOf('PixelMeasuresSequence', groups, shared);
    if (!position || !orientation || !measures) {
      throw new DicomInputError(
        `${at}: functional groups lack ${[!position && 'PlanePositionSequence', !orientation && 'PlaneOrientationSequence', !measures && 'PixelMeasuresSequence'].filter(Boolean).join(', ')}`,
      );
    }
    const ipp = requireNumbers(position, 'ImagePositionPatient', 3, at);
    const spacing = requireNumbers(measures, 'PixelSpacing', 2, at);
    return {
      instance,
      where: at,
      layout,
      frameIndex,
      position: [ipp[0], ipp[1], ipp[2]] as Vec3,
      ...geometryOf(orientation, at),
      pixelSpacing: [spacing[0], spacing[1]] as [number, number],
      ...rescaleOf(firstItemOf('PixelValueTransformationSequence', groups, shared) ?? instance, at),
      sopInstanceUID,
    };
  });
}

function sameVector(a: Vec3, b: Vec3): boolean {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) <= ORIENTATION_TOLERANCE;
}

function relativelyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= SPACING_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function checkConsistent(frames: Frame[]): void {
  const first = frames[0];
  for (const frame of frames) {
    const a = first.layout;
    const b = frame.layout;
    if (a.rows !== b.rows || a.columns !== b.columns) {
      throw new DicomInputError(
        `mixed image sizes: ${first.where} is ${a.rows}x${a.columns} but ${frame.where} is ${b.rows}x${b.columns} (rows x columns)`,
      );
    }
    if (a.bitsAllocated !== b.bitsAllocated || a.signed !== b.signed || a.bitsStored !== b.bitsStored) {
      throw new DicomInputError(`mixed pixel formats between ${first.where} and ${frame.where}`);
    }
    if (!sameVector(first.row, frame.row) || !sameVector(first.column, frame.column)) {
      throw new DicomInputError(
        `mixed orientations: ${first.where} has ImageOrientationPatient ${formatPoint([...first.row, ...first.column])} ` +
          `but ${frame.where} has ${formatPoint([...frame.row, ...frame.column])}; the files hold more than one stack`,
      );
    }
    if (!relativelyEqual(first.pixelSpacing[0], frame.pixelSpacing[0]) || !relativelyEqual(first.pixelSpacing[1], frame.pixelSpacing[1])) {
      throw new DicomInputError(
        `mixed pixel spacings: ${first.pixelSpacing.join('\\')} in ${first.where} vs ${frame.pixelSpacing.join('\\')} in ${frame.where}`,
      );
    }
  }
}

function integerTypeFor(min: number, max: number): PixelType {
  if (min >= 0) {
    if (max <= 0xff) return 'uint8';
    if (max <= 0xffff) return 'uint16';
    if (max <= 0xffffffff) return 'uint32';
  } else {
    if (max <= 0x7f && min >= -0x80) return 'int8';
    if (max <= 0x7fff && min >= -0x8000) return 'int16';
    if (max <= 0x7fffffff && min >= -0x80000000) return 'int32';
  }
  return 'float64';
}

/**
 * The pixel type SimpleITK (GDCM) gives the series: the stored type when every rescale is the identity; the
 * smallest integer type holding slope * [stored range] + intercept when slopes and intercepts are integers;
 * float64 otherwise. Unlike SimpleITK, which takes the first file's rescale for all, every frame is considered.
 */
export function seriesPixelType(layout: PixelLayout, rescales: { slope: number; intercept: number }[]): PixelType {
  const storedMin = layout.signed ? -(2 ** (layout.bitsStored - 1)) : 0;
  const storedMax = layout.signed ? 2 ** (layout.bitsStored - 1) - 1 : 2 ** layout.bitsStored - 1;
  if (rescales.every((r) => r.slope === 1 && r.intercept === 0)) {
    const bits = Math.max(8, layout.bitsAllocated);
    return `${layout.signed ? 'int' : 'uint'}${bits}` as PixelType;
  }
  if (rescales.some((r) => !Number.isInteger(r.slope) || !Number.isInteger(r.intercept))) return 'float64';
  let min = Infinity;
  let max = -Infinity;
  for (const { slope, intercept } of rescales) {
    const a = slope * storedMin + intercept;
    const b = slope * storedMax + intercept;
    min = Math.min(min, a, b);
    max = Math.max(max, a, b);
  }
  return integerTypeFor(min, max);
}

/** MONOCHROME1 (low values bright) turned into MONOCHROME2 as GDCM does for SimpleITK: stored' = min + max - stored. */
function invertMonochrome1(stored: Float64Array, layout: PixelLayout): void {
  const storedMin = layout.signed ? -(2 ** (layout.bitsStored - 1)) : 0;
  const storedMax = layout.signed ? 2 ** (layout.bitsStored - 1) - 1 : 2 ** layout.bitsStored - 1;
  for (let p = 0; p < stored.length; p++) stored[p] = storedMin + storedMax - stored[p];
}

/**
 * Stacks the frames of one image series (single-frame files, or enhanced/legacy-converted multi-frame instances)
 * into a Volume the way SimpleITK's ImageSeriesReader does with GDCM's ordering: slices sorted along the normal
 * row x column of ImageOrientationPatient, origin at the first slice, spacing (first - last distance) / (n - 1),
 * direction columns = row cosines, column cosines, normal. Refuses what cannot be one regular volume.
 */
export function seriesToVolume(instances: DicomDataset[]): SeriesVolume {
  if (instances.length === 0) throw new DicomInputError('no image instances were given');
  const seriesUIDs = [...new Set(instances.map((ds) => textOf(ds, 'SeriesInstanceUID') ?? ''))];
  if (seriesUIDs.length > 1) {
    throw new DicomInputError(`the instances belong to ${seriesUIDs.length} series (${seriesUIDs.join(', ')}); give one series`);
  }
  const frameOfReferenceUIDs = [...new Set(instances.map((ds) => textOf(ds, 'FrameOfReferenceUID')))];
  if (frameOfReferenceUIDs.length > 1) {
    throw new DicomInputError(`the series mixes frames of reference (${frameOfReferenceUIDs.join(', ')})`);
  }
  const frames = instances.flatMap(framesOf);
  checkConsistent(frames);
  const first = frames[0];
  const row = normalize(first.row);
  const column = normalize(first.column);
  if (Math.abs(dot(row, column)) > ORIENTATION_TOLERANCE || Math.abs(norm(first.row) - 1) > 1e-3 || Math.abs(norm(first.column) - 1) > 1e-3) {
    throw new DicomInputError(`${first.where}: ImageOrientationPatient ${formatPoint([...first.row, ...first.column])} is not two orthogonal unit vectors`);
  }
  const normal = cross(row, column);
  const sorted = frames
    .map((frame) => ({ frame, along: dot(frame.position, normal) }))
    .sort((a, b) => a.along - b.along);

  let sliceSpacing: number;
  if (sorted.length === 1) {
    // As GDCM: SpacingBetweenSlices when present, else 1 (SliceThickness is not a spacing).
    const between = numbersOf(first.instance, 'SpacingBetweenSlices', first.where)[0];
    sliceSpacing = between && between > 0 ? between : 1;
  } else {
    const gaps = sorted.slice(1).map((s, k) => s.along - sorted[k].along);
    for (let k = 0; k < gaps.length; k++) {
      if (gaps[k] < 1e-3) {
        throw new DicomInputError(
          `duplicate slice position ${formatPoint(sorted[k + 1].frame.position)} in ${sorted[k].frame.where} and ` +
            `${sorted[k + 1].frame.where}: the series holds several images per location (echoes, phases or repeats)`,
        );
      }
    }
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
    for (let k = 0; k < gaps.length; k++) {
      if (gaps[k] > 1.5 * median) {
        throw new DicomInputError(
          `missing slice(s): a gap of ${gaps[k].toFixed(3)} mm between ${formatPoint(sorted[k].frame.position)} and ` +
            `${formatPoint(sorted[k + 1].frame.position)} where the slices are ${median.toFixed(3)} mm apart`,
        );
      }
    }
    const span = sorted[sorted.length - 1].along - sorted[0].along;
    const step = span / (sorted.length - 1);
    const tolerance = Math.max(1e-3, SLICE_POSITION_TOLERANCE * step);
    for (let k = 0; k < sorted.length; k++) {
      const offset = sorted[k].along - (sorted[0].along + k * step);
      if (Math.abs(offset) > tolerance) {
        throw new DicomInputError(
          `irregular slice spacing: slice ${k + 1} at ${formatPoint(sorted[k].frame.position)} is ${offset.toFixed(4)} mm ` +
            `off a regular ${step.toFixed(4)} mm grid (tolerance ${tolerance.toFixed(4)} mm)`,
        );
      }
      const inPlane = subtract(subtract(sorted[k].frame.position, sorted[0].frame.position), scale(normal, sorted[k].along - sorted[0].along));
      if (norm(inPlane) > tolerance) {
        throw new DicomInputError(
          `slice ${k + 1} at ${formatPoint(sorted[k].frame.position)} is shifted ${norm(inPlane).toFixed(4)} mm within its plane ` +
            'from the stack axis (gantry tilt or sheared stack); such a series cannot be one volume without resampling',
        );
      }
    }
    sliceSpacing = norm(subtract(sorted[sorted.length - 1].frame.position, sorted[0].frame.position)) / (sorted.length - 1);
  }

  const { rows, columns } = first.layout;
  if (rows * columns * sorted.length > MAX_VOXELS) {
    throw new DicomInputError(`${columns}x${rows}x${sorted.length} voxels is more than the ${MAX_VOXELS} a volume may hold here`);
  }
  const checked = new Set<DicomDataset>();
  for (const frame of frames) {
    if (checked.has(frame.instance)) continue;
    checked.add(frame.instance);
    requirePixelData(frame.instance, frame.layout, describeInstance(frame.instance));
  }
  const pixelType = seriesPixelType(first.layout, frames);
  const sliceSize = rows * columns;
  const data = allocate(pixelType, sliceSize * sorted.length);
  sorted.forEach(({ frame }, k) => {
    const stored = storedFrameValues(frame.instance, frame.layout, frame.frameIndex, frame.where);
    if (textOf(frame.instance, 'PhotometricInterpretation') === 'MONOCHROME1') invertMonochrome1(stored, frame.layout);
    const base = k * sliceSize;
    const { slope, intercept } = frame;
    if (slope === 1 && intercept === 0) {
      for (let p = 0; p < sliceSize; p++) data[base + p] = stored[p];
    } else {
      for (let p = 0; p < sliceSize; p++) data[base + p] = slope * stored[p] + intercept;
    }
  });
  const direction: Direction = [row[0], column[0], normal[0], row[1], column[1], normal[1], row[2], column[2], normal[2]];
  const volume: Volume = {
    size: [columns, rows, sorted.length],
    spacing: [first.pixelSpacing[1], first.pixelSpacing[0], sliceSpacing],
    origin: [...sorted[0].frame.position] as Vec3,
    direction,
    data,
    pixelType,
  };
  return {
    volume,
    seriesInstanceUID: seriesUIDs[0],
    frameOfReferenceUID: frameOfReferenceUIDs[0],
    slices: sorted.map(({ frame }) => ({ sopInstanceUID: frame.sopInstanceUID, frameNumber: frame.frameIndex + 1 })),
  };
}
