import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CACHE_DIR } from './paths';

const run = promisify(execFile);

/**
 * The stock OHIF viewer we run inside. `npm install @ohif/app` fails (it depends on unpublished @ohif/i18n and
 * @ohif/ui), but its tarball carries the complete built viewer in package/dist, so we take the tarball itself and
 * pin its integrity: a republished or tampered tarball is refused.
 */
export const OHIF_APP = {
  name: '@ohif/app',
  version: '3.13.2',
  integrity: 'sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==',
} as const;

export function hostDir(version: string = OHIF_APP.version): string {
  return join(CACHE_DIR, 'ohif-app', version, 'dist');
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** The unpacked viewer (index.html, app-config.js, bundles); downloads and verifies it the first time. */
export async function ensureHost(): Promise<string> {
  const target = hostDir();
  const marker = join(target, '..', 'integrity');
  if (existsSync(join(target, 'index.html')) && existsSync(marker) && readFileSync(marker, 'utf8') === OHIF_APP.integrity) {
    return target;
  }
  const workDir = join(CACHE_DIR, 'ohif-app');
  mkdirSync(workDir, { recursive: true });
  const staging = mkdtempSync(join(workDir, 'download-'));
  try {
    const spec = `${OHIF_APP.name}@${OHIF_APP.version}`;
    try {
      await run('npm', ['pack', spec, '--pack-destination', staging, '--silent'], { cwd: staging, maxBuffer: 64 << 20 });
    } catch (error) {
      throw new Error(`could not download the OHIF viewer with \`npm pack ${spec}\` (is the npm registry reachable?): ${(error as Error).message}`);
    }
    const tarball = join(staging, `ohif-app-${OHIF_APP.version}.tgz`);
    const actual = integrityOf(tarball);
    if (actual !== OHIF_APP.integrity) {
      throw new Error(`${spec} tarball integrity mismatch: expected ${OHIF_APP.integrity}, got ${actual}; refusing to serve it`);
    }
    await run('tar', ['-xzf', tarball, '-C', staging, 'package/dist']);
    rmSync(join(target, '..'), { recursive: true, force: true });
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(join(staging, 'package', 'dist'), target);
    writeFileSync(marker, OHIF_APP.integrity);
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
