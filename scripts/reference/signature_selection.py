#!/usr/bin/env python3
"""Reference for the training CLI's feature selection (test/signature/selection.test.ts).

Writes a generated radiomics-like feature table (test/reference/signature/selection_cohort.csv: id, label, cohort,
time, event, then features named like PyRadiomics with a sequence suffix, correlated within a sequence) and, per
sequence, what scikit-learn 1.5.2 selects on the training cohort after StandardScaler:
  1. ranking: SelectFromModel(LinearSVC(penalty='l1', loss='squared_hinge', dual=False, C=0.01,
     class_weight='balanced'), threshold='median', max_features=min(100, n_features))  -> selected columns,
     ordered by |coef| (scikit-learn refuses max_features above the number of features)
  2. decorrelation (the pipeline's own rule, computed here with numpy): walk the ranked list, keep a feature when
     |Pearson r| < 0.7 with every feature kept so far
  3. RFE(LinearSVC(penalty='l2', loss='squared_hinge', dual=False, C=1.0, class_weight='balanced'),
     n_features_to_select=K, step=1) on the kept features, for K = 1..4

Run: /work/main/.venv/bin/python scripts/reference/signature_selection.py
"""
import csv
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import RFE, SelectFromModel
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'reference', 'signature')
SEQUENCES = {'T1': 130, 'T2': 60, 'T1C': 60}
CLASSES = ['firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'shape']
N = 200
CORRELATION_LIMIT = 0.7
RANKING_C = 0.01
RFE_C = 1.0


def generate(rng):
    columns, names = [], []
    shared = rng.standard_normal(N)  # tumour biology seen by every sequence
    risk = 1.5 * shared
    for s, (sequence, count) in enumerate(SEQUENCES.items()):
        factors = rng.standard_normal((N, 10))
        factors[:, 0] = shared
        risk += 0.6 * factors[:, 1] * (s + 1) / 3
        loadings = rng.standard_normal((10, count)) * (rng.random((10, count)) < 0.3)
        loadings[0] *= 2
        values = factors @ loadings + rng.normal(0, 0.6, (N, count))
        scale = np.exp(rng.uniform(-3, 5, count))
        offset = rng.uniform(-2, 10, count) * scale
        for j in range(count):
            columns.append(values[:, j] * scale[j] + offset[j])
            names.append(f'original_{CLASSES[j % len(CLASSES)]}_Feature{j:03d}_{sequence}')
    x = np.array([[float(f'{v:.5g}') for v in row] for row in np.array(columns).T])
    label = (risk + rng.normal(0, 0.8, N) > 0.3).astype(int)
    time = np.round(rng.exponential(30 / np.exp(0.5 * risk)), 1)
    censor = np.round(rng.uniform(6, 60, N), 1)
    event = (time <= censor).astype(int)
    cohort = np.where(rng.random(N) < 0.7, 'train', 'test')
    return names, x, label, cohort, np.minimum(time, censor), event


def greedy_decorrelate(x, ordered):
    kept = []
    for j in ordered:
        if all(abs(np.corrcoef(x[:, j], x[:, k])[0, 1]) < CORRELATION_LIMIT for k in kept):
            kept.append(j)
    return kept


def main():
    rng = np.random.default_rng(777)
    names, x, label, cohort, time, event = generate(rng)
    with open(os.path.join(OUT, 'selection_cohort.csv'), 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['id', 'label', 'cohort', 'time', 'event', *names])
        for i in range(N):
            writer.writerow([f'P{i:03d}', label[i], cohort[i], time[i], event[i], *[repr(v) for v in x[i]]])
    train = cohort == 'train'
    result = {'generatedBy': 'scripts/reference/signature_selection.py', 'sklearnVersion': sklearn.__version__,
              'trainPatients': int(train.sum()), 'sequences': {}}
    for sequence in SEQUENCES:
        columns = [j for j, name in enumerate(names) if name.endswith('_' + sequence)]
        z = StandardScaler().fit_transform(x[train][:, columns])
        y = label[train]
        with warnings.catch_warnings():
            warnings.simplefilter('error', ConvergenceWarning)
            ranking = SelectFromModel(LinearSVC(penalty='l1', loss='squared_hinge', dual=False, C=RANKING_C,
                                                class_weight='balanced'), threshold='median', max_features=min(100, len(columns))).fit(z, y)
        coef = np.abs(ranking.estimator_.coef_[0])
        selected = np.flatnonzero(ranking.get_support())
        ordered = selected[np.argsort(-coef[selected], kind='mergesort')]
        kept = greedy_decorrelate(z, ordered)
        rfe = {}
        for k in range(1, 5):
            with warnings.catch_warnings():
                warnings.simplefilter('error', ConvergenceWarning)
                fitted = RFE(LinearSVC(penalty='l2', loss='squared_hinge', dual=False, C=RFE_C, class_weight='balanced'),
                             n_features_to_select=k, step=1).fit(z[:, kept], y)
            rfe[k] = [names[columns[kept[i]]] for i in np.flatnonzero(fitted.support_)]
        result['sequences'][sequence] = {
            'l1Coef': ranking.estimator_.coef_[0].tolist(),
            'l1Intercept': float(ranking.estimator_.intercept_[0]),
            'nonzero': int(np.count_nonzero(coef)),
            'selected': [names[columns[j]] for j in selected],
            'ranked': [names[columns[j]] for j in ordered],
            'decorrelated': [names[columns[j]] for j in kept],
            'rfe': rfe,
        }
        print(sequence, 'nonzero', int(np.count_nonzero(coef)), 'selected', len(selected), 'decorrelated', len(kept),
              'rfe4', rfe[4])
    with open(os.path.join(OUT, 'selection.json'), 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
