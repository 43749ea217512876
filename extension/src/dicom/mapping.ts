import { type MaskTarget, requireSameFrameOfReference } from './roi';
import { DicomInputError } from './dataset';
import { resampleToReference } from '../radiomics/image/resample';
import { type Geometry, type Vec3, type Volume, indexToPhysical, physicalToIndex, voxelCount } from '../radiomics/image/volume';

/** Index bounds [min, max] per axis of the non-zero voxels, or undefined for an empty mask. */
function nonZeroBounds(mask: Volume): [Vec3, Vec3] | undefined {
  const [nx, ny] = mask.size;
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < mask.data.length; v++) {
    if (!mask.data[v]) continue;
    const index = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a], index[a]);
      max[a] = Math.max(max[a], index[a]);
    }
  }
  return Number.isFinite(min[0]) ? [min, max] : undefined;
}

/** Refuses a mask part of which would fall outside the target grid (it would be cut off silently). */
function requireInsideTarget(mask: Volume, grid: Geometry): void {
  const [nx, ny] = mask.size;
  let outside = 0;
  let total = 0;
  for (let v = 0; v < mask.data.length; v++) {
    if (!mask.data[v]) continue;
    total++;
    const index = physicalToIndex(grid, indexToPhysical(mask, [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))]));
    if (index.some((x, a) => !(x >= -0.5 && x < grid.size[a] - 0.5))) outside++;
  }
  if (outside > 0) {
    throw new DicomInputError(
      `${outside} of the ${total} voxels of the mask lie outside the target image once mapped: the ROI extends outside the image`,
    );
  }
}

/** The mask cut to its non-zero bounds plus one voxel (nearest neighbour reads nothing else), as 0/1 uint8. */
function croppedBinary(mask: Volume, [min, max]: [Vec3, Vec3]): Volume<Uint8Array> {
  const start = min.map((v) => Math.max(0, v - 1)) as Vec3;
  const end = max.map((v, a) => Math.min(mask.size[a], v + 2)) as Vec3;
  const size = [0, 1, 2].map((a) => end[a] - start[a]) as Vec3;
  const data = new Uint8Array(voxelCount(size));
  const [nx, ny] = mask.size;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const from = start[0] + nx * (start[1] + j + ny * (start[2] + k));
      const to = size[0] * (j + size[1] * k);
      for (let i = 0; i < size[0]; i++) data[to + i] = mask.data[from + i] ? 1 : 0;
    }
  }
  return { size, spacing: mask.spacing, origin: indexToPhysical(mask, start), direction: mask.direction, data, pixelType: 'uint8' };
}

/**
 * Maps a mask made on one series' grid onto another series' grid through patient coordinates: each target voxel
 * centre is taken to the source grid's continuous index and given the value of the nearest source voxel (ITK's
 * nearest-neighbour interpolation: sitk.Resample(mask, targetImage, identity, sitkNearestNeighbor), 0 outside the
 * source). Only the mask's bounding box is read and only the part of the target grid around it is resampled (the
 * rest is 0 either way), which keeps this fast on full-size MR grids. Both grids must share a frame of reference.
 */
export function mapMaskToGrid(mask: Volume, maskFrameOfReferenceUID: string | undefined, target: MaskTarget): Volume<Uint8Array> {
  requireSameFrameOfReference(maskFrameOfReferenceUID, target, 'the mask');
  const grid = target.volume;
  const bounds = nonZeroBounds(mask);
  if (!bounds) throw new DicomInputError('the mask to map is empty');
  requireInsideTarget(mask, grid);
  const low: Vec3 = [Infinity, Infinity, Infinity];
  const high: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    // Corners of the mask's voxels (half a voxel beyond the outermost centres), in target indices.
    const sourceIndex = [0, 1, 2].map((a) => ((corner >> a) & 1 ? bounds[1][a] + 0.5 : bounds[0][a] - 0.5)) as Vec3;
    const targetIndex = physicalToIndex(grid, indexToPhysical(mask, sourceIndex));
    for (let a = 0; a < 3; a++) {
      low[a] = Math.min(low[a], targetIndex[a]);
      high[a] = Math.max(high[a], targetIndex[a]);
    }
  }
  const start = low.map((v, a) => Math.max(0, Math.min(grid.size[a], Math.floor(v) - 1))) as Vec3;
  const end = high.map((v, a) => Math.max(0, Math.min(grid.size[a], Math.ceil(v) + 2))) as Vec3;
  const size = [0, 1, 2].map((a) => end[a] - start[a]) as Vec3;
  if (size.some((n) => n <= 0)) throw new DicomInputError('the mask lies entirely outside the target image once mapped');
  const region: Geometry = { size, spacing: grid.spacing, origin: indexToPhysical(grid, start), direction: grid.direction };
  const mapped = resampleToReference(croppedBinary(mask, bounds), region, 'sitkNearestNeighbor');
  const data = new Uint8Array(voxelCount(grid.size));
  let inside = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const from = size[0] * (j + size[1] * k);
      const to = start[0] + grid.size[0] * (start[1] + j + grid.size[1] * (start[2] + k));
      for (let i = 0; i < size[0]; i++) {
        const value = mapped.data[from + i];
        data[to + i] = value;
        inside += value;
      }
    }
  }
  if (inside === 0) throw new DicomInputError('the mask covers no voxel of the target image once mapped (the ROI lies outside it)');
  return { size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction], data, pixelType: 'uint8' };
}
