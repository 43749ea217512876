/**
 * SYNTHETIC demo cohort — not patients, not for clinical use.
 *
 * Each synthetic patient has a tumour described by five latent traits (standard normal): size, lobulation (how far
 * the surface departs from an ellipsoid), heterogeneity (texture amplitude on CE-T1, incl. a dark necrotic core),
 * coarseness (texture grain) and T2 signal. The outcome follows a documented rule with noise:
 *
 *   risk   = 0.9 size + 0.8 lobulation + 0.7 heterogeneity - 0.5 t2Signal + N(0, 0.5²)
 *   T      ~ Exponential(rate = exp(risk) / 40 months)            time to synthetic "necrosis"
 *   C      ~ Uniform(12, 60) months                                censoring (after 1 year, so the label is known)
 *   time   = min(T, C), event = T <= C, label = T <= 12 months    (1-year outcome)
 *
 * Cohorts: each patient is 'train' with probability 0.7, else 'validation'.
 */
import { Random } from '../../cli/src/training/random';

export interface SyntheticPatient {
  id: string;
  cohort: 'train' | 'validation';
  traits: { size: number; lobulation: number; heterogeneity: number; coarseness: number; t2Signal: number };
  risk: number;
  time: number;
  event: 0 | 1;
  label: 0 | 1;
  /** Seed of this patient's images (shape and texture noise). */
  imageSeed: number;
}

export function syntheticCohort(patients: number, seed: number): SyntheticPatient[] {
  const random = new Random(seed);
  return Array.from({ length: patients }, (_, i) => {
    const traits = { size: random.normal(), lobulation: random.normal(), heterogeneity: random.normal(), coarseness: random.normal(), t2Signal: random.normal() };
    const risk = 0.9 * traits.size + 0.8 * traits.lobulation + 0.7 * traits.heterogeneity - 0.5 * traits.t2Signal + 0.5 * random.normal();
    const eventTime = -Math.log(1 - random.next()) / (Math.exp(risk) / 40);
    const censorTime = 12 + 48 * random.next();
    const event = eventTime <= censorTime ? 1 : 0;
    return {
      id: `SYN${String(i + 1).padStart(3, '0')}`,
      cohort: random.next() < 0.7 ? 'train' : 'validation',
      traits,
      risk,
      time: Math.round(Math.min(eventTime, censorTime) * 10) / 10,
      event,
      label: eventTime <= 12 ? 1 : 0,
      imageSeed: random.int32(),
    };
  });
}
