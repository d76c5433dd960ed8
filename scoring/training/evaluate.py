"""Held-out evaluation of the trained heads, each metric beside a simple baseline.

`evaluate(data_dir, model=None) -> list[dict]`: rows {head, metric, split, model, interval,
baseline, baseline_name, n, model_version, backend}; `format_table(rows) -> str`: one Markdown table.

`interval` is a 95% bootstrap interval of the model's number (`bootstrap_interval`: C3 resampled by
article, SemEval by thread, the rest by row): the held-out sets are small (C3: 77 articles, 154
toxic comments), and a difference inside the interval is not a measured difference.

Held-out data only (see data.py): the C3 articles held out by hash of `article_id`, EmoBank's dev
split, GoEmotions dev.tsv, and SemEval-2015 Task 3 cqa_dev_flat.csv (never trained on), whose threads
are scored whole by the engine (question = post, answers = comments replying to it).

Baselines: the text's word count ("length"), and for toxicity and passion a small lexicon (below).

Plain numpy throughout (ranks, ROC AUC, correlations), so `convoscore eval` needs nothing beyond
the service's own dependencies. `python -m scoring.training.evaluate [DATA_DIR] [--heads-dir DIR]
[--backend fp32|bf16]`, or `convoscore eval --data DATA_DIR` with the same flags.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from scoring.training import data as D

# A deliberately small lexicon baseline for toxicity: insults, slurs and profanity.
TOXIC_WORDS = {
    "idiot", "idiots", "idiotic", "stupid", "stupidity", "moron", "morons", "moronic", "dumb", "fool", "fools",
    "foolish", "ignorant", "loser", "losers", "pathetic", "disgusting", "scum", "trash", "garbage", "crap",
    "damn", "fuck", "fucking", "shit", "ass", "asshole", "bitch", "bastard", "liar", "liars", "clown",
    "clowns", "coward", "cowards", "imbecile", "jerk", "nazi", "nazis", "traitor", "evil", "lunatic",
    "crazy", "troll", "hypocrite", "hypocrites", "racist", "racists", "bigot", "bigots", "shut", "hate",
    "sick", "retarded", "pig", "pigs", "thug", "thugs", "stfu", "dimwit", "nutjob", "whiner", "whining",
}
# ... and for passion (arousal): intensity words; exclamation marks and all-caps words also count.
INTENSE_WORDS = {
    "amazing", "incredible", "awesome", "terrible", "horrible", "awful", "love", "hate", "omg", "wow",
    "furious", "outraged", "thrilled", "excited", "exciting", "angry", "scared", "terrified", "shocking",
    "shocked", "disgusting", "fantastic", "unbelievable", "insane", "crazy", "best", "worst", "never",
    "absolutely", "totally", "completely", "so", "really", "very", "extremely", "damn", "fuck", "fucking",
    "panic", "rage", "ecstatic", "screaming", "kill", "killed", "dead", "death", "war", "fight", "attack",
}
_WORD = re.compile(r"[A-Za-z']+")


def word_count(text: str) -> int:
    return len(text.split())


def toxic_lexicon(text: str) -> float:
    return float(sum(w.lower() in TOXIC_WORDS for w in _WORD.findall(text)))


def passion_lexicon(text: str) -> float:
    words = _WORD.findall(text)
    caps = sum(len(w) >= 2 and w.isupper() for w in words)
    return float(text.count("!") + caps + sum(w.lower() in INTENSE_WORDS for w in words))


def average_ranks(x) -> np.ndarray:
    """1-based ranks of `x`, tied values sharing the mean of their ranks."""
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(x[order])) + 1]  # where each run of equal values begins
    ends = np.r_[starts[1:], len(x)]
    ranks = np.empty(len(x))
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return ranks


def roc_auc(y, s) -> float:
    """ROC AUC as the Mann-Whitney statistic: P(a positive outranks a negative), ties counting half."""
    y = np.asarray(y).astype(bool)
    positives, negatives = int(y.sum()), int((~y).sum())
    if not positives or not negatives:
        raise ValueError("ROC AUC is undefined with only one class")
    rank_sum = average_ranks(s)[y].sum()
    return float((rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives))


def _auc_of(score, y) -> float:
    return roc_auc(y, score)


def pearson_r(x, y) -> float:
    """Pearson r; nan when either side is constant."""
    x, y = np.asarray(x, float) - np.mean(x), np.asarray(y, float) - np.mean(y)
    scale = math.sqrt(float((x * x).sum() * (y * y).sum()))
    return float((x * y).sum() / scale) if scale > 0 else float("nan")


def spearman_rho(x, y) -> float:
    """Spearman's rho: Pearson r of the average ranks."""
    return pearson_r(average_ranks(x), average_ranks(y))


def within_decile_auc(y, score, length) -> float:
    """Mean ROC AUC inside each decile of `length` (deciles holding only one class are skipped)."""
    y, score, length = np.asarray(y, int), np.asarray(score, float), np.asarray(length, float)
    # rank-based deciles so that ties in word count do not empty a bin
    order = np.argsort(length, kind="stable")
    bins = np.empty(len(y), dtype=int)
    bins[order] = np.arange(len(y)) * 10 // len(y)
    aucs = [roc_auc(y[bins == b], score[bins == b]) for b in range(10) if len(set(y[bins == b])) == 2]
    return float(np.mean(aucs)) if aucs else float("nan")


BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_LEVEL = 0.95


def bootstrap_interval(
    metric: Callable[..., float], arrays: Sequence, groups: Sequence, *,
    resamples: int = BOOTSTRAP_RESAMPLES, level: float = BOOTSTRAP_LEVEL, seed: int = 0,
) -> tuple[float, float]:
    """Percentile interval of `metric(*arrays)` when whole groups are resampled with replacement.

    Groups are what was sampled when the data was collected: C3 comments come by article and
    SemEval answers by thread, and comments on one article are not independent draws. Resampling
    rows instead would make the held-out C3 numbers look several times more certain than they are.
    Resamples on which the metric is undefined (one class only) are skipped; (nan, nan) if all are.
    """
    arrays = [np.asarray(a) for a in arrays]
    _, inverse = np.unique(np.asarray(groups), return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    members = np.split(order, np.flatnonzero(np.diff(inverse[order])) + 1)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(resamples):
        pick = np.concatenate([members[g] for g in rng.integers(0, len(members), len(members))])
        try:
            value = float(metric(*(a[pick] for a in arrays)))
        except ValueError:
            continue
        if np.isfinite(value):
            values.append(value)
    if not values:
        return float("nan"), float("nan")
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(values, [tail, 100.0 - tail])
    return float(lo), float(hi)


def _row(head, metric, split, model, baseline, baseline_name, n, interval=(float("nan"), float("nan"))) -> dict:
    return {
        "head": head, "metric": metric, "split": split, "model": round(float(model), 4),
        "interval": (round(float(interval[0]), 4), round(float(interval[1]), 4)),
        "baseline": round(float(baseline), 4), "baseline_name": baseline_name, "n": int(n),
    }


def _heads(model, texts: list[str]) -> dict[str, np.ndarray]:
    outs = model.encode(texts)
    names = outs[0].heads.keys() if outs else []
    return {k: np.array([o.heads[k] for o in outs]) for k in names}


def semeval_threads(data_dir: Path):
    """SemEval-2015 CQA threads as engine Threads (every answer replies to the question)."""
    from scoring.threads import Comment, Post, Thread

    out = []
    for t in D.load_semeval(data_dir):
        post = Post(id=t.qid, author_id=t.user_id, text=t.question)
        comments = [Comment(id=c.id, parent_id=t.qid, author_id=c.user_id, text=c.text) for c in t.comments]
        out.append((t, Thread(id=t.qid, platform="forum", language="en", post=post, comments=comments)))
    return out


def evaluate(data_dir: Path = D.DEFAULT_DATA_DIR, model=None) -> list[dict]:
    """Metrics of `model` (a TextModel with heads; default: TextModel() with the committed artifacts)."""
    if model is None:
        from scoring.text_model import TextModel

        model = TextModel()
    if not model.heads_loaded:
        raise ValueError("the text model has no heads loaded: nothing to evaluate")
    data_dir = Path(data_dir)
    rows: list[dict] = []

    # C3, held-out articles
    c3 = [r for r in D.load_c3(data_dir) if r.split == "test"]
    texts = [r.text for r in c3]
    h = _heads(model, texts)
    y_con = np.array([r.constructive_binary for r in c3])
    y_tox = np.array([r.toxicity_level >= 2 for r in c3])
    y_low = np.array([r.unsubstantial >= 0.5 for r in c3])
    wc = np.array([word_count(t) for t in texts], float)
    lex_tox = np.array([toxic_lexicon(t) for t in texts])
    split = "C3 held-out articles"
    articles = [r.article_id for r in c3]

    def c3_rows(head, metric, fn, score, labels, baselines) -> list[dict]:
        """The model's number with its interval, once beside each (name, baseline score)."""
        interval = bootstrap_interval(fn, [score, *labels], articles)
        value = fn(score, *labels)
        return [_row(head, metric, split, value, fn(b, *labels), name, len(c3), interval) for name, b in baselines]

    def within(score, y, w):
        return within_decile_auc(y, score, w)

    rows += c3_rows("substance", "ROC AUC vs constructive_binary", _auc_of, h["substance"], [y_con],
                    [("length", wc)])
    rows += c3_rows("substance", "mean AUC within word-count deciles", within, h["substance"], [y_con, wc],
                    [("length", wc)])
    rows += c3_rows("toxicity", "ROC AUC vs crowd_toxicity_level >= 2", _auc_of, h["toxicity"], [y_tox],
                    [("lexicon", lex_tox), ("length", wc)])
    rows += c3_rows("low_effort", "ROC AUC vs unsubstantial (rater majority)", _auc_of, h["low_effort"], [y_low],
                    [("shortness", -wc)])
    tags = [t for t in D.TAGS if 0 < sum(r.tags[t] >= 0.4 for r in c3) < len(c3)]
    y_tags = np.array([[r.tags[t] >= 0.4 for t in tags] for r in c3])

    def mean_tag_auc(scores, y):
        return float(np.mean([roc_auc(y[:, j], scores[:, j]) for j in range(len(tags))]))

    rows += c3_rows("tags", f"mean ROC AUC over {len(tags)} tags (>= 40% of raters)", mean_tag_auc,
                    np.column_stack([h[f"tag_{t}"] for t in tags]), [y_tags],
                    [("length", np.repeat(wc[:, None], len(tags), axis=1))])

    # EmoBank dev
    eb = [r for r in D.load_emobank(data_dir) if r.split == "dev"]
    texts = [r.text for r in eb]
    h = _heads(model, texts)
    a = np.array([r.arousal for r in eb])
    interval = bootstrap_interval(pearson_r, [h["passion"], a], np.arange(len(eb)))
    rows.append(_row("passion", "Pearson r vs arousal", "EmoBank dev", pearson_r(h["passion"], a),
                     pearson_r([passion_lexicon(t) for t in texts], a), "lexicon", len(eb), interval))
    rows.append(_row("passion", "Pearson r vs arousal", "EmoBank dev", pearson_r(h["passion"], a),
                     pearson_r([word_count(t) for t in texts], a), "length", len(eb), interval))

    # GoEmotions dev: emotional (any emotion of high intensity) vs neutral-only
    go = [r for r in D.load_goemotions(data_dir, "dev") if r.intensity in (0.0, 1.0)]
    texts = [r.text for r in go]
    h = _heads(model, texts)
    y = np.array([r.intensity == 1.0 for r in go])
    rows.append(_row("passion", "ROC AUC high-intensity emotion vs neutral", "GoEmotions dev",
                     roc_auc(y, h["passion"]), roc_auc(y, [passion_lexicon(t) for t in texts]), "lexicon", len(go),
                     bootstrap_interval(_auc_of, [h["passion"], y], np.arange(len(go)))))

    # SemEval-2015 Task 3, whole threads through the engine
    rows += _semeval_rows(data_dir, model)
    # Which model and arithmetic made the numbers travel with them: tables of two runs are compared.
    for r in rows:
        r.update(model_version=model.version, backend=model.backend)
    return rows


def _semeval_rows(data_dir: Path, model) -> list[dict]:
    try:
        from scoring.engine import Engine
    except ImportError:  # the engine is not there yet
        return []
    from scoring.errors import InvalidInput

    pairs = semeval_threads(data_dir)
    scores = Engine(text_model=model).score_threads([t for _, t in pairs])
    sub, gold, wc, thread_of = [], [], [], []
    va, good_share, mean_len = [], [], []
    for (cqa, _), score in zip(pairs, scores):
        if isinstance(score, InvalidInput):
            continue
        for c, cs in zip(cqa.comments, score.comments):
            if c.gold in ("Good", "Bad"):
                sub.append(cs.substance)
                gold.append(c.gold == "Good")
                wc.append(word_count(c.text))
                thread_of.append(cqa.qid)
        if cqa.comments:
            va.append(score.value_added)
            good_share.append(np.mean([c.gold == "Good" for c in cqa.comments]))
            mean_len.append(np.mean([word_count(c.text) for c in cqa.comments]))
    split = "SemEval-2015 CQA dev"
    return [
        _row("substance", "ROC AUC Good vs Bad (in thread)", split, roc_auc(gold, sub), roc_auc(gold, wc), "length",
             len(gold), bootstrap_interval(_auc_of, [sub, gold], thread_of)),
        _row("value_added", "Spearman vs thread share of Good", split, spearman_rho(va, good_share),
             spearman_rho(mean_len, good_share), "mean comment length", len(va),
             bootstrap_interval(spearman_rho, [va, good_share], np.arange(len(va)))),
    ]


def _interval_text(interval: tuple[float, float]) -> str:
    lo, hi = interval
    return "n/a" if np.isnan(lo) else f"[{lo:.3f}, {hi:.3f}]"


def format_table(rows: list[dict]) -> str:
    lines = [
        "| head | metric | held-out data | n | model | 95% interval | baseline |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['head']} | {r['metric']} | {r['split']} | {r['n']} | {r['model']:.3f} | "
            f"{_interval_text(r['interval'])} | "
            f"{r['baseline']:.3f} ({r['baseline_name']}) |"
        )
    return "\n".join(lines)


def evaluate_heads(data_dir: Path, heads_dir: Path | None = None, backend: str = "auto") -> list[dict]:
    """`evaluate` of the heads in `heads_dir` (default: the committed artifacts) on `backend`.

    Raises FileNotFoundError naming what is missing, before loading anything, when `heads_dir`
    holds no trained heads or `data_dir` no C3 file.
    """
    from scoring.heads import CONFIG_FILE, WEIGHTS_FILE
    from scoring.text_model import ARTIFACTS_DIR, TextModel

    heads_dir = Path(heads_dir) if heads_dir is not None else ARTIFACTS_DIR
    missing = [name for name in (WEIGHTS_FILE, CONFIG_FILE) if not (heads_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"no trained heads in {heads_dir}: {' and '.join(missing)} missing")
    c3 = Path(data_dir) / "c3" / "c3_train.csv"
    if not c3.is_file():
        raise FileNotFoundError(f"no labelled data in {data_dir}: {c3} missing")
    return evaluate(Path(data_dir), TextModel(backend=backend, heads_dir=heads_dir))


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags shared by `convoscore eval` and `python -m scoring.training.evaluate`."""
    parser.add_argument("--heads-dir", help="folder of the heads to evaluate (default: the packaged scoring/artifacts)")
    parser.add_argument("--backend", default="auto", help="auto, fp32, bf16 or cuda-fp16 (default: auto)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring.training.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(D.DEFAULT_DATA_DIR), help="folder of the labelled data sets")
    add_eval_arguments(parser)
    args = parser.parse_args(argv)
    return print_table(Path(args.data), args.heads_dir, args.backend, parser.prog)


def print_table(data_dir: Path, heads_dir: Path | None, backend: str, prog: str) -> int:
    """Print which model and backend, then the eval table, and return 0; or say on stderr what is
    missing and return 2."""
    try:
        rows = evaluate_heads(data_dir, heads_dir, backend)
    except FileNotFoundError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    print(f"model {rows[0]['model_version']}, backend {rows[0]['backend']}\n")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
