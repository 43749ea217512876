/**
 * The neutral representation every DICOM function here works on: a data set in dcmjs' "naturalized" form
 * (attributes by keyword, sequences as arrays of data sets), as produced by
 * `DicomMetaDictionary.naturalizeDataset` from a Part 10 file in Node or from DICOMweb JSON metadata in the browser.
 * Numeric strings (DS, IS) may arrive as numbers or strings, multi-values as arrays or backslash-joined strings,
 * and a one-item sequence sometimes as a bare object; the accessors below accept all of these.
 */
export type DicomDataset = Record<string, unknown>;

/** Thrown for DICOM input that cannot be turned into a volume or mask; the message says what and where. */
export class DicomInputError extends Error {
  override name = 'DicomInputError';
}

function flatValues(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? v.split('\\') : [v]));
  if (typeof value === 'string') return value === '' ? [] : value.split('\\');
  return [value];
}

export function textOf(ds: DicomDataset, keyword: string): string | undefined {
  const values = flatValues(ds[keyword]);
  if (values.length === 0) return undefined;
  const first = values[0];
  if (typeof first === 'string') return first.trim();
  if (typeof first === 'number') return String(first);
  if (first && typeof first === 'object' && 'Alphabetic' in first) return String((first as { Alphabetic: unknown }).Alphabetic);
  return undefined;
}

export function textsOf(ds: DicomDataset, keyword: string): string[] {
  return flatValues(ds[keyword])
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map((v) => String(v).trim());
}

/** All numeric values of an attribute; throws when one is present but not a finite number. */
export function numbersOf(ds: DicomDataset, keyword: string, where: string): number[] {
  return flatValues(ds[keyword]).map((v, index) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      throw new DicomInputError(`${where}: ${keyword} value ${index + 1} (${JSON.stringify(v)}) is not a finite number`);
    }
    return n;
  });
}

export function numberOf(ds: DicomDataset, keyword: string, where: string): number | undefined {
  const values = numbersOf(ds, keyword, where);
  return values.length > 0 ? values[0] : undefined;
}

export function requireNumbers(ds: DicomDataset, keyword: string, count: number, where: string): number[] {
  const values = numbersOf(ds, keyword, where);
  if (values.length !== count) {
    throw new DicomInputError(
      values.length === 0 ? `${where}: ${keyword} is missing` : `${where}: ${keyword} has ${values.length} values, expected ${count}`,
    );
  }
  return values;
}

export function requireNumber(ds: DicomDataset, keyword: string, where: string): number {
  return requireNumbers(ds, keyword, 1, where)[0];
}

export function requireText(ds: DicomDataset, keyword: string, where: string): string {
  const value = textOf(ds, keyword);
  if (value === undefined || value === '') throw new DicomInputError(`${where}: ${keyword} is missing`);
  return value;
}

/** Items of a sequence attribute (empty when absent). */
export function itemsOf(ds: DicomDataset, keyword: string): DicomDataset[] {
  const value = ds[keyword];
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is DicomDataset => typeof item === 'object' && item !== null && !ArrayBuffer.isView(item));
}

/** The first item of a sequence, looked up in the given data sets in order (per-frame before shared groups). */
export function firstItemOf(keyword: string, ...sources: (DicomDataset | undefined)[]): DicomDataset | undefined {
  for (const source of sources) {
    if (!source) continue;
    const found = itemsOf(source, keyword);
    if (found.length > 0) return found[0];
  }
  return undefined;
}

export const SOP_CLASS = {
  mrImage: '1.2.840.10008.5.1.4.1.1.4',
  enhancedMrImage: '1.2.840.10008.5.1.4.1.1.4.1',
  rtStructureSet: '1.2.840.10008.5.1.4.1.1.481.3',
  segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
} as const;

/** Short label of a data set for error messages: modality and SOP instance UID. */
export function describeInstance(ds: DicomDataset): string {
  const modality = textOf(ds, 'Modality') ?? 'instance';
  const uid = textOf(ds, 'SOPInstanceUID');
  return uid ? `${modality} ${uid}` : modality;
}
