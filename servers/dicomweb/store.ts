import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dcmjs, toArrayBuffer, type DcmjsDict } from '../dcmjs';

export interface StoredInstance {
  studyUid: string;
  seriesUid: string;
  sopUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  file: string;
  dict: DcmjsDict;
}

export interface StoredSeries {
  seriesUid: string;
  instances: Map<string, StoredInstance>;
}

export interface StoredStudy {
  studyUid: string;
  series: Map<string, StoredSeries>;
}

function isPart10(bytes: Uint8Array): boolean {
  return bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function firstString(dict: DcmjsDict, tag: string): string | undefined {
  const value = dict[tag]?.Value?.[0];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
}

/**
 * DICOM Part 10 files of some folders (read-only) plus a folder that STOW-RS writes into, indexed by
 * study / series / instance. Everything is kept parsed in memory: the sample studies are small.
 */
export class DicomStore {
  readonly studies = new Map<string, StoredStudy>();

  private constructor(readonly storeDir: string) {}

  /** Indexes every Part 10 file under `folders` and `storeDir` (created if missing); other files are ignored. */
  static open(options: { folders: string[]; storeDir: string }): DicomStore {
    const store = new DicomStore(options.storeDir);
    mkdirSync(options.storeDir, { recursive: true });
    for (const folder of [...options.folders, options.storeDir]) {
      if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
        throw new Error(`DICOM folder ${folder} does not exist`);
      }
      for (const file of listFiles(folder)) {
        const bytes = readFileSync(file);
        if (isPart10(bytes)) store.index(store.parse(bytes, file), file);
      }
    }
    return store;
  }

  private parse(bytes: Uint8Array, origin: string): { dict: DcmjsDict; meta: DcmjsDict } {
    if (!isPart10(bytes)) throw new Error(`${origin} is not a DICOM Part 10 file (no DICM prefix)`);
    try {
      return dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes));
    } catch (error) {
      throw new Error(`${origin} could not be parsed as DICOM: ${(error as Error).message}`);
    }
  }

  private index(message: { dict: DcmjsDict; meta: DcmjsDict }, file: string): StoredInstance {
    const { dict, meta } = message;
    const studyUid = firstString(dict, '0020000D');
    const seriesUid = firstString(dict, '0020000E');
    const sopUid = firstString(dict, '00080018');
    const sopClassUid = firstString(dict, '00080016');
    if (!studyUid || !seriesUid || !sopUid || !sopClassUid) {
      throw new Error(`${file} lacks StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID or SOPClassUID`);
    }
    const transferSyntaxUid = firstString(meta, '00020010') ?? '1.2.840.10008.1.2';
    const instance: StoredInstance = { studyUid, seriesUid, sopUid, sopClassUid, transferSyntaxUid, file, dict };
    let study = this.studies.get(studyUid);
    if (!study) this.studies.set(studyUid, (study = { studyUid, series: new Map() }));
    let series = study.series.get(seriesUid);
    if (!series) study.series.set(seriesUid, (series = { seriesUid, instances: new Map() }));
    series.instances.set(sopUid, instance);
    return instance;
  }

  /** Stores one Part 10 object (STOW-RS): replaces an instance with the same SOPInstanceUID. */
  add(bytes: Uint8Array): StoredInstance {
    const message = this.parse(bytes, 'the uploaded object');
    const sopUid = firstString(message.dict, '00080018');
    const studyUid = firstString(message.dict, '0020000D');
    if (!sopUid || !studyUid) throw new Error('the uploaded object lacks SOPInstanceUID or StudyInstanceUID');
    const existing = this.find(studyUid, undefined, sopUid);
    const file = existing?.file.startsWith(this.storeDir) ? existing.file : join(this.storeDir, studyUid, `${sopUid}.dcm`);
    if (existing) this.studies.get(existing.studyUid)?.series.get(existing.seriesUid)?.instances.delete(sopUid);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, bytes);
    return this.index(message, file);
  }

  find(studyUid: string, seriesUid: string | undefined, sopUid: string): StoredInstance | undefined {
    const study = this.studies.get(studyUid);
    if (!study) return undefined;
    const seriesList = seriesUid ? [study.series.get(seriesUid)] : [...study.series.values()];
    for (const series of seriesList) {
      const instance = series?.instances.get(sopUid);
      if (instance) return instance;
    }
    return undefined;
  }

  /** Instances of a study, of one series, or one instance; empty when nothing matches. */
  select(studyUid: string, seriesUid?: string, sopUid?: string): StoredInstance[] {
    const study = this.studies.get(studyUid);
    if (!study) return [];
    const seriesList = seriesUid ? [study.series.get(seriesUid)].filter((s): s is StoredSeries => !!s) : [...study.series.values()];
    const instances = seriesList.flatMap((series) => [...series.instances.values()]);
    return sopUid ? instances.filter((instance) => instance.sopUid === sopUid) : instances;
  }
}
