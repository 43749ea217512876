import {
  type DicomDataset,
  DicomInputError,
  itemsOf,
  numberOf,
  numbersOf,
  textOf,
} from './dataset';
import { formatPoint } from './geometry';
import { type MaskTarget, type RoiChoice, type RoiInfo, requireSameFrameOfReference, selectRoi } from './roi';
import { type Vec3, type Volume, physicalToIndex, voxelCount } from '../radiomics/image/volume';

/**
 * A contour belongs to slice k when all its points lie within this fraction of the slice spacing of that slice's
 * plane; further off, it is refused as not lying in the image's slice planes.
 */
export const CONTOUR_PLANE_TOLERANCE = 0.1;
/** Contour points may lie up to this many voxels beyond the outermost voxel centres (its outer edge is at 0.5). */
export const CONTOUR_EXTENT_TOLERANCE = 0.5 + 1e-3;

function frameOfReferenceOfStructureSet(rt: DicomDataset): string | undefined {
  const referenced = itemsOf(rt, 'ReferencedFrameOfReferenceSequence')
    .map((item) => textOf(item, 'FrameOfReferenceUID'))
    .filter((uid): uid is string => !!uid);
  return referenced.length === 1 ? referenced[0] : textOf(rt, 'FrameOfReferenceUID');
}

export function listRtstructRois(rt: DicomDataset): RoiInfo[] {
  const fallbackFrame = frameOfReferenceOfStructureSet(rt);
  return itemsOf(rt, 'StructureSetROISequence').map((item, index) => {
    const number = numberOf(item, 'ROINumber', `StructureSetROISequence item ${index + 1}`);
    if (number === undefined) throw new DicomInputError(`StructureSetROISequence item ${index + 1} has no ROINumber`);
    return {
      number,
      name: textOf(item, 'ROIName') ?? '',
      frameOfReferenceUID: textOf(item, 'ReferencedFrameOfReferenceUID') ?? fallbackFrame,
    };
  });
}

interface Polygon {
  slice: number;
  /** Continuous column (i) and row (j) indices of the vertices, interleaved. */
  points: Float64Array;
}

function contourPolygons(rt: DicomDataset, roi: RoiInfo, grid: MaskTarget['volume']): Polygon[] {
  const label = `ROI ${roi.number} "${roi.name}"`;
  const roiContours = itemsOf(rt, 'ROIContourSequence').filter(
    (item) => numberOf(item, 'ReferencedROINumber', 'ROIContourSequence') === roi.number,
  );
  const contours = roiContours.flatMap((item) => itemsOf(item, 'ContourSequence'));
  if (contours.length === 0) throw new DicomInputError(`${label} has no contours (empty ROI)`);
  const [nx, ny, nz] = grid.size;
  return contours.map((contour, index) => {
    const where = `${label} contour ${index + 1}`;
    const type = textOf(contour, 'ContourGeometricType') ?? 'CLOSED_PLANAR';
    if (type !== 'CLOSED_PLANAR') {
      throw new DicomInputError(`${where} is ${type}; only CLOSED_PLANAR contours enclose a region`);
    }
    const data = numbersOf(contour, 'ContourData', where);
    if (data.length < 9 || data.length % 3 !== 0) {
      throw new DicomInputError(`${where}: ContourData has ${data.length} values; a closed contour needs at least 3 points (x, y, z each)`);
    }
    const count = data.length / 3;
    const points = new Float64Array(2 * count);
    let kSum = 0;
    const ks = new Float64Array(count);
    for (let p = 0; p < count; p++) {
      const point: Vec3 = [data[3 * p], data[3 * p + 1], data[3 * p + 2]];
      const [i, j, k] = physicalToIndex(grid, point);
      points[2 * p] = i;
      points[2 * p + 1] = j;
      ks[p] = k;
      kSum += k;
    }
    const slice = Math.round(kSum / count);
    let worst = 0;
    for (let p = 0; p < count; p++) worst = Math.max(worst, Math.abs(ks[p] - slice));
    if (!(worst <= CONTOUR_PLANE_TOLERANCE)) {
      const firstPoint = formatPoint(data.slice(0, 3));
      throw new DicomInputError(
        `${where} (first point ${firstPoint} mm) is not in a slice plane of the image: it lies ${(worst * grid.spacing[2]).toFixed(3)} mm ` +
          `from slice ${slice + 1} (tolerance ${(CONTOUR_PLANE_TOLERANCE * grid.spacing[2]).toFixed(3)} mm); the contour is ` +
          'not planar, not parallel to the slices, or drawn on another series; map a mask made on that series instead',
      );
    }
    if (slice < 0 || slice >= nz) {
      throw new DicomInputError(`${where} lies on slice ${slice + 1} of an image with ${nz} slices: the ROI extends outside the image`);
    }
    for (let p = 0; p < count; p++) {
      const i = points[2 * p];
      const j = points[2 * p + 1];
      if (i < -CONTOUR_EXTENT_TOLERANCE || i > nx - 1 + CONTOUR_EXTENT_TOLERANCE || j < -CONTOUR_EXTENT_TOLERANCE || j > ny - 1 + CONTOUR_EXTENT_TOLERANCE) {
        throw new DicomInputError(
          `${where}: point ${formatPoint(data.slice(3 * p, 3 * p + 3))} mm lies outside the image (column ${i.toFixed(1)}, row ${j.toFixed(1)} ` +
            `of ${nx}x${ny}): the ROI extends outside the image`,
        );
      }
    }
    return { slice, points };
  });
}

/**
 * Rasterises one ROI of an RT Structure Set on the target grid. A voxel belongs to the ROI when its centre is inside
 * under the even-odd rule applied to all contours of the ROI in its slice (so a contour inside another is a hole,
 * and overlapping contours cancel where they overlap). Centres exactly on an edge follow the half-open rule
 * (inside on the left/top edge, outside on the right/bottom edge). Contours are matched to slices by their
 * position in patient space and the frame of reference, never by the referenced SOP instances.
 */
export function rtstructToMask(rt: DicomDataset, target: MaskTarget, choice: RoiChoice): Volume<Uint8Array> {
  const roi = selectRoi(listRtstructRois(rt), choice, 'RTSTRUCT');
  requireSameFrameOfReference(roi.frameOfReferenceUID, target, `ROI ${roi.number} "${roi.name}"`);
  const grid = target.volume;
  const polygons = contourPolygons(rt, roi, grid);
  const [nx, ny] = grid.size;
  const data = new Uint8Array(voxelCount(grid.size));
  const bySlice = new Map<number, Polygon[]>();
  for (const polygon of polygons) bySlice.set(polygon.slice, [...(bySlice.get(polygon.slice) ?? []), polygon]);
  const crossings: number[] = [];
  let inside = 0;
  for (const [slice, slicePolygons] of bySlice) {
    for (let j = 0; j < ny; j++) {
      crossings.length = 0;
      for (const { points } of slicePolygons) {
        const n = points.length / 2;
        for (let a = 0, b = n - 1; a < n; b = a++) {
          const ya = points[2 * a + 1];
          const yb = points[2 * b + 1];
          if (ya <= j !== yb <= j) {
            const xa = points[2 * a];
            const xb = points[2 * b];
            crossings.push(xa + ((j - ya) * (xb - xa)) / (yb - ya));
          }
        }
      }
      if (crossings.length === 0) continue;
      crossings.sort((x, y) => x - y);
      const rowBase = nx * (j + ny * slice);
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        const from = Math.max(0, Math.ceil(crossings[c]));
        const to = Math.min(nx, Math.ceil(crossings[c + 1]));
        for (let i = from; i < to; i++) {
          data[rowBase + i] = 1;
        }
      }
    }
  }
  for (let v = 0; v < data.length; v++) inside += data[v];
  if (inside === 0) {
    throw new DicomInputError(`ROI ${roi.number} "${roi.name}" encloses no voxel centre of the image (empty ROI on this grid)`);
  }
  return {
    size: [...grid.size],
    spacing: [...grid.spacing],
    origin: [...grid.origin],
    direction: [...grid.direction],
    data,
    pixelType: 'uint8',
  };
}
