import type { PixelType, TypedArray } from '../volume';

const BYTES_PER_VOXEL: Record<PixelType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

const PLATFORM_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TYPED_ARRAYS: Record<PixelType, (buffer: ArrayBuffer) => TypedArray> = {
  int8: (b) => new Int8Array(b),
  uint8: (b) => new Uint8Array(b),
  int16: (b) => new Int16Array(b),
  uint16: (b) => new Uint16Array(b),
  int32: (b) => new Int32Array(b),
  uint32: (b) => new Uint32Array(b),
  float32: (b) => new Float32Array(b),
  float64: (b) => new Float64Array(b),
};

export function bytesPerVoxel(type: PixelType): number {
  return BYTES_PER_VOXEL[type];
}

export function allocate(type: PixelType, length: number): TypedArray {
  switch (type) {
    case 'int8':
      return new Int8Array(length);
    case 'uint8':
      return new Uint8Array(length);
    case 'int16':
      return new Int16Array(length);
    case 'uint16':
      return new Uint16Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint32':
      return new Uint32Array(length);
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
  }
}

/**
 * Decodes `count` voxels of `type` starting at `offset`. A DataView is used so that any byte offset and either
 * byte order work (file payloads are rarely aligned for the typed array).
 */
export function decodeVoxels(
  bytes: Uint8Array,
  offset: number,
  type: PixelType,
  count: number,
  littleEndian: boolean,
  what: string,
): TypedArray {
  const size = bytesPerVoxel(type);
  if (offset < 0 || offset + count * size > bytes.length) {
    throw new Error(
      `${what}: the file holds ${Math.max(0, bytes.length - offset)} bytes of voxel data, ${count * size} expected (truncated or wrong header)`,
    );
  }
  if (littleEndian === PLATFORM_IS_LITTLE_ENDIAN) {
    // Same byte order: one aligned copy of the bytes, viewed as the pixel type.
    const start = bytes.byteOffset + offset;
    const copy = bytes.buffer.slice(start, start + count * size) as ArrayBuffer;
    return TYPED_ARRAYS[type](copy);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  const out = allocate(type, count);
  switch (type) {
    case 'int8':
      for (let n = 0; n < count; n++) out[n] = view.getInt8(n);
      break;
    case 'uint8':
      for (let n = 0; n < count; n++) out[n] = view.getUint8(n);
      break;
    case 'int16':
      for (let n = 0; n < count; n++) out[n] = view.getInt16(2 * n, littleEndian);
      break;
    case 'uint16':
      for (let n = 0; n < count; n++) out[n] = view.getUint16(2 * n, littleEndian);
      break;
    case 'int32':
      for (let n = 0; n < count; n++) out[n] = view.getInt32(4 * n, littleEndian);
      break;
    case 'uint32':
      for (let n = 0; n < count; n++) out[n] = view.getUint32(4 * n, littleEndian);
      break;
    case 'float32':
      for (let n = 0; n < count; n++) out[n] = view.getFloat32(4 * n, littleEndian);
      break;
    case 'float64':
      for (let n = 0; n < count; n++) out[n] = view.getFloat64(8 * n, littleEndian);
      break;
  }
  return out;
}

/** Little-endian bytes of a typed array, whatever the platform's byte order (a view, not a copy, where possible). */
export function encodeVoxelsLittleEndian(data: TypedArray, type: PixelType): Uint8Array {
  if (PLATFORM_IS_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const size = bytesPerVoxel(type);
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  for (let n = 0; n < data.length; n++) {
    const v = data[n];
    switch (type) {
      case 'int8':
        view.setInt8(n, v);
        break;
      case 'uint8':
        view.setUint8(n, v);
        break;
      case 'int16':
        view.setInt16(2 * n, v, true);
        break;
      case 'uint16':
        view.setUint16(2 * n, v, true);
        break;
      case 'int32':
        view.setInt32(4 * n, v, true);
        break;
      case 'uint32':
        view.setUint32(4 * n, v, true);
        break;
      case 'float32':
        view.setFloat32(4 * n, v, true);
        break;
      case 'float64':
        view.setFloat64(8 * n, v, true);
        break;
    }
  }
  return out;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * PyRadiomics 3.0.1 extracts a 2D image in 2D: no 3D shape (a warning), shape2D whatever force2D says, force2D axes
 * counted in 2D, 2D LoG and wavelet, 2-element diagnostics. Read as one slice of a 3D grid it would give other
 * features and values, so it is refused rather than silently extracted as 3D.
 */
export function twoDimensionalImageError(format: 'NRRD' | 'NIfTI', size: readonly number[]): Error {
  return new Error(
    `${format}: a 2D image (${size.join('x')}) is not supported: PyRadiomics 3.0.1 extracts 2D input in 2D, which this engine does not reproduce; write the image and mask as 3D with one slice (and force2D: true for in-plane texture and shape2D)`,
  );
}
