import type { StoredPrnnResult } from '../dicom/sr/read';

export interface RecomputeCheck {
  /** True when every stored feature and the probability were computed again to the same double. */
  identical: boolean;
  /** Features whose value differs (NaN equals NaN), or that only one side has. */
  differences: { sequence: string; feature: string; stored?: number; recomputed?: number }[];
  probability?: { stored: number; recomputed: number };
  /** For the panel: 'identical' or what differs. */
  message: string;
}

const same = (a: number | undefined, b: number | undefined) => a !== undefined && b !== undefined && (a === b || (Number.isNaN(a) && Number.isNaN(b)));

/**
 * The panel's Recompute: compares a stored PRNN result with the numbers computed again, feature by feature and
 * sequence by sequence (the SR holds exact doubles, so 'identical' means bit-identical).
 */
export function compareWithStored(
  stored: StoredPrnnResult,
  recomputed: { features: Readonly<Record<string, Readonly<Record<string, unknown>>>>; probability?: number },
): RecomputeCheck {
  const differences: RecomputeCheck['differences'] = [];
  for (const sequence of stored.sequences) {
    const again = recomputed.features[sequence.sequence] ?? {};
    const keys = new Set([...Object.keys(sequence.features), ...Object.keys(again).filter((k) => !k.startsWith('diagnostics_') && typeof again[k] === 'number')]);
    for (const feature of keys) {
      const before = sequence.features[feature];
      const after = typeof again[feature] === 'number' ? (again[feature] as number) : undefined;
      if (!same(before, after)) differences.push({ sequence: sequence.sequence, feature, stored: before, recomputed: after });
    }
  }
  const storedProbability = stored.signature?.probability;
  const probability = storedProbability !== undefined && recomputed.probability !== undefined ? { stored: storedProbability, recomputed: recomputed.probability } : undefined;
  const probabilitySame = probability === undefined || same(probability.stored, probability.recomputed);
  const identical = differences.length === 0 && probabilitySame;
  const parts: string[] = [];
  if (differences.length > 0) parts.push(`${differences.length} feature value(s) differ (first: ${differences[0].sequence} ${differences[0].feature}: stored ${differences[0].stored}, now ${differences[0].recomputed})`);
  if (!probabilitySame && probability) parts.push(`probability stored ${probability.stored}, now ${probability.recomputed}`);
  return { identical, differences, probability, message: identical ? 'Recomputed: identical to the stored result.' : `Recomputed: not identical: ${parts.join('; ')}.` };
}
