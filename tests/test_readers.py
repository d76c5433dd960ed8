"""The linear readers' fitting arithmetic (training/readers.py); numpy only, no scikit-learn."""

from __future__ import annotations

import numpy as np

from scoring.training.readers import argued_training_rows, fold_standardization, standardization


def test_folded_reader_gives_the_standardized_logits():
    rng = np.random.default_rng(0)
    # columns on very different scales, one constant, as the pooled features and length features are
    X = np.column_stack([rng.normal(5.0, 0.01, 50), rng.normal(0.0, 30.0, 50), np.full(50, 2.0), rng.random(50)])
    mean, sd = standardization(X)
    assert sd[2] == 1.0  # a constant column is left unscaled, not divided by zero
    coef, intercept = rng.normal(size=4), 0.7
    weight, bias = fold_standardization(coef, intercept, mean, sd)
    assert np.allclose(X @ weight + bias, ((X - mean) / sd) @ coef + intercept)


def test_argued_rows_label_and_weight_each_kind():
    f = {name: np.full((n, 3), float(i)) for i, (name, n) in enumerate(
        [("c3", 4), ("argued", 5), ("informative", 1200), ("synthetic", 1500), ("effusive", 7)])}
    X, y, w = argued_training_rows(f, np.array([1, 0, 0, 1]))
    assert len(X) == 4 + 5 + 1000 + 1000 + 7  # informative replies and micro-posts capped at 1,000 each
    kinds = X[:, 0].astype(int)
    assert list(y[kinds == 0]) == [1, 0, 0, 1]
    assert (y[kinds == 1] == 1).all() and (y[kinds == 2] == 1).all() and (y[kinds == 3] == 0).all()
    assert set(w[kinds == 1]) == {0.5} and set(w[kinds == 3]) == {1.0}
    assert (y[kinds == 4] == 0).all() and set(w[kinds == 4]) == {0.5}  # effusive reactions argue nothing
