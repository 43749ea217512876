import { api } from 'dicomweb-client';
import dcmjs from 'dcmjs';
import type { DicomDataset } from '../dicom/dataset';

/**
 * DICOMweb reads for the worker, from the host's own data source (same origin, the user's session): images as
 * metadata + frames transcoded to Explicit VR Little Endian, SEG and RTSTRUCT as whole Part 10 instances.
 * Everything ends as dcmjs-naturalised data sets, the form the dicom/ functions take.
 */
export interface DicomwebSource {
  wadoRoot: string;
  headers: Record<string, string>;
}

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

type DicomJson = Record<string, unknown>;

interface SeriesQuery {
  studyInstanceUID: string;
  seriesInstanceUID: string;
}

/** The calls we make, typed from dicomweb-client's documentation (its generated .d.ts marks options as required that are not). */
interface DicomwebCalls {
  retrieveSeriesMetadata(options: SeriesQuery): Promise<DicomJson[]>;
  retrieveSeries(options: SeriesQuery): Promise<ArrayBuffer[]>;
  retrieveInstanceFrames(
    options: SeriesQuery & { sopInstanceUID: string; frameNumbers: number[]; mediaTypes: { mediaType: string; transferSyntaxUID?: string }[] },
  ): Promise<ArrayBuffer[]>;
}

function client(source: DicomwebSource): DicomwebCalls {
  return new api.DICOMwebClient({ url: source.wadoRoot, headers: source.headers, singlepart: false }) as unknown as DicomwebCalls;
}

function naturalize(json: DicomJson): DicomDataset {
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(json);
}

function where(studyInstanceUID: string, seriesInstanceUID: string): string {
  return `series ${seriesInstanceUID} of study ${studyInstanceUID}`;
}

async function describeFailure(what: string, error: unknown): Promise<Error> {
  const status = (error as { status?: number })?.status;
  const detail = status ? `HTTP ${status}` : error instanceof Error ? error.message : String(error);
  return new Error(`Could not read ${what} from the DICOMweb server (${detail}).`);
}

/** Every instance of an image series with its decoded frames in `PixelData` (one buffer per frame). */
export async function fetchImageSeries(source: DicomwebSource, studyInstanceUID: string, seriesInstanceUID: string): Promise<DicomDataset[]> {
  const dicomweb = client(source);
  let metadata: DicomJson[];
  try {
    metadata = await dicomweb.retrieveSeriesMetadata({ studyInstanceUID, seriesInstanceUID });
  } catch (error) {
    throw await describeFailure(`the metadata of ${where(studyInstanceUID, seriesInstanceUID)}`, error);
  }
  if (metadata.length === 0) throw new Error(`The DICOMweb server has no instances in ${where(studyInstanceUID, seriesInstanceUID)}.`);
  return Promise.all(
    metadata.map(async (json) => {
      const dataset = naturalize(json);
      const sopInstanceUID = String(dataset.SOPInstanceUID);
      const frameCount = Number(dataset.NumberOfFrames ?? 1) || 1;
      let frames: ArrayBuffer[];
      try {
        frames = await dicomweb.retrieveInstanceFrames({
          studyInstanceUID,
          seriesInstanceUID,
          sopInstanceUID,
          frameNumbers: Array.from({ length: frameCount }, (_, i) => i + 1),
          mediaTypes: [{ mediaType: 'application/octet-stream', transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN }],
        });
      } catch (error) {
        throw await describeFailure(`the pixels of instance ${sopInstanceUID} in ${where(studyInstanceUID, seriesInstanceUID)}`, error);
      }
      return { ...dataset, TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN, PixelData: frames };
    }),
  );
}

/** The instances of a SEG or RTSTRUCT series, parsed from their Part 10 files (PixelData as stored). */
export async function fetchPart10Series(source: DicomwebSource, studyInstanceUID: string, seriesInstanceUID: string): Promise<DicomDataset[]> {
  let files: ArrayBuffer[];
  try {
    files = await client(source).retrieveSeries({ studyInstanceUID, seriesInstanceUID });
  } catch (error) {
    throw await describeFailure(where(studyInstanceUID, seriesInstanceUID), error);
  }
  return files.map((file) => {
    const message = dcmjs.data.DicomMessage.readFile(file);
    return { ...naturalize(message.dict), TransferSyntaxUID: message.meta['00020010']?.Value?.[0] };
  });
}
