import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR } from '../paths';
import { mrSeries, SOFTWARE_VERSION, tumourSegmentation, tumourStructureSet, type SeriesInfo, type StudyInfo } from './dicom';
import { buildAnatomy, outlineMask, SAMPLE_GRID, synthesise, tumourMask, type Tumour } from './phantom';

interface SampleStudy {
  study: StudyInfo;
  tumour: Tumour;
  seed: number;
  series: SeriesInfo[];
  /** Sequence whose series the SEG references, and the one the RTSTRUCT references. */
  segOn: SeriesInfo;
  rtstructOn?: SeriesInfo;
  /** A second reader's slightly different outline, stored as a SEG on this series (for the reader comparison). */
  readerB?: { on: SeriesInfo; outline: Tumour };
}

const T1: SeriesInfo = { key: 't1', sequence: 'T1', seriesNumber: 3, seriesDescription: 't1_tse_tra' };
const T2: SeriesInfo = { key: 't2', sequence: 'T2', seriesNumber: 4, seriesDescription: 't2_tse_fs_tra' };
const T1C: SeriesInfo = { key: 't1c', sequence: 'T1C', seriesNumber: 7, seriesDescription: 't1_tse_fs_tra_post' };

/** The sample studies: a complete T1/T2/CE-T1 case with SEG and RTSTRUCT, and a case without CE-T1. */
export const SAMPLE_STUDIES: SampleStudy[] = [
  {
    study: {
      key: 'demo',
      patientName: 'SYNTHETIC^PRNN^DEMO',
      patientId: 'PRNN-SYN-001',
      patientBirthDate: '19650101',
      patientSex: 'M',
      studyDescription: 'SYNTHETIC MR nasopharynx (not a patient)',
      studyDate: '20240115',
      studyTime: '100000',
      accessionNumber: 'SYN0001',
    },
    tumour: { centre: [-9, -4, 2], radii: [14, 11, 10], lobePhase: 0.7, necroticFraction: 0.35 },
    seed: 20240115,
    series: [T1, T2, T1C],
    segOn: T1C,
    rtstructOn: T2,
    readerB: { on: T2, outline: { centre: [-8, -4.6, 2.5], radii: [15, 11.5, 10], lobePhase: 0.85, necroticFraction: 0 } },
  },
  {
    study: {
      key: 'no-cet1',
      patientName: 'SYNTHETIC^PRNN^NOCET1',
      patientId: 'PRNN-SYN-002',
      patientBirthDate: '19580606',
      patientSex: 'F',
      studyDescription: 'SYNTHETIC MR nasopharynx without CE-T1 (not a patient)',
      studyDate: '20240220',
      studyTime: '090000',
      accessionNumber: 'SYN0002',
    },
    tumour: { centre: [8, -3, -3], radii: [11, 9, 8], lobePhase: 2.1, necroticFraction: 0 },
    seed: 20240220,
    series: [T1, T2],
    segOn: T2,
  },
];

/** Bump when the generator's output changes, so cached samples are regenerated. */
const GENERATOR_VERSION = `${SOFTWARE_VERSION}; grid ${JSON.stringify(SAMPLE_GRID)}`;

function writeStudy(dir: string, sample: SampleStudy): number {
  const { study, tumour, seed } = sample;
  let count = 0;
  const put = (relative: string, bytes: Uint8Array) => {
    mkdirSync(join(dir, relative, '..'), { recursive: true });
    writeFileSync(join(dir, relative), bytes);
    count++;
  };
  const anatomy = buildAnatomy(SAMPLE_GRID, tumour, seed);
  for (const series of sample.series) {
    const volume = synthesise(anatomy, series.sequence, seed);
    mrSeries(study, series, volume).forEach((bytes, k) => put(join(study.key, series.key, `${String(k + 1).padStart(3, '0')}.dcm`), bytes));
  }
  const mask = tumourMask(anatomy);
  put(join(study.key, 'seg', 'tumour-seg.dcm'), tumourSegmentation(study, sample.segOn, SAMPLE_GRID, mask, 100));
  if (sample.rtstructOn) {
    put(join(study.key, 'rtstruct', 'tumour-rtstruct.dcm'), tumourStructureSet(study, sample.rtstructOn, SAMPLE_GRID, tumour, 101));
  }
  if (sample.readerB) {
    const reader = { key: '/reader-b', creator: 'SYNTHETIC^READER^B', description: 'reader B' };
    put(join(study.key, 'seg-reader-b', 'tumour-seg.dcm'), tumourSegmentation(study, sample.readerB.on, SAMPLE_GRID, outlineMask(SAMPLE_GRID, sample.readerB.outline), 102, reader));
  }
  return count;
}

function lockOwnerAlive(lock: string): boolean {
  const pidFile = join(lock, 'pid');
  // The owner writes its pid right after creating the lock: give it a moment before calling the lock abandoned.
  if (!existsSync(pidFile)) return Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 10_000;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isFresh(dir: string): boolean {
  const stamp = join(dir, 'GENERATOR');
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === GENERATOR_VERSION;
}

/**
 * Generates the sample studies into `dir` unless an up-to-date copy is there; returns `dir`. Safe when several
 * processes (parallel test files) ask at once: one generates under a lock directory, the others wait for it.
 */
export async function ensureSamples(dir: string = SAMPLES_DIR): Promise<string> {
  const lock = `${dir}.lock`;
  mkdirSync(join(dir, '..'), { recursive: true });
  for (;;) {
    if (isFresh(dir)) return dir;
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      // Another process is generating, unless the lock's owner has died.
      if (!lockOwnerAlive(lock)) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (isFresh(dir)) return dir;
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const sample of SAMPLE_STUDIES) writeStudy(staging, sample);
    writeFileSync(join(staging, 'GENERATOR'), GENERATOR_VERSION);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const started = Date.now();
  ensureSamples(process.argv[2] ?? SAMPLES_DIR).then(
    (dir) => console.log(`sample studies in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
