import { type DicomDataset, DicomInputError, describeInstance, requireNumbers, textOf } from '../dicom/dataset';
import { cross, dot, normalize, subtract } from '../dicom/geometry';
import { roiToMask } from '../dicom/masks';
import { type Direction, type Geometry, type Vec3, indexToPhysical } from '../radiomics/image/volume';

/**
 * Where a viewport should open: the slice through the ROI's centre of mass. The centre is computed on the mask our
 * engine extracts from (dicom/masks.ts), so "the tumour's centre" means the same thing in the viewer as in the
 * features. OHIF's own segment centres are not used: for an RTSTRUCT it takes the contour point nearest the mean
 * of all points, which lands on whichever of two slices has the smaller outline when the mean falls between them.
 */

/** One image of a stack as the viewer shows it: where its first pixel is and how its rows and columns run. */
export interface ImagePlane {
  imagePositionPatient: Vec3;
  rowCosines: Vec3;
  columnCosines: Vec3;
}

/** The grid of a single-frame image series from its instances' metadata alone (no pixels needed). */
export function gridOfInstances(instances: readonly DicomDataset[]): { volume: Geometry; frameOfReferenceUID: string | undefined } {
  if (instances.length === 0) throw new DicomInputError('the image series has no instances, so it has no grid');
  const first = instances[0];
  const where = describeInstance(first);
  const iop = requireNumbers(first, 'ImageOrientationPatient', 6, where);
  const row = normalize([iop[0], iop[1], iop[2]]);
  const column = normalize([iop[3], iop[4], iop[5]]);
  const normal = cross(row, column);
  const positions = instances
    .map((instance) => requireNumbers(instance, 'ImagePositionPatient', 3, describeInstance(instance)) as Vec3)
    .sort((a, b) => dot(a, normal) - dot(b, normal));
  const [rowSpacing, columnSpacing] = requireNumbers(first, 'PixelSpacing', 2, where);
  const span = dot(subtract(positions[positions.length - 1], positions[0]), normal);
  const sliceSpacing = positions.length > 1 ? span / (positions.length - 1) : 1;
  if (!(sliceSpacing > 0)) throw new DicomInputError(`${where}: the series' images share one position, so it has no slice spacing`);
  const direction: Direction = [row[0], column[0], normal[0], row[1], column[1], normal[1], row[2], column[2], normal[2]];
  return {
    volume: {
      size: [requireNumbers(first, 'Columns', 1, where)[0], requireNumbers(first, 'Rows', 1, where)[0], positions.length],
      spacing: [columnSpacing, rowSpacing, sliceSpacing],
      origin: positions[0],
      direction,
    },
    frameOfReferenceUID: textOf(first, 'FrameOfReferenceUID'),
  };
}

/**
 * The centre of mass (patient mm) of one ROI of a SEG or RTSTRUCT, rasterised on `grid` as the engine does; null
 * when the ROI covers no voxel of that grid.
 */
export function roiCentreOfMass(
  roiDataset: DicomDataset,
  roiNumber: number,
  grid: { volume: Geometry; frameOfReferenceUID: string | undefined },
): Vec3 | null {
  const mask = roiToMask(roiDataset, grid, roiNumber);
  const [nx, ny] = mask.size;
  const sum: Vec3 = [0, 0, 0];
  let count = 0;
  mask.data.forEach((inside, index) => {
    if (!inside) return;
    sum[0] += index % nx;
    sum[1] += Math.floor(index / nx) % ny;
    sum[2] += Math.floor(index / (nx * ny));
    count++;
  });
  return count === 0 ? null : indexToPhysical(mask, [sum[0] / count, sum[1] / count, sum[2] / count]);
}

/** The index of the image whose plane passes nearest `point` (distance along each image's normal). */
export function nearestImageIndex(planes: readonly ImagePlane[], point: Vec3): number {
  if (planes.length === 0) throw new Error('The viewport holds no image, so no slice can be chosen.');
  let best = 0;
  let bestDistance = Infinity;
  planes.forEach((plane, index) => {
    const normal = normalize(cross(plane.rowCosines, plane.columnCosines));
    const distance = Math.abs(dot(subtract(point, plane.imagePositionPatient), normal));
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
