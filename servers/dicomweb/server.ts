import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { datasetToJson, elementAtPath, type JsonDataset } from './dicom-json';
import { FrameError, framesOf } from './frames';
import { buildMultipart, headerParameter, parseMultipart } from './multipart';
import { DEFAULT_ATTRIBUTES, matchesQuery, parseQuery, QueryError, selectAttributes, type Query, type QueryLevel } from './qido';
import type { DicomStore, StoredInstance, StoredSeries, StoredStudy } from './store';

const DICOM_JSON = 'application/dicom+json';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, DICOM_JSON, JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function instanceNumber(instance: StoredInstance): number {
  const value = instance.dict['00200013']?.Value?.[0];
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/**
 * A small DICOMweb server over a DicomStore: QIDO-RS, WADO-RS (metadata, instances, frames, bulk data) and
 * STOW-RS, mounted at `prefix` (e.g. '/dicom-web'). URLs it returns are absolute, built from the request's Host
 * header, like Orthanc's, so they resolve wherever the viewer reaches the server.
 */
export class DicomWebHandler {
  constructor(
    private readonly store: DicomStore,
    readonly prefix = '/dicom-web',
  ) {}

  /** Handles a request whose path starts with the prefix; answers errors as text with a clear message. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      if (!url.pathname.startsWith(this.prefix)) throw new HttpError(404, `not a DICOMweb path: ${url.pathname}`);
      const base = `http://${req.headers.host ?? 'localhost'}${this.prefix}`;
      const segments = url.pathname.slice(this.prefix.length).split('/').filter(Boolean).map(decodeURIComponent);
      if (req.method === 'POST') await this.stow(req, res, segments, base);
      else if (req.method === 'GET' || req.method === 'HEAD') this.get(req, res, segments, url.searchParams, base);
      else throw new HttpError(405, `${req.method} is not supported`);
    } catch (error) {
      const status = error instanceof HttpError || error instanceof FrameError ? error.status : error instanceof QueryError ? 400 : 500;
      if (!res.headersSent) send(res, status, 'text/plain; charset=utf-8', `${(error as Error).message}\n`);
      else res.destroy(error as Error);
    }
  }

  private get(req: IncomingMessage, res: ServerResponse, s: string[], params: URLSearchParams, base: string): void {
    const [root, studyUid, second, seriesUid, third, sopUid, fourth, ...rest] = s;
    if (root === 'studies' && s.length === 1) return this.qido(res, 'study', params, base);
    if (root === 'series' && s.length === 1) return this.qido(res, 'series', params, base);
    if (root === 'instances' && s.length === 1) return this.qido(res, 'instance', params, base);
    if (root !== 'studies') throw new HttpError(404, `unknown DICOMweb resource /${s.join('/')}`);
    const study = this.requireStudy(studyUid);
    if (s.length === 2) return this.retrieve(req, res, this.store.select(studyUid));
    if (second === 'metadata' && s.length === 3) return this.metadata(res, this.store.select(studyUid), base);
    if (second === 'series' && s.length === 3) return this.qido(res, 'series', params, base, study);
    if (second === 'instances' && s.length === 3) return this.qido(res, 'instance', params, base, study);
    if (second !== 'series') throw new HttpError(404, `unknown study resource ${second}`);
    const series = study.series.get(seriesUid);
    if (!series) throw new HttpError(404, `series ${seriesUid} not found in study ${studyUid}`);
    if (s.length === 4) return this.retrieve(req, res, [...series.instances.values()]);
    if (third === 'metadata' && s.length === 5) return this.metadata(res, [...series.instances.values()], base);
    if (third === 'instances' && s.length === 5) return this.qido(res, 'instance', params, base, study, series);
    if (third !== 'instances') throw new HttpError(404, `unknown series resource ${third}`);
    const instance = series.instances.get(sopUid);
    if (!instance) throw new HttpError(404, `instance ${sopUid} not found in series ${seriesUid}`);
    if (s.length === 6) return this.retrieve(req, res, [instance]);
    if (fourth === 'metadata' && s.length === 7) return this.metadata(res, [instance], base);
    if (fourth === 'frames' && s.length === 8) return this.frames(req, res, instance, rest[0]);
    if (fourth === 'bulkdata' && rest.length > 0) return this.bulkdata(req, res, instance, rest);
    throw new HttpError(404, `unknown instance resource /${s.slice(6).join('/')}`);
  }

  private requireStudy(studyUid: string): StoredStudy {
    const study = this.store.studies.get(studyUid);
    if (!study) throw new HttpError(404, `study ${studyUid} not found`);
    return study;
  }

  private instanceJson(instance: StoredInstance, base: string): JsonDataset {
    const instanceUrl = `${base}/studies/${instance.studyUid}/series/${instance.seriesUid}/instances/${instance.sopUid}`;
    return datasetToJson(instance.dict, (path) => `${instanceUrl}/bulkdata/${path.join('/')}`);
  }

  private studyJson(study: StoredStudy, base: string): JsonDataset {
    const series = [...study.series.values()];
    const first = series.flatMap((s) => [...s.instances.values()])[0];
    const modalities = [...new Set(series.map((s) => this.seriesJson(s, base)['00080060']?.Value?.[0]).filter((m) => m))];
    return {
      ...(first ? this.instanceJson(first, base) : {}),
      '00080061': { vr: 'CS', Value: modalities },
      '00081190': { vr: 'UR', Value: [`${base}/studies/${study.studyUid}`] },
      '00201206': { vr: 'IS', Value: [series.length] },
      '00201208': { vr: 'IS', Value: [series.reduce((n, s) => n + s.instances.size, 0)] },
    };
  }

  private seriesJson(series: StoredSeries, base: string): JsonDataset {
    const first = [...series.instances.values()][0];
    return {
      ...this.instanceJson(first, base),
      '00081190': { vr: 'UR', Value: [`${base}/studies/${first.studyUid}/series/${series.seriesUid}`] },
      '00201209': { vr: 'IS', Value: [series.instances.size] },
    };
  }

  private qido(res: ServerResponse, level: QueryLevel, params: URLSearchParams, base: string, study?: StoredStudy, series?: StoredSeries): void {
    const query = parseQuery(params);
    const studies = study ? [study] : [...this.store.studies.values()];
    let defaults = DEFAULT_ATTRIBUTES[level];
    let candidates: JsonDataset[];
    if (level === 'study') {
      candidates = studies.map((s) => this.studyJson(s, base));
    } else if (level === 'series') {
      if (!study) defaults = [...DEFAULT_ATTRIBUTES.study, ...defaults];
      candidates = studies.flatMap((st) => [...st.series.values()].map((se) => this.seriesJson(se, base)));
    } else {
      if (!series) defaults = [...DEFAULT_ATTRIBUTES.series, ...defaults];
      if (!study) defaults = [...DEFAULT_ATTRIBUTES.study, ...defaults];
      const seriesList = series ? [series] : studies.flatMap((st) => [...st.series.values()]);
      candidates = seriesList.flatMap((se) =>
        [...se.instances.values()].sort((a, b) => instanceNumber(a) - instanceNumber(b)).map((instance) => ({
          ...this.instanceJson(instance, base),
          '00081190': { vr: 'UR', Value: [`${base}/studies/${instance.studyUid}/series/${instance.seriesUid}/instances/${instance.sopUid}`] },
        })),
      );
    }
    const matching = candidates.filter((candidate) => matchesQuery(candidate, query));
    const page = matching.slice(query.offset, query.limit === undefined ? undefined : query.offset + query.limit);
    sendJson(res, 200, page.map((candidate) => selectAttributes(candidate, [...defaults, '00081190'], query as Query)));
  }

  private metadata(res: ServerResponse, instances: StoredInstance[], base: string): void {
    const sorted = [...instances].sort((a, b) => instanceNumber(a) - instanceNumber(b));
    sendJson(res, 200, sorted.map((instance) => this.instanceJson(instance, base)));
  }

  private retrieve(req: IncomingMessage, res: ServerResponse, instances: StoredInstance[]): void {
    const accept = req.headers.accept ?? '';
    const parts = instances.map((instance) => ({ contentType: 'application/dicom', body: readFileSync(instance.file) }));
    if (/^\s*application\/dicom\s*(;|$)/i.test(accept) && parts.length === 1) {
      return send(res, 200, 'application/dicom', Buffer.from(parts[0].body));
    }
    const multipart = buildMultipart(parts, 'application/dicom');
    send(res, 200, multipart.contentType, multipart.body);
  }

  private frames(req: IncomingMessage, res: ServerResponse, instance: StoredInstance, list: string): void {
    const numbers = list.split(',').map((n) => Number(n.trim()));
    const frames = framesOf(instance, numbers);
    const accept = req.headers.accept ?? '';
    if (frames.length === 1 && !/multipart\/related/i.test(accept) && /application\/octet-stream/i.test(accept)) {
      return send(res, 200, frames[0].contentType, Buffer.from(frames[0].body));
    }
    const type = frames[0].contentType.split(';')[0];
    const multipart = buildMultipart(frames, type);
    const ts = headerParameter(frames[0].contentType, 'transfer-syntax');
    send(res, 200, `${multipart.contentType}${ts ? `; transfer-syntax=${ts}` : ''}`, multipart.body);
  }

  private bulkdata(req: IncomingMessage, res: ServerResponse, instance: StoredInstance, path: string[]): void {
    const element = elementAtPath(instance.dict, path.map((p) => (/^[0-9a-f]{8}$/i.test(p) ? p.toUpperCase() : p)));
    const value = element?.Value?.[0];
    if (!(value instanceof ArrayBuffer)) throw new HttpError(404, `no bulk data at ${path.join('/')} in instance ${instance.sopUid}`);
    const body = Buffer.concat((element?.Value as ArrayBuffer[]).map((v) => Buffer.from(v)));
    const accept = req.headers.accept ?? '';
    if (/multipart\/related/i.test(accept)) {
      const multipart = buildMultipart([{ contentType: 'application/octet-stream', body }], 'application/octet-stream');
      return send(res, 200, multipart.contentType, multipart.body);
    }
    send(res, 200, 'application/octet-stream', body);
  }

  private async stow(req: IncomingMessage, res: ServerResponse, s: string[], base: string): Promise<void> {
    if (s[0] !== 'studies' || s.length > 2) throw new HttpError(404, `STOW-RS is POST /studies[/{StudyInstanceUID}], not /${s.join('/')}`);
    const contentType = req.headers['content-type'] ?? '';
    if (!/^multipart\/related/i.test(contentType)) {
      throw new HttpError(415, `STOW-RS needs Content-Type multipart/related; type="application/dicom", got "${contentType}"`);
    }
    const parts = parseMultipart(await readBody(req), contentType);
    const stored: JsonDataset[] = [];
    const failed: JsonDataset[] = [];
    for (const part of parts) {
      try {
        if (!/^application\/dicom\s*(;|$)/i.test(part.contentType)) throw new Error(`part of type ${part.contentType} is not application/dicom`);
        const instance = this.store.add(part.body);
        if (s[1] && instance.studyUid !== s[1]) throw new Error(`instance belongs to study ${instance.studyUid}, not ${s[1]}`);
        stored.push({
          '00081150': { vr: 'UI', Value: [instance.sopClassUid] },
          '00081155': { vr: 'UI', Value: [instance.sopUid] },
          '00081190': { vr: 'UR', Value: [`${base}/studies/${instance.studyUid}/series/${instance.seriesUid}/instances/${instance.sopUid}`] },
        });
      } catch (error) {
        // 0xC000: "cannot understand" (PS3.18 Table I.2-1); the reason text goes to the server log for the operator.
        console.warn(`STOW-RS refused a part: ${(error as Error).message}`);
        failed.push({ '00081197': { vr: 'US', Value: [0xc000] } });
      }
    }
    const response: JsonDataset = {};
    if (s[1]) response['00081190'] = { vr: 'UR', Value: [`${base}/studies/${s[1]}`] };
    if (stored.length) response['00081199'] = { vr: 'SQ', Value: stored };
    if (failed.length) response['00081198'] = { vr: 'SQ', Value: failed };
    sendJson(res, failed.length === 0 ? 200 : stored.length === 0 ? 409 : 202, response);
  }
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Node's HTTP clients keep idle sockets for 5 s, as a Node server does by default: a request sent on a socket in the
 * instant the server closes it fails with status 0 (Node does not retry it as browsers do). Keeping idle sockets on
 * the server longer than clients do leaves closing them to the client.
 */
const IDLE_SOCKET_MS = 30_000;

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
  server.keepAliveTimeout = IDLE_SOCKET_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { url: `http://${host}:${address.port}`, port: address.port };
}

export function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** A standalone embedded DICOMweb server (port 0 = any free port); its root is `${url}/dicom-web`. */
export async function startDicomWebServer(store: DicomStore, port = 0): Promise<RunningServer> {
  const handler = new DicomWebHandler(store);
  const server = createServer((req, res) => void handler.handle(req, res));
  const address = await listen(server, port);
  return { ...address, close: closer(server) };
}
