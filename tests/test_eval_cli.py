"""`convoscore eval` end to end, on a miniature of ../shared/data written here (no ../shared).

The miniature has every file the evaluation reads, in the real column layouts, with a few rows
each: enough for every row of the table to have both classes, not enough for its numbers to mean
anything about the model. What is checked is the command: it reads the held-out parts only, scores
with the heads it is given, and says what is missing instead of failing deep inside.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from scoring.heads import CONFIG_FILE, WEIGHTS_FILE
from scoring.text_model import ARTIFACTS_DIR
from scoring.training import data as D
from service import cli

pytestmark = pytest.mark.skipif(
    not (ARTIFACTS_DIR / WEIGHTS_FILE).is_file(), reason="no trained head artifacts committed"
)

REASONED = [
    "The city's own 2023 traffic count shows 40% of trips downtown are under three kilometres, which is "
    "exactly the range where protected bike lanes pulled cars off the road in Montreal and Copenhagen.",
    "I ran a small bakery for eight years; the rent rose 60% while foot traffic stayed flat, so the "
    "proposed tax break would go straight to landlords unless it is tied to lease terms.",
    "Two things are being mixed up here: the deficit is the yearly shortfall and the debt is the total "
    "owed. Cutting the deficit to zero would stop the debt growing but would not reduce it at all.",
]
REACTIONS = ["lol", "+1", "so true", "this!!", "wow", "agreed"]
INSULTS = ["You are a pathetic idiot and nobody cares what you think.", "Shut up, moron."]
# (comment, constructive share, binary, toxicity level, constructive tags, non-constructive tags)
C3_ROWS = (
    [(t, 0.8, 1, 1.0, "evidence:3\nspecific_points:2", "") for t in REASONED]
    + [(t, 0.0, 0, 1.2, "", "unsubstantial:4") for t in REACTIONS]
    + [(t, 0.0, 0, 2.8, "", "no_respect:4\nprovocative:2") for t in INSULTS]
)


def _articles(split: str, n: int) -> list[str]:
    found = [a for a in (f"article-{i}" for i in range(500)) if D.c3_split(a) == split]
    return found[:n]


def write_miniature(root: Path) -> dict[str, int]:
    """The miniature data set under `root`; returns how many rows each held-out part has."""
    (root / "c3").mkdir(parents=True)
    columns = ["article_id", "comment_text", "constructive", "constructive_binary", "crowd_toxicity_level",
               "njudgements_constructiveness_expt", "njudgements_toxicity_expt", "constructive_characteristics",
               "non_constructive_characteristics", "toxicity_characteristics"]
    test_articles, train_articles = _articles("test", 3), _articles("train", 2)
    with open(root / "c3" / "c3_train.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, columns)
        w.writeheader()
        for article in test_articles + train_articles:
            for text, share, binary, level, con, non in C3_ROWS:
                w.writerow({"article_id": article, "comment_text": text, "constructive": share,
                            "constructive_binary": binary, "crowd_toxicity_level": level,
                            "njudgements_constructiveness_expt": 5, "njudgements_toxicity_expt": 5,
                            "constructive_characteristics": con, "non_constructive_characteristics": non,
                            "toxicity_characteristics": "no_toxic:5" if level < 2 else "personal_attack:4\nno_toxic:1"})

    (root / "emobank").mkdir()
    emo = [("The committee will meet on Tuesday to review the minutes.", 2.6),
           ("The report was filed in March with the other documents.", 2.8),
           ("She walked home and made a cup of tea.", 2.9),
           ("I can't believe we actually won, I'm shaking with joy!", 4.2),
           ("Run! The fire is spreading to the barn!", 4.4),
           ("He was furious, screaming at everyone in the room.", 4.0)]
    with open(root / "emobank" / "emobank_train_dev.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["id", "split", "V", "A", "D", "text"])
        w.writeheader()
        for i, (text, arousal) in enumerate(emo):
            w.writerow({"id": f"dev_{i}", "split": "dev", "V": 3.0, "A": arousal, "D": 3.0, "text": text})
        w.writerow({"id": "train_0", "split": "train", "V": 3.0, "A": 3.0, "D": 3.0, "text": "A training sentence."})

    (root / "goemotions").mkdir()
    names = list(D.GOEMOTIONS_INTENSITY)
    (root / "goemotions" / "labels.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    go = [("The meeting is at noon in room 4.", "neutral"), ("I bought milk on the way home.", "neutral"),
          ("It rained most of the afternoon.", "neutral"), ("OMG YES!!! We did it!!!", "excitement"),
          ("This makes me so angry I could scream", "anger"), ("Hahaha that's the funniest thing ever", "amusement"),
          ("Thanks, that helps.", "gratitude")]  # intensity 0.6: left out of the high-vs-neutral row
    with open(root / "goemotions" / "dev.tsv", "w", encoding="utf-8") as f:
        for i, (text, emotion) in enumerate(go):
            f.write(f"{text}\t{names.index(emotion)}\tid{i}\n")

    (root / "semeval2015_cqa").mkdir()
    with open(root / "semeval2015_cqa" / "cqa_dev_flat.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["qid", "quserid", "qsubject", "qbody", "cid", "cuserid", "cbody", "cgold", "position"])
        w.writeheader()
        for q in range(3):
            answers = [(REASONED[q], "Good"), ("lol", "Bad"), (REASONED[(q + 1) % 3], "Good" if q else "Bad")]
            for pos, (text, gold) in enumerate(answers):
                w.writerow({"qid": f"Q{q}", "quserid": "asker", "qsubject": "Advice needed",
                            "qbody": "What should the city do about traffic downtown?", "cid": f"Q{q}_C{pos}",
                            "cuserid": f"u{pos}", "cbody": text, "cgold": gold, "position": pos + 1})
    return {"c3": len(test_articles) * len(C3_ROWS), "emobank": len(emo), "go": 6, "semeval": 9, "threads": 3}


@pytest.fixture(scope="module")
def miniature(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("data")
    return root, write_miniature(root)


def _table(out: str) -> list[list[str]]:
    table = [line for line in out.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in table[2:]]


def _caption(out: str) -> str:
    return out.splitlines()[0]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = cli.main(["eval", *argv])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_eval_prints_the_table_from_the_held_out_parts_only(miniature, capsys):
    root, n = miniature
    rc, out, _ = _run(capsys, "--data", str(root), "--backend", "fp32")
    assert rc == 0
    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text(encoding="utf-8"))
    assert _caption(out) == f"model minilm-l6-v2+{config['version']}, backend fp32"
    rows = _table(out)
    by = {(r[0], r[1], r[2]): r for r in rows}
    heads = [r[0] for r in rows]
    assert heads.count("substance") == 3 and "toxicity" in heads and "value_added" in heads
    # n counts held-out rows only: C3 comments of test articles (not train ones), EmoBank dev
    # (not train), GoEmotions high-intensity and neutral (not the 0.6 one), SemEval Good and Bad.
    assert {r[3] for r in rows if r[2].startswith("C3")} == {str(n["c3"])}
    assert by[("passion", "Pearson r vs arousal", "EmoBank dev")][3] == str(n["emobank"])
    assert by[("passion", "ROC AUC high-intensity emotion vs neutral", "GoEmotions dev")][3] == str(n["go"])
    assert by[("substance", "ROC AUC Good vs Bad (in thread)", "SemEval-2015 CQA dev")][3] == str(n["semeval"])
    assert by[("value_added", "Spearman vs thread share of Good", "SemEval-2015 CQA dev")][3] == str(n["threads"])
    # the miniature's reasoned comments and insults are plain enough for any trained heads
    assert float(by[("substance", "ROC AUC vs constructive_binary", "C3 held-out articles")][4]) > 0.9
    toxicity = [r for r in rows if r[0] == "toxicity"][0]
    assert float(toxicity[4]) > 0.9


def test_eval_scores_with_the_heads_it_is_given(miniature, capsys, tmp_path):
    """The same heads with toxicity's calibration turned around rank the insults last: the AUC row
    is 1 minus the one of the same heads as calibrated (no ties in the miniature)."""
    root, _ = miniature
    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text(encoding="utf-8"))
    aucs = []
    for sign in (1.0, -1.0):
        heads = tmp_path / f"heads{sign:+.0f}"
        heads.mkdir()
        shutil.copy(ARTIFACTS_DIR / WEIGHTS_FILE, heads / WEIGHTS_FILE)
        cal = dict(config["calibration"])
        cal["toxicity"] = {"weights": {"toxic_share": sign}, "bias": 0.0}
        version = f"{config['version']}-toxicity{sign:+.0f}"
        (heads / CONFIG_FILE).write_text(json.dumps({**config, "calibration": cal, "version": version}),
                                         encoding="utf-8")
        rc, out, _ = _run(capsys, "--data", str(root), "--backend", "fp32", "--heads-dir", str(heads))
        assert rc == 0
        assert _caption(out) == f"model minilm-l6-v2+{version}, backend fp32"
        aucs.append(float(next(r for r in _table(out) if r[0] == "toxicity")[4]))
    assert aucs[0] > 0.5
    assert aucs[0] + aucs[1] == pytest.approx(1.0, abs=2e-3)  # the table prints three decimals


def test_eval_says_which_heads_are_missing(miniature, capsys, tmp_path):
    root, _ = miniature
    rc, out, err = _run(capsys, "--data", str(root), "--heads-dir", str(tmp_path))
    assert rc == 2 and out == ""
    assert str(tmp_path) in err and WEIGHTS_FILE in err and CONFIG_FILE in err


def test_eval_says_which_data_is_missing(capsys, tmp_path):
    rc, out, err = _run(capsys, "--data", str(tmp_path))
    assert rc == 2 and out == ""
    assert str(tmp_path / "c3" / "c3_train.csv") in err
