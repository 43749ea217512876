import type { StoredInstance } from './store';

/** Media types of encapsulated transfer syntaxes (PS3.18 Table 8.7.3-5); native pixels are octet-streams. */
const ENCAPSULATED_MEDIA_TYPES: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.5': 'image/x-dicom-rle',
};
const NATIVE_TRANSFER_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']);
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export class FrameError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function numberAt(instance: StoredInstance, tag: string, fallback?: number): number {
  const value = instance.dict[tag]?.Value?.[0];
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (Number.isFinite(parsed)) return parsed;
  if (fallback !== undefined) return fallback;
  throw new FrameError(`instance ${instance.sopUid} has no usable attribute ${tag}`, 400);
}

/** Copies `bitCount` bits starting at bit `bitOffset` (little-endian bit order, as DICOM packs 1-bit pixels). */
function extractBits(source: Uint8Array, bitOffset: number, bitCount: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(bitCount / 8));
  for (let i = 0; i < bitCount; i++) {
    const bit = bitOffset + i;
    if ((source[bit >> 3] >> (bit & 7)) & 1) out[i >> 3] |= 1 << (i & 7);
  }
  return out;
}

export interface Frame {
  contentType: string;
  body: Uint8Array;
}

/** The requested frames (1-based numbers) of an instance, as WADO-RS returns them. */
export function framesOf(instance: StoredInstance, numbers: number[]): Frame[] {
  const pixelData = instance.dict['7FE00010'] ?? instance.dict['7FE00008'] ?? instance.dict['7FE00009'];
  if (!pixelData?.Value?.length) throw new FrameError(`instance ${instance.sopUid} has no pixel data`, 404);
  const frameCount = numberAt(instance, '00280008', 1);
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < 1 || n > frameCount) {
      throw new FrameError(`frame ${n} does not exist: instance ${instance.sopUid} has ${frameCount} frame(s)`, 404);
    }
  }
  const ts = instance.transferSyntaxUid;
  const mediaType = ENCAPSULATED_MEDIA_TYPES[ts];
  if (mediaType) {
    const fragments = pixelData.Value as ArrayBuffer[];
    if (fragments.length !== frameCount) {
      throw new FrameError(`instance ${instance.sopUid}: ${fragments.length} encapsulated fragments for ${frameCount} frames`, 500);
    }
    return numbers.map((n) => ({ contentType: `${mediaType}; transfer-syntax=${ts}`, body: new Uint8Array(fragments[n - 1]) }));
  }
  if (!NATIVE_TRANSFER_SYNTAXES.has(ts)) throw new FrameError(`transfer syntax ${ts} of ${instance.sopUid} is not supported`, 406);
  const pixels = new Uint8Array(pixelData.Value[0] as ArrayBuffer);
  const bitsPerFrame =
    numberAt(instance, '00280010') * numberAt(instance, '00280011') * numberAt(instance, '00280002', 1) * numberAt(instance, '00280100');
  const contentType = `application/octet-stream; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`;
  return numbers.map((n) => {
    const bitOffset = (n - 1) * bitsPerFrame;
    if (bitOffset + bitsPerFrame > pixels.byteLength * 8) {
      throw new FrameError(`instance ${instance.sopUid}: pixel data is shorter than frame ${n} requires`, 500);
    }
    const body = bitOffset % 8 === 0 && bitsPerFrame % 8 === 0
      ? pixels.subarray(bitOffset / 8, (bitOffset + bitsPerFrame) / 8)
      : extractBits(pixels, bitOffset, bitsPerFrame);
    return { contentType, body };
  });
}
