import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closer, listen, type RunningServer } from '../../servers/dicomweb/server';
import { startViewerServer } from '../../servers/viewer-server';

/** A fake OHIF dist and a fake upstream DICOMweb server, to check what the viewer's origin serves and forwards. */
describe('viewer server', () => {
  let hostDir: string;
  let upstream: RunningServer;
  let seen: { url?: string; headers?: IncomingHttpHeaders; body?: string };
  const viewers: RunningServer[] = [];

  beforeAll(async () => {
    hostDir = mkdtempSync(join(tmpdir(), 'prnn-host-'));
    writeFileSync(join(hostDir, 'index.html'), '<!doctype html><title>OHIF</title>');
    writeFileSync(join(hostDir, 'app-config.js'), 'window.config = { name: "stock" };');
    mkdirSync(join(hostDir, 'assets'));
    writeFileSync(join(hostDir, 'assets', 'app.wasm'), 'wasm');
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen = { url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
        res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
        res.end('[]');
      });
    });
    upstream = { ...(await listen(server, 0)), close: closer(server) };
  });

  afterAll(async () => {
    await Promise.all([...viewers.map((v) => v.close()), upstream.close()]);
    rmSync(hostDir, { recursive: true, force: true });
  });

  async function viewer(preserveHost: boolean): Promise<RunningServer> {
    const running = await startViewerServer({ hostDir, backend: { kind: 'proxy', url: `${upstream.url}/pacs/dicom-web`, preserveHost }, port: 0 });
    viewers.push(running);
    return running;
  }

  it('serves our app-config.js in place of the host one, loading the extension and mode by URL', async () => {
    const { url } = await viewer(false);
    const config = await (await fetch(`${url}/app-config.js`)).text();
    expect(config).toContain("extensions: ['/prnn/extension/index.js']");
    expect(config).toContain("modes: ['/prnn/mode/index.js']");
    expect(config).toContain("qidoRoot: '/dicom-web'");
    expect(config).not.toContain('name: "stock"');
  });

  it('serves host files with their MIME type, index.html for app routes, 404 for missing files and traversal', async () => {
    const { url } = await viewer(false);
    const wasm = await fetch(`${url}/assets/app.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const route = await fetch(`${url}/prnn?StudyInstanceUIDs=1.2.3`);
    expect(await route.text()).toContain('<title>OHIF</title>');
    expect((await fetch(`${url}/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/prnn/extension/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${url}/prnn/models/no-such-card.json`)).status).toBe(404);
  });

  it('proxies /dicom-web to the upstream server with path, query, method and body', async () => {
    const { url } = await viewer(false);
    const response = await fetch(`${url}/dicom-web/studies?PatientID=42&limit=5`);
    expect(await response.json()).toEqual([]);
    expect(seen.url).toBe('/pacs/dicom-web/studies?PatientID=42&limit=5');
    expect(seen.headers?.host).toBe(new URL(upstream.url).host);
    await fetch(`${url}/dicom-web/studies`, { method: 'POST', body: 'payload', headers: { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=x' } });
    expect(seen.body).toBe('payload');
    expect(seen.headers?.['content-type']).toContain('multipart/related');
  });

  it('passes the viewer Host header upstream when asked (Orthanc builds absolute URLs from it)', async () => {
    const { url } = await viewer(true);
    await fetch(`${url}/dicom-web/studies`);
    expect(seen.headers?.host).toBe(new URL(url).host);
  });

  it('answers 502 with the reason when the upstream server is unreachable', async () => {
    const running = await startViewerServer({ hostDir, backend: { kind: 'proxy', url: 'http://127.0.0.1:9/dicom-web', preserveHost: false }, port: 0 });
    viewers.push(running);
    const response = await fetch(`${running.url}/dicom-web/studies`);
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/unreachable/);
  });
});
