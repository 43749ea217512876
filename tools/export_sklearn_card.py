#!/usr/bin/env python3
"""Export a fitted scikit-learn RandomForestClassifier as a PRNN model card (docs/model-card.md).

The card carries the forest's tree arrays exactly as scikit-learn stores them (children, feature, float64 threshold,
leaf class weights), so the viewer reproduces predict_proba to the last bits.

Usage:
  python tools/export_sklearn_card.py --model forest.joblib --metadata meta.json --out card.json \
      [--features names.txt] [--normalisation norm.json] [--threshold 0.735 --threshold-method reported]

--model          pickle or joblib file holding a RandomForestClassifier, or a Pipeline whose last step is one
                 (a StandardScaler step before it then supplies the normalisation mean and std).
--features       the model's input feature names in column order, one per line or a JSON list; defaults to the
                 estimator's feature_names_in_ (set when it was fitted on a pandas DataFrame).
--normalisation  JSON {"mean": [...], "std": [...]} or {"<feature>": {"mean": m, "std": s}, ...}; required unless
                 the pipeline has a StandardScaler. Inference computes (x - mean) / std before the forest.
--metadata       JSON with the card's descriptive fields: name, version, intendedUse, notForClinicalUse,
                 provenance, extraction, riskGroups, performance, and optionally description, positiveClass,
                 threshold, featureSequences ({feature: sequence}; otherwise the sequence is the feature name's
                 suffix `_<sequence>` among extraction.sequences).
"""
import argparse
import json
import pickle
import sys
from datetime import date


def load_estimator(path):
    try:
        import joblib

        return joblib.load(path)
    except Exception:  # not a joblib file: plain pickle
        with open(path, 'rb') as f:
            return pickle.load(f)


def split_pipeline(estimator):
    """Returns (forest, scaler or None) from a forest or a Pipeline [..., StandardScaler?, forest]."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    if isinstance(estimator, Pipeline):
        steps = [step for _, step in estimator.steps if step != 'passthrough' and step is not None]
        forest = steps[-1]
        before = steps[:-1]
        if len(before) > 1 or (before and not isinstance(before[0], StandardScaler)):
            raise SystemExit('export_sklearn_card: only a Pipeline of [StandardScaler, RandomForestClassifier] can be exported; '
                             f'got steps {[type(s).__name__ for s in steps]}')
        scaler = before[0] if before else None
    else:
        forest, scaler = estimator, None
    if not isinstance(forest, RandomForestClassifier):
        raise SystemExit(f'export_sklearn_card: expected a RandomForestClassifier, got {type(forest).__name__}')
    if forest.n_outputs_ != 1:
        raise SystemExit('export_sklearn_card: multi-output forests are not supported')
    if scaler is not None and (not scaler.with_mean or not scaler.with_std):
        raise SystemExit('export_sklearn_card: the StandardScaler must use with_mean=True and with_std=True')
    return forest, scaler


def leaf_class_probabilities(tree):
    """What DecisionTreeClassifier.predict_proba returns for each node. Since scikit-learn 1.4 tree_.value holds
    these fractions already; before, it held weighted counts that predict_proba divided by their sum."""
    import numpy as np
    import sklearn

    value = tree.value[:, 0, :]
    major, minor = (int(part) for part in sklearn.__version__.split('.')[:2])
    if (major, minor) >= (1, 4):
        return value
    normalizer = value.sum(axis=1)[:, np.newaxis]
    normalizer[normalizer == 0.0] = 1.0
    return value / normalizer


def tree_arrays(estimator):
    tree = estimator.tree_
    return {
        'childrenLeft': tree.children_left.tolist(),
        'childrenRight': tree.children_right.tolist(),
        'feature': tree.feature.tolist(),
        'threshold': tree.threshold.tolist(),
        'value': leaf_class_probabilities(tree).tolist(),
    }


def class_label(value):
    return value.item() if hasattr(value, 'item') else value


def feature_sequence(name, sequences, explicit):
    if name in explicit:
        return explicit[name]
    matches = [s for s in sequences if name.endswith('_' + s)]
    if len(matches) != 1:
        raise SystemExit(f"export_sklearn_card: cannot tell the sequence of feature '{name}' from its suffix among {sequences}; "
                         'give it in metadata.featureSequences')
    return matches[0]


def card_from_forest(forest, feature_names, mean, std, metadata, threshold=None, threshold_method='reported'):
    """Builds the card dictionary; `metadata` holds the descriptive fields listed in the module docstring."""
    import sklearn

    n_features = forest.n_features_in_
    if len(feature_names) != n_features or len(mean) != n_features or len(std) != n_features:
        raise SystemExit(f'export_sklearn_card: the forest takes {n_features} features but got {len(feature_names)} names, '
                         f'{len(mean)} means and {len(std)} stds')
    classes = [class_label(c) for c in forest.classes_]
    positive = metadata.get('positiveClass', classes[-1])
    if positive not in classes:
        raise SystemExit(f'export_sklearn_card: positiveClass {positive!r} is not one of the forest classes {classes}')
    sequences = metadata['extraction']['sequences']
    explicit = metadata.get('featureSequences', {})
    chosen_threshold = metadata.get('threshold')
    if threshold is not None:
        chosen_threshold = {'value': float(threshold), 'method': threshold_method}
    if chosen_threshold is None:
        raise SystemExit('export_sklearn_card: give --threshold or metadata.threshold')
    params = forest.get_params()
    hyperparameters = {k: params[k] for k in ('criterion', 'max_depth', 'class_weight', 'n_estimators', 'max_samples',
                                              'max_features', 'bootstrap', 'min_samples_leaf', 'min_samples_split', 'random_state')}
    card = {
        'cardFormat': 'prnn-model-card/1',
        'name': metadata['name'],
        'version': metadata['version'],
        **({'description': metadata['description']} if 'description' in metadata else {}),
        'intendedUse': metadata['intendedUse'],
        'notForClinicalUse': bool(metadata['notForClinicalUse']),
        'provenance': {'date': date.today().isoformat(), 'codeVersion': f'scikit-learn {sklearn.__version__}',
                       **metadata['provenance']},
        'extraction': metadata['extraction'],
        'features': [{'name': name, 'sequence': feature_sequence(name, sequences, explicit), 'mean': float(m), 'std': float(s)}
                     for name, m, s in zip(feature_names, mean, std)],
        'model': {
            'kind': 'sklearn-forest',
            'classes': classes,
            'positiveClass': positive,
            'sklearnVersion': sklearn.__version__,
            'hyperparameters': json.loads(json.dumps(hyperparameters, default=str)),
            'trees': [tree_arrays(e) for e in forest.estimators_],
        },
        'threshold': chosen_threshold,
        'riskGroups': metadata['riskGroups'],
        'performance': metadata['performance'],
    }
    return card


def read_feature_names(path):
    text = open(path).read()
    if text.lstrip().startswith('['):
        return json.loads(text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_normalisation(path, feature_names):
    norm = json.load(open(path))
    if 'mean' in norm and 'std' in norm:
        return norm['mean'], norm['std']
    missing = [n for n in feature_names if n not in norm]
    if missing:
        raise SystemExit(f'export_sklearn_card: normalisation file lacks {missing}')
    return [norm[n]['mean'] for n in feature_names], [norm[n]['std'] for n in feature_names]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--model', required=True)
    parser.add_argument('--metadata', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--features')
    parser.add_argument('--normalisation')
    parser.add_argument('--threshold', type=float)
    parser.add_argument('--threshold-method', default='reported', choices=['youden', 'logrank', 'reported', 'manual'])
    args = parser.parse_args(argv)

    forest, scaler = split_pipeline(load_estimator(args.model))
    if args.features:
        feature_names = read_feature_names(args.features)
    elif hasattr(scaler if scaler is not None else forest, 'feature_names_in_'):
        feature_names = list((scaler if scaler is not None else forest).feature_names_in_)
    else:
        raise SystemExit('export_sklearn_card: the model has no feature_names_in_; give --features')
    if scaler is not None and args.normalisation:
        raise SystemExit('export_sklearn_card: the pipeline has a StandardScaler; do not also give --normalisation')
    if scaler is not None:
        mean, std = scaler.mean_.tolist(), scaler.scale_.tolist()
    elif args.normalisation:
        mean, std = read_normalisation(args.normalisation, feature_names)
    else:
        raise SystemExit('export_sklearn_card: give --normalisation (mean/std per feature) or a Pipeline with a StandardScaler')
    metadata = json.load(open(args.metadata))
    card = card_from_forest(forest, feature_names, mean, std, metadata, args.threshold, args.threshold_method)
    with open(args.out, 'w') as f:
        json.dump(card, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {args.out}: {len(card["model"]["trees"])} trees, {len(feature_names)} features')


if __name__ == '__main__':
    main(sys.argv[1:])
