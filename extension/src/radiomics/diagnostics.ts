/**
 * PyRadiomics' generalinfo.GeneralInfo: the `diagnostics_*` entries of an extraction, same keys, same order, same
 * numbers. Hashes are SHA-1 of the voxel buffer (little-endian, in the volume's pixel type), which is exactly what
 * sitk.Hash returns. Versions name this engine and the PyRadiomics version it reproduces.
 */
import { boundingBox, type BoundingBox } from './image/crop';
import { encodeVoxelsLittleEndian } from './image/io/pixelData';
import { indexToPhysical, type Vec3, type Volume } from './image/volume';
import type { Params, Settings } from './settings';

export const ENGINE_VERSION = '0.1.0';
export const PYRADIOMICS_REFERENCE_VERSION = 'v3.0.1';

export type DiagnosticValue = string | number | boolean | number[] | Record<string, unknown>;

/** SHA-1 (FIPS 180-4) of bytes, as a lowercase hex string. */
export function sha1(bytes: Uint8Array): string {
  const length = bytes.length;
  // Whole blocks are read in place; only the tail is copied into the padded final block(s).
  const wholeBlocks = Math.floor(length / 64);
  const tail = new Uint8Array(length % 64 < 56 ? 64 : 128);
  tail.set(bytes.subarray(wholeBlocks * 64));
  tail[length % 64] = 0x80;
  const tailView = new DataView(tail.buffer);
  tailView.setUint32(tail.length - 8, Math.floor(length / 0x20000000), false);
  tailView.setUint32(tail.length - 4, (length * 8) >>> 0, false);
  // The hash state and the message schedule as int32: all arithmetic stays in 32-bit integers.
  const state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
  const w = new Int32Array(80);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zeroSchedule = false;
  for (let block = 0; block < wholeBlocks; block++) zeroSchedule = compressBlock(state, w, view, 64 * block, zeroSchedule);
  for (let offset = 0; offset < tail.length; offset += 64) zeroSchedule = compressBlock(state, w, tailView, offset, zeroSchedule);
  return Array.from(state, (v) => (v >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * The SHA-1 compression function on the 64-byte block of `view` at `offset`, updating `state`. `w` is the message
 * schedule; `zeroSchedule` says that it holds the all-zero schedule of an all-zero block, which the next all-zero
 * block then reuses (masks, and image backgrounds, are mostly such blocks). Returns whether it holds it now.
 */
function compressBlock(state: Int32Array, w: Int32Array, view: DataView, offset: number, zeroSchedule: boolean): boolean {
  let any = 0;
  for (let t = 0; t < 16; t++) any |= w[t] = view.getInt32(offset + 4 * t, false);
  if (any !== 0 || !zeroSchedule) {
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
  // Five rounds per iteration with the roles of a..e rotated, so that no variable is moved between rounds.
  for (let t = 0; t < 20; t += 5) {
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + d + 0x5a827999 + w[t + 1]) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + c + 0x5a827999 + w[t + 2]) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + b + 0x5a827999 + w[t + 3]) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + a + 0x5a827999 + w[t + 4]) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (let t = 20; t < 40; t += 5) {
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + 0x6ed9eba1 + w[t + 1]) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + 0x6ed9eba1 + w[t + 2]) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + 0x6ed9eba1 + w[t + 3]) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + 0x6ed9eba1 + w[t + 4]) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (let t = 40; t < 60; t += 5) {
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[t]) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + d + 0x8f1bbcdc + w[t + 1]) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + c + 0x8f1bbcdc + w[t + 2]) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + b + 0x8f1bbcdc + w[t + 3]) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + a + 0x8f1bbcdc + w[t + 4]) | 0;
    c = (c << 30) | (c >>> 2);
  }
  for (let t = 60; t < 80; t += 5) {
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[t]) | 0;
    b = (b << 30) | (b >>> 2);
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + 0xca62c1d6 + w[t + 1]) | 0;
    a = (a << 30) | (a >>> 2);
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + 0xca62c1d6 + w[t + 2]) | 0;
    e = (e << 30) | (e >>> 2);
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + 0xca62c1d6 + w[t + 3]) | 0;
    d = (d << 30) | (d >>> 2);
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + 0xca62c1d6 + w[t + 4]) | 0;
    c = (c << 30) | (c >>> 2);
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  return any === 0;
}

/** sitk.Hash(image): SHA-1 of the voxel buffer. */
export function imageHash(volume: Volume): string {
  return sha1(encodeVoxelsLittleEndian(volume.data, volume.pixelType));
}

/**
 * Number of 26-connected components of the voxels carrying `label` (sitk ConnectedComponent, FullyConnectedOn),
 * searched within `box`, the label's bounding box.
 */
export function connectedComponentCount(mask: Volume, label: number, box: BoundingBox = boundingBox(mask, label)): number {
  const [nx, ny] = mask.size;
  const data = mask.data;
  const { lower, upper } = box;
  // The box's label voxels, with a border of empty voxels all round so that no neighbour needs a bounds check.
  const px = upper[0] - lower[0] + 3;
  const py = upper[1] - lower[1] + 3;
  const pz = upper[2] - lower[2] + 3;
  const unvisited = new Uint8Array(px * py * pz);
  let voxels = 0;
  for (let k = lower[2]; k <= upper[2]; k++) {
    for (let j = lower[1]; j <= upper[1]; j++) {
      let m = 1 + (j - lower[1] + 1) * px + (k - lower[2] + 1) * px * py;
      for (let n = lower[0] + nx * (j + ny * k), end = upper[0] + nx * (j + ny * k); n <= end; n++, m++) {
        if (data[n] === label) {
          unvisited[m] = 1;
          voxels++;
        }
      }
    }
  }
  const neighbours = new Int32Array(26);
  for (let dk = -1, a = 0; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) if (di !== 0 || dj !== 0 || dk !== 0) neighbours[a++] = di + px * (dj + py * dk);
    }
  }
  // Every voxel of the label enters the stack once at most.
  const stack = new Int32Array(voxels);
  let components = 0;
  for (let start = 0; start < unvisited.length; start++) {
    if (!unvisited[start]) continue;
    components++;
    let top = 0;
    stack[top++] = start;
    unvisited[start] = 0;
    while (top > 0) {
      const m = stack[--top];
      for (let a = 0; a < 26; a++) {
        const neighbour = m + neighbours[a];
        if (unvisited[neighbour]) {
          unvisited[neighbour] = 0;
          stack[top++] = neighbour;
        }
      }
    }
  }
  return components;
}

function statistics(values: ArrayLike<number>): { mean: number; minimum: number; maximum: number } {
  let sum = 0;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let n = 0; n < values.length; n++) {
    const v = values[n];
    sum += v;
    if (v < minimum) minimum = v;
    if (v > maximum) maximum = v;
  }
  return { mean: sum / values.length, minimum, maximum };
}

/** A JSON-safe copy of settings: Python ints written as bigint (LoG sigmas) become numbers. */
function plainCopy(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? Number(item) : item))) as Record<string, unknown>;
}

export class Diagnostics {
  readonly entries: Record<string, DiagnosticValue> = {};

  constructor() {
    this.entries['diagnostics_Versions_PRNNEngine'] = ENGINE_VERSION;
    this.entries['diagnostics_Versions_PyRadiomicsReference'] = PYRADIOMICS_REFERENCE_VERSION;
  }

  addGeneralSettings(settings: Settings): void {
    this.entries['diagnostics_Configuration_Settings'] = plainCopy(settings);
  }

  addEnabledImageTypes(imageTypes: Params['imageType']): void {
    this.entries['diagnostics_Configuration_EnabledImageTypes'] = plainCopy(imageTypes);
  }

  addImageElements(image: Volume, prefix: 'original' | 'interpolated' = 'original'): void {
    const key = `diagnostics_Image-${prefix}`;
    if (prefix === 'original') {
      this.entries[`${key}_Hash`] = imageHash(image);
      this.entries[`${key}_Dimensionality`] = '3D';
    }
    this.entries[`${key}_Spacing`] = [...image.spacing];
    this.entries[`${key}_Size`] = [...image.size];
    const { mean, minimum, maximum } = statistics(image.data);
    this.entries[`${key}_Mean`] = mean;
    this.entries[`${key}_Minimum`] = minimum;
    this.entries[`${key}_Maximum`] = maximum;
  }

  /** `image` null for the original mask (PyRadiomics has not checked image/mask alignment at that point). */
  addMaskElements(image: Volume | null, mask: Volume, label: number, prefix: 'original' | 'interpolated' | 'corrected' | 'resegmented'): void {
    const key = `diagnostics_Mask-${prefix}`;
    if (prefix === 'original') this.entries[`${key}_Hash`] = imageHash(mask);
    this.entries[`${key}_Spacing`] = [...mask.spacing];
    this.entries[`${key}_Size`] = [...mask.size];
    // One pass over the mask: voxel count, centre of mass and bounding box (LabelShapeStatistics' lower index,
    // then size).
    const [nx, ny, nz] = mask.size;
    const data = mask.data;
    let count = 0;
    let sumI = 0;
    let sumJ = 0;
    let sumK = 0;
    let lowI = nx, lowJ = ny, lowK = nz, highI = -1, highJ = -1, highK = -1;
    const roi: number[] = [];
    for (let k = 0, n = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++, n++) {
          if (data[n] !== label) continue;
          count++;
          sumI += i;
          sumJ += j;
          sumK += k;
          if (i < lowI) lowI = i;
          if (i > highI) highI = i;
          if (j < lowJ) lowJ = j;
          if (j > highJ) highJ = j;
          if (k < lowK) lowK = k;
          if (k > highK) highK = k;
          if (image) roi.push(image.data[n]);
        }
      }
    }
    if (count === 0) throw new Error(`label ${label} is not present in the mask`);
    this.entries[`${key}_BoundingBox`] = [lowI, lowJ, lowK, highI - lowI + 1, highJ - lowJ + 1, highK - lowK + 1];
    this.entries[`${key}_VoxelNum`] = count;
    this.entries[`${key}_VolumeNum`] = connectedComponentCount(mask, label, { lower: [lowI, lowJ, lowK], upper: [highI, highJ, highK] });
    const centreIndex: Vec3 = [sumI / count, sumJ / count, sumK / count];
    this.entries[`${key}_CenterOfMassIndex`] = centreIndex;
    this.entries[`${key}_CenterOfMass`] = indexToPhysical(mask, centreIndex);
    if (!image) return;
    const { mean, minimum, maximum } = statistics(roi);
    this.entries[`${key}_Mean`] = mean;
    this.entries[`${key}_Minimum`] = minimum;
    this.entries[`${key}_Maximum`] = maximum;
  }
}
