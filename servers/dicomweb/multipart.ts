import { randomBytes } from 'node:crypto';

export interface Part {
  contentType: string;
  body: Uint8Array;
}

/** A multipart/related body and its Content-Type header (PS3.18 8.7.1). */
export function buildMultipart(parts: Part[], type: string): { contentType: string; body: Buffer } {
  const boundary = `prnn-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${part.contentType}\r\nContent-Length: ${part.body.byteLength}\r\n\r\n`));
    chunks.push(Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/related; type="${type}"; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** The value of one parameter of a header such as `multipart/related; type="application/dicom"; boundary=x`. */
export function headerParameter(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*("([^"]*)"|[^;\\s]*)`, 'i').exec(header);
  return match ? (match[2] ?? match[1]) : undefined;
}

/** The parts of a multipart/related body; throws when the boundary is missing or the body is malformed. */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = headerParameter(contentType, 'boundary');
  if (!boundary) throw new Error(`Content-Type "${contentType}" has no boundary parameter`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new Error('the multipart body does not contain its boundary');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) throw new Error('a multipart part has no header terminator');
    const headers = body.subarray(position, headerEnd).toString('latin1');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('the multipart body is not terminated by its closing boundary');
    const typeLine = /^content-type:\s*(.*)$/im.exec(headers);
    parts.push({ contentType: typeLine ? typeLine[1].trim() : 'application/octet-stream', body: body.subarray(headerEnd + 4, next) });
    position = next + 2;
  }
  return parts;
}
