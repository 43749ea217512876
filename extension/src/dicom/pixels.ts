import { type DicomDataset, DicomInputError, numberOf, requireNumber, textOf } from './dataset';

/**
 * Pixel data reaches the pure functions already uncompressed and little-endian, in the data set's `PixelData`:
 * either one buffer holding all frames contiguously as stored in a native transfer syntax (bit-packed frames of a
 * 1-bit SEG run on across frame boundaries), or an array with one decoded buffer per frame (what a DICOMweb frame
 * retrieval or the viewer's decoders give). Adapters decode or refuse compressed transfer syntaxes before this.
 */
export interface PixelLayout {
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  signed: boolean;
}

export function pixelLayoutOf(ds: DicomDataset, where: string): PixelLayout {
  const rows = requireNumber(ds, 'Rows', where);
  const columns = requireNumber(ds, 'Columns', where);
  const frames = numberOf(ds, 'NumberOfFrames', where) ?? 1;
  const bitsAllocated = requireNumber(ds, 'BitsAllocated', where);
  const bitsStored = numberOf(ds, 'BitsStored', where) ?? bitsAllocated;
  const highBit = numberOf(ds, 'HighBit', where) ?? bitsStored - 1;
  const samplesPerPixel = numberOf(ds, 'SamplesPerPixel', where) ?? 1;
  const representation = numberOf(ds, 'PixelRepresentation', where) ?? 0;
  for (const [name, value] of [
    ['Rows', rows],
    ['Columns', columns],
    ['NumberOfFrames', frames],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 65535 * (name === 'NumberOfFrames' ? 100 : 1)) {
      throw new DicomInputError(`${where}: ${name} is ${value}, not a valid size`);
    }
  }
  if (samplesPerPixel !== 1) {
    throw new DicomInputError(`${where}: SamplesPerPixel is ${samplesPerPixel}; only single-sample (grey-scale) images make a volume`);
  }
  if (![1, 8, 16, 32].includes(bitsAllocated)) {
    throw new DicomInputError(`${where}: BitsAllocated ${bitsAllocated} is not supported (1, 8, 16 or 32)`);
  }
  if (!(bitsStored >= 1 && bitsStored <= bitsAllocated && highBit >= bitsStored - 1 && highBit < bitsAllocated)) {
    throw new DicomInputError(
      `${where}: BitsStored ${bitsStored} / HighBit ${highBit} are inconsistent with BitsAllocated ${bitsAllocated}`,
    );
  }
  if (representation !== 0 && representation !== 1) {
    throw new DicomInputError(`${where}: PixelRepresentation ${representation} is neither 0 (unsigned) nor 1 (signed)`);
  }
  return { rows, columns, frames, bitsAllocated, bitsStored, highBit, signed: representation === 1 };
}

function asBytes(value: unknown): Uint8Array | undefined {
  // Not `instanceof ArrayBuffer`: buffers from another realm (a worker's transfer, Node's fs, a test VM) fail it.
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return new Uint8Array(value as ArrayBuffer);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** The pixel data of one frame as a byte view plus the bit offset of its first pixel. */
interface FrameBits {
  bytes: Uint8Array;
  bitOffset: number;
}

function frameBits(ds: DicomDataset, layout: PixelLayout, frame: number, where: string): FrameBits {
  const raw = ds.PixelData;
  const buffers = (Array.isArray(raw) ? raw : [raw]).map(asBytes);
  if (buffers.length === 0 || buffers.some((b) => b === undefined)) {
    throw new DicomInputError(`${where}: PixelData is missing`);
  }
  const frameBitCount = layout.rows * layout.columns * layout.bitsAllocated;
  const frameByteCount = Math.ceil(frameBitCount / 8);
  if (buffers.length === 1) {
    const bytes = buffers[0] as Uint8Array;
    const needed = Math.ceil((frameBitCount * layout.frames) / 8);
    if (bytes.byteLength < needed) {
      throw new DicomInputError(
        `${where}: PixelData has ${bytes.byteLength} bytes, expected ${needed} for ${layout.frames} frame(s) of ` +
          `${layout.rows}x${layout.columns} at ${layout.bitsAllocated} bits (truncated file?)`,
      );
    }
    return { bytes, bitOffset: frame * frameBitCount };
  }
  if (buffers.length !== layout.frames) {
    throw new DicomInputError(
      `${where}: PixelData has ${buffers.length} buffers for ${layout.frames} frames; expected one per frame or one in all`,
    );
  }
  const bytes = buffers[frame] as Uint8Array;
  if (bytes.byteLength < frameByteCount) {
    throw new DicomInputError(`${where}: frame ${frame + 1} has ${bytes.byteLength} bytes, expected ${frameByteCount}`);
  }
  return { bytes, bitOffset: 0 };
}

/** Throws unless PixelData holds every frame the layout announces (checked before anything is allocated). */
export function requirePixelData(ds: DicomDataset, layout: PixelLayout, where: string): void {
  for (let frame = 0; frame < layout.frames; frame++) frameBits(ds, layout, frame, where);
}

/**
 * Stored pixel values of one frame (row by row, before rescale), with the bits outside BitsStored/HighBit masked off
 * and signed values sign-extended from their high bit, as GDCM does.
 */
export function storedFrameValues(ds: DicomDataset, layout: PixelLayout, frame: number, where: string): Float64Array {
  const { bytes, bitOffset } = frameBits(ds, layout, frame, where);
  const count = layout.rows * layout.columns;
  const out = new Float64Array(count);
  if (layout.bitsAllocated === 1) {
    for (let p = 0; p < count; p++) {
      const bit = bitOffset + p;
      out[p] = (bytes[bit >>> 3] >>> (bit & 7)) & 1;
    }
    return out;
  }
  const byteOffset = bitOffset / 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset + byteOffset, count * (layout.bitsAllocated / 8));
  const shift = layout.highBit + 1 - layout.bitsStored;
  const full = layout.bitsStored === layout.bitsAllocated && shift === 0;
  const mask = layout.bitsStored === 32 ? 0xffffffff : 2 ** layout.bitsStored - 1;
  const signBit = 2 ** (layout.bitsStored - 1);
  const span = 2 ** layout.bitsStored;
  for (let p = 0; p < count; p++) {
    let value: number;
    if (layout.bitsAllocated === 8) value = view.getUint8(p);
    else if (layout.bitsAllocated === 16) value = view.getUint16(2 * p, true);
    else value = view.getUint32(4 * p, true);
    if (!full) value = Math.floor(value / 2 ** shift) % (mask + 1);
    if (layout.signed && value >= signBit) value -= span;
    out[p] = value;
  }
  return out;
}

const NATIVE_TRANSFER_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
};

const OTHER_TRANSFER_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian (retired)',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless Only',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 Lossless Only',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options Lossless Only',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** Throws unless the transfer syntax stores pixel data natively (uncompressed little-endian), naming it. */
export function requireNativeTransferSyntax(transferSyntaxUID: string | undefined, where: string): void {
  if (transferSyntaxUID === undefined || transferSyntaxUID in NATIVE_TRANSFER_SYNTAXES) return;
  const name = OTHER_TRANSFER_SYNTAXES[transferSyntaxUID] ?? 'an unknown transfer syntax';
  throw new DicomInputError(
    `${where}: transfer syntax ${transferSyntaxUID} (${name}) is not decoded here; convert the files to ` +
      `Explicit VR Little Endian (e.g. \`dcmdjpeg\`, \`dcmdrle\` or \`gdcmconv --raw\`) or load them in the viewer`,
  );
}

export function transferSyntaxOf(ds: DicomDataset): string | undefined {
  return textOf(ds, 'TransferSyntaxUID');
}
