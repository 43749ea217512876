#!/usr/bin/env python3
"""Reference for sklearn-forest inference (test/signature/sklearnForest.test.ts).

Fits two StandardScaler + RandomForestClassifier pipelines with scikit-learn on generated data, exports them as model
cards with tools/export_sklearn_card.py and records scikit-learn's predict_proba for 1000 rows of raw features:
  - study:  the study's hyperparameters (entropy, max_depth 2, class_weight balanced, 950 trees, max_samples 0.95)
  - deep:   deeper trees (max_depth 10, balanced_subsample, 60 trees), so many thresholds and fractional leaves
The 1000 rows are the 300 training rows, 150 rows recombining training values column by column, 150 rows with one
feature placed so that its z-score equals a split threshold exactly (scikit-learn casts that z-score to float32,
which rounds half-way thresholds to an even neighbour: the branch then differs from a float64 comparison), and 400
fresh rows.

Run: /work/main/.venv/bin/python scripts/reference/signature_forest.py   (scikit-learn 1.5.2, numpy 1.26)
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
from export_sklearn_card import card_from_forest  # noqa: E402

OUT = os.path.join(ROOT, 'test', 'reference', 'signature')
FEATURES = [
    'original_firstorder_RootMeanSquared_T2',
    'original_shape_Sphericity_T1C',
    'original_shape_Maximum2DDiameterSlice_T1',
    'wavelet-LH_glrlm_RunEntropy_T1C',
    'log-sigma-3-mm-3D_glcm_Idmn_T2',
    'wavelet-HL_gldm_DependenceVariance_T1',
]
# radiomic-like scales: grey levels in the hundreds, sphericity < 1, diameters in mm, entropies, tiny differences
LOCATION = np.array([412.7, 0.61, 38.2, 4.31, 0.9731, 6.8])
SCALE = np.array([96.3, 0.083, 11.4, 0.37, 0.0042, 2.9])


def generate(rng, n):
    latent = rng.standard_normal((n, len(FEATURES)))
    latent[:, 1] += 0.4 * latent[:, 0]
    x = LOCATION + SCALE * latent
    risk = 0.9 * latent[:, 0] - 0.7 * latent[:, 1] + 0.5 * latent[:, 2] * latent[:, 3] + 0.4 * latent[:, 4]
    y = (risk + rng.normal(0, 0.8, n) > 0.6).astype(int)
    return x, y


def metadata(name):
    return {
        'name': name,
        'version': '1.0.0',
        'description': 'Reference card fitted by scikit-learn on generated data, for inference tests only.',
        'intendedUse': 'Software testing of sklearn-forest inference. Not a clinical model.',
        'notForClinicalUse': True,
        'provenance': {'kind': 'synthetic', 'cohorts': [{'name': 'generated', 'role': 'training', 'patients': 300}],
                       'source': 'scripts/reference/signature_forest.py'},
        'extraction': {'params': {}, 'sequences': ['T1', 'T2', 'T1C']},
        'riskGroups': {'low': {'label': 'Low risk (synthetic)'}, 'high': {'label': 'High risk (synthetic)'}},
        'performance': [],
    }


def on_threshold_rows(rng, pipelines, x_train, n):
    """Rows whose z-score (x - mean) / scale equals, in float64, the threshold of a random split node."""
    rows = []
    while len(rows) < n:
        pipeline = pipelines[len(rows) % len(pipelines)]
        scaler, forest = pipeline.named_steps['scaler'], pipeline.named_steps['forest']
        tree = forest.estimators_[rng.integers(len(forest.estimators_))].tree_
        node = rng.choice(np.flatnonzero(tree.children_left != -1))
        j, t = tree.feature[node], tree.threshold[node]
        x = t * scaler.scale_[j] + scaler.mean_[j]
        for _ in range(64):
            z = (x - scaler.mean_[j]) / scaler.scale_[j]
            if z == t:
                row = x_train[rng.integers(len(x_train))].copy()
                row[j] = x
                rows.append(row)
                break
            x = np.nextafter(x, np.inf if z < t else -np.inf)
    return np.array(rows)


def fit(forest, x_train, y_train):
    return Pipeline([('scaler', StandardScaler()), ('forest', forest)]).fit(x_train, y_train)


def export(name, pipeline, rows):
    scaler, forest = pipeline.named_steps['scaler'], pipeline.named_steps['forest']
    card = card_from_forest(forest, FEATURES, scaler.mean_.tolist(), scaler.scale_.tolist(), metadata(name),
                            threshold=0.5, threshold_method='manual')
    card['provenance']['date'] = '2026-11-26'
    with open(os.path.join(OUT, f'forest_{name}.card.json'), 'w') as f:
        json.dump(card, f, separators=(',', ':'))
        f.write('\n')
    return pipeline.predict_proba(rows)[:, 1].tolist()


def main():
    rng = np.random.default_rng(20261126)
    x_train, y_train = generate(rng, 300)
    study = fit(RandomForestClassifier(criterion='entropy', max_depth=2, class_weight='balanced', n_estimators=950,
                                       max_samples=0.95, random_state=7), x_train, y_train)
    deep = fit(RandomForestClassifier(criterion='gini', max_depth=10, class_weight='balanced_subsample', n_estimators=60,
                                      min_samples_leaf=1, random_state=11), x_train, y_train)
    recombined = np.column_stack([rng.choice(x_train[:, j], 150) for j in range(len(FEATURES))])
    on_threshold = on_threshold_rows(rng, [study, deep], x_train, 150)
    fresh, _ = generate(rng, 400)
    rows = np.vstack([x_train, recombined, on_threshold, fresh])
    result = {
        'generatedBy': 'scripts/reference/signature_forest.py',
        'sklearnVersion': sklearn.__version__,
        'numpyVersion': np.__version__,
        'featureNames': FEATURES,
        'rows': rows.tolist(),
        'probability': {
            'study': export('study', study, rows),
            'deep': export('deep', deep, rows),
        },
    }
    with open(os.path.join(OUT, 'forest_predict_proba.json'), 'w') as f:
        json.dump(result, f, separators=(',', ':'))
        f.write('\n')
    print('train positives', int(y_train.sum()), 'of', len(y_train))


if __name__ == '__main__':
    main()
