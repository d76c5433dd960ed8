"""The eval table's metrics, bootstrap intervals and layout (scoring/training/evaluate.py).

Made-up numbers only: no `../shared`. The metrics are plain numpy (no scikit-learn or scipy, the
`train` extra), so they are checked here against their definitions.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scoring.training.evaluate import pearson_r, spearman_rho, average_ranks, bootstrap_interval, format_table, roc_auc


def test_interval_resamples_whole_groups_not_rows():
    # Two articles of ten comments, all 1 in one and all 0 in the other. Resampling articles gives
    # means of 0, 0.5 or 1 (a quarter of the time each extreme); resampling comments as if they were
    # independent would claim the mean is known to about +-0.2.
    values = np.array([1.0] * 10 + [0.0] * 10)
    by_article = bootstrap_interval(np.mean, [values], ["a"] * 10 + ["b"] * 10)
    by_row = bootstrap_interval(np.mean, [values], np.arange(20))
    assert by_article == (0.0, 1.0)
    assert 0.2 < by_row[0] < 0.5 < by_row[1] < 0.8


def test_interval_holds_the_estimate_and_narrows_with_more_groups():
    rng = np.random.default_rng(7)
    small, large = rng.normal(size=100), rng.normal(size=2500)
    lo_s, hi_s = bootstrap_interval(np.mean, [small], np.arange(len(small)))
    lo_l, hi_l = bootstrap_interval(np.mean, [large], np.arange(len(large)))
    assert lo_s < small.mean() < hi_s
    assert lo_l < large.mean() < hi_l
    # the width goes as 1/sqrt(n): 25x the data, 1/5 of the width
    assert 0.12 < (hi_l - lo_l) / (hi_s - lo_s) < 0.3


def test_paired_arrays_are_resampled_together():
    # score == label on every row: any joint resample keeps them equal, a separate one would not
    x = np.arange(50, dtype=float)

    def largest_gap(score, label):
        return float(np.max(np.abs(score - label)))

    assert bootstrap_interval(largest_gap, [x, x.copy()], np.arange(50) // 5) == (0.0, 0.0)


def test_resamples_where_the_metric_is_undefined_are_skipped():
    def share_of_positives_needing_both_classes(y):
        if len(set(y.tolist())) < 2:
            raise ValueError("only one class in this resample")
        return float(y.mean())

    y = np.array([1] + [0] * 9)  # about a third of resamples miss the one positive
    lo, hi = bootstrap_interval(share_of_positives_needing_both_classes, [y], np.arange(10))
    assert 0.1 <= lo <= hi < 0.5
    nothing = bootstrap_interval(share_of_positives_needing_both_classes, [np.zeros(5)], np.arange(5))
    assert all(math.isnan(v) for v in nothing)


def test_interval_is_seeded():
    values = np.random.default_rng(3).normal(size=60)
    groups = np.arange(60) % 12
    assert bootstrap_interval(np.mean, [values], groups) == bootstrap_interval(np.mean, [values], groups)
    assert bootstrap_interval(np.mean, [values], groups, seed=1) != bootstrap_interval(np.mean, [values], groups)


def test_table_has_the_interval_column():
    rows = [
        {"head": "substance", "metric": "ROC AUC", "split": "C3 held-out articles", "model": 0.731,
         "interval": (0.681, 0.812), "baseline": 0.573, "baseline_name": "length", "n": 1778},
        {"head": "passion", "metric": "Pearson r", "split": "EmoBank dev", "model": 0.5,
         "interval": (float("nan"), float("nan")), "baseline": 0.1, "baseline_name": "lexicon", "n": 999},
    ]
    lines = format_table(rows).splitlines()
    assert "95% interval" in lines[0]
    assert all(line.count("|") == lines[0].count("|") for line in lines)
    assert "| 0.731 | [0.681, 0.812] | 0.573 (length) |" in lines[2]
    assert "| 0.500 | n/a | 0.100 (lexicon) |" in lines[3]


# Scores drawn from a few values, so that ties are common: they are where rank formulas go wrong.
_scores = st.lists(st.integers(0, 4), min_size=2, max_size=40)


@given(_scores, st.data())
def test_roc_auc_is_the_share_of_positive_negative_pairs_in_order(scores, data):
    labels = data.draw(st.lists(st.booleans(), min_size=len(scores), max_size=len(scores)))
    assume(any(labels) and not all(labels))
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    pairs = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    assert roc_auc(labels, scores) == pytest.approx(pairs / (len(pos) * len(neg)))


def test_roc_auc_refuses_one_class():
    with pytest.raises(ValueError):
        roc_auc([1, 1, 1], [0.1, 0.2, 0.3])


@given(_scores)
def test_average_ranks_share_the_ranks_of_ties(scores):
    ranks = average_ranks(scores)
    for s, r in zip(scores, ranks):
        below = sum(1 for t in scores if t < s)
        equal = sum(1 for t in scores if t == s)
        assert r == pytest.approx(below + (equal + 1) / 2)


def test_spearman_reads_only_the_order_and_pearson_the_values():
    x = np.arange(1.0, 11.0)
    assert spearman_rho(x, x**3) == pytest.approx(1.0)
    assert pearson_r(x, x**3) < 0.95
    assert pearson_r(x, -2 * x + 1) == pytest.approx(-1.0)
    assert math.isnan(pearson_r(x, np.ones(10)))
