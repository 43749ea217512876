import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { type DicomDataset, DicomInputError, SOP_CLASS, textOf } from '../dataset';
import { withNativePixelData } from './decode';
import { referencedSeriesOf, roiKindOf, type RoiChoice } from '../roi';
import { roiToMask } from '../masks';
import { type SeriesVolume, seriesToVolume } from '../series';
import type { Volume } from '../../radiomics/image/volume';

/**
 * Reads one DICOM Part 10 file into the neutral naturalized data set (TransferSyntaxUID taken from its meta header),
 * with JPEG Lossless pixel data decoded and other compressed transfer syntaxes refused (node/decode.ts).
 */
export async function readDicomFile(path: string): Promise<DicomDataset> {
  const bytes = await readFile(path);
  if (bytes.byteLength < 132 || bytes.toString('latin1', 128, 132) !== 'DICM') {
    throw new DicomInputError(`${path} is not a DICOM Part 10 file (no DICM preamble)`);
  }
  let parsed: ReturnType<typeof dcmjs.data.DicomMessage.readFile>;
  // dcmjs logs harmless notes such as the implicit-VR "ox" pixel data VR on every file; keep them off the console.
  const validationLog = dcmjs.log.getLogger('validation.dcmjs');
  const level = validationLog.getLevel();
  try {
    validationLog.setLevel('silent');
    parsed = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, {
      ignoreErrors: false,
    });
  } catch (error) {
    throw new DicomInputError(`${path} cannot be parsed as DICOM: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    validationLog.setLevel(level);
  }
  const transferSyntax = parsed.meta['00020010']?.Value?.[0];
  const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict);
  requireCompletePixelData(bytes, dataset, path);
  if (typeof transferSyntax === 'string') dataset.TransferSyntaxUID = transferSyntax;
  return withNativePixelData(dataset, path);
}

/**
 * dcmjs (0.51) hands back a full-length PixelData even when the file ends inside it, so a truncated file would give
 * an image with a zero-filled tail. This finds the top-level PixelData element header whose length field matches
 * what dcmjs returned (searching from the end of the file, where the element normally is) and checks that the
 * file really holds that many bytes after it.
 */
function requireCompletePixelData(bytes: Uint8Array, dataset: DicomDataset, path: string): void {
  const pixelData = Array.isArray(dataset.PixelData) ? dataset.PixelData : [];
  if (pixelData.length !== 1) return;
  const declared = (pixelData[0] as ArrayBuffer).byteLength;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = bytes.byteLength - 8; p >= 132; p--) {
    if (bytes[p] !== 0xe0 || bytes[p + 1] !== 0x7f || bytes[p + 2] !== 0x10 || bytes[p + 3] !== 0x00) continue;
    const explicit = (bytes[p + 4] === 0x4f && (bytes[p + 5] === 0x57 || bytes[p + 5] === 0x42)) && p + 12 <= bytes.byteLength;
    const headerLength = explicit ? 12 : 8;
    const length = explicit ? view.getUint32(p + 8, true) : view.getUint32(p + 4, true);
    if (length !== declared) continue;
    if (p + headerLength + length > bytes.byteLength) {
      throw new DicomInputError(
        `${path} is truncated: its PixelData declares ${length} bytes but the file ends ${p + headerLength + length - bytes.byteLength} bytes short`,
      );
    }
    return;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new DicomInputError(`${dir} is not a directory`);
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []))),
  );
  return nested.flat().sort();
}

const NON_IMAGE_SOP_CLASSES: ReadonlySet<string> = new Set([SOP_CLASS.rtStructureSet, SOP_CLASS.segmentation]);

/** All DICOM image instances under a folder (recursively); non-image objects (RTSTRUCT, SEG, ...) are skipped. */
export async function readDicomImages(dir: string): Promise<DicomDataset[]> {
  const files = await listFiles(dir);
  const images: DicomDataset[] = [];
  for (const file of files) {
    const dataset = await readDicomFile(file);
    if (dataset.PixelData === undefined || NON_IMAGE_SOP_CLASSES.has(textOf(dataset, 'SOPClassUID') ?? '')) continue;
    images.push(dataset);
  }
  if (images.length === 0) throw new DicomInputError(`${dir} holds no DICOM image files`);
  return images;
}

export async function loadDicomSeries(dir: string): Promise<SeriesVolume> {
  return seriesToVolume(await readDicomImages(dir));
}

/**
 * The image volume of the series in `seriesDir` and the mask of one ROI of an RTSTRUCT or SEG file on its grid
 * (the entry point of `prnn extract` / `prnn mask` for DICOM input). When the folder holds several series, the one
 * the ROI file references is taken.
 */
export async function loadDicomImageAndMask(
  seriesDir: string,
  roiFile: string,
  options: { roi?: RoiChoice },
): Promise<{ image: Volume; mask: Volume }> {
  const [images, roiDataset] = await Promise.all([readDicomImages(seriesDir), readDicomFile(roiFile)]);
  roiKindOf(roiDataset);
  const series = seriesToVolume(imagesOfReferencedSeries(images, roiDataset, seriesDir));
  return { image: series.volume, mask: roiToMask(roiDataset, series, options.roi) };
}

function imagesOfReferencedSeries(images: DicomDataset[], roiDataset: DicomDataset, dir: string): DicomDataset[] {
  const bySeries = new Map<string, DicomDataset[]>();
  for (const image of images) {
    const uid = textOf(image, 'SeriesInstanceUID') ?? '';
    bySeries.set(uid, [...(bySeries.get(uid) ?? []), image]);
  }
  if (bySeries.size === 1) return images;
  const referenced = referencedSeriesOf(roiDataset).filter((uid) => bySeries.has(uid));
  if (referenced.length === 1) return bySeries.get(referenced[0]) as DicomDataset[];
  const listing = [...bySeries].map(([uid, list]) => `${uid} "${textOf(list[0], 'SeriesDescription') ?? ''}" (${list.length} images)`);
  throw new DicomInputError(
    `${dir} holds ${bySeries.size} image series and the ROI file does not single out one of them: ${listing.join('; ')}; give the folder of one series`,
  );
}
