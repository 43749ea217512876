import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports';

/** Debian's `orthanc` and `orthanc-dicomweb` packages install these; ORTHANC_BIN / ORTHANC_DICOMWEB_PLUGIN override. */
const ORTHANC_CANDIDATES = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'];
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface RunningOrthanc {
  /** REST root, e.g. http://127.0.0.1:8043 */
  restUrl: string;
  /** DICOMweb root, e.g. http://127.0.0.1:8043/dicom-web */
  dicomWebUrl: string;
  port: number;
  close(): Promise<void>;
}

export function orthancBinary(): string {
  const fromEnv = process.env.ORTHANC_BIN;
  const found = fromEnv ? [fromEnv].filter(existsSync)[0] : ORTHANC_CANDIDATES.find(existsSync);
  if (!found) {
    throw new Error(
      `Orthanc is not installed (looked for ${fromEnv ?? ORTHANC_CANDIDATES.join(', ')}): ` +
        '`apt-get install -y orthanc orthanc-dicomweb`, or set ORTHANC_BIN',
    );
  }
  return found;
}

export function dicomWebPlugin(): string {
  const plugin = process.env.ORTHANC_DICOMWEB_PLUGIN ?? DICOMWEB_PLUGIN;
  if (!existsSync(plugin)) {
    throw new Error(`Orthanc's DICOMweb plugin is missing (${plugin}): \`apt-get install -y orthanc-dicomweb\`, or set ORTHANC_DICOMWEB_PLUGIN`);
  }
  return plugin;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitUntilReady(restUrl: string, child: ChildProcess, logFile: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Orthanc exited with code ${child.exitCode} while starting; its log (${logFile}):\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    try {
      const response = await fetch(`${restUrl}/system`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Orthanc did not answer on ${restUrl} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * Starts Orthanc with our own configuration (never the system one): its own HTTP port, storage and index under
 * `dataDir`, no DICOM listener, local access only, the DICOMweb plugin at /dicom-web/ with full metadata.
 */
export async function startOrthanc(options: { dataDir: string; port?: number }): Promise<RunningOrthanc> {
  const binary = orthancBinary();
  const plugin = dicomWebPlugin();
  const port = options.port || (await freePort());
  mkdirSync(options.dataDir, { recursive: true });
  const config = {
    Name: 'PRNN',
    HttpPort: port,
    HttpServerEnabled: true,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    StorageDirectory: join(options.dataDir, 'storage'),
    IndexDirectory: join(options.dataDir, 'index'),
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
  };
  const configFile = join(options.dataDir, 'orthanc.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = join(options.dataDir, 'orthanc.log');
  const log = createWriteStream(logFile);
  const child = spawn(binary, [configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const restUrl = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await waitForExit(child);
    log.end();
  };
  try {
    await waitUntilReady(restUrl, child, logFile);
  } catch (error) {
    await close();
    throw error;
  }
  return { restUrl, dicomWebUrl: `${restUrl}/dicom-web`, port, close };
}

function listDicomFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listDicomFiles(path);
    if (!entry.isFile()) return [];
    const head = readFileSync(path).subarray(128, 132).toString('latin1');
    return head === 'DICM' ? [path] : [];
  });
}

/** Uploads every Part 10 file under the folders through Orthanc's REST API; returns how many were stored. */
export async function seedOrthanc(restUrl: string, folders: string[]): Promise<number> {
  let count = 0;
  for (const file of folders.flatMap(listDicomFiles)) {
    const response = await fetch(`${restUrl}/instances`, { method: 'POST', body: readFileSync(file), headers: { 'Content-Type': 'application/dicom' } });
    if (!response.ok) throw new Error(`Orthanc refused ${file}: HTTP ${response.status} ${await response.text()}`);
    count++;
  }
  return count;
}
