#!/usr/bin/env python3
"""Reference values for the training report statistics (test/signature/stats.test.ts).

  - AUC and ROC/Youden:     scikit-learn roc_auc_score / roc_curve
  - DeLong test:            DeLong, DeLong & Clarke-Pearson (1988) computed from its definition (the O(m n) kernel
                            psi over all event/non-event pairs, scipy.stats.norm for p); our code uses the midrank
                            algorithm of Sun & Xu (2014), so the two are independent computations
  - Hosmer-Lemeshow:        groups by numpy.array_split of the stable sort, scipy.stats.chi2.sf
  - Kaplan-Meier, log-rank: scipy.stats.ecdf and scipy.stats.logrank on right-censored data
Scores and times are rounded so that ties occur.

Run: /work/main/.venv/bin/python scripts/reference/signature_stats.py
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import roc_auc_score, roc_curve

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'reference', 'signature', 'stats.json')


def delong_by_definition(y, scores):
    pos = [s[y == 1] for s in scores]
    neg = [s[y == 0] for s in scores]
    m, n = len(pos[0]), len(neg[0])
    v10, v01 = [], []
    for p, q in zip(pos, neg):
        psi = (p[:, None] > q[None, :]).astype(float) + 0.5 * (p[:, None] == q[None, :])
        v10.append(psi.mean(axis=1))
        v01.append(psi.mean(axis=0))
    auc = np.array([v.mean() for v in v10])
    cov = np.cov(np.array(v10)) / m + np.cov(np.array(v01)) / n
    z = (auc[0] - auc[1]) / np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    return {'auc': auc.tolist(), 'covariance': cov.tolist(), 'z': float(z), 'p': float(2 * stats.norm.sf(abs(z)))}


def hosmer_lemeshow(y, p, g=10):
    groups = np.array_split(np.argsort(p, kind='stable'), g)
    observed = np.array([y[i].sum() for i in groups], dtype=float)
    expected = np.array([p[i].sum() for i in groups])
    size = np.array([len(i) for i in groups], dtype=float)
    statistic = float(np.sum((observed - expected) ** 2 / (expected * (1 - expected / size))))
    return {'statistic': statistic, 'df': g - 2, 'p': float(stats.chi2.sf(statistic, g - 2)),
            'observed': observed.tolist(), 'expected': expected.tolist()}


def decision_curve(y, p, thresholds):
    n = len(y)
    out = []
    for t in thresholds:
        tp = np.sum((p >= t) & (y == 1))
        fp = np.sum((p >= t) & (y == 0))
        odds = t / (1 - t)
        out.append({'threshold': t, 'model': float(tp / n - fp / n * odds),
                    'treatAll': float(y.mean() - (1 - y.mean()) * odds)})
    return out


def main():
    rng = np.random.default_rng(4242)
    n = 160
    latent = rng.standard_normal(n)
    y = (latent + rng.normal(0, 1.2, n) > 0.4).astype(int)
    score_a = 1 / (1 + np.exp(-(0.9 * latent + rng.normal(0, 0.7, n))))
    score_b = np.round(0.5 * latent + rng.normal(0, 1.0, n), 1)  # ties
    fpr, tpr, thresholds = roc_curve(y, score_a)
    j = tpr - fpr
    time = np.round(rng.exponential(24 / np.exp(0.8 * latent)), 1)
    censor_time = np.round(rng.uniform(6, 60, n), 1)
    event = (time <= censor_time).astype(int)
    observed_time = np.minimum(time, censor_time)
    high = score_a >= np.median(score_a)

    def censored(mask):
        return stats.CensoredData.right_censored(observed_time[mask], event[mask] == 0)

    logrank = stats.logrank(censored(high), censored(~high))
    km = stats.ecdf(censored(high)).sf
    result = {
        'generatedBy': 'scripts/reference/signature_stats.py',
        'versions': {'sklearn': sklearn.__version__, 'scipy': scipy.__version__, 'numpy': np.__version__},
        'labels': y.tolist(),
        'scoreA': score_a.tolist(),
        'scoreB': score_b.tolist(),
        'time': observed_time.tolist(),
        'event': event.tolist(),
        'aucA': float(roc_auc_score(y, score_a)),
        'aucB': float(roc_auc_score(y, score_b)),
        'youdenA': {'threshold': float(thresholds[np.argmax(j)]), 'j': float(j.max())},
        'delong': delong_by_definition(y, [score_a, score_b]),
        'hosmerLemeshow': hosmer_lemeshow(y, score_a),
        'decisionCurve': decision_curve(y, score_a, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
        'logRankHighVsLow': {'chi2': float(logrank.statistic ** 2), 'p': float(logrank.pvalue)},
        'kaplanMeierHigh': {'time': km.quantiles.tolist(), 'survival': km.probabilities.tolist()},
    }
    with open(OUT, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')
    print('events', int(y.sum()), 'of', n, 'auc', result['aucA'], result['aucB'], 'delong p', result['delong']['p'])


if __name__ == '__main__':
    main()
