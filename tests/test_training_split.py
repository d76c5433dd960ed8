"""The C3 article split and its cross-validation folds (scoring/training/data.py).

A small C3-shaped CSV written here; no `../shared`.
"""

from __future__ import annotations

import csv
from collections import Counter

from scoring.training import data as D

ARTICLES = [f"article-{i}" for i in range(3000)]


def test_every_article_is_held_out_by_exactly_one_fold():
    held_out = Counter(a for k in range(D.C3_FOLDS) for a in ARTICLES if D.c3_split(a, k) == "test")
    assert set(held_out) == set(ARTICLES)
    assert set(held_out.values()) == {1}


def test_fold_zero_is_the_shipped_split():
    assert all(D.c3_split(a, 0) == D.c3_split(a) for a in ARTICLES)


def test_each_fold_holds_out_a_fifth_and_validates_on_a_tenth_of_the_rest():
    for k in range(D.C3_FOLDS):
        shares = Counter(D.c3_split(a, k) for a in ARTICLES)
        assert abs(shares["test"] / len(ARTICLES) - D.C3_HOLDOUT) < 0.03
        assert abs(shares["val"] / len(ARTICLES) - D.VAL_SHARE * (1 - D.C3_HOLDOUT)) < 0.02


def _write_c3(path, articles, per_article=4, toxicity_raters="5", toxicity_characteristics="no_toxic:5"):
    columns = [
        "article_id", "comment_text", "constructive", "constructive_binary", "crowd_toxicity_level",
        "njudgements_constructiveness_expt", "njudgements_toxicity_expt", "constructive_characteristics",
        "non_constructive_characteristics", "toxicity_characteristics",
    ]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, columns)
        w.writeheader()
        for a in articles:
            for i in range(per_article):
                w.writerow({
                    "article_id": a, "comment_text": f"comment {i} on {a}", "constructive": "0.6",
                    "constructive_binary": "1", "crowd_toxicity_level": "1.2",
                    "njudgements_constructiveness_expt": "5", "njudgements_toxicity_expt": toxicity_raters,
                    "constructive_characteristics": "evidence:2", "non_constructive_characteristics": "",
                    "toxicity_characteristics": toxicity_characteristics,
                })


def test_comments_of_one_article_never_straddle_splits_in_any_fold(tmp_path):
    (tmp_path / "c3").mkdir()
    _write_c3(tmp_path / "c3" / "c3_train.csv", ARTICLES[:200])
    for k in range(D.C3_FOLDS):
        rows = D.load_c3(tmp_path, k)
        assert len(rows) == 800
        splits = {}
        for r in rows:
            splits.setdefault(r.article_id, set()).add(r.split)
        assert all(len(s) == 1 for s in splits.values())
        assert {r.article_id for r in rows if r.split == "test"} == {
            a for a in ARTICLES[:200] if D.c3_split(a, k) == "test"}


def test_rows_keep_how_many_raters_judged_their_toxicity(tmp_path):
    # C3 mixes a 3-rater batch (harsher, less agreed) with 5-rater comments; the loader keeps the
    # count so that cross-validation can report each batch on its own.
    (tmp_path / "c3").mkdir()
    _write_c3(tmp_path / "c3" / "c3_train.csv", ARTICLES[:3], toxicity_raters="3",
              toxicity_characteristics="no_toxic:1\nteasing:2")
    rows = D.load_c3(tmp_path)
    assert {r.toxicity_raters for r in rows} == {3}
    assert all(abs(r.toxic_share - 2 / 3) < 1e-9 for r in rows)
    _write_c3(tmp_path / "c3" / "c3_train.csv", ARTICLES[:3])
    assert {r.toxicity_raters for r in D.load_c3(tmp_path)} == {5}
