/**
 * The shape feature Maximum2DDiameterSlice made visible: the two mesh vertices it is measured between, in patient
 * space, so the viewport can draw the line on the slice where it occurs.
 *
 * PyRadiomics 3.0.1 (radiomics/src/cshape.c, calculate_coefficients + calculate_meshDiameter) takes the marching-cubes
 * vertices of the mask, one at the midpoint of every grid edge whose two voxels differ (in or out of the mask), and
 * keeps the largest distance between two vertices with the same z (index axis k, scaled by spacing). Vertices on
 * in-plane edges lie on slice k; vertices on edges along k lie half-way between slices k and k + 1, and PyRadiomics
 * compares those with each other too. Distances use spacing only (PyRadiomics ignores direction); the endpoints are
 * mapped to patient space through the mask's full geometry.
 */
import type { Vec3, Volume } from '../radiomics/image/volume';
import { indexToPhysical } from '../radiomics/image/volume';
import type { OverlayViewport } from './featureMapOverlay';

export interface DiameterLine {
  /** Maximum2DDiameterSlice in mm, as PyRadiomics computes it. */
  diameter: number;
  /** Continuous index k of the plane holding the line: an integer (a slice) or a half-integer (between two slices). */
  sliceIndex: number;
  /** The endpoints as continuous voxel indices (i, j, k) of the mask grid. */
  fromIndex: Vec3;
  toIndex: Vec3;
  /** The endpoints in patient (LPS) coordinates, mm. */
  from: Vec3;
  to: Vec3;
}

/** Twice-scaled in-plane vertex coordinates of one plane (2i, 2j keeps half-integers exact). */
type PlaneVertices = Map<number, number[]>;

function addVertex(planes: PlaneVertices, twiceK: number, twiceI: number, twiceJ: number): void {
  let plane = planes.get(twiceK);
  if (!plane) planes.set(twiceK, (plane = []));
  plane.push(twiceI, twiceJ);
}

/** The mesh vertices of the mask grouped by plane (key 2k), one per edge crossing the ROI boundary. */
function meshVertices(mask: Volume): PlaneVertices {
  const [nx, ny, nz] = mask.size;
  const inside = (i: number, j: number, k: number) =>
    i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && mask.data[i + nx * (j + ny * k)] !== 0;
  const planes: PlaneVertices = new Map();
  for (let k = -1; k < nz; k++) {
    for (let j = -1; j < ny; j++) {
      for (let i = -1; i < nx; i++) {
        const here = inside(i, j, k);
        if (k >= 0 && j >= 0 && here !== inside(i + 1, j, k)) addVertex(planes, 2 * k, 2 * i + 1, 2 * j);
        if (k >= 0 && i >= 0 && here !== inside(i, j + 1, k)) addVertex(planes, 2 * k, 2 * i, 2 * j + 1);
        if (i >= 0 && j >= 0 && here !== inside(i, j, k + 1)) addVertex(planes, 2 * k + 1, 2 * i, 2 * j);
      }
    }
  }
  return planes;
}

/** The endpoints of PyRadiomics' Maximum2DDiameterSlice of a binary mask (non-zero = ROI). */
export function maximum2DDiameterSlice(mask: Volume): DiameterLine {
  if (!mask.data.some((v) => v !== 0)) throw new Error('Cannot draw the maximum 2D diameter: the mask is empty.');
  const [sx, sy] = mask.spacing;
  let best = { squared: -1, twiceK: 0, a: [0, 0], b: [0, 0] };
  for (const [twiceK, coords] of meshVertices(mask)) {
    const count = coords.length / 2;
    for (let p = 0; p < count; p++) {
      const xp = coords[2 * p] * 0.5 * sx;
      const yp = coords[2 * p + 1] * 0.5 * sy;
      for (let q = p + 1; q < count; q++) {
        const dx = coords[2 * q] * 0.5 * sx - xp;
        const dy = coords[2 * q + 1] * 0.5 * sy - yp;
        const squared = dx * dx + dy * dy;
        if (squared > best.squared) best = { squared, twiceK, a: [coords[2 * p], coords[2 * p + 1]], b: [coords[2 * q], coords[2 * q + 1]] };
      }
    }
  }
  const sliceIndex = best.twiceK / 2;
  const fromIndex: Vec3 = [best.a[0] / 2, best.a[1] / 2, sliceIndex];
  const toIndex: Vec3 = [best.b[0] / 2, best.b[1] / 2, sliceIndex];
  return {
    diameter: Math.sqrt(best.squared),
    sliceIndex,
    fromIndex,
    toIndex,
    from: indexToPhysical(mask, fromIndex),
    to: indexToPhysical(mask, toIndex),
  };
}

/** How far (mm) the viewport's plane may be from the line's plane for the line to count as on the shown slice. */
function planeDistance(viewport: OverlayViewport, point: Vec3): number {
  const { focalPoint, viewPlaneNormal } = viewport.getCamera();
  if (!focalPoint || !viewPlaneNormal) return Infinity;
  return Math.abs(
    (point[0] - focalPoint[0]) * viewPlaneNormal[0] + (point[1] - focalPoint[1]) * viewPlaneNormal[1] + (point[2] - focalPoint[2]) * viewPlaneNormal[2],
  );
}

/**
 * Draws the diameter on a 2D context laid over the viewport (CSS pixels) when the viewport shows its plane, within
 * half the slice spacing; returns whether it was drawn.
 */
export function drawDiameterLine(context: CanvasRenderingContext2D, viewport: OverlayViewport, line: DiameterLine, sliceSpacing: number): boolean {
  if (planeDistance(viewport, line.from) > sliceSpacing / 2 + 1e-6) return false;
  const [ax, ay] = viewport.worldToCanvas(line.from);
  const [bx, by] = viewport.worldToCanvas(line.to);
  context.save();
  context.strokeStyle = '#facc15';
  context.fillStyle = '#facc15';
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(ax, ay);
  context.lineTo(bx, by);
  context.stroke();
  for (const [x, y] of [[ax, ay], [bx, by]]) {
    context.beginPath();
    context.arc(x, y, 3, 0, 2 * Math.PI);
    context.fill();
  }
  context.font = '12px sans-serif';
  context.fillText(`${line.diameter.toFixed(1)} mm (max 2D diameter)`, (ax + bx) / 2 + 6, (ay + by) / 2 - 6);
  context.restore();
  return true;
}
