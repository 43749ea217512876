import {
  type DicomDataset,
  DicomInputError,
  describeInstance,
  firstItemOf,
  itemsOf,
  numberOf,
  requireNumbers,
  textOf,
} from './dataset';
import { formatPoint } from './geometry';
import { pixelLayoutOf, storedFrameValues } from './pixels';
import { type MaskTarget, type RoiChoice, type RoiInfo, requireSameFrameOfReference, selectRoi } from './roi';
import { type Vec3, type Volume, physicalToIndex, voxelCount } from '../radiomics/image/volume';

/** A frame lands on the grid when its pixel centres are within this fraction of a voxel of the grid's centres. */
export const SEG_ALIGNMENT_TOLERANCE = 0.01;
/** FRACTIONAL segments: a voxel is in the mask when its fraction (value / MaximumFractionalValue) is at least this. */
export const FRACTIONAL_THRESHOLD = 0.5;

export function listSegments(seg: DicomDataset): RoiInfo[] {
  const frameOfReferenceUID = textOf(seg, 'FrameOfReferenceUID');
  return itemsOf(seg, 'SegmentSequence').map((item, index) => {
    const number = numberOf(item, 'SegmentNumber', `SegmentSequence item ${index + 1}`);
    if (number === undefined) throw new DicomInputError(`SegmentSequence item ${index + 1} has no SegmentNumber`);
    return { number, name: textOf(item, 'SegmentLabel') ?? '', frameOfReferenceUID };
  });
}

/**
 * The mask of one segment of a DICOM SEG on the target grid. Each frame is placed by its own plane position
 * (PerFrameFunctionalGroupsSequence > PlanePositionSequence), orientation and pixel spacing, which must put its
 * pixel centres on the grid's voxel centres; several frames on one slice are combined (union). BINARY frames are
 * unpacked bit by bit across frame boundaries; FRACTIONAL ones are thresholded at FRACTIONAL_THRESHOLD.
 */
export function segToMask(seg: DicomDataset, target: MaskTarget, choice: RoiChoice): Volume<Uint8Array> {
  const where = describeInstance(seg);
  const segment = selectRoi(listSegments(seg), choice, 'SEG');
  const label = `segment ${segment.number} "${segment.name}"`;
  requireSameFrameOfReference(segment.frameOfReferenceUID, target, label);
  const type = textOf(seg, 'SegmentationType');
  const layout = pixelLayoutOf(seg, where);
  let threshold: number;
  if (type === 'BINARY') {
    if (layout.bitsAllocated !== 1) throw new DicomInputError(`${where}: a BINARY SEG needs BitsAllocated 1, not ${layout.bitsAllocated}`);
    threshold = 1;
  } else if (type === 'FRACTIONAL') {
    if (layout.bitsAllocated !== 8) throw new DicomInputError(`${where}: a FRACTIONAL SEG needs BitsAllocated 8, not ${layout.bitsAllocated}`);
    const maximum = numberOf(seg, 'MaximumFractionalValue', where) ?? 255;
    if (!(maximum > 0)) throw new DicomInputError(`${where}: MaximumFractionalValue ${maximum} is not positive`);
    threshold = FRACTIONAL_THRESHOLD * maximum;
  } else {
    throw new DicomInputError(`${where}: SegmentationType ${type ?? 'missing'} is neither BINARY nor FRACTIONAL`);
  }
  const perFrame = itemsOf(seg, 'PerFrameFunctionalGroupsSequence');
  const shared = itemsOf(seg, 'SharedFunctionalGroupsSequence')[0];
  if (perFrame.length !== layout.frames) {
    throw new DicomInputError(`${where}: PerFrameFunctionalGroupsSequence has ${perFrame.length} items for ${layout.frames} frames`);
  }
  const grid = target.volume;
  const [nx, ny, nz] = grid.size;
  const d = grid.direction;
  const data = new Uint8Array(voxelCount(grid.size));
  const singleSegment = listSegments(seg).length === 1;
  let inside = 0;
  let framesOfSegment = 0;
  perFrame.forEach((groups, frameIndex) => {
    const at = `${where} frame ${frameIndex + 1}`;
    const identification = firstItemOf('SegmentIdentificationSequence', groups, shared);
    const frameSegment = identification ? numberOf(identification, 'ReferencedSegmentNumber', at) : singleSegment ? segment.number : undefined;
    if (frameSegment === undefined) throw new DicomInputError(`${at} names no segment (SegmentIdentificationSequence)`);
    if (frameSegment !== segment.number) return;
    framesOfSegment++;
    const position = firstItemOf('PlanePositionSequence', groups, shared);
    const orientation = firstItemOf('PlaneOrientationSequence', groups, shared);
    const measures = firstItemOf('PixelMeasuresSequence', groups, shared);
    if (!position || !orientation || !measures) {
      throw new DicomInputError(`${at}: the plane position, orientation or pixel measures are missing, so the frame cannot be placed`);
    }
    const ipp = requireNumbers(position, 'ImagePositionPatient', 3, at) as Vec3;
    const iop = requireNumbers(orientation, 'ImageOrientationPatient', 6, at);
    const spacing = requireNumbers(measures, 'PixelSpacing', 2, at);
    const [i0, j0, k0] = physicalToIndex(grid, ipp);
    // One column / one row step of the frame, expressed in grid voxels: must be exactly (1,0,0) and (0,1,0).
    const step = (cosines: number[], length: number): Vec3 =>
      physicalToIndex({ ...grid, origin: [0, 0, 0] }, [cosines[0] * length, cosines[1] * length, cosines[2] * length]);
    const columnStep = step(iop.slice(0, 3), spacing[1]);
    const rowStep = step(iop.slice(3, 6), spacing[0]);
    const misfit = Math.max(
      Math.abs(i0 - Math.round(i0)),
      Math.abs(j0 - Math.round(j0)),
      Math.abs(k0 - Math.round(k0)),
      Math.abs(columnStep[0] - 1) * Math.max(layout.columns, 1),
      Math.abs(columnStep[1]) * layout.columns,
      Math.abs(columnStep[2]) * layout.columns,
      Math.abs(rowStep[0]) * layout.rows,
      Math.abs(rowStep[1] - 1) * layout.rows,
      Math.abs(rowStep[2]) * layout.rows,
    );
    if (!(misfit <= SEG_ALIGNMENT_TOLERANCE)) {
      throw new DicomInputError(
        `${at} (position ${formatPoint(ipp)}, spacing ${spacing.join('\\')}) does not lie on the image grid ` +
          `(origin ${formatPoint(grid.origin)}, spacing ${grid.spacing.map((s) => s.toFixed(4)).join('\\')}, ` +
          `direction ${formatPoint(d)}): the SEG was made on another series; map it through patient coordinates with mapMaskToGrid`,
      );
    }
    const values = storedFrameValues(seg, layout, frameIndex, at);
    const baseI = Math.round(i0);
    const baseJ = Math.round(j0);
    const k = Math.round(k0);
    for (let r = 0; r < layout.rows; r++) {
      for (let c = 0; c < layout.columns; c++) {
        if (values[r * layout.columns + c] < threshold) continue;
        const i = baseI + c;
        const j = baseJ + r;
        if (i < 0 || i >= nx || j < 0 || j >= ny || k < 0 || k >= nz) {
          throw new DicomInputError(`${at}: ${label} covers a pixel at column ${i}, row ${j}, slice ${k + 1}, outside the ${nx}x${ny}x${nz} image`);
        }
        const v = i + nx * (j + ny * k);
        if (data[v] === 0) {
          data[v] = 1;
          inside++;
        }
      }
    }
  });
  if (framesOfSegment === 0) throw new DicomInputError(`${label} has no frames in the SEG (empty segment)`);
  if (inside === 0) throw new DicomInputError(`${label} marks no voxel (empty segment)`);
  return { size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction], data, pixelType: 'uint8' };
}
