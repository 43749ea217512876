/**
 * The ROI's surface in a 3D view of the host: a cornerstone volume3d viewport of the host's own cornerstone, laid
 * over the map's viewport, showing the ROI as a cornerstone Surface segmentation (rotate with the left button);
 * "Back to 2D" removes it and the 2D viewport is there again, untouched. The 3D view holds the surface only, not
 * the sequence's volume rendering: that keeps it instant on any GPU (software WebGL included) and the OHIF layout
 * as the hanging protocol made it.
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
    Enums?: { GeometryType?: { SURFACE?: string }; ViewportType?: { VOLUME_3D?: string } };
    RenderingEngine?: new (id: string) => SurfaceRenderingEngine;
    geometryLoader?: { createAndCacheGeometry?(geometryId: string, options: { type: string; geometryData: unknown }): unknown };
    getEnabledElementByViewportId(viewportId: string): { viewport: { element?: HTMLDivElement } } | undefined;
  };
  cornerstoneTools?: {
    Enums?: { SegmentationRepresentations?: { Surface?: string }; MouseBindings?: { Primary?: number } };
    segmentation?: {
      addSegmentations?(input: { segmentationId: string; representation: { type: string; data: { geometryIds: Map<number, string> } } }[]): void;
      addSurfaceRepresentationToViewport?(viewportId: string, input: { segmentationId: string }[]): unknown;
      removeSegmentation?(segmentationId: string): void;
    };
    ToolGroupManager?: {
      createToolGroup(id: string): SurfaceToolGroup | undefined;
      destroyToolGroup(id: string): void;
    };
    TrackballRotateTool?: { toolName: string };
  };
}

interface SurfaceRenderingEngine {
  id: string;
  enableElement(input: { viewportId: string; element: HTMLDivElement; type: string; defaultOptions?: Record<string, unknown> }): void;
  getViewport(viewportId: string): SurfaceViewport | undefined;
  destroy(): void;
}

interface SurfaceCamera {
  focalPoint?: number[];
  position?: number[];
  viewUp?: number[];
  parallelScale?: number;
}

interface SurfaceViewport {
  render(): void;
  resetCamera(): void;
  getCamera?(): SurfaceCamera;
  setCamera?(camera: SurfaceCamera): void;
}

interface SurfaceToolGroup {
  addTool(toolName: string): void;
  setToolActive(toolName: string, options: { bindings: { mouseButton: number }[] }): void;
  addViewport(viewportId: string, renderingEngineId: string): void;
}

export interface RoiSurface3D {
  /** Removes the 3D view (and the surface): the 2D viewport under it shows again. */
  close(): Promise<void>;
}

/** Why a host cannot show the surface, or null when it can. */
export function surfaceSupportMissing(libraries: Partial<HostSurfaceLibraries> | undefined): string | null {
  const core = libraries?.cornerstone;
  if (!core?.RenderingEngine || !core.Enums?.ViewportType?.VOLUME_3D) return "This viewer's cornerstone has no 3D viewport (volume3d): the ROI surface cannot be shown in 3D.";
  if (!core.geometryLoader?.createAndCacheGeometry || !core.Enums.GeometryType?.SURFACE) {
    return "This viewer's cornerstone has no surface geometry (geometryLoader, GeometryType.SURFACE): its 3D view cannot show the ROI surface.";
  }
  const segmentation = libraries?.cornerstoneTools?.segmentation;
  if (!segmentation?.addSegmentations || !segmentation.addSurfaceRepresentationToViewport || !libraries?.cornerstoneTools?.Enums?.SegmentationRepresentations?.Surface) {
    return "This viewer's cornerstone tools have no Surface segmentation representation: the ROI surface cannot be shown in 3D.";
  }
  return null;
}

/**
 * The geometry's colour; cornerstone draws a Surface segmentation in its segment colour (segment 1 of the default
 * colour table), which is shared with the host's own segmentations and so is left as it is.
 */
const SURFACE_COLOUR: [number, number, number] = [250, 204, 21];

/** Seen from the front, left and above (patient LPS: +x left, -y anterior, +z superior), head up: a 3D impression. */
const VIEW_DIRECTION = [0.55, -0.65, 0.52];
const OBLIQUE_MARGIN = 1.3;

let surfaces = 0;

/**
 * Lays a 3D view of the ROI surface `mesh` (patient coordinates of `frameOfReferenceUID`) over the viewport
 * `viewportId`. Throws an Error saying why when the host cannot.
 */
export async function showRoiSurface3D(
  libraries: HostSurfaceLibraries,
  viewportId: string,
  mesh: SurfaceMesh,
  frameOfReferenceUID: string,
): Promise<RoiSurface3D> {
  const missing = surfaceSupportMissing(libraries);
  if (missing) throw new Error(missing);
  const core = libraries.cornerstone;
  const tools = libraries.cornerstoneTools as Required<HostSurfaceLibraries>['cornerstoneTools'];
  const host = core.getEnabledElementByViewportId(viewportId)?.viewport.element;
  if (!host) throw new Error(`No viewport '${viewportId}' is shown: open the series before showing its ROI in 3D.`);
  const id = `prnn-roi-surface-${++surfaces}`;
  const element = document.createElement('div');
  element.dataset.testid = 'prnn-surface-view';
  Object.assign(element.style, { position: 'absolute', inset: '0', zIndex: '7', background: 'black' });
  if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
  host.append(element);
  const RenderingEngine = core.RenderingEngine as NonNullable<typeof core.RenderingEngine>;
  const engine = new RenderingEngine(id);
  const cleanUp = () => {
    tools.segmentation?.removeSegmentation?.(id);
    tools.ToolGroupManager?.destroyToolGroup(id);
    engine.destroy();
    element.remove();
  };
  try {
    engine.enableElement({ viewportId: id, element, type: core.Enums?.ViewportType?.VOLUME_3D as string, defaultOptions: { background: [0, 0, 0], orientation: 'coronal' } });
    await core.geometryLoader?.createAndCacheGeometry?.(id, {
      type: core.Enums?.GeometryType?.SURFACE as string,
      geometryData: { id, points: Float32Array.from(mesh.points), polys: mesh.polys, color: SURFACE_COLOUR, frameOfReferenceUID, segmentIndex: 1 },
    });
    tools.segmentation?.addSegmentations?.([
      { segmentationId: id, representation: { type: tools.Enums?.SegmentationRepresentations?.Surface as string, data: { geometryIds: new Map([[1, id]]) } } },
    ]);
    await tools.segmentation?.addSurfaceRepresentationToViewport?.(id, [{ segmentationId: id }]);
    const rotate = tools.TrackballRotateTool?.toolName;
    const primary = tools.Enums?.MouseBindings?.Primary;
    const toolGroup = rotate && primary !== undefined ? tools.ToolGroupManager?.createToolGroup(id) : undefined;
    if (toolGroup && rotate && primary !== undefined) {
      toolGroup.addTool(rotate);
      toolGroup.setToolActive(rotate, { bindings: [{ mouseButton: primary }] });
      toolGroup.addViewport(id, engine.id);
    }
    // The surface actor arrives with the segmentation render that follows; fit the camera to it then.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const viewport = engine.getViewport(id);
    viewport?.resetCamera();
    const camera = viewport?.getCamera?.();
    if (viewport?.setCamera && camera?.focalPoint && camera.position) {
      const [fx, fy, fz] = camera.focalPoint;
      const distance = Math.hypot(camera.position[0] - fx, camera.position[1] - fy, camera.position[2] - fz);
      const norm = Math.hypot(...VIEW_DIRECTION);
      viewport.setCamera({
        focalPoint: [fx, fy, fz],
        position: VIEW_DIRECTION.map((d, k) => [fx, fy, fz][k] + (distance * d) / norm),
        viewUp: [0, 0, 1],
        // The camera was fitted to the box seen face on; seen obliquely the ROI spans more of the view.
        ...(camera.parallelScale ? { parallelScale: camera.parallelScale * OBLIQUE_MARGIN } : {}),
      });
    }
    viewport?.render();
  } catch (error) {
    cleanUp();
    throw error;
  }
  return {
    async close() {
      cleanUp();
    },
  };
}
