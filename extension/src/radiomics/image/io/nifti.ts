import { gunzipSync, gzipSync } from 'fflate';
import type { Direction, PixelType, TypedArray, Vec3, Volume } from '../volume';
import { bytesPerVoxel, decodeVoxels, encodeVoxelsLittleEndian, isGzip, twoDimensionalImageError } from './pixelData';

const NIFTI_TYPES: Record<number, PixelType> = {
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  64: 'float64',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
};
const NIFTI_TYPE_CODES: Record<PixelType, number> = {
  uint8: 2,
  int16: 4,
  int32: 8,
  float32: 16,
  float64: 64,
  int8: 256,
  uint16: 512,
  uint32: 768,
};
const XFORM_UNKNOWN = 0;
const XFORM_SCANNER_ANAT = 1;

/** Row-major 4x4 matrix (nifti's mat44). */
type Mat44 = number[];

interface NiftiHeader {
  dim: number[];
  datatype: number;
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: Vec3;
  srow: Mat44;
  intentCode: number;
  littleEndian: boolean;
}

function parseHeader(bytes: Uint8Array): NiftiHeader {
  if (bytes.length < 348) throw new Error('NIfTI: file is shorter than a NIfTI header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le348 = view.getInt32(0, true);
  const be348 = view.getInt32(0, false);
  if (le348 === 348 || be348 === 348) {
    const le = le348 === 348;
    const i16 = (o: number) => view.getInt16(o, le);
    const f32 = (o: number) => view.getFloat32(o, le);
    const magic = String.fromCharCode(bytes[344], bytes[345], bytes[346]);
    if (magic !== 'n+1' && magic !== 'ni1') throw new Error('NIfTI: not a NIfTI-1 file (Analyze 7.5 files are not supported)');
    if (magic === 'ni1') throw new Error('NIfTI: two-file NIfTI (.hdr/.img) is not supported; use a single .nii or .nii.gz');
    return {
      dim: Array.from({ length: 8 }, (_, n) => i16(40 + 2 * n)),
      intentCode: i16(68),
      datatype: i16(70),
      pixdim: Array.from({ length: 8 }, (_, n) => f32(76 + 4 * n)),
      voxOffset: f32(108),
      sclSlope: f32(112),
      sclInter: f32(116),
      xyztUnits: bytes[123],
      qformCode: i16(252),
      sformCode: i16(254),
      quatern: [f32(256), f32(260), f32(264)],
      qoffset: [f32(268), f32(272), f32(276)],
      srow: [...Array.from({ length: 12 }, (_, n) => f32(280 + 4 * n)), 0, 0, 0, 1],
      littleEndian: le,
    };
  }
  if (view.getInt32(0, true) === 540 || view.getInt32(0, false) === 540) {
    throw new Error('NIfTI: NIfTI-2 files are not supported (SimpleITK 2.5, which PyRadiomics reads images with, cannot read them either); save the image as NIfTI-1');
  }
  throw new Error('NIfTI: header size is not 348: not a NIfTI-1 file');
}

/** nifti1_io's nifti_quatern_to_mat44 (computed in double, stored in float as ITK keeps it). */
function quaternToMat44(h: NiftiHeader): Mat44 {
  let [b, c, d] = h.quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    a = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= a;
    c *= a;
    d *= a;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const xd = h.pixdim[1] > 0 ? h.pixdim[1] : 1;
  const yd = h.pixdim[2] > 0 ? h.pixdim[2] : 1;
  let zd = h.pixdim[3] > 0 ? h.pixdim[3] : 1;
  const qfac = h.pixdim[0] < 0 ? -1 : 1;
  if (qfac < 0) zd = -zd;
  return [
    (a * a + b * b - c * c - d * d) * xd,
    2 * (b * c - a * d) * yd,
    2 * (b * d + a * c) * zd,
    h.qoffset[0],
    2 * (b * c + a * d) * xd,
    (a * a + c * c - b * b - d * d) * yd,
    2 * (c * d - a * b) * zd,
    h.qoffset[1],
    2 * (b * d - a * c) * xd,
    2 * (c * d + a * b) * yd,
    (a * a + d * d - c * c - b * b) * zd,
    h.qoffset[2],
    0,
    0,
    0,
    1,
  ].map(Math.fround);
}

function column(m: Mat44, c: number): Vec3 {
  return [m[c], m[4 + c], m[8 + c]];
}

function normalized(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return n === 0 ? v : [v[0] / n, v[1] / n, v[2] / n];
}

function isIdentity3(m: number[], tolerance: number): boolean {
  return m.every((v, n) => Math.abs(v - (n % 4 === 0 ? 1 : 0)) <= tolerance);
}

/** Columns normalised; orthonormal when R * R^T is the identity within 1e-4 (ITK's test). */
function isOrthonormalAfterScaling(m: Mat44): boolean {
  const cols = [0, 1, 2].map((c) => normalized(column(m, c)));
  const product: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) product.push(cols[0][r] * cols[0][c] + cols[1][r] * cols[1][c] + cols[2][r] * cols[2][c]);
  }
  return isIdentity3(product, 1e-4);
}

/**
 * Chooses sform or qform exactly as ITK 5.4's NiftiImageIO::SetImageIOOrientationFromNIfTI does
 * (SimpleITK 2.5 reads NIfTI with it): the sform is preferred when it is rigid-with-scaling and either the qform is
 * unknown, the sform is SCANNER_ANAT, or both agree; otherwise the qform.
 */
function chooseTransform(h: NiftiHeader, qto: Mat44, sto: Mat44): Mat44 {
  const sformPresent = h.sformCode > XFORM_UNKNOWN;
  const stoEffective = sformPresent ? sto : new Array(16).fill(0);
  const similar =
    [0, 1, 2, 4, 5, 6, 8, 9, 10].every((n) => Math.abs(stoEffective[n] - qto[n]) <= 1e-5) &&
    [3, 7, 11, 15].reduce((s, n) => s + Math.abs(stoEffective[n] - qto[n]), 0) <= 1e-7 &&
    [12, 13, 14, 15].reduce((s, n) => s + Math.abs(stoEffective[n] - qto[n]), 0) <= 1e-7;
  let preferSform = similar;
  if (!preferSform || h.sformCode !== XFORM_UNKNOWN) {
    const affine = sformPresent && stoEffective[12] === 0 && stoEffective[13] === 0 && stoEffective[14] === 0 && stoEffective[15] === 1;
    const decomposable = affine && isOrthonormalAfterScaling(stoEffective);
    if (decomposable) {
      if (h.qformCode === XFORM_UNKNOWN && h.sformCode !== XFORM_UNKNOWN) preferSform = true;
      else if (h.sformCode === XFORM_SCANNER_ANAT) preferSform = true;
      else if (h.qformCode !== XFORM_UNKNOWN && h.sformCode !== XFORM_UNKNOWN) {
        // ITK compares singular values, rotations and offsets of both within 1e-4; for rigid-with-scaling
        // matrices these are the column norms, the normalised columns and the last column.
        preferSform = [0, 1, 2].every((c) => {
          const sc = column(stoEffective, c);
          const qc = column(qto, c);
          const sn = normalized(sc);
          const qn = normalized(qc);
          return (
            Math.abs(Math.hypot(...sc) - Math.hypot(...qc)) <= 1e-4 &&
            Math.abs(sn[0] - qn[0]) <= 1e-4 &&
            Math.abs(sn[1] - qn[1]) <= 1e-4 &&
            Math.abs(sn[2] - qn[2]) <= 1e-4
          );
        }) && [3, 7, 11].every((n) => Math.abs(stoEffective[n] - qto[n]) <= 1e-4);
      }
    }
  }
  if (preferSform) return stoEffective;
  if (h.qformCode !== XFORM_UNKNOWN) return qto;
  throw new Error('NIfTI: no usable orientation (qform unknown and sform is not a rotation with scaling)');
}

function spacingScale(xyztUnits: number): number {
  switch (xyztUnits & 0x07) {
    case 1:
      return 1e3; // metre
    case 3:
      return 1e-3; // micron
    default:
      return 1; // mm or unknown
  }
}

/**
 * Reads a single-file NIfTI-1 image (.nii, or gzipped .nii.gz) into a Volume in LPS, with the geometry
 * SimpleITK gives: spacing from pixdim, sform/qform chosen as ITK does (RAS -> LPS), scl_slope/scl_inter applied
 * (integer data then becomes float32, as in ITK).
 */
export function readNifti(input: Uint8Array): Volume {
  let bytes = input;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new Error(`NIfTI: gzip data cannot be decompressed (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const h = parseHeader(bytes);
  if (h.qformCode === XFORM_UNKNOWN && h.sformCode === XFORM_UNKNOWN) {
    throw new Error('NIfTI: qform_code and sform_code are both 0, so the image has no defined orientation in patient space');
  }
  const pixelType = NIFTI_TYPES[h.datatype];
  if (!pixelType) throw new Error(`NIfTI: datatype ${h.datatype} is not supported (8-32 bit integers, float32, float64 are)`);
  let ndim = h.dim[0];
  while (ndim > 3 && h.dim[ndim] === 1) ndim--;
  if (ndim === 2) throw twoDimensionalImageError('NIfTI', h.dim.slice(1, 3));
  if (ndim !== 3) throw new Error(`NIfTI: ${ndim}-D images are not supported; a 3D volume is expected`);
  const size: Vec3 = [h.dim[1], h.dim[2], h.dim[3]];
  if (size.some((s) => !(s >= 1))) throw new Error(`NIfTI: invalid dimensions ${h.dim.slice(1, 4).join('x')}`);
  const scale = spacingScale(h.xyztUnits);
  const spacing: Vec3 = [h.pixdim[1] * scale, h.pixdim[2] * scale, h.pixdim[3] * scale];
  if (spacing.some((s) => !(s > 0))) throw new Error(`NIfTI: pixdim ${h.pixdim.slice(1, 4).join(', ')} is not a positive spacing`);

  const qto =
    h.qformCode > XFORM_UNKNOWN ? quaternToMat44(h) : [h.pixdim[1], 0, 0, 0, 0, h.pixdim[2], 0, 0, 0, 0, h.pixdim[3], 0, 0, 0, 0, 1];
  const m = chooseTransform(h, qto, h.srow);
  // RAS (NIfTI) -> LPS (ITK): negate the first two rows.
  const origin: Vec3 = [-m[3], -m[7], m[11]];
  const direction: number[] = new Array(9).fill(0);
  for (let c = 0; c < 3; c++) {
    const v = normalized([-m[c], -m[4 + c], m[8 + c]]);
    for (let r = 0; r < 3; r++) direction[3 * r + c] = v[r];
  }

  const count = size[0] * size[1] * size[2];
  const raw = decodeVoxels(bytes, Math.round(h.voxOffset), pixelType, count, h.littleEndian, 'NIfTI');
  const slope = Math.abs(h.sclSlope) < Number.EPSILON || !Number.isFinite(h.sclSlope) ? 1 : h.sclSlope;
  const intercept = Number.isFinite(h.sclInter) ? h.sclInter : 0;
  if (slope === 1 && intercept === 0) {
    return { size, spacing, origin, direction: direction as Direction, data: raw, pixelType };
  }
  const rescaledType: PixelType = pixelType === 'float64' ? 'float64' : 'float32';
  const data: TypedArray = rescaledType === 'float64' ? new Float64Array(count) : new Float32Array(count);
  for (let n = 0; n < count; n++) data[n] = raw[n] * slope + intercept;
  return { size, spacing, origin, direction: direction as Direction, data, pixelType: rescaledType };
}

/** nifti1_io's nifti_mat44_to_quatern for an orthonormal rotation (ours always is). */
function rotationToQuaternion(r: number[]): { b: number; c: number; d: number; qfac: number } {
  let [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r;
  const det = r11 * r22 * r33 - r11 * r32 * r23 - r21 * r12 * r33 + r21 * r32 * r13 + r31 * r12 * r23 - r31 * r22 * r13;
  let qfac = 1;
  if (det <= 0) {
    qfac = -1;
    r13 = -r13;
    r23 = -r23;
    r33 = -r33;
  }
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}

/**
 * Writes a Volume as a single-file NIfTI-1 (gzipped when `gzip` is true), geometry converted LPS -> RAS and stored
 * in both sform and qform with code SCANNER_ANAT, as ITK's writer does.
 */
export function writeNifti(volume: Volume, options: { gzip?: boolean } = {}): Uint8Array {
  const header = new Uint8Array(352);
  const view = new DataView(header.buffer);
  const d = volume.direction;
  // RAS rotation: negate the first two rows of the LPS direction.
  const ras = [-d[0], -d[1], -d[2], -d[3], -d[4], -d[5], d[6], d[7], d[8]];
  const { b, c, d: qd, qfac } = rotationToQuaternion(ras);
  const origin = [-volume.origin[0], -volume.origin[1], volume.origin[2]];

  view.setInt32(0, 348, true);
  const dims = [3, volume.size[0], volume.size[1], volume.size[2], 1, 1, 1, 1];
  if (volume.size.some((s) => s > 32767)) throw new Error('NIfTI-1 cannot store a dimension larger than 32767');
  dims.forEach((v, n) => view.setInt16(40 + 2 * n, v, true));
  view.setInt16(70, NIFTI_TYPE_CODES[volume.pixelType], true);
  view.setInt16(72, 8 * bytesPerVoxel(volume.pixelType), true);
  const pixdim = [qfac, volume.spacing[0], volume.spacing[1], volume.spacing[2], 0, 0, 0, 0];
  pixdim.forEach((v, n) => view.setFloat32(76 + 4 * n, v, true));
  view.setFloat32(108, 352, true);
  view.setFloat32(112, 1, true);
  view.setFloat32(116, 0, true);
  header[123] = 2 | 8; // mm, seconds (as ITK writes)
  view.setInt16(252, XFORM_SCANNER_ANAT, true);
  view.setInt16(254, XFORM_SCANNER_ANAT, true);
  [b, c, qd, origin[0], origin[1], origin[2]].forEach((v, n) => view.setFloat32(256 + 4 * n, v, true));
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) view.setFloat32(280 + 16 * row + 4 * col, ras[3 * row + col] * volume.spacing[col], true);
    view.setFloat32(280 + 16 * row + 12, origin[row], true);
  }
  header.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
  const voxels = encodeVoxelsLittleEndian(volume.data, volume.pixelType);
  const file = new Uint8Array(352 + voxels.length);
  file.set(header, 0);
  file.set(voxels, 352);
  return options.gzip ? gzipSync(file) : file;
}
