/**
 * Grey level size zones, as PyRadiomics' cmatrices.c calculate_glszm: connected components of ROI voxels with the
 * same grey level, connected through the bidirectional distance-1 angles (26-connectivity in 3D, 8 in-plane with
 * force2D), counted by grey level and size.
 */
import type { Angles } from './angles';
import type { BinnedRoi } from './binnedRoi';

export interface SizeZones {
  /** Zone counts laid out [grey level present][zone size index]. */
  counts: Float64Array;
  /** The zone sizes that occur, ascending (PyRadiomics' jvector after deleting absent sizes). */
  sizes: Int32Array;
}

export function calculateGlszm(roi: BinnedRoi, angles: Angles): SizeZones {
  const { binned, mask, shape, levelIndex } = roi;
  const [nz, ny, nx] = shape;
  // Voxels still to be assigned to a zone (PyRadiomics clears its mask copy in the same way).
  const unassigned = Uint8Array.from(mask);
  const stack = new Int32Array(roi.voxels);
  const zoneLevel: number[] = [];
  const zoneSize: number[] = [];
  const { offsets } = angles;
  const deltas = Int32Array.from({ length: angles.count }, (_v, a) => (offsets[a * 3] * ny + offsets[a * 3 + 1]) * nx + offsets[a * 3 + 2]);
  for (let start = 0; start < mask.length; start++) {
    if (unassigned[start] === 0) continue;
    const grey = binned[start];
    let top = 0;
    let size = 0;
    stack[top++] = start;
    unassigned[start] = 0;
    while (top > 0) {
      const v = stack[--top];
      size++;
      const x = v % nx;
      const y = Math.trunc(v / nx) % ny;
      const z = Math.trunc(v / (nx * ny));
      // Away from the array border every (distance-1) offset stays inside: no per-neighbour bounds check needed.
      const interior = x > 0 && x < nx - 1 && y > 0 && y < ny - 1 && z > 0 && z < nz - 1;
      for (let a = 0; a < angles.count; a++) {
        if (!interior) {
          const zz = z + offsets[a * 3];
          const yy = y + offsets[a * 3 + 1];
          const xx = x + offsets[a * 3 + 2];
          if (zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx) continue;
        }
        const w = v + deltas[a];
        if (unassigned[w] === 0 || binned[w] !== grey) continue;
        unassigned[w] = 0;
        stack[top++] = w;
      }
    }
    zoneLevel.push(levelIndex[grey]);
    zoneSize.push(size);
  }
  const sizes = Int32Array.from(new Set(zoneSize)).sort();
  const sizeIndex = new Map<number, number>();
  sizes.forEach((s, k) => sizeIndex.set(s, k));
  const counts = new Float64Array(roi.grayLevels.length * sizes.length);
  for (let k = 0; k < zoneSize.length; k++) counts[zoneLevel[k] * sizes.length + (sizeIndex.get(zoneSize[k]) ?? 0)]++;
  return { counts, sizes };
}
