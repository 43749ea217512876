import type { DicomDataset } from '../dicom/dataset';
import type { ExtensionManager } from './host';

/**
 * Pixels the viewer has already loaded, so the worker need not fetch the series again. The geometry and the
 * pixel type still come from the DICOM layer (seriesToVolume on the series' own metadata), exactly as for
 * DICOMweb input; only the frames come from the host's cornerstone cache. Used only when that is lossless:
 * single-frame 8/16-bit instances without rescale (then cornerstone's values are the stored values), every
 * slice present, every value an integer in the stored type's range. Otherwise the worker reads DICOMweb.
 */

const CORNERSTONE_UTILITIES = '@ohif/extension-cornerstone.utilityModule.common';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

type Scalars = ArrayLike<number> & { subarray?(begin: number, end: number): ArrayLike<number> };

/** The parts of cornerstone 3D's cache the extension reads (the host's own instance, never bundled). */
interface CornerstoneCache {
  getVolumes?(): CachedVolume[];
  getImage?(imageId: string): CachedImage | undefined;
}

interface CachedVolume {
  imageIds?: string[];
  dimensions?: number[];
  loadStatus?: { loaded?: boolean };
  voxelManager?: { getCompleteScalarDataArray?(): Scalars };
}

interface CachedImage {
  rows: number;
  columns: number;
  getPixelData(): Scalars;
}

interface CornerstoneUtilities {
  exports?: { getCornerstoneLibraries?(): { cornerstone?: { cache?: CornerstoneCache } } };
}

export interface ViewerSeries {
  /** The display set's instances: OHIF's naturalised metadata, each with the cornerstone `imageId`. */
  instances: (DicomDataset & { imageId?: string })[];
}

export function hostCache(extensionManager: ExtensionManager): CornerstoneCache | undefined {
  const utilities = extensionManager.getModuleEntry(CORNERSTONE_UTILITIES) as CornerstoneUtilities | undefined;
  return utilities?.exports?.getCornerstoneLibraries?.()?.cornerstone?.cache;
}

function number(value: unknown, fallback: number): number {
  const n = Array.isArray(value) ? Number(value[0]) : value === undefined || value === '' ? fallback : Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Stored-value typed array for one frame, or null when the cached values are not exactly the stored ones. */
function storedFrame(values: ArrayLike<number>, instance: DicomDataset): ArrayBuffer | null {
  const bits = number(instance.BitsAllocated, Number.NaN);
  const signed = number(instance.PixelRepresentation, 0) === 1;
  const Type = bits === 16 ? (signed ? Int16Array : Uint16Array) : bits === 8 ? (signed ? Int8Array : Uint8Array) : null;
  if (!Type) return null;
  const frame = new Type(values.length);
  for (let p = 0; p < values.length; p++) {
    frame[p] = values[p];
    if (frame[p] !== values[p]) return null;
  }
  return frame.buffer as ArrayBuffer;
}

function losslessCandidate(instance: DicomDataset): boolean {
  return (
    number(instance.NumberOfFrames, 1) === 1 &&
    number(instance.RescaleSlope, 1) === 1 &&
    number(instance.RescaleIntercept, 0) === 0 &&
    number(instance.SamplesPerPixel, 1) === 1 &&
    typeof instance.imageId === 'string'
  );
}

function framesFromVolume(cache: CornerstoneCache, series: ViewerSeries): Map<string, ArrayLike<number>> | null {
  const wanted = new Set(series.instances.map((i) => i.imageId));
  const volume = cache.getVolumes?.().find(
    (v) => v.loadStatus?.loaded && v.imageIds?.length === wanted.size && v.imageIds.every((id) => wanted.has(id)),
  );
  const scalars = volume?.voxelManager?.getCompleteScalarDataArray?.();
  const [columns, rows, slices] = volume?.dimensions ?? [];
  if (!volume?.imageIds || !scalars || scalars.length !== columns * rows * slices || slices !== volume.imageIds.length) return null;
  const frames = new Map<string, ArrayLike<number>>();
  const size = columns * rows;
  volume.imageIds.forEach((imageId, k) => {
    frames.set(imageId, scalars.subarray ? scalars.subarray(k * size, (k + 1) * size) : Array.prototype.slice.call(scalars, k * size, (k + 1) * size));
  });
  return frames;
}

function framesFromImages(cache: CornerstoneCache, series: ViewerSeries): Map<string, ArrayLike<number>> | null {
  const frames = new Map<string, ArrayLike<number>>();
  for (const instance of series.instances) {
    const image = cache.getImage?.(instance.imageId!);
    if (!image) return null;
    frames.set(instance.imageId!, image.getPixelData());
  }
  return frames;
}

/** The series' instances with their frames from the viewer, or null when the worker must read DICOMweb. */
export function instancesFromViewer(extensionManager: ExtensionManager, series: ViewerSeries): DicomDataset[] | null {
  if (series.instances.length === 0 || !series.instances.every(losslessCandidate)) return null;
  const cache = hostCache(extensionManager);
  if (!cache) return null;
  const frames = framesFromVolume(cache, series) ?? framesFromImages(cache, series);
  if (!frames) return null;
  const instances: DicomDataset[] = [];
  for (const instance of series.instances) {
    const values = frames.get(instance.imageId!);
    if (!values || values.length !== number(instance.Rows, 0) * number(instance.Columns, 0)) return null;
    const frame = storedFrame(values, instance);
    if (!frame) return null;
    // Metadata only, as plain data: OHIF's instance objects may carry functions the worker cannot receive.
    const { imageId: _imageId, PixelData: _pixelData, ...metadata } = instance;
    instances.push({ ...(JSON.parse(JSON.stringify(metadata)) as DicomDataset), TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN, PixelData: [frame] });
  }
  return instances;
}
