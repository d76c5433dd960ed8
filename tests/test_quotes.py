"""What a reply says in its own words (scoring/quotes.py)."""

from __future__ import annotations

import pytest

from scoring.quotes import own_words

PARENT = ("When Montreal added protected lanes on Rachel Street, cyclist injuries there fell by about a third "
          "within two years. Local shops reported steady sales.")
FIRST, SECOND = PARENT.split(". ")[0] + ".", PARENT.split(". ")[1]


@pytest.mark.parametrize(
    ("reply", "own"),
    [
        (f"> {FIRST}\n\nThis.", "This."),  # a Markdown quote
        (f"> {PARENT}\n\nBut half those lanes close in winter.", "But half those lanes close in winter."),
        (f"{PARENT} But half those lanes close in winter.", "But half those lanes close in winter."),  # no marker (IAC)
        (f'"{FIRST}" ^ this', "^ this"),  # quotation marks
        (f">{SECOND.upper()}\nSource?", "Source?"),  # case and a marker without a space
        (f"Wrong.\n> {FIRST}\nInjuries fell everywhere that year.", "Wrong.\nInjuries fell everywhere that year."),
        (PARENT, ""),  # a copy says nothing of its own
    ],
)
def test_quoted_lines_and_sentences_are_removed(reply, own):
    text, removed = own_words(reply, PARENT)
    assert text == own
    assert removed > 0 and len(text) < len(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "I agree.",  # shorter than a quote needs to be: as likely the reply's own words
        "Local shops? Mine closed.",
        "When Montreal added protected lanes, nothing happened to injuries.",  # a paraphrase is not a quote
        "Cyclist injuries fell by about a third within two years in my city too, after lanes went in.",
        "",
    ],
)
def test_own_words_short_echoes_and_paraphrases_are_kept(reply):
    assert own_words(reply, PARENT) == (reply, 0)


def test_nothing_is_removed_without_a_parent_text():
    assert own_words(PARENT, "") == (PARENT, 0)
