import { gunzipSync } from 'fflate';
import type { Volume } from '../volume';
import { readNifti } from './nifti';
import { readNrrd } from './nrrd';
import { isGzip } from './pixelData';

export { readNifti, writeNifti } from './nifti';
export { readNrrd } from './nrrd';

/**
 * Reads an image file's bytes, recognising the format by content (NRRD magic, NIfTI header size, gzip wrapper)
 * rather than by file name. `name` only makes error messages say which file was bad.
 */
export function readImage(bytes: Uint8Array, name = 'image'): Volume {
  try {
    if (bytes.length >= 4 && String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) === 'NRRD') return readNrrd(bytes);
    const plain = isGzip(bytes) ? gunzipSync(bytes) : bytes;
    if (plain.length >= 4) {
      const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
      const headerSizes = [view.getInt32(0, true), view.getInt32(0, false)];
      if (headerSizes.includes(348) || headerSizes.includes(540)) return readNifti(plain);
    }
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  throw new Error(`${name}: unreadable format (expected NRRD .nrrd or NIfTI .nii/.nii.gz)`);
}
