import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureHost, OHIF_APP } from './host';
import { startPacs } from './pacs';
import { DIST_DIR, SAMPLES_DIR, STS001_DIR } from './paths';
import { portFromEnv } from './ports';
import { ensureSamples } from './samples/generate';
import { startViewerServer } from './viewer-server';

/** `npm start`: the stock OHIF viewer with the PRNN extension and mode on the sample studies. */
async function main(): Promise<void> {
  for (const bundle of ['extension', 'mode']) {
    if (!existsSync(join(DIST_DIR, bundle, 'index.js'))) {
      throw new Error(`dist/${bundle}/index.js is missing: run \`npm run build\` first (npm start does)`);
    }
  }
  console.log(`OHIF viewer ${OHIF_APP.version}: ${await ensureHost()}`);
  console.log(`sample studies: ${await ensureSamples()}`);
  const folders = [SAMPLES_DIR, STS001_DIR];
  if (!existsSync(STS001_DIR)) console.log(`STS_001 not found at ${STS001_DIR}: serving the synthetic studies only`);
  const pacs = await startPacs({ folders });
  const viewer = await startViewerServer({
    hostDir: await ensureHost(),
    backend: pacs.backend,
    port: portFromEnv('VIEWER_PORT', 3000),
    bindAddress: process.env.BIND_ADDRESS ?? '127.0.0.1',
  });
  console.log(`DICOMweb: ${pacs.description}`);
  console.log(`\nPRNN viewer: ${viewer.url}/  (Ctrl+C to stop)\n`);
  const stop = async () => {
    await viewer.close();
    await pacs.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: Error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
