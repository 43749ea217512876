/** Why a STOW-RS did not store the instance. `retryable`: worth trying again later (server down or overloaded). */
export class StowError extends Error {
  override name = 'StowError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: Uint8Array<ArrayBuffer> }) => Promise<{
  status: number;
  ok: boolean;
  text(): Promise<string>;
}>;

const BOUNDARY = 'prnn-stow-boundary-7d1f3a';

/** The multipart/related body of a STOW-RS request with one DICOM instance (PS3.18 10.5). */
export function stowBody(bytes: Uint8Array): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const encoder = new TextEncoder();
  const head = encoder.encode(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`);
  const tail = encoder.encode(`\r\n--${BOUNDARY}--\r\n`);
  const body = new Uint8Array(head.length + bytes.length + tail.length);
  body.set(head, 0);
  body.set(bytes, head.length);
  body.set(tail, head.length + bytes.length);
  return { body, contentType: `multipart/related; type="application/dicom"; boundary=${BOUNDARY}` };
}

/** HTTP statuses after which the same request may succeed later (PS3.18 and RFC 9110: timeout, overload, server errors). */
const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * One STOW-RS POST of one instance to `${root}/studies/${studyInstanceUID}`. Resolves when the server stored it
 * (200, or 202 without a failed SOP); throws StowError otherwise, with the server's own words in the message.
 */
export async function stowInstance(fetch: Fetch, root: string, studyInstanceUID: string, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<void> {
  const { body, contentType } = stowBody(bytes);
  const url = `${root.replace(/\/$/, '')}/studies/${studyInstanceUID}`;
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers: { ...headers, 'Content-Type': contentType, Accept: 'application/dicom+json' }, body });
  } catch (error) {
    throw new StowError(`the PACS (${root}) could not be reached: ${error instanceof Error ? error.message : String(error)}`, true);
  }
  const text = await response.text().catch(() => '');
  if (response.status === 200) return;
  if (response.status === 202 && !/"00081198"/.test(text)) return;
  const detail = text.trim().slice(0, 300) || 'no details';
  if (response.status === 202) throw new StowError(`the PACS accepted the request but refused the instance (HTTP 202 with a failed SOP): ${detail}`, false, 202);
  throw new StowError(`the PACS answered HTTP ${response.status}: ${detail}`, RETRYABLE(response.status), response.status);
}
