import { chi2Sf } from './stats';

export interface CalibrationGroup {
  patients: number;
  meanPredicted: number;
  observedEvents: number;
  expectedEvents: number;
}

export interface HosmerLemeshowResult {
  statistic: number;
  df: number;
  p: number;
  groups: CalibrationGroup[];
}

/**
 * Hosmer–Lemeshow goodness of fit: patients sorted by predicted probability (stable) and cut into `g` groups of
 * nearly equal size as numpy.array_split does (the first n mod g groups one larger);
 * C = Σ (O - E)² / (E (1 - E / n_k)), chi-squared with g - 2 degrees of freedom.
 */
export function hosmerLemeshow(labels: ArrayLike<number>, probabilities: ArrayLike<number>, g = 10): HosmerLemeshowResult {
  const n = labels.length;
  if (n < g) throw new Error(`Hosmer–Lemeshow with ${g} groups needs at least ${g} patients, got ${n}`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[a] - probabilities[b] || a - b);
  const groups: CalibrationGroup[] = [];
  let start = 0;
  for (let k = 0; k < g; k++) {
    const size = Math.floor(n / g) + (k < n % g ? 1 : 0);
    let observed = 0;
    let expected = 0;
    for (let i = start; i < start + size; i++) {
      observed += labels[order[i]];
      expected += probabilities[order[i]];
    }
    groups.push({ patients: size, meanPredicted: expected / size, observedEvents: observed, expectedEvents: expected });
    start += size;
  }
  let statistic = 0;
  for (const [k, group] of groups.entries()) {
    if (group.expectedEvents <= 0 || group.expectedEvents >= group.patients) {
      throw new Error(`Hosmer–Lemeshow is undefined: group ${k + 1} has mean predicted probability ${group.meanPredicted}`);
    }
    statistic += (group.observedEvents - group.expectedEvents) ** 2 / (group.expectedEvents * (1 - group.expectedEvents / group.patients));
  }
  return { statistic, df: g - 2, p: chi2Sf(statistic, g - 2), groups };
}

export interface DecisionCurvePoint {
  threshold: number;
  model: number;
  treatAll: number;
}

/** Net benefit (Vickers & Elkin 2006): TP/n - FP/n · pt/(1 - pt), for the model and for treating everyone. */
export function decisionCurve(labels: ArrayLike<number>, probabilities: ArrayLike<number>, thresholds: number[]): DecisionCurvePoint[] {
  const n = labels.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += labels[i];
  return thresholds.map((pt) => {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (probabilities[i] >= pt) {
        if (labels[i] === 1) tp++;
        else fp++;
      }
    }
    const odds = pt / (1 - pt);
    return { threshold: pt, model: tp / n - (fp / n) * odds, treatAll: events / n - ((n - events) / n) * odds };
  });
}
