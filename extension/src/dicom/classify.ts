import { type DicomDataset, firstItemOf, itemsOf, numberOf, numbersOf, textOf, textsOf } from './dataset';
import { cross } from './geometry';
import type { Vec3 } from '../radiomics/image/volume';

/** What the series matcher reads of one MR series (any instance's header will do). */
export interface SeriesInfo {
  seriesInstanceUID: string;
  seriesNumber?: number;
  modality?: string;
  seriesDescription?: string;
  protocolName?: string;
  sequenceName?: string;
  scanningSequence?: string[];
  sequenceVariant?: string[];
  /** ms */
  repetitionTime?: number;
  /** ms */
  echoTime?: number;
  /** ms */
  inversionTime?: number;
  contrastBolusAgent?: string;
  imageType?: string[];
  /** DICOM TM (HHMMSS.frac) of acquisition or series start: the acquisition order. */
  acquisitionTime?: string;
  /** Plane of the slices, from ImageOrientationPatient. */
  plane?: 'axial' | 'coronal' | 'sagittal' | 'oblique';
}

export type SequenceClass = 'T1' | 'T2' | 'CE-T1';
export const SEQUENCE_CLASSES: readonly SequenceClass[] = ['T1', 'T2', 'CE-T1'];

export interface SeriesClassification {
  class: SequenceClass | 'other';
  /** 0..1: how sure the matcher is (see docs/dicom.md for the scale). */
  confidence: number;
  reasons: string[];
}

export interface SeriesMatching {
  /** SeriesInstanceUID chosen for each class found. */
  assignments: Partial<Record<SequenceClass, string>>;
  missing: SequenceClass[];
  perSeries: Record<string, SeriesClassification>;
}

function planeOf(ds: DicomDataset): SeriesInfo['plane'] {
  const orientationItem = firstItemOf('PlaneOrientationSequence', itemsOf(ds, 'SharedFunctionalGroupsSequence')[0]);
  let iop: number[];
  try {
    iop = numbersOf(orientationItem ?? ds, 'ImageOrientationPatient', 'series');
  } catch {
    return undefined;
  }
  if (iop.length !== 6) return undefined;
  const normal = cross(iop.slice(0, 3) as Vec3, iop.slice(3, 6) as Vec3).map(Math.abs);
  const largest = Math.max(...normal);
  if (largest < 0.8) return 'oblique';
  return (['sagittal', 'coronal', 'axial'] as const)[normal.indexOf(largest)];
}

/** The matcher's view of a series, from the naturalized header of one of its instances. */
export function seriesInfoOf(ds: DicomDataset): SeriesInfo {
  // A header value that does not parse only loses its evidence here; the volume reader reports bad geometry.
  const optionalNumber = (keyword: string, item: DicomDataset | undefined = ds) => {
    try {
      return item ? numberOf(item, keyword, 'series') : undefined;
    } catch {
      return undefined;
    }
  };
  const shared = itemsOf(ds, 'SharedFunctionalGroupsSequence')[0];
  const mrTiming = firstItemOf('MRTimingAndRelatedParametersSequence', shared);
  const mrEcho = firstItemOf('MREchoSequence', shared, itemsOf(ds, 'PerFrameFunctionalGroupsSequence')[0]);
  return {
    seriesInstanceUID: textOf(ds, 'SeriesInstanceUID') ?? '',
    seriesNumber: optionalNumber('SeriesNumber'),
    modality: textOf(ds, 'Modality'),
    seriesDescription: textOf(ds, 'SeriesDescription'),
    protocolName: textOf(ds, 'ProtocolName'),
    sequenceName: textOf(ds, 'SequenceName') ?? textOf(ds, 'PulseSequenceName'),
    scanningSequence: textsOf(ds, 'ScanningSequence'),
    sequenceVariant: textsOf(ds, 'SequenceVariant'),
    repetitionTime: optionalNumber('RepetitionTime') ?? optionalNumber('RepetitionTime', mrTiming),
    echoTime: optionalNumber('EchoTime') ?? optionalNumber('EffectiveEchoTime', mrEcho),
    inversionTime: optionalNumber('InversionTime'),
    contrastBolusAgent: textOf(ds, 'ContrastBolusAgent'),
    imageType: textsOf(ds, 'ImageType'),
    acquisitionTime: textOf(ds, 'AcquisitionTime') ?? textOf(ds, 'SeriesTime'),
    plane: planeOf(ds),
  };
}

/** Lower-case words of the free-text names, with "+" kept as its own word (T1+C, +GD). */
function wordsOf(info: SeriesInfo): string[] {
  const text = [info.seriesDescription, info.protocolName].filter(Boolean).join(' ').toLowerCase();
  return text
    .replace(/t2\*/g, ' t2star ')
    .replace(/w\/o/g, ' wo ')
    .replace(/w\//g, ' with ')
    .replace(/\+/g, ' + ')
    .split(/[^a-z0-9+]+/)
    .filter(Boolean);
}

const T2_WORDS = new Set(['haste', 'ssfse', 'fase', 'stir']);
const T1_WORDS = new Set(['mprage', 'vibe', 'starvibe', 'bravo', 'lava', 'thrive', 'fspgr', 'spgr', 'flash', 'fl3d', 'tfe']);
const CONTRAST_WORDS = new Set(['post', 'postcontrast', 'gad', 'gd', 'gado', 'gadolinium', 'contrast', 'ce', 'c', 'enh', 'enhanced', 'km', 'kontrast', 'pc', 't1c', 't1ce', 't1gd', 't1km', 'dotarem', 'gadovist', 'magnevist', 'multihance', 'prohance', 'clariscan']);
const PRECONTRAST_WORDS = new Set(['pre', 'precontrast', 'nativ', 'native', 'noncontrast', 'nc', 'plain', 'wo']);
const OTHER_WORDS: Record<string, string> = {
  flair: 'FLAIR (inversion-recovery T2) is not the protocol\'s T2',
  dark: 'dark-fluid (FLAIR) is not the protocol\'s T2',
  t2star: 'T2* gradient echo',
  t2map: 'relaxation map',
  t1map: 'relaxation map',
  dwi: 'diffusion series',
  diff: 'diffusion series',
  diffusion: 'diffusion series',
  adc: 'ADC map',
  trace: 'diffusion trace',
  dti: 'diffusion tensor series',
  perf: 'perfusion series',
  perfusion: 'perfusion series',
  dce: 'dynamic series',
  dsc: 'perfusion series',
  localizer: 'localizer',
  localiser: 'localizer',
  scout: 'localizer',
  survey: 'localizer',
  loc: 'localizer',
  tof: 'angiography',
  mra: 'angiography',
  swi: 'susceptibility-weighted series',
  pd: 'proton-density series',
  pdw: 'proton-density series',
  sub: 'subtraction',
  subtraction: 'subtraction',
  mip: 'projection',
  calibration: 'calibration',
};

function isContrastWord(word: string, index: number, words: string[]): boolean {
  if (word === '+') return words[index + 1] === 'c' || words[index + 1] === 'gd' || words[index + 1] === 'contrast' || words[index - 1] === 'c';
  if (word === 'c') return words[index - 1] === '+' || words[index + 1] === '+' || /^s?t1/.test(words[index - 1] ?? '');
  return CONTRAST_WORDS.has(word) || /^post/.test(word) || /^(t1)?gd$/.test(word);
}

/** Classifies one series on its own; acquisition order is applied by classifySeries. */
export function classifyOne(info: SeriesInfo): SeriesClassification & { t1Weighted: boolean } {
  const reasons: string[] = [];
  const words = wordsOf(info);
  const sequenceName = (info.sequenceName ?? '').toLowerCase();
  const imageType = (info.imageType ?? []).map((t) => t.toUpperCase());
  const other = (reason: string) => ({ class: 'other' as const, confidence: 0.9, reasons: [reason], t1Weighted: false });
  if (info.modality && info.modality !== 'MR') return other(`modality ${info.modality}, not MR`);
  for (const word of words) if (word in OTHER_WORDS) return other(`"${word}" in the name: ${OTHER_WORDS[word]}`);
  for (const marker of ['LOCALIZER', 'SUBTRACTION', 'ADC', 'DIFFUSION', 'PROJECTION IMAGE', 'MIP', 'TRACEW', 'PERFUSION']) {
    if (imageType.includes(marker)) return other(`ImageType ${marker}`);
  }
  if (/\*?(ep2d_diff|re_b|ep_b)/.test(sequenceName)) return other(`SequenceName ${info.sequenceName}: diffusion`);

  let t1 = 0;
  let t2 = 0;
  // "t1", "t1w", "t1wi", Philips' "st1w", and run-together forms such as "t1c" or "t2fs".
  const t1Word = words.find((w) => T1_WORDS.has(w) || /^s?t1/.test(w));
  const t2Word = words.find((w) => T2_WORDS.has(w) || /^s?t2/.test(w));
  if (t1Word) {
    t1 += 2;
    reasons.push(`"${t1Word}" in the name`);
  }
  if (t2Word) {
    t2 += 2;
    reasons.push(`"${t2Word}" in the name`);
  }
  if (/fl3d|fl2d|\*tfl|fl3d_vibe|\*fl/.test(sequenceName)) {
    t1 += 1;
    reasons.push(`SequenceName ${info.sequenceName}: spoiled gradient echo (T1-weighted)`);
  }
  const tr = info.repetitionTime;
  const te = info.echoTime;
  const scanning = (info.scanningSequence ?? []).map((s) => s.toUpperCase());
  const inversion = scanning.includes('IR') || (info.sequenceVariant ?? []).some((v) => v.toUpperCase() === 'MP');
  if (tr !== undefined && te !== undefined) {
    if (te >= 60 && tr >= 1500 && !inversion) {
      t2 += 1.5;
      reasons.push(`TR ${tr} ms / TE ${te} ms: T2-weighted timing`);
    } else if (te <= 30 && (tr <= 1000 || (scanning.includes('GR') && tr <= 3000) || inversion)) {
      t1 += 1.5;
      reasons.push(`TR ${tr} ms / TE ${te} ms${inversion ? ' with inversion' : ''}: T1-weighted timing`);
    } else {
      reasons.push(`TR ${tr} ms / TE ${te} ms: timing not decisive`);
    }
  } else {
    reasons.push('no TR/TE in the header');
  }
  const agent = info.contrastBolusAgent?.trim();
  const agentGiven = !!agent && !/^(none|no|n\/a|0)$/i.test(agent);
  const contrastWord = words.find((w, i) => isContrastWord(w, i, words));
  const preWord = words.find((w) => PRECONTRAST_WORDS.has(w));
  if (t1 === 0 && t2 === 0) {
    return { class: 'other', confidence: 0.6, reasons: [...reasons, 'neither T1 nor T2 weighting recognised'], t1Weighted: false };
  }
  if (t2 > t1) {
    const conflict = t1 > 0 ? 0.2 : 0;
    return { class: 'T2', confidence: Math.min(0.95, 0.45 + 0.15 * t2) - conflict, reasons, t1Weighted: false };
  }
  const confidence = Math.min(0.95, 0.45 + 0.15 * t1) - (t2 > 0 ? 0.2 : 0);
  if (preWord && !agentGiven) {
    reasons.push(`"${preWord}" in the name: before contrast`);
    return { class: 'T1', confidence, reasons, t1Weighted: true };
  }
  if (agentGiven || contrastWord) {
    if (agentGiven) reasons.push(`ContrastBolusAgent "${agent}"`);
    if (contrastWord) reasons.push(`"${contrastWord}" in the name: after contrast`);
    return { class: 'CE-T1', confidence: Math.min(0.95, confidence + (agentGiven && contrastWord ? 0.05 : 0)), reasons, t1Weighted: true };
  }
  return { class: 'T1', confidence: confidence - 0.05, reasons: [...reasons, 'no sign of contrast'], t1Weighted: true };
}

function timeOf(info: SeriesInfo): number {
  const time = info.acquisitionTime?.replace(/:/g, '');
  if (time && /^\d{2,6}(\.\d+)?$/.test(time)) {
    const padded = time.split('.')[0].padEnd(6, '0');
    return Number(padded.slice(0, 2)) * 3600 + Number(padded.slice(2, 4)) * 60 + Number(padded.slice(4, 6)) + Number(`0.${time.split('.')[1] ?? '0'}`);
  }
  return info.seriesNumber ?? Number.POSITIVE_INFINITY;
}

/**
 * Classifies the MR series of a study into T1, T2 and CE-T1. Each series is judged by its names (SeriesDescription,
 * ProtocolName), SequenceName, ScanningSequence/SequenceVariant, TR/TE, ContrastBolusAgent and ImageType; then
 * acquisition order refines T1: a T1-weighted series acquired after a series known to follow contrast, and not
 * marked "pre", is taken as post-contrast. For each class the most confident series wins (axial preferred on ties,
 * then the earlier acquisition for T1, the later for CE-T1). The user can override any assignment in the viewer.
 */
export function classifySeries(series: SeriesInfo[]): SeriesMatching {
  const judged = series.map((info) => ({ info, result: classifyOne(info) }));
  const byTime = [...judged].sort((a, b) => timeOf(a.info) - timeOf(b.info));
  const firstContrast = byTime.find((j) => j.result.class === 'CE-T1');
  if (firstContrast) {
    const contrastTime = timeOf(firstContrast.info);
    for (const j of judged) {
      const preMarked = j.result.reasons.some((r) => r.includes('before contrast'));
      if (j.result.class === 'T1' && !preMarked && timeOf(j.info) > contrastTime) {
        j.result = {
          ...j.result,
          class: 'CE-T1',
          confidence: Math.min(j.result.confidence, 0.55),
          reasons: [...j.result.reasons, `acquired after "${firstContrast.info.seriesDescription ?? firstContrast.info.seriesInstanceUID}", which follows contrast`],
        };
      }
    }
  }
  const perSeries: Record<string, SeriesClassification> = {};
  for (const { info, result } of judged) {
    perSeries[info.seriesInstanceUID] = { class: result.class, confidence: Number(result.confidence.toFixed(2)), reasons: result.reasons };
  }
  const assignments: Partial<Record<SequenceClass, string>> = {};
  for (const wanted of SEQUENCE_CLASSES) {
    const candidates = judged
      .filter((j) => j.result.class === wanted)
      .sort(
        (a, b) =>
          b.result.confidence - a.result.confidence ||
          Number(b.info.plane === 'axial') - Number(a.info.plane === 'axial') ||
          (wanted === 'CE-T1' ? timeOf(b.info) - timeOf(a.info) : timeOf(a.info) - timeOf(b.info)),
      );
    if (candidates.length > 0) assignments[wanted] = candidates[0].info.seriesInstanceUID;
  }
  return { assignments, missing: SEQUENCE_CLASSES.filter((c) => !assignments[c]), perSeries };
}
