"""Telling someone to kill or harm themselves, read literally (scoring/self_harm.py)."""

from __future__ import annotations

import pytest

from scoring.self_harm import self_harm_phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("kys", "kys"),
        ("KYS loser", "KYS"),
        ("pls kys", "kys"),
        ("just kill yourself", "just kill yourself"),
        ("Kill yourself.", "Kill yourself"),
        ("Nobody likes you. Go hang yourself", "Go hang yourself"),
        ("you should unalive yourself", "should unalive yourself"),
        ("u should kill urself", "should kill urself"),
        ("why don't you drink bleach", "why don't you drink bleach"),
        ("ok, neck yourself", "neck yourself"),
        ("you should all kill yourselves", "should all kill yourselves"),
        ("pls just go drink bleach", "just go drink bleach"),
        ("you lot should kill yourselves", "should kill yourselves"),
    ],
)
def test_instructions_to_self_harm_are_found_and_quoted(text, phrase):
    assert self_harm_phrase(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "Don't kill yourself over it, the deadline can move.",
        "Please don't kill yourself, call 988.",
        "How not to kill yourself at the gym: warm up first.",
        "I think you should be able to kill yourself if you are terminally ill.",  # a debate, not an instruction
        "You can't kill yourself working for a company that won't notice.",
        "You don't need to kill yourself at the gym to see results.",
        "You're gonna kill yourself on that bike if you don't wear a helmet.",
        "Can you kill yourself with too much caffeine?",
        "Tell her off yourself, she's too old for this.",
        "I nearly killed myself laughing.",
        "He tried to hang himself in 2019; it is a serious topic.",
        "Do not defend yourself with a knife.",
        "kysely is a SQL query builder.",
        "The keys are on the table, kid.",
        "",
    ],
)
def test_warnings_negations_debates_and_look_alikes_are_not(text):
    assert self_harm_phrase(text) is None
