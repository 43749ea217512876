/**
 * A voxel feature map shown over a cornerstone viewport of the host: a 2D canvas laid over the viewport element,
 * redrawn on every render of the viewport with the map's slice at the viewport's plane, placed by an affine
 * transform computed from the viewport's own worldToCanvas (so pan, zoom, flips and rotation follow the camera),
 * a colour bar, an opacity slider and the map's value under the cursor.
 *
 * A canvas rather than a cornerstone labelmap/fusion volume: it needs nothing from cornerstone but the viewport's
 * camera and coordinate transforms (stable across cornerstone 3D versions), touches neither the host's cache nor its
 * segmentation state, and shows the map's own voxels (no resampling to the image grid). It supports viewports whose
 * plane is parallel to the map's slices (the acquisition plane, which is how the PRNN mode hangs the sequences).
 */
import type { Vec3, Volume } from '../radiomics/image/volume';
import { indexToPhysical, physicalToIndex } from '../radiomics/image/volume';
import { drawDiameterLine } from './diameterLine';
import type { DiameterLine } from './diameterLine';

/** The parts of a cornerstone 3D viewport (IStackViewport / IVolumeViewport) the overlay uses. */
export interface OverlayViewport {
  element: HTMLDivElement;
  worldToCanvas(world: Vec3): [number, number];
  canvasToWorld(canvas: [number, number]): Vec3;
  getCamera(): { focalPoint?: Vec3; viewPlaneNormal?: Vec3 };
}

/** The parts of the host's cornerstone core the overlay uses (from getCornerstoneLibraries(), never bundled). */
export interface HostCornerstone {
  Enums: { Events: { IMAGE_RENDERED: string } };
  getEnabledElementByViewportId(viewportId: string): { viewport: OverlayViewport } | undefined;
}

export type Rgb = [number, number, number];

/** Viridis (matplotlib), sampled at 9 evenly spaced stops: perceptually uniform, readable for colour-blind users. */
const VIRIDIS: Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** The colour of t in [0, 1] (clamped), linearly interpolated between the viridis stops. */
export function viridis(t: number): Rgb {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const low = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - low;
  const [a, b] = [VIRIDIS[low], VIRIDIS[low + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + f * (b[c] - a[c]))) as Rgb;
}

/** Which voxels of the map carry a value: the ROI mask on the map's grid (non-zero = shown), else every finite voxel. */
function shown(map: Volume, roi: ArrayLike<number> | undefined, n: number): boolean {
  return (roi === undefined || roi[n] !== 0) && Number.isFinite(map.data[n]);
}

/** Minimum and maximum of the shown voxels; an error when none is shown (a map with nothing to draw is a bug). */
export function mapRange(map: Volume, roi?: ArrayLike<number>): [number, number] {
  if (roi !== undefined && roi.length !== map.data.length) throw new Error(`The ROI has ${roi.length} voxels but the feature map has ${map.data.length}.`);
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < map.data.length; n++) {
    if (!shown(map, roi, n)) continue;
    min = Math.min(min, map.data[n]);
    max = Math.max(max, map.data[n]);
  }
  if (min > max) throw new Error('The feature map has no finite value inside the ROI.');
  return [min, max];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * The map's slice k shown by a viewport whose plane passes through focalPoint with normal viewPlaneNormal, or null
 * when the plane is outside the map. An error when the plane is not parallel to the map's slices.
 */
export function sliceAtPlane(map: Volume, focalPoint: Vec3, viewPlaneNormal: Vec3): number | null {
  const d = map.direction;
  const kAxis: Vec3 = [d[2], d[5], d[8]];
  if (Math.abs(dot(kAxis, viewPlaneNormal)) < 0.999) {
    throw new Error('The viewport is not in the plane of the feature map (reformatted view): show it on the acquisition plane.');
  }
  const k = Math.round(physicalToIndex(map, focalPoint)[2]);
  return k >= 0 && k < map.size[2] ? k : null;
}

/** RGBA pixels (i fastest, one per voxel) of slice k: shown voxels coloured over [min, max], the others transparent. */
export function sliceColours(map: Volume, k: number, range: [number, number], roi?: ArrayLike<number>): Uint8ClampedArray {
  const [nx, ny] = map.size;
  const [min, max] = range;
  const span = max > min ? max - min : 1;
  const rgba = new Uint8ClampedArray(nx * ny * 4);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const n = i + nx * (j + ny * k);
      if (!shown(map, roi, n)) continue;
      const [r, g, b] = viridis((map.data[n] - min) / span);
      rgba.set([r, g, b, 255], 4 * (i + nx * j));
    }
  }
  return rgba;
}

/**
 * The canvas transform [a, b, c, d, e, f] (CanvasRenderingContext2D.setTransform) that draws a slice image, pixel
 * (u, v) covering voxel (u, v) of slice k, where the viewport shows it. Image pixel corners are voxel centres - 0.5;
 * worldToCanvas is affine for cornerstone's parallel projection, so three points define it.
 */
export function sliceTransform(map: Volume, k: number, worldToCanvas: (world: Vec3) => [number, number]): [number, number, number, number, number, number] {
  const [ox, oy] = worldToCanvas(indexToPhysical(map, [-0.5, -0.5, k]));
  const [ux, uy] = worldToCanvas(indexToPhysical(map, [0.5, -0.5, k]));
  const [vx, vy] = worldToCanvas(indexToPhysical(map, [-0.5, 0.5, k]));
  return [ux - ox, uy - oy, vx - ox, vy - oy, ox, oy];
}

/** The map's value at a patient-space point (nearest voxel), or null outside the map or outside the ROI. */
export function valueAt(map: Volume, world: Vec3, roi?: ArrayLike<number>): number | null {
  const index = physicalToIndex(map, world).map(Math.round) as Vec3;
  if (index.some((c, axis) => c < 0 || c >= map.size[axis])) return null;
  const n = index[0] + map.size[0] * (index[1] + map.size[1] * index[2]);
  return shown(map, roi, n) ? map.data[n] : null;
}

/** Shortest readable form of a map value or colour-bar bound. */
export function formatMapValue(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3) ? value.toExponential(3) : String(Number(value.toPrecision(5)));
}

export interface FeatureMapOverlayOptions {
  /** The feature's name, shown above the colour bar. */
  label: string;
  map: Volume;
  /** The ROI on the map's grid; voxels outside it are not drawn. */
  roi?: ArrayLike<number>;
  /** Initial opacity, 0..1. */
  opacity?: number;
  /** Drawn too when the viewport shows its plane. */
  diameter?: DiameterLine;
}

export interface FeatureMapOverlay {
  setOpacity(opacity: number): void;
  /** Removes every element and listener the overlay added. */
  destroy(): void;
}

const HOVER_HINT = 'Value: move the cursor over the ROI';
const OFF_SLICE = 'The map is not on this slice: scroll to the ROI.';

const CSS_GRADIENT = `linear-gradient(to top, ${VIRIDIS.map((c) => `rgb(${c.join(',')})`).join(', ')})`;

/** Lays the map over the viewport `viewportId` of the host's cornerstone; it follows the camera until destroyed. */
export function showFeatureMapOverlay(cornerstone: HostCornerstone, viewportId: string, options: FeatureMapOverlayOptions): FeatureMapOverlay {
  const viewport = cornerstone.getEnabledElementByViewportId(viewportId)?.viewport;
  if (!viewport) throw new Error(`No viewport '${viewportId}' is shown: open the series before showing its feature map.`);
  const { map, roi, label } = options;
  const range = mapRange(map, roi);
  const element = viewport.element;
  if (getComputedStyle(element).position === 'static') element.style.position = 'relative';

  const canvas = document.createElement('canvas');
  canvas.dataset.testid = 'prnn-feature-map-canvas';
  Object.assign(canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '5' });
  const legend = document.createElement('div');
  legend.dataset.testid = 'prnn-feature-map-legend';
  Object.assign(legend.style, {
    position: 'absolute', right: '8px', top: '40px', zIndex: '6', background: 'rgba(0,0,0,0.7)', color: '#e5e7eb',
    font: '11px sans-serif', padding: '6px', borderRadius: '4px', display: 'flex', flexDirection: 'column', gap: '4px', maxWidth: '180px',
  });
  const title = document.createElement('div');
  title.textContent = label;
  title.style.overflowWrap = 'anywhere';
  const bar = document.createElement('div');
  Object.assign(bar.style, { display: 'grid', gridTemplateColumns: '12px 1fr', gap: '4px', height: '120px' });
  const gradient = document.createElement('div');
  gradient.style.background = CSS_GRADIENT;
  const bounds = document.createElement('div');
  Object.assign(bounds.style, { display: 'flex', flexDirection: 'column', justifyContent: 'space-between' });
  bounds.append(...[range[1], range[0]].map((v) => Object.assign(document.createElement('span'), { textContent: formatMapValue(v) })));
  bar.append(gradient, bounds);
  const opacityInput = Object.assign(document.createElement('input'), { type: 'range', min: '0', max: '1', step: '0.05', title: 'Opacity' });
  opacityInput.dataset.testid = 'prnn-feature-map-opacity';
  const readout = document.createElement('div');
  readout.dataset.testid = 'prnn-feature-map-value';
  readout.textContent = HOVER_HINT;
  legend.append(title, bar, Object.assign(document.createElement('label'), { textContent: 'Opacity' }), opacityInput, readout);
  element.append(canvas, legend);

  let opacity = options.opacity ?? 0.6;
  const sliceImages = new Map<number, HTMLCanvasElement>();
  const sliceImage = (k: number): HTMLCanvasElement => {
    let image = sliceImages.get(k);
    if (!image) {
      image = Object.assign(document.createElement('canvas'), { width: map.size[0], height: map.size[1] });
      const pixels = new ImageData(map.size[0], map.size[1]);
      pixels.data.set(sliceColours(map, k, range, roi));
      image.getContext('2d')?.putImageData(pixels, 0, 0);
      sliceImages.set(k, image);
    }
    return image;
  };

  const draw = () => {
    const ratio = window.devicePixelRatio || 1;
    const width = element.clientWidth;
    const height = element.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    const { focalPoint, viewPlaneNormal } = viewport.getCamera();
    if (!focalPoint || !viewPlaneNormal) return;
    let k: number | null;
    try {
      k = sliceAtPlane(map, focalPoint, viewPlaneNormal);
    } catch (error) {
      readout.textContent = (error as Error).message;
      return;
    }
    if (k === null) readout.textContent = OFF_SLICE;
    else {
      if (readout.textContent === OFF_SLICE) readout.textContent = HOVER_HINT;
      const [a, b, c, d, e, f] = sliceTransform(map, k, (world) => viewport.worldToCanvas(world));
      context.setTransform(a * ratio, b * ratio, c * ratio, d * ratio, e * ratio, f * ratio);
      context.imageSmoothingEnabled = false;
      context.globalAlpha = opacity;
      context.drawImage(sliceImage(k), 0, 0);
      context.globalAlpha = 1;
    }
    if (options.diameter) {
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      drawDiameterLine(context, viewport, options.diameter, map.spacing[2]);
    }
  };

  const onMove = (event: MouseEvent) => {
    const box = element.getBoundingClientRect();
    const value = valueAt(map, viewport.canvasToWorld([event.clientX - box.left, event.clientY - box.top]), roi);
    readout.textContent = value === null ? 'Value: outside the ROI' : `Value: ${formatMapValue(value)}`;
  };
  const setOpacity = (next: number) => {
    opacity = Math.min(1, Math.max(0, next));
    opacityInput.value = String(opacity);
    draw();
  };
  const onOpacity = () => setOpacity(Number(opacityInput.value));

  const rendered = cornerstone.Enums.Events.IMAGE_RENDERED;
  element.addEventListener(rendered, draw);
  element.addEventListener('mousemove', onMove);
  opacityInput.addEventListener('input', onOpacity);
  setOpacity(opacity);

  return {
    setOpacity,
    destroy() {
      element.removeEventListener(rendered, draw);
      element.removeEventListener('mousemove', onMove);
      opacityInput.removeEventListener('input', onOpacity);
      canvas.remove();
      legend.remove();
    },
  };
}
