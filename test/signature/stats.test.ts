import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionCurve, hosmerLemeshow } from '../../cli/src/training/calibration';
import { bootstrapAucCi, delongTest, rocAuc, youdenThreshold } from '../../cli/src/training/roc';
import { kaplanMeier, logRank, type SurvivalData } from '../../cli/src/training/survival';
import { median } from '../../cli/src/training/stats';
import { REPO_ROOT } from '../support/fixtures';

/** Produced by scripts/reference/signature_stats.py (scikit-learn 1.5.2, scipy 1.17.1). */
const ref = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'signature', 'stats.json'), 'utf8'));
const y: number[] = ref.labels;
const a: number[] = ref.scoreA;
const b: number[] = ref.scoreB;

describe('ROC statistics vs scikit-learn', () => {
  it('AUC equals roc_auc_score to 1e-12 (continuous and tied scores)', () => {
    expect(Math.abs(rocAuc(y, a) - ref.aucA)).toBeLessThan(1e-12);
    expect(Math.abs(rocAuc(y, b) - ref.aucB)).toBeLessThan(1e-12);
  });

  it('Youden threshold equals argmax(tpr - fpr) of roc_curve', () => {
    const youden = youdenThreshold(y, a);
    expect(youden.threshold).toBe(ref.youdenA.threshold);
    expect(Math.abs(youden.j - ref.youdenA.j)).toBeLessThan(1e-12);
  });

  it('bootstrap CI is reproducible from its seed and brackets the AUC', () => {
    const ci = bootstrapAucCi(y, a, 500, 3);
    expect(bootstrapAucCi(y, a, 500, 3)).toEqual(ci);
    expect(ci[0]).toBeLessThan(ref.aucA);
    expect(ci[1]).toBeGreaterThan(ref.aucA);
  });
});

describe('DeLong test vs its O(mn) definition', () => {
  const result = delongTest(y, a, b);
  it('AUCs, covariance, z and p agree to 1e-9', () => {
    expect(Math.abs(result.auc[0] - ref.delong.auc[0])).toBeLessThan(1e-12);
    expect(Math.abs(result.auc[1] - ref.delong.auc[1])).toBeLessThan(1e-12);
    for (const [i, j] of [[0, 0], [0, 1], [1, 1]]) expect(Math.abs(result.covariance[i][j] - ref.delong.covariance[i][j])).toBeLessThan(1e-12);
    expect(Math.abs(result.z - ref.delong.z)).toBeLessThan(1e-9);
    expect(Math.abs(result.p - ref.delong.p)).toBeLessThan(1e-9);
  });
});

describe('calibration', () => {
  it('Hosmer–Lemeshow statistic and p equal the reference to 1e-9', () => {
    const hl = hosmerLemeshow(y, a);
    expect(Math.abs(hl.statistic - ref.hosmerLemeshow.statistic)).toBeLessThan(1e-9);
    expect(Math.abs(hl.p - ref.hosmerLemeshow.p)).toBeLessThan(1e-9);
    expect(hl.groups.map((g) => g.observedEvents)).toEqual(ref.hosmerLemeshow.observed);
  });

  it('decision curve net benefit equals the reference', () => {
    const thresholds = ref.decisionCurve.map((p: { threshold: number }) => p.threshold);
    decisionCurve(y, a, thresholds).forEach((point, i) => {
      expect(Math.abs(point.model - ref.decisionCurve[i].model)).toBeLessThan(1e-12);
      expect(Math.abs(point.treatAll - ref.decisionCurve[i].treatAll)).toBeLessThan(1e-12);
    });
  });
});

describe('survival vs scipy.stats', () => {
  const cut = median(a);
  const group = (high: boolean): SurvivalData => {
    const idx = a.map((_, i) => i).filter((i) => (a[i] >= cut) === high);
    return { time: idx.map((i) => ref.time[i]), event: idx.map((i) => ref.event[i]) };
  };

  it('log-rank chi-squared and p equal scipy.stats.logrank to 1e-9', () => {
    const result = logRank(group(true), group(false));
    expect(Math.abs(result.statistic - ref.logRankHighVsLow.chi2)).toBeLessThan(1e-9);
    expect(Math.abs(result.p - ref.logRankHighVsLow.p) / ref.logRankHighVsLow.p).toBeLessThan(1e-9);
  });

  it('Kaplan–Meier survival equals scipy.stats.ecdf(...).sf at every reference time', () => {
    const steps = kaplanMeier(group(true));
    const survivalAt = (t: number) => steps.filter((s) => s.time <= t).reduce((_, s) => s.survival, 1);
    ref.kaplanMeierHigh.time.forEach((t: number, i: number) => expect(Math.abs(survivalAt(t) - ref.kaplanMeierHigh.survival[i])).toBeLessThan(1e-12));
  });
});
