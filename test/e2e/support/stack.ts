import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureHost } from '../../../servers/host';
import { startPacs } from '../../../servers/pacs';
import { DIST_DIR, REPO_ROOT } from '../../../servers/paths';
import { ensureSamples } from '../../../servers/samples/generate';
import { startViewerServer } from '../../../servers/viewer-server';

const run = promisify(execFile);

/** Sources the bundles are built from: a change in any of them makes dist/ stale. */
const BUILD_INPUTS = ['extension/src', 'mode/src', '.webpack', 'package.json'];

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

/** Runs `npm run build` unless dist/extension and dist/mode are newer than every source they come from. */
export async function ensureBuilt(): Promise<void> {
  const outputs = ['extension', 'mode'].map((name) => join(DIST_DIR, name, 'index.js'));
  const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const sourcesAt = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(REPO_ROOT, input))));
  if (builtAt > sourcesAt) return;
  try {
    await run('npm', ['run', 'build'], { cwd: REPO_ROOT, maxBuffer: 64 << 20 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm run build failed, so the viewer cannot load PRNN:\n${(failed.stdout ?? '').slice(-3000)}\n${failed.stderr ?? failed.message}`);
  }
}

export interface Stack {
  url: string;
  pacs: string;
  close(): Promise<void>;
}

/** The real viewer (stock OHIF + our bundles) on a free port, with the sample studies in the chosen PACS. */
export async function startStack(pacs: 'embedded' | 'orthanc'): Promise<Stack> {
  const [hostDir, samples] = await Promise.all([ensureHost(), ensureSamples()]);
  const workDir = mkdtempSync(join(tmpdir(), `prnn-e2e-${pacs}-`));
  const running = await startPacs({
    folders: [samples],
    storeDir: join(workDir, 'stow'),
    orthancDir: join(workDir, 'orthanc'),
    env: { PACS: pacs, ORTHANC_PORT: '0' },
  });
  try {
    const viewer = await startViewerServer({ hostDir, backend: running.backend, port: 0 });
    return {
      url: viewer.url,
      pacs: running.description,
      close: async () => {
        await viewer.close();
        await running.close();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await running.close();
    throw error;
  }
}
