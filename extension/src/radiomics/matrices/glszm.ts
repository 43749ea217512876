/**
 * Grey level size zones, as PyRadiomics' cmatrices.c calculate_glszm: connected components of ROI voxels with the
 * same grey level, connected through the bidirectional distance-1 angles (26-connectivity in 3D, 8 in-plane with
 * force2D), counted by grey level and size.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { paddedDelta, paddedLevels, type PaddedLevels } from './paddedLevels';

export interface SizeZones {
  /** Zone counts laid out [grey level present][zone size index]. */
  counts: Float64Array;
  /** The zone sizes that occur, ascending (PyRadiomics' jvector after deleting absent sizes). */
  sizes: Int32Array;
}

/*
 * Each pass is a function with one loop nest: V8 compiles a loop while it first runs, and code after it with no type
 * feedback yet would then be thrown away on each of the next images.
 */
export function calculateGlszm(roi: BinnedRoi, angles: Angles): SizeZones {
  const padded = paddedLevels(roi, angles);
  const voxels = padded.roiVoxels.length;
  // At most one zone per ROI voxel.
  const zoneLevel = new Int32Array(voxels);
  const zoneSize = new Int32Array(voxels);
  const zones = floodZones(padded, angles, roi.levelIndex, zoneLevel, zoneSize);
  // sizeIndex[size]: the column of a zone size, from 0 in ascending order of the sizes that occur (else -1).
  const sizeIndex = new Int32Array(voxels + 1).fill(-1);
  for (let k = 0; k < zones; k++) sizeIndex[zoneSize[k]] = 0;
  const sizes = new Int32Array(numberSizes(sizeIndex));
  for (let size = 1; size <= voxels; size++) if (sizeIndex[size] >= 0) sizes[sizeIndex[size]] = size;
  const counts = new Float64Array(roi.grayLevels.length * sizes.length);
  for (let k = 0; k < zones; k++) counts[zoneLevel[k] * sizes.length + sizeIndex[zoneSize[k]]]++;
  return { counts, sizes };
}

/** Numbers the marked (0) entries of sizeIndex in ascending order; returns how many there are. */
function numberSizes(sizeIndex: Int32Array): number {
  let count = 0;
  for (let size = 1; size < sizeIndex.length; size++) if (sizeIndex[size] === 0) sizeIndex[size] = count++;
  return count;
}

/** Finds the zones in raster order of their first voxel, writing each one's level index and size; returns their number. */
function floodZones(padded: PaddedLevels, angles: Angles, levelIndex: Int32Array, zoneLevel: Int32Array, zoneSize: Int32Array): number {
  // Grey levels of the voxels still to be assigned to a zone (PyRadiomics clears its mask copy in the same way).
  const unassigned = padded.levels.slice();
  const { roiVoxels } = padded;
  const deltas = Int32Array.from({ length: angles.count }, (_v, a) => paddedDelta(padded, angles, a));
  const stack = new Int32Array(roiVoxels.length);
  let zones = 0;
  for (let r = 0; r < roiVoxels.length; r++) {
    const start = roiVoxels[r];
    const grey = unassigned[start];
    if (grey === 0) continue;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    unassigned[start] = 0;
    while (top > 0) {
      const v = stack[--top];
      size++;
      for (let a = 0; a < deltas.length; a++) {
        const w = v + deltas[a];
        if (unassigned[w] !== grey) continue;
        unassigned[w] = 0;
        stack[top++] = w;
      }
    }
    zoneLevel[zones] = levelIndex[grey];
    zoneSize[zones++] = size;
  }
  return zones;
}
