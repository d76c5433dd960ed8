"""The linear readers' fitting arithmetic (training/readers.py); numpy only, no scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.training import data as D
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
        [("c3", 4), ("argued", 5), ("informative", 1200), ("synthetic", 1500), ("effusive", 7), ("promo", 3),
         ("remarks", 6)])}
    X, y, w = argued_training_rows(f, np.array([1, 0, 0, 1]))
    assert len(X) == 4 + 5 + 1000 + 1000 + 7 + 3 + 6  # informative replies and micro-posts capped at 1,000 each
    kinds = X[:, 0].astype(int)
    assert list(y[kinds == 0]) == [1, 0, 0, 1]
    assert (y[kinds == 1] == 1).all() and (y[kinds == 2] == 1).all() and (y[kinds == 3] == 0).all()
    assert set(w[kinds == 1]) == {0.5} and set(w[kinds == 3]) == {1.0}
    assert (y[kinds == 4] == 0).all() and set(w[kinds == 4]) == {0.5}  # effusive reactions argue nothing
    assert (y[kinds == 5] == 0).all() and set(w[kinds == 5]) == {0.5}  # nor do adverts, figures or not
    assert (y[kinds == 6] == 0).all() and set(w[kinds == 6]) == {1.0}  # nor does experience that shows nothing


@pytest.mark.parametrize("make", [D.synthetic_micro_posts, D.synthetic_informative_replies, D.synthetic_argued_posts,
                                  D.synthetic_effusive_posts, D.synthetic_promo_posts, D.synthetic_personal_remarks])
def test_synthetic_training_posts_are_fixed_by_their_seed(make):
    # The shipped reader is refitted from these (`convoscore train --readers-only`): another list
    # for the same seed would give other heads than the ones the model card measured.
    first = make(300, seed=0)
    assert first == make(300, seed=0) and first != make(300, seed=1)
    assert len(set(first)) > 200 and all(t.strip() for t in first)


def test_adverts_carry_a_call_to_action_and_often_a_figure():
    # What the advert negatives teach: a call to action, whatever figure comes with it.
    posts = D.synthetic_promo_posts(500, seed=0)
    calls = ("dm me", "link in", "code", "follow", "sub4sub", "channel", "enter", "tag ", "visit", "whatsapp",
             "page", "subscribe", "shop now", "sign up", "comment done", "like", "share", "message", "call at")
    without = [p for p in posts if not any(c in p.lower() for c in calls)]
    assert not without, without[:3]
    assert 0.3 < sum(any(ch.isdigit() for ch in p) for p in posts) / len(posts) < 0.95
