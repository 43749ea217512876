import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DicomStore } from './dicomweb/store';
import { DicomWebHandler } from './dicomweb/server';
import { seedOrthanc, startOrthanc } from './orthanc';
import { CACHE_DIR } from './paths';
import { portFromEnv } from './ports';
import type { DicomWebBackend } from './viewer-server';

export interface Pacs {
  backend: DicomWebBackend;
  /** What the viewer talks to, for the start-up message. */
  description: string;
  close(): Promise<void>;
}

/**
 * The DICOMweb server behind the viewer's /dicom-web, chosen by the environment: DICOMWEB_URL proxies to any
 * server; PACS=orthanc starts Orthanc (ORTHANC_PORT, default 8043, 0 = any free port) seeded with `folders`; otherwise the embedded
 * server serves `folders` and stores uploads in `storeDir`.
 */
export async function startPacs(options: { folders: string[]; storeDir?: string; orthancDir?: string; env?: NodeJS.ProcessEnv }): Promise<Pacs> {
  const env = options.env ?? process.env;
  const folders = options.folders.filter((folder) => existsSync(folder));
  if (env.DICOMWEB_URL) {
    const url = new URL(env.DICOMWEB_URL).toString().replace(/\/$/, '');
    return { backend: { kind: 'proxy', url, preserveHost: false }, description: `DICOMweb server ${url}`, close: async () => {} };
  }
  const pacs = env.PACS ?? 'embedded';
  if (pacs === 'orthanc') {
    const port = portFromEnv('ORTHANC_PORT', 8043, env);
    const dataDir = options.orthancDir ?? join(CACHE_DIR, 'orthanc');
    const orthanc = await startOrthanc({ dataDir, port });
    try {
      const count = await seedOrthanc(orthanc.restUrl, folders);
      return {
        backend: { kind: 'proxy', url: orthanc.dicomWebUrl, preserveHost: true },
        description: `Orthanc ${orthanc.restUrl} (${count} instances seeded, data in ${dataDir})`,
        close: orthanc.close,
      };
    } catch (error) {
      await orthanc.close();
      throw error;
    }
  }
  if (pacs !== 'embedded') throw new Error(`PACS=${pacs} is not known: use PACS=orthanc, DICOMWEB_URL=<url>, or neither for the embedded server`);
  const storeDir = options.storeDir ?? join(CACHE_DIR, 'dicomweb-store');
  mkdirSync(storeDir, { recursive: true });
  const store = DicomStore.open({ folders, storeDir });
  const instances = [...store.studies.values()].reduce((n, st) => n + [...st.series.values()].reduce((m, se) => m + se.instances.size, 0), 0);
  return {
    backend: { kind: 'embedded', handler: new DicomWebHandler(store) },
    description: `embedded DICOMweb server (${store.studies.size} studies, ${instances} instances; uploads go to ${storeDir})`,
    close: async () => {},
  };
}
