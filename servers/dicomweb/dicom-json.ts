import type { DcmjsDict, DcmjsElement } from '../dcmjs';

/** One element of the DICOM JSON model (PS3.18 F.2). */
export interface JsonElement {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
}
export type JsonDataset = Record<string, JsonElement>;

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function atValue(value: unknown): unknown {
  return typeof value === 'number' ? value.toString(16).toUpperCase().padStart(8, '0') : value;
}

function elementToJson(tag: string, element: DcmjsElement, bulkPath: string[], bulkDataUri: (path: string[]) => string): JsonElement {
  const { vr } = element;
  const values = element.Value ?? [];
  if (BINARY_VRS.has(vr) || values.some((v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v))) {
    return values.length ? { vr, BulkDataURI: bulkDataUri([...bulkPath, tag]) } : { vr };
  }
  if (vr === 'SQ') {
    const items = values.map((item, index) => datasetToJson(item as DcmjsDict, bulkDataUri, [...bulkPath, tag, String(index)]));
    return items.length ? { vr, Value: items } : { vr };
  }
  if (values.every(isEmptyValue)) return { vr };
  const converted = values.map((v) => (isEmptyValue(v) ? null : vr === 'AT' ? atValue(v) : v));
  if (vr === 'PN' && converted.every((v) => v === null || (typeof v === 'object' && Object.keys(v as object).length === 0))) {
    return { vr };
  }
  return { vr, Value: converted };
}

/**
 * A dcmjs dataset as DICOM JSON: binary values become BulkDataURIs (the caller decides the URL for a tag path such
 * as ['7FE00010'] or ['00081115', '0', '00660040']), empty values lose their Value, AT values become hex strings.
 */
export function datasetToJson(dict: DcmjsDict, bulkDataUri: (path: string[]) => string, bulkPath: string[] = []): JsonDataset {
  const json: JsonDataset = {};
  for (const tag of Object.keys(dict).sort()) {
    if (tag.startsWith('0002')) continue;
    json[tag.toUpperCase()] = elementToJson(tag.toUpperCase(), dict[tag], bulkPath, bulkDataUri);
  }
  return json;
}

/** The element a bulk data path points at, or undefined. */
export function elementAtPath(dict: DcmjsDict, path: string[]): DcmjsElement | undefined {
  let current: DcmjsDict | undefined = dict;
  for (let i = 0; i < path.length; i += 2) {
    const element: DcmjsElement | undefined = current?.[path[i]] ?? current?.[path[i].toLowerCase()];
    if (!element) return undefined;
    if (i + 1 >= path.length) return element;
    const item = element.Value?.[Number(path[i + 1])];
    current = item as DcmjsDict | undefined;
  }
  return undefined;
}
