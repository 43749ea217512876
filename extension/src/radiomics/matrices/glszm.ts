/**
 * Grey level size zones, as PyRadiomics' cmatrices.c calculate_glszm: connected components of ROI voxels with the
 * same grey level, connected through the bidirectional distance-1 angles (26-connectivity in 3D, 8 in-plane with
 * force2D), counted by grey level and size.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';
import { paddedDelta, paddedLevels } from './paddedLevels';

export interface SizeZones {
  /** Zone counts laid out [grey level present][zone size index]. */
  counts: Float64Array;
  /** The zone sizes that occur, ascending (PyRadiomics' jvector after deleting absent sizes). */
  sizes: Int32Array;
}

export function calculateGlszm(roi: BinnedRoi, angles: Angles): SizeZones {
  const padded = paddedLevels(roi, angles);
  // Grey levels of the voxels still to be assigned to a zone (PyRadiomics clears its mask copy in the same way).
  const unassigned = padded.levels.slice();
  const { roiVoxels } = padded;
  const deltas = Int32Array.from({ length: angles.count }, (_v, a) => paddedDelta(padded, angles, a));
  const stack = new Int32Array(roiVoxels.length);
  // At most one zone per ROI voxel.
  const zoneLevel = new Int32Array(roiVoxels.length);
  const zoneSize = new Int32Array(roiVoxels.length);
  const sizeOccurs = new Uint8Array(roiVoxels.length + 1);
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
    zoneLevel[zones] = roi.levelIndex[grey];
    zoneSize[zones++] = size;
    sizeOccurs[size] = 1;
  }
  const sizeIndex = new Int32Array(sizeOccurs.length);
  let nSizes = 0;
  for (let size = 1; size < sizeOccurs.length; size++) if (sizeOccurs[size]) sizeIndex[size] = nSizes++;
  const sizes = new Int32Array(nSizes);
  for (let size = 1; size < sizeOccurs.length; size++) if (sizeOccurs[size]) sizes[sizeIndex[size]] = size;
  const counts = new Float64Array(roi.grayLevels.length * nSizes);
  for (let k = 0; k < zones; k++) counts[zoneLevel[k] * nSizes + sizeIndex[zoneSize[k]]]++;
  return { counts, sizes };
}
