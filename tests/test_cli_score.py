"""`convoscore score` end to end: a real subprocess, real files, the real model."""

from __future__ import annotations

import json
import subprocess
import sys

THREADS = [
    {
        "id": "t1",
        "platform": "reddit",
        "post": {"id": "p1", "author_id": "A", "text": "Is remote work here to stay?", "exposure": "1000",
                 "reactions": {"likes": 12, "shares": 3}},
        "comments": [
            {"id": "c1", "author_id": "B", "text": "Yes: our team's output rose after we moved to four remote days."},
            {"id": "c2", "parent_id": "c1", "author_id": "A", "text": "How did you measure output?"},
            {"id": "c3", "parent_id": "c2", "author_id": "B", "text": "Tickets closed per sprint, over two years."},
        ],
    },
    {"id": "t2", "post": {"id": "p2", "text": "📸"}, "comments": []},
]
BAD_JSON = "{not json"
BAD_TREE = {"id": "t3", "comments": [{"id": "x"}, {"id": "x"}]}


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "score", *args, "--backend", "fp32"],
        input=stdin, capture_output=True, text=True, timeout=300,
    )


def test_score_file_to_file_keeps_order_and_reports_bad_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(THREADS[0]), BAD_JSON, "", json.dumps(BAD_TREE), json.dumps(THREADS[1])]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli(str(src), "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "2 line(s) failed" in proc.stderr
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(results) == 4  # the blank line is skipped
    assert results[0]["id"] == "t1" and results[3]["id"] == "t2"
    assert results[1] == {"line": 2, "error": {"code": "INVALID_ARGUMENT", "message": results[1]["error"]["message"]}}
    assert "JSON" in results[1]["error"]["message"]
    assert results[2]["line"] == 4 and "duplicate comment id" in results[2]["error"]["message"]

    t1 = results[0]
    for key in ("quality", "depth", "passion", "value_added", "toxicity", "engagement", "structure",
                "comments", "reasons", "warnings", "model_version", "explanation"):
        assert key in t1, key
    assert t1["structure"]["max_depth"] == 3 and t1["structure"]["longest_exchange"] == 3
    assert t1["engagement"]["exposure_known"] is True
    assert t1["engagement"]["applause_rate"] == 0.012
    assert [c["id"] for c in t1["comments"]] == ["c1", "c2", "c3"]
    assert all("low_effort" in c and "relevance" in c for c in t1["comments"])
    # Map keys come sorted, so the same input gives the same bytes in every run.
    assert all(list(c["tags"]) == sorted(c["tags"]) and len(c["tags"]) >= 2 for c in t1["comments"])
    # Every field is present even when zero.
    assert results[3]["structure"]["comment_count"] == 0 and results[3]["engagement"]["engagement_rate"] == 0.0


def test_score_stdin_to_stdout_without_progress_bar():
    proc = run_cli(stdin=json.dumps(THREADS[1]) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "t2"
    assert "threads" not in proc.stderr  # no progress bar when piped
