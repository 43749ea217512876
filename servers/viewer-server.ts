import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { closer, listen, type DicomWebHandler, type RunningServer } from './dicomweb/server';
import { DIST_DIR, MODELS_DIR } from './paths';

/** Where /dicom-web goes: the embedded server in this process, or a proxy to another DICOMweb server. */
export type DicomWebBackend =
  | { kind: 'embedded'; handler: DicomWebHandler }
  /**
   * `preserveHost`: pass the viewer's Host header upstream, so a server that builds absolute URLs from it
   * (Orthanc) points them back at this origin. Off for remote servers that need their own Host (TLS, vhosts).
   */
  | { kind: 'proxy'; url: string; preserveHost: boolean };

export interface ViewerServerOptions {
  /** The unpacked stock OHIF dist (servers/host.ts). */
  hostDir: string;
  backend: DicomWebBackend;
  port: number;
  bindAddress?: string;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Our files mounted under /prnn/: the built extension and mode, and the model cards. */
const PRNN_MOUNTS: Record<string, string> = {
  extension: join(DIST_DIR, 'extension'),
  mode: join(DIST_DIR, 'mode'),
  models: MODELS_DIR,
};

const APP_CONFIG = resolve(__dirname, 'app-config.js');

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** A file strictly inside `root`, or undefined (no path traversal). */
function fileWithin(root: string, relativePath: string): string | undefined {
  const file = normalize(join(root, relativePath));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
}

function sendFile(res: ServerResponse, file: string, cache: boolean): void {
  res.writeHead(200, {
    'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Cache-Control': cache ? 'public, max-age=3600' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

function proxy(req: IncomingMessage, res: ServerResponse, upstream: string, preserveHost: boolean): void {
  const target = new URL(upstream.replace(/\/$/, '') + (req.url ?? '').slice('/dicom-web'.length));
  const headers = { ...req.headers };
  if (!preserveHost) headers.host = target.host;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing = send(target, { method: req.method, headers }, (incoming) => {
    res.writeHead(incoming.statusCode ?? 502, incoming.headers);
    incoming.pipe(res);
  });
  outgoing.on('error', (error) => {
    if (!res.headersSent) sendText(res, 502, `DICOMweb server ${upstream} is unreachable: ${error.message}`);
    else res.destroy(error);
  });
  req.pipe(outgoing);
}

/**
 * The viewer's origin: the stock OHIF dist with our app-config.js, our bundles and model cards under /prnn/, and
 * DICOMweb at /dicom-web. Cross-origin isolation headers let cornerstone use SharedArrayBuffer.
 */
export async function startViewerServer(options: ViewerServerOptions): Promise<RunningServer> {
  const { hostDir, backend } = options;
  const indexHtml = join(hostDir, 'index.html');
  if (!existsSync(indexHtml)) throw new Error(`${hostDir} is not an OHIF dist (no index.html); run servers/host.ts ensureHost() first`);
  const server = createServer((req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://viewer').pathname);
    if (path === '/dicom-web' || path.startsWith('/dicom-web/')) {
      if (backend.kind === 'embedded') void backend.handler.handle(req, res);
      else proxy(req, res, backend.url, backend.preserveHost);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, `${req.method} ${path} is not supported`);
    if (path === '/app-config.js') return sendFile(res, APP_CONFIG, false);
    const prnn = /^\/prnn\/([^/]+)\/(.+)$/.exec(path);
    if (prnn) {
      const root = PRNN_MOUNTS[prnn[1]];
      const file = root ? fileWithin(root, prnn[2]) : undefined;
      if (file) return sendFile(res, file, false);
      const hint = prnn[1] === 'models' ? 'model cards live in models/' : 'build the extension and mode with `npm run build`';
      return sendText(res, 404, `${path} not found (${hint})`);
    }
    const file = fileWithin(hostDir, path);
    if (file) return sendFile(res, file, true);
    // The viewer is a single-page app: its routes (/, /prnn, /viewer?...) all load index.html.
    if (extname(path) === '') {
      res.writeHead(200, { 'Content-Type': MIME_TYPES['.html'], 'Cache-Control': 'no-cache' });
      return void res.end(readFileSync(indexHtml));
    }
    sendText(res, 404, `${path} not found`);
  });
  const address = await listen(server, options.port, options.bindAddress);
  return { ...address, close: closer(server) };
}
