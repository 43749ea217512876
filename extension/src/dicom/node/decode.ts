import { Decoder } from 'jpeg-lossless-decoder-js';
import { type DicomDataset, DicomInputError, numberOf, textOf } from '../dataset';
import { requireNativeTransferSyntax } from '../pixels';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** JPEG Lossless process 14 and its selection-value-1 form: what PACS most often store MR in losslessly. */
const JPEG_LOSSLESS = new Set(['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);

function asArrayBuffer(value: unknown): ArrayBuffer {
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return value as ArrayBuffer;
  if (ArrayBuffer.isView(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  throw new DicomInputError('encapsulated PixelData holds something other than byte fragments');
}

/**
 * The data set with its pixel data in the form the pure functions take: native transfer syntaxes as they are,
 * JPEG Lossless frames decoded (one buffer per frame) with jpeg-lossless-decoder-js; any other transfer syntax is
 * refused with its name.
 */
export function withNativePixelData(dataset: DicomDataset, where: string): DicomDataset {
  const transferSyntax = textOf(dataset, 'TransferSyntaxUID');
  if (!transferSyntax || !JPEG_LOSSLESS.has(transferSyntax) || dataset.PixelData === undefined) {
    requireNativeTransferSyntax(transferSyntax, where);
    return dataset;
  }
  const frames = numberOf(dataset, 'NumberOfFrames', where) ?? 1;
  const fragments = (Array.isArray(dataset.PixelData) ? dataset.PixelData : [dataset.PixelData]).map(asArrayBuffer);
  let encoded: ArrayBuffer[];
  if (fragments.length === frames) {
    encoded = fragments;
  } else if (frames === 1) {
    const joined = new Uint8Array(fragments.reduce((n, f) => n + f.byteLength, 0));
    fragments.reduce((offset, f) => (joined.set(new Uint8Array(f), offset), offset + f.byteLength), 0);
    encoded = [joined.buffer];
  } else {
    throw new DicomInputError(`${where}: ${fragments.length} JPEG fragments for ${frames} frames cannot be split into frames`);
  }
  const decoded = encoded.map((frame, index) => {
    try {
      return new Decoder().decompress(frame);
    } catch (error) {
      throw new DicomInputError(
        `${where}: JPEG Lossless frame ${index + 1} cannot be decoded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  return { ...dataset, PixelData: decoded, TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN };
}
