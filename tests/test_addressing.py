"""A reply's addressing, the @handles before its words (scoring/addressing.py)."""

from __future__ import annotations

import time

import pytest

from scoring.addressing import without_addressing


@pytest.mark.parametrize(
    ("reply", "read"),
    [
        ("@mike_r @transit_ops the 7 bus was late 11 times", "the 7 bus was late 11 times"),
        ("@dana, the $2M is 0.4% of the budget", "the $2M is 0.4% of the budget"),
        ("@dana: fair point", "fair point"),
        ("@ana@mastodon.social the museum is free on Sundays", "the museum is free on Sundays"),
        ("@a\n@b.c  two lines of handles first", "two lines of handles first"),
        ("@amy look at this!", "look at this!"),
    ],
)
def test_leading_handles_are_not_read(reply, read):
    assert without_addressing(reply) == read


@pytest.mark.parametrize(
    "reply",
    [
        "@amy",  # only handles: the micro-post it is
        "@amy @bob @carl",
        "@amy 😂",
        "thanks @amy, the figures help",  # a handle inside what is said
        "write to press@city.gov for the minutes",
        "",
    ],
)
def test_replies_without_words_after_handles_are_read_as_they_are(reply):
    assert without_addressing(reply) == reply


@pytest.mark.parametrize("run", ["@a ", "@a, ", "@a. ", "@a@b ", " ", "@"])
def test_long_runs_of_handles_read_in_linear_time(run):
    # Prose returns at its first character, so the comparison is the same run at a quarter of the
    # length: 4x when linear (about 2 ms at 20,000 characters, 2026-11-29), 16x or more if the
    # pattern backtracked over the run. A ratio measured in the same run, not a wall time.
    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            without_addressing(text)
            best = min(best, time.perf_counter() - start)
        return best

    assert seconds((run * 20_000)[:20_000] + " words") < 10 * seconds((run * 5_000)[:5_000] + " words")
