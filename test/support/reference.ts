import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImage } from '../../extension/src/radiomics/image/io';
import type { Volume } from '../../extension/src/radiomics/image/volume';
import { REPO_ROOT, fixturePath } from './fixtures';

/** A committed reference JSON of test/reference (written by a script of scripts/reference), e.g. ('texture', 'eigenvalues.json'). */
export function readReference<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', ...parts), 'utf8')) as T;
}

/** An NRRD or NIfTI image of the shared fixtures, e.g. ('pyradiomics', 'data', 'brain1_image.nrrd') or 'ibsi/x.nii.gz'. */
export function readFixtureImage(...parts: string[]): Volume {
  const relative = parts.join('/');
  return readImage(new Uint8Array(readFileSync(fixturePath(...relative.split('/')))), relative);
}
