import { gunzipSync } from 'fflate';
import type { Direction, PixelType, Vec3, Volume } from '../volume';
import { decodeVoxels, allocate, twoDimensionalImageError } from './pixelData';

/** NRRD type names (teem's spellings) -> pixel type. 64-bit integers have no PixelType and are refused. */
const NRRD_TYPES: Record<string, PixelType> = {
  'signed char': 'int8',
  int8: 'int8',
  int8_t: 'int8',
  uchar: 'uint8',
  'unsigned char': 'uint8',
  uint8: 'uint8',
  uint8_t: 'uint8',
  short: 'int16',
  'short int': 'int16',
  'signed short': 'int16',
  'signed short int': 'int16',
  int16: 'int16',
  int16_t: 'int16',
  ushort: 'uint16',
  'unsigned short': 'uint16',
  'unsigned short int': 'uint16',
  uint16: 'uint16',
  uint16_t: 'uint16',
  int: 'int32',
  'signed int': 'int32',
  int32: 'int32',
  int32_t: 'int32',
  uint: 'uint32',
  'unsigned int': 'uint32',
  uint32: 'uint32',
  uint32_t: 'uint32',
  float: 'float32',
  double: 'float64',
};

/**
 * Sign flips that bring each NRRD space to ITK's LPS, as ITK's NrrdImageIO does
 * (RAS negates x and y, LAS negates y). Spaces ITK does not interpret are refused rather than guessed.
 */
const SPACE_TO_LPS: Record<string, Vec3> = {
  'left-posterior-superior': [1, 1, 1],
  lps: [1, 1, 1],
  'right-anterior-superior': [-1, -1, 1],
  ras: [-1, -1, 1],
  'left-anterior-superior': [1, -1, 1],
  las: [1, -1, 1],
};

/** Bytes as Latin-1 text (the engine has no TextDecoder: it is type-checked with ES2022 only). */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let n = 0; n < bytes.length; n += 8192) text += String.fromCharCode(...bytes.subarray(n, n + 8192));
  return text;
}

function parseVector(text: string, what: string): number[] | null {
  const trimmed = text.trim();
  if (trimmed === 'none') return null;
  const match = /^\((.*)\)$/.exec(trimmed);
  if (!match) throw new Error(`NRRD: cannot parse vector '${text}' in field '${what}'`);
  return match[1].split(',').map((s) => {
    const v = Number(s.trim());
    if (!Number.isFinite(v)) throw new Error(`NRRD: non-numeric component '${s}' in field '${what}'`);
    return v;
  });
}

function splitVectors(text: string): string[] {
  return text.trim().match(/\([^)]*\)|none/g) ?? [];
}

/** Reads an attached-header NRRD (raw, gzip or ascii encoding) into a Volume in LPS, as SimpleITK would. */
export function readNrrd(bytes: Uint8Array): Volume {
  const magic = latin1(bytes.subarray(0, Math.min(8, bytes.length)));
  if (!/^NRRD000[1-5]$/.test(magic)) throw new Error('NRRD: missing NRRD000x magic line (not a NRRD file)');

  // The header ends at the first empty line; find it on bytes so binary data is never decoded as text.
  let end = -1;
  for (let n = 0; n < bytes.length - 1; n++) {
    if (bytes[n] === 0x0a && bytes[n + 1] === 0x0a) {
      end = n + 2;
      break;
    }
    if (bytes[n] === 0x0a && bytes[n + 1] === 0x0d && bytes[n + 2] === 0x0a) {
      end = n + 3;
      break;
    }
  }
  if (end < 0) throw new Error('NRRD: header is not terminated by an empty line (detached or truncated file)');
  const headerText = latin1(bytes.subarray(0, end));
  const fields = new Map<string, string>();
  for (const rawLine of headerText.split(/\r?\n/).slice(1)) {
    const line = rawLine.trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    const field = /^([^:]+):\s?(.*)$/.exec(line);
    // key:=value lines are key/value metadata, not fields.
    if (!field || field[2].startsWith('=')) continue;
    fields.set(field[1].trim().toLowerCase(), field[2].trim());
  }
  const required = (name: string): string => {
    const value = fields.get(name);
    if (value === undefined) throw new Error(`NRRD: required field '${name}' is missing`);
    return value;
  };

  if (fields.has('data file') || fields.has('datafile')) {
    throw new Error('NRRD: detached data files (.nhdr + data file) are not supported; save the image as a single .nrrd');
  }
  const typeName = required('type').toLowerCase();
  const pixelType = NRRD_TYPES[typeName];
  if (!pixelType) throw new Error(`NRRD: pixel type '${typeName}' is not supported`);
  const dimension = Number(required('dimension'));
  const sizes = required('sizes').split(/\s+/).map(Number);
  if (sizes.length !== dimension || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`NRRD: 'sizes' (${required('sizes')}) does not match dimension ${dimension}`);
  }
  const kinds = fields.get('kinds')?.split(/\s+/).map((k) => k.toLowerCase());
  if (kinds && kinds.some((k) => !['domain', 'space', 'time', '???', 'none'].includes(k))) {
    throw new Error(`NRRD: non-scalar voxels (kinds: ${kinds.join(' ')}) are not supported; a scalar 3D volume is expected`);
  }
  if (dimension === 2) throw twoDimensionalImageError('NRRD', sizes);
  if (dimension !== 3) throw new Error(`NRRD: ${dimension}-D images are not supported; a 3D scalar volume is expected`);

  const size: Vec3 = [sizes[0], sizes[1], sizes[2]];
  let spacing: Vec3 = [1, 1, 1];
  let origin: Vec3 = [0, 0, 0];
  const direction: number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

  const spaceDirections = fields.get('space directions');
  if (spaceDirections !== undefined) {
    const space = (fields.get('space') ?? '').toLowerCase();
    const flip = SPACE_TO_LPS[space];
    if (!flip) {
      throw new Error(`NRRD: space '${fields.get('space') ?? '(none)'}' is not supported; use left-posterior-superior or right-anterior-superior`);
    }
    const vectors = splitVectors(spaceDirections).map((v) => parseVector(v, 'space directions'));
    const axes = vectors.filter((v): v is number[] => v !== null);
    if (axes.length !== dimension) throw new Error(`NRRD: 'space directions' has ${axes.length} vectors for ${dimension} axes`);
    for (let axis = 0; axis < dimension; axis++) {
      const v = axes[axis];
      if (v.length !== 3) throw new Error('NRRD: space directions must be 3-vectors');
      const lps = [v[0] * flip[0], v[1] * flip[1], v[2] * flip[2]];
      const norm = Math.hypot(lps[0], lps[1], lps[2]);
      if (!(norm > 0)) throw new Error(`NRRD: space direction of axis ${axis} has zero length`);
      spacing[axis] = norm;
      for (let row = 0; row < 3; row++) direction[3 * row + axis] = lps[row] / norm;
    }
    const spaceOrigin = fields.get('space origin');
    if (spaceOrigin !== undefined) {
      const o = parseVector(spaceOrigin, 'space origin');
      if (o === null || o.length !== 3) throw new Error('NRRD: space origin must be a 3-vector');
      origin = [o[0] * flip[0], o[1] * flip[1], o[2] * flip[2]];
    }
  } else if (fields.has('spacings')) {
    const s = required('spacings').split(/\s+/).map(Number);
    spacing = [s[0], s[1], s[2]].map((v) => (Number.isFinite(v) && v > 0 ? v : 1)) as Vec3;
    const mins = fields.get('axis mins')?.split(/\s+/).map(Number);
    if (mins) origin = [mins[0], mins[1], mins[2]].map((v) => (Number.isFinite(v) ? v : 0)) as Vec3;
  }

  const count = size[0] * size[1] * size[2];
  const encoding = required('encoding').toLowerCase();
  const littleEndian = (fields.get('endian') ?? 'little').toLowerCase() !== 'big';
  let payload = bytes.subarray(end);
  const lineSkip = Number(fields.get('line skip') ?? fields.get('lineskip') ?? 0);
  for (let skipped = 0; skipped < lineSkip; skipped++) {
    const nl = payload.indexOf(0x0a);
    if (nl < 0) throw new Error('NRRD: line skip runs past the end of the file');
    payload = payload.subarray(nl + 1);
  }
  const byteSkip = Number(fields.get('byte skip') ?? fields.get('byteskip') ?? 0);

  let data;
  if (encoding === 'raw') {
    const bytesNeeded = count * (allocate(pixelType, 1).BYTES_PER_ELEMENT);
    const start = byteSkip === -1 ? payload.length - bytesNeeded : byteSkip;
    data = decodeVoxels(payload, start, pixelType, count, littleEndian, 'NRRD');
  } else if (encoding === 'gzip' || encoding === 'gz') {
    let inflated: Uint8Array;
    try {
      inflated = gunzipSync(payload);
    } catch (error) {
      throw new Error(`NRRD: gzip data cannot be decompressed (${error instanceof Error ? error.message : String(error)})`);
    }
    const start = byteSkip === -1 ? inflated.length - count * allocate(pixelType, 1).BYTES_PER_ELEMENT : byteSkip;
    data = decodeVoxels(inflated, start, pixelType, count, littleEndian, 'NRRD');
  } else if (encoding === 'ascii' || encoding === 'text' || encoding === 'txt') {
    const values = latin1(payload).trim().split(/[\s,]+/).filter((s: string) => s !== '');
    if (values.length < count) throw new Error(`NRRD: ${values.length} ascii values for ${count} voxels`);
    data = allocate(pixelType, count);
    for (let n = 0; n < count; n++) data[n] = Number(values[n]);
  } else {
    throw new Error(`NRRD: encoding '${encoding}' is not supported (raw, gzip and ascii are)`);
  }

  return { size, spacing, origin, direction: direction as Direction, data, pixelType };
}
