/**
 * The part of dcmjs the servers use, typed here because dcmjs ships no declarations. A local typed view (rather
 * than an ambient `declare module`) keeps our declarations from colliding with the extension's.
 */
export interface DcmjsElement {
  vr: string;
  Value?: unknown[];
}
export type DcmjsDict = Record<string, DcmjsElement>;

export interface DcmjsMessage {
  meta: DcmjsDict;
  dict: DcmjsDict;
}

export interface DcmjsDictionaryEntry {
  tag: string;
  vr: string;
  name: string;
}

interface DcmjsApi {
  data: {
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string }): DcmjsMessage };
    DicomDict: new (meta: DcmjsDict) => { dict: DcmjsDict; write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer };
    DicomMetaDictionary: {
      nameMap: Record<string, DcmjsDictionaryEntry>;
      dictionary: Record<string, DcmjsDictionaryEntry>;
      denaturalizeDataset(dataset: Record<string, unknown>): DcmjsDict;
      naturalizeDataset(dict: DcmjsDict): Record<string, unknown>;
      unpunctuateTag(tag: string): string;
    };
  };
  log: { setLevel(level: string): void; getLogger(name: string): { setLevel(level: string): void } };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const dcmjs: DcmjsApi = require('dcmjs');
dcmjs.log.setLevel('error');
// Implicit-VR files make dcmjs report the ambiguous pixel VR ("ox") once per file; it resolves it correctly itself.
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

export function toArrayBuffer(buffer: Uint8Array): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

/** '00100010' for 'PatientName' or '00100010'; undefined when neither a keyword nor a tag. */
export function tagOf(keywordOrTag: string): string | undefined {
  if (/^[0-9a-fA-F]{8}$/.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  const entry = dcmjs.data.DicomMetaDictionary.nameMap[keywordOrTag];
  return entry ? dcmjs.data.DicomMetaDictionary.unpunctuateTag(entry.tag).toUpperCase() : undefined;
}
