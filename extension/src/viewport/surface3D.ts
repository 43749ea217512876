/**
 * The ROI's surface in a 3D view of the host: one viewport of the OHIF grid switched to a cornerstone volume3d
 * viewport (the sequence rendered as a volume) with the ROI as a cornerstone Surface segmentation, coloured like
 * the feature map's ROI; "Back to 2D" restores the viewport as it was.
 *
 * The surface is the boundary of the ROI's voxels (each face between an ROI voxel and a voxel outside it, two
 * triangles, corners shared), in patient coordinates: it shows the voxels the features were computed on, with no
 * smoothing that would invent a shape. Everything cornerstone is the host's, found at run time (never bundled).
 */
import type { Vec3, Volume } from '../radiomics/image/volume';
import { indexToPhysical } from '../radiomics/image/volume';

/** A triangle mesh as cornerstone's Surface geometry takes it: flat xyz points, vtk cell array [3, a, b, c, ...]. */
export interface SurfaceMesh {
  points: number[];
  polys: number[];
}

/** The four corners of each face (offsets from the voxel's lower corner), counter-clockwise seen from outside. */
const FACES: { neighbour: Vec3; corners: Vec3[] }[] = [
  { neighbour: [1, 0, 0], corners: [[1, 0, 0], [1, 1, 0], [1, 1, 1], [1, 0, 1]] },
  { neighbour: [-1, 0, 0], corners: [[0, 0, 0], [0, 0, 1], [0, 1, 1], [0, 1, 0]] },
  { neighbour: [0, 1, 0], corners: [[0, 1, 0], [0, 1, 1], [1, 1, 1], [1, 1, 0]] },
  { neighbour: [0, -1, 0], corners: [[0, 0, 0], [1, 0, 0], [1, 0, 1], [0, 0, 1]] },
  { neighbour: [0, 0, 1], corners: [[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]] },
  { neighbour: [0, 0, -1], corners: [[0, 0, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0]] },
];

/** The boundary surface of the voxels of `grid` for which `inside(n)` holds (n = i + nx (j + ny k)). */
export function roiSurface(grid: Volume, inside: (n: number) => boolean): SurfaceMesh {
  const [nx, ny, nz] = grid.size;
  const isInside = (i: number, j: number, k: number) => i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && inside(i + nx * (j + ny * k));
  const cornerPoint = new Map<number, number>();
  const points: number[] = [];
  const pointOf = (i: number, j: number, k: number): number => {
    const key = i + (nx + 1) * (j + (ny + 1) * k);
    let point = cornerPoint.get(key);
    if (point === undefined) {
      point = points.length / 3;
      cornerPoint.set(key, point);
      points.push(...indexToPhysical(grid, [i - 0.5, j - 0.5, k - 0.5]));
    }
    return point;
  };
  const polys: number[] = [];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (!isInside(i, j, k)) continue;
        for (const { neighbour, corners } of FACES) {
          if (isInside(i + neighbour[0], j + neighbour[1], k + neighbour[2])) continue;
          const [a, b, c, d] = corners.map(([di, dj, dk]) => pointOf(i + di, j + dj, k + dk));
          polys.push(3, a, b, c, 3, a, c, d);
        }
      }
    }
  }
  if (polys.length === 0) throw new Error('The ROI has no voxel: there is no surface to show.');
  return { points, polys };
}

/** The parts of the host's cornerstone core and tools the 3D view uses (from getCornerstoneLibraries()). */
export interface HostSurfaceLibraries {
  cornerstone: {
    Enums?: { GeometryType?: { SURFACE?: string } };
    geometryLoader?: { createAndCacheGeometry?(geometryId: string, options: { type: string; geometryData: unknown }): Promise<unknown> };
    getEnabledElementByViewportId(viewportId: string): { viewport: { type?: string; render?(): void; resetCamera?(): void } } | undefined;
  };
  cornerstoneTools?: {
    Enums?: { SegmentationRepresentations?: { Surface?: string } };
    segmentation?: {
      addSegmentations?(input: { segmentationId: string; representation: { type: string; data: { geometryIds: Map<number, string> } } }[]): void;
      addSurfaceRepresentationToViewport?(viewportId: string, input: { segmentationId: string }[]): unknown;
      removeSegmentation?(segmentationId: string): void;
    };
  };
}

/** The OHIF viewport grid service, as far as switching one viewport to 3D and back needs it. */
export interface SurfaceViewportGrid {
  getState(): { viewports: Map<string, { displaySetInstanceUIDs?: string[]; viewportOptions?: Record<string, unknown> }> };
  setDisplaySetsForViewports(
    viewports: { viewportId: string; displaySetInstanceUIDs: string[]; viewportOptions?: Record<string, unknown>; displaySetOptions?: Record<string, unknown>[] }[],
  ): Promise<void> | void;
}

export interface RoiSurface3D {
  /** Puts the viewport back as it was (2D) and removes the surface. */
  close(): Promise<void>;
}

/** Why a host cannot show the surface, or null when it can. */
export function surfaceSupportMissing(libraries: Partial<HostSurfaceLibraries> | undefined, grid: SurfaceViewportGrid | undefined): string | null {
  if (!grid) return 'This viewer has no viewport grid service to switch a viewport to 3D.';
  const core = libraries?.cornerstone;
  if (!core?.geometryLoader?.createAndCacheGeometry || !core.Enums?.GeometryType?.SURFACE) {
    return "This viewer's cornerstone has no surface geometry (geometryLoader, GeometryType.SURFACE): its 3D view cannot show the ROI surface.";
  }
  const segmentation = libraries?.cornerstoneTools?.segmentation;
  if (!segmentation?.addSegmentations || !segmentation.addSurfaceRepresentationToViewport || !libraries?.cornerstoneTools?.Enums?.SegmentationRepresentations?.Surface) {
    return "This viewer's cornerstone tools have no Surface segmentation representation: the ROI surface cannot be shown in 3D.";
  }
  return null;
}

const VOLUME_3D = 'volume3d';
/** The tool group and view OHIF's own "3D only" layout uses (rotate with the left button). */
const VOLUME_3D_TOOL_GROUP = 'volume3d';
/** ROI colour (RGB) of the surface: the yellow of the diameter line, visible against grey-scale volume rendering. */
const SURFACE_COLOUR: [number, number, number] = [250, 204, 21];

let surfaces = 0;

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined | null): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The host's promise, or an Error naming the step when it does not settle in time (a host bug must not hang us). */
async function within<T>(what: string, timeoutMs: number, promise: Promise<T> | T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${timeoutMs / 1000} s.`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Switches the viewport `viewportId` (showing `displaySetInstanceUID`) to 3D and adds the ROI surface `mesh`
 * (patient coordinates of `frameOfReferenceUID`), reporting each step. Throws an Error saying why (or which step
 * did not finish) when the host cannot.
 */
export async function showRoiSurface3D(
  libraries: HostSurfaceLibraries,
  grid: SurfaceViewportGrid,
  viewportId: string,
  displaySetInstanceUID: string,
  mesh: SurfaceMesh,
  frameOfReferenceUID: string,
  onStep: (step: string) => void = () => undefined,
): Promise<RoiSurface3D> {
  const missing = surfaceSupportMissing(libraries, grid);
  if (missing) throw new Error(missing);
  const core = libraries.cornerstone;
  const tools = libraries.cornerstoneTools as Required<HostSurfaceLibraries>['cornerstoneTools'];
  const previous = grid.getState().viewports.get(viewportId);
  onStep('switching the viewport to 3D');
  await within('Switching the viewport to 3D', 60_000, grid.setDisplaySetsForViewports([
    {
      viewportId,
      displaySetInstanceUIDs: [displaySetInstanceUID],
      viewportOptions: { viewportType: VOLUME_3D, toolGroupId: VOLUME_3D_TOOL_GROUP, orientation: 'coronal' },
      displaySetOptions: [{ displayPreset: { MR: 'MR-Default', default: 'MR-Default' } }],
    },
  ]));
  onStep('waiting for the 3D viewport');
  await until('The switch of the viewport to 3D', 60_000, () => core.getEnabledElementByViewportId(viewportId)?.viewport.type === VOLUME_3D);
  onStep('adding the ROI surface');
  const id = `prnn-roi-surface-${++surfaces}`;
  await within('Creating the surface geometry', 30_000, core.geometryLoader?.createAndCacheGeometry?.(id, {
    type: core.Enums?.GeometryType?.SURFACE as string,
    geometryData: { id, points: Float32Array.from(mesh.points), polys: mesh.polys, color: SURFACE_COLOUR, frameOfReferenceUID, segmentIndex: 1 },
  }));
  tools.segmentation?.addSegmentations?.([
    { segmentationId: id, representation: { type: tools.Enums?.SegmentationRepresentations?.Surface as string, data: { geometryIds: new Map([[1, id]]) } } },
  ]);
  await within('Adding the surface to the 3D viewport', 30_000, tools.segmentation?.addSurfaceRepresentationToViewport?.(viewportId, [{ segmentationId: id }]));
  const viewport = core.getEnabledElementByViewportId(viewportId)?.viewport;
  viewport?.resetCamera?.();
  viewport?.render?.();
  return {
    async close() {
      tools.segmentation?.removeSegmentation?.(id);
      await grid.setDisplaySetsForViewports([
        {
          viewportId,
          displaySetInstanceUIDs: previous?.displaySetInstanceUIDs ?? [displaySetInstanceUID],
          viewportOptions: { ...(previous?.viewportOptions ?? {}), viewportType: (previous?.viewportOptions?.viewportType as string | undefined) ?? 'stack' },
        },
      ]);
    },
  };
}
