"""A reply's addressing, the @handles before its words (scoring/addressing.py)."""

from __future__ import annotations

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
