import type { Volume } from '../radiomics/image/volume';
import { compareMasks, type MaskAgreement } from './masks';

/** One reader's ROI and what was computed from it. */
export interface ReaderResult {
  /** How the SR names this ROI (its measurement group's tracking identifier), e.g. 'reader A T2 GTV_Mass'. */
  label: string;
  mask: Volume;
  /** PyRadiomics result (numbers are compared; diagnostics and non-numbers are ignored). */
  features: Readonly<Record<string, unknown>>;
  prediction?: { probability: number; riskGroup: 'low' | 'high' };
}

export interface ReaderComparison extends MaskAgreement {
  readerA: string;
  readerB: string;
  /** Per feature present as a number for both readers: (B - A) / |A|; 0 when both are 0, NaN when only A is 0. */
  relativeDifferences: Record<string, number>;
  /** B - A, when both readers have a prediction. */
  probabilityDifference?: number;
  riskGroupChanged?: boolean;
}

export function relativeDifference(a: number, b: number): number {
  if (a === b) return 0;
  return a === 0 ? NaN : (b - a) / Math.abs(a);
}

export function relativeFeatureDifferences(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, valueA] of Object.entries(a)) {
    const valueB = b[key];
    if (key.startsWith('diagnostics_') || typeof valueA !== 'number' || typeof valueB !== 'number') continue;
    out[key] = relativeDifference(valueA, valueB);
  }
  return out;
}

/**
 * Reader A vs reader B: overlap (Dice), boundary distance (HD95), volumes, per-feature relative differences,
 * probability difference and whether the risk group changes. Both masks must be on the same grid.
 * The result is what buildPrnnSr takes as `comparison`.
 */
export function compareReaders(a: ReaderResult, b: ReaderResult): ReaderComparison {
  const agreement = compareMasks(a.mask, b.mask);
  const comparison: ReaderComparison = {
    ...agreement,
    readerA: a.label,
    readerB: b.label,
    relativeDifferences: relativeFeatureDifferences(a.features, b.features),
  };
  if (a.prediction && b.prediction) {
    comparison.probabilityDifference = b.prediction.probability - a.prediction.probability;
    comparison.riskGroupChanged = a.prediction.riskGroup !== b.prediction.riskGroup;
  }
  return comparison;
}
