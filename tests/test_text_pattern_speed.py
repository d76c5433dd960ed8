"""The literal text readers (evidence, self-harm) read any text in about the time of prose.

Both run on every comment before the model, over texts up to the 20,000-character limit. Patterns
that rescan the rest of a run from every position took 2,600 times as long as prose (30 s on
"1,1,1,...") before their repetitions were bounded; measured since then: evidence at most 2.6x,
self-harm at most 4.1x (2026-11-29). The bound is a ratio measured in the same run, not a wall time.
"""

from __future__ import annotations

import time

import pytest

from scoring.evidence import evidence_kinds
from scoring.self_harm import self_harm_phrase

PROSE = ("The council met on Tuesday and most residents spoke about the new lanes. " * 300)[:20_000]
RUNS = {
    evidence_kinds: ["1,", "1.", "1.1.1.1", "x-", "111,", "data   ", "study of ", "http://"],
    self_harm_phrase: ["go ", ", ", ".,!;", "you ", "why don't ", "kill ", "should all "],
}


def _seconds(read, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        read(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(("read", "run"), [(read, run) for read, runs in RUNS.items() for run in runs])
def test_long_runs_take_about_as_long_as_prose(read, run):
    odd = (run * 20_000)[:20_000]
    assert _seconds(read, odd) < 25 * _seconds(read, PROSE)
