/** The small part of dcmjs (which ships no types) that the DICOM layer uses. */
declare module 'dcmjs' {
  interface DicomDictLike {
    meta: Record<string, { vr?: string; Value?: unknown[] }>;
    dict: Record<string, unknown>;
  }
  export const data: {
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean }): DicomDictLike;
    };
    DicomMetaDictionary: {
      naturalizeDataset(dict: Record<string, unknown>): Record<string, unknown>;
    };
  };
  interface Logger {
    setLevel(level: string | number): void;
    getLevel(): number;
  }
  export const log: Logger & { getLogger(name: string): Logger };
  const dcmjs: { data: typeof data; log: typeof log };
  export default dcmjs;
}
