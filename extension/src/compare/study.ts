import type { DicomDataset } from '../dicom/dataset';
import { mapMaskToGrid } from '../dicom/mapping';
import { roiToMask } from '../dicom/masks';
import type { SeriesVolume } from '../dicom/series';
import { extract } from '../radiomics/extractor';
import type { Volume } from '../radiomics/image/volume';
import type { Params } from '../radiomics/settings';
import type { ModelCard } from '../signature/modelCard';
import { predict } from '../signature/predict';
import { compareReaders, relativeDifference, relativeFeatureDifferences, type ReaderComparison } from './readers';

/** One reader's ROI: a segment of a SEG or an ROI of an RTSTRUCT, and the series it was drawn on when known. */
export interface ReaderRoi {
  /** How the comparison and the SR name this reader's ROI, e.g. "reader A: GTV (SEG, Doe^Jane)". */
  label: string;
  roiDataset: DicomDataset;
  /** SegmentNumber or ROINumber. */
  number: number;
  /**
   * The series the ROI was drawn on. When it is not the series the ROI is used on, the ROI is placed on its own grid
   * and mapped onto the other through patient coordinates (nearest neighbour, dicom/mapMaskToGrid).
   */
  drawnOn?: SeriesVolume;
}

export interface StudyComparisonInput {
  /** The image series of every sequence the card needs (or just the compared one when there is no card), by name. */
  images: Readonly<Record<string, SeriesVolume>>;
  /** The sequence whose grid Dice, HD95 and volumes are measured on. */
  compareOn: string;
  readers: readonly [ReaderRoi, ReaderRoi];
  params: Params;
  card?: ModelCard;
  onProgress?: (fraction: number, message: string) => void;
  onWarning?: (message: string) => void;
}

export interface ReaderPrediction {
  probability: number;
  riskGroup: 'low' | 'high';
  riskGroupLabel: string;
}

export interface SignatureFeatureDifference {
  /** The card's name, with the sequence suffix (`original_shape_Sphericity_T2`). */
  name: string;
  a: number;
  b: number;
  relativeDifference: number;
}

/** Reader A vs reader B on a study. Definitions: docs/sr.md ("Reader comparison"). */
export interface StudyComparison extends ReaderComparison {
  compareOn: string;
  /** (B - A) / A × 100. */
  volumeDifferencePercent: number;
  /** Each reader's features per sequence (PyRadiomics keys without the sequence suffix), numbers only. */
  featuresA: Record<string, Record<string, number>>;
  featuresB: Record<string, Record<string, number>>;
  /** Every feature of every extracted sequence, suffixed `_<sequence>`: (B - A) / |A|. */
  allRelativeDifferences: Record<string, number>;
  signatureFeatures: SignatureFeatureDifference[];
  predictionA?: ReaderPrediction;
  predictionB?: ReaderPrediction;
  warnings: string[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The reader's ROI as a mask on `series`: drawn there, or mapped from the series it was drawn on. */
export function readerMask(reader: ReaderRoi, series: SeriesVolume): Volume<Uint8Array> {
  try {
    if (!reader.drawnOn || reader.drawnOn.seriesInstanceUID === series.seriesInstanceUID) return roiToMask(reader.roiDataset, series, reader.number);
    const own = roiToMask(reader.roiDataset, reader.drawnOn, reader.number);
    return mapMaskToGrid(own, reader.drawnOn.frameOfReferenceUID, series);
  } catch (error) {
    throw new Error(`${reader.label} cannot be placed on the images: ${messageOf(error)}`);
  }
}

function numericFeatures(result: Readonly<Record<string, unknown>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(result)) if (!key.startsWith('diagnostics_') && typeof value === 'number') out[key] = value;
  return out;
}

const suffixed = (bySequence: Record<string, Record<string, number>>) => {
  const out: Record<string, number> = {};
  for (const [sequence, features] of Object.entries(bySequence)) for (const [key, value] of Object.entries(features)) out[`${key}_${sequence}`] = value;
  return out;
};

function predictionOf(card: ModelCard, features: Readonly<Record<string, number>>, label: string, warnings: string[]): ReaderPrediction | undefined {
  try {
    const p = predict(card, features);
    return { probability: p.probability, riskGroup: p.riskGroup, riskGroupLabel: p.riskGroupLabel };
  } catch (error) {
    warnings.push(`No prediction for ${label}: ${messageOf(error)}`);
    return undefined;
  }
}

/**
 * Two readers' ROIs on one study: Dice, HD95 and volumes on the grid of `compareOn`; each reader's ROI placed on every
 * sequence the card needs (through patient coordinates when drawn on another series) and extracted with `params`;
 * per-feature relative differences; each reader's prediction with the card, their difference and whether the risk
 * group changes. A feature the card needs that one reader's extraction cannot give leaves that reader without a
 * prediction, with a warning saying why; nothing is guessed.
 */
export function compareReadersOnStudy(input: StudyComparisonInput): StudyComparison {
  const { images, compareOn, readers, params, card } = input;
  const [readerA, readerB] = readers;
  const target = images[compareOn];
  if (!target) throw new Error(`No ${compareOn} series to compare the ROIs on`);
  const sequences = [compareOn, ...(card?.extraction.sequences ?? []).filter((s) => s !== compareOn)];
  const missing = sequences.filter((s) => !images[s]);
  if (missing.length > 0) throw new Error(`The card needs ${missing.join(', ')}, which has no series here: choose one in the panel`);
  const warnings: string[] = [];
  const featuresA: Record<string, Record<string, number>> = {};
  const featuresB: Record<string, Record<string, number>> = {};
  const masksOnTarget: Volume<Uint8Array>[] = [];
  const steps = sequences.length * 2;
  let step = 0;
  for (const sequence of sequences) {
    for (const [reader, into] of [
      [readerA, featuresA],
      [readerB, featuresB],
    ] as const) {
      const report = (fraction: number, message: string) => input.onProgress?.((step + fraction) / steps, `${sequence}, ${reader.label}: ${message}`);
      report(0, 'placing the ROI');
      const mask = readerMask(reader, images[sequence]);
      if (sequence === compareOn) masksOnTarget.push(mask);
      const result = extract(images[sequence].volume, mask, params, {
        onProgress: (done, total, stage) => report(total > 0 ? done / total : 0, stage),
        onWarning: (message) => warnings.push(`${sequence}, ${reader.label}: ${message}`),
      });
      into[sequence] = numericFeatures(result);
      step++;
    }
  }
  const allA = suffixed(featuresA);
  const allB = suffixed(featuresB);
  const predictionA = card ? predictionOf(card, allA, readerA.label, warnings) : undefined;
  const predictionB = card ? predictionOf(card, allB, readerB.label, warnings) : undefined;
  const comparison = compareReaders(
    { label: readerA.label, mask: masksOnTarget[0], features: featuresA[compareOn], prediction: predictionA },
    { label: readerB.label, mask: masksOnTarget[1], features: featuresB[compareOn], prediction: predictionB },
  );
  input.onProgress?.(1, 'done');
  return {
    ...comparison,
    compareOn,
    volumeDifferencePercent: (100 * comparison.volumeDifferenceMm3) / comparison.volumeAMm3,
    featuresA,
    featuresB,
    allRelativeDifferences: relativeFeatureDifferences(allA, allB),
    signatureFeatures: (card?.features ?? []).map((f) => {
      const [a, b] = [allA[f.name] ?? NaN, allB[f.name] ?? NaN];
      return { name: f.name, a, b, relativeDifference: relativeDifference(a, b) };
    }),
    ...(predictionA ? { predictionA } : {}),
    ...(predictionB ? { predictionB } : {}),
    warnings,
  };
}
