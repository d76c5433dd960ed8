"""Runs of a repeated phrase are cut to three copies before the model reads a text."""

from __future__ import annotations

import pytest

from scoring.repetition import MAX_COPIES, MAX_PHRASE_WORDS, collapse_repeats


@pytest.mark.parametrize(
    "text",
    ["", "   ", "lol", "no no no", "so true so true so true", "The bridge closes on Monday, then on Tuesday."],
)
def test_text_without_a_long_run_comes_back_unchanged(text):
    assert collapse_repeats(text) == (text, 0)


def test_a_run_keeps_three_copies_and_the_rest_of_the_text():
    assert collapse_repeats("lol lol lol lol lol and then some") == ("lol lol lol and then some", 5)
    assert collapse_repeats("lol " * 300) == ("lol lol lol ", 300)
    assert collapse_repeats("+1 +1 +1 +1") == ("+1 +1 +1", 4)


def test_copies_match_without_case_or_surrounding_punctuation():
    assert collapse_repeats("No. no NO! no, really.") == ("No. no NO! really.", 4)


def test_a_repeated_phrase_is_cut_at_a_phrase_boundary():
    text = "Great point! " * 60 + "Anyway, see you Monday."
    assert collapse_repeats(text) == ("Great point! Great point! Great point! Anyway, see you Monday.", 60)
    assert collapse_repeats("a b a b a b a b a b c") == ("a b a b a b c", 5)


def test_several_runs_are_each_cut_and_the_longest_is_reported():
    text = "wow wow wow wow ok " + "yes " * 9 + "fine"
    assert collapse_repeats(text) == ("wow wow wow ok yes yes yes fine", 9)


def test_phrases_longer_than_the_limit_are_left_alone():
    phrase = " ".join(f"w{i}" for i in range(MAX_PHRASE_WORDS + 1))
    text = " ".join([phrase] * (MAX_COPIES + 2))
    assert collapse_repeats(text) == (text, 0)
    shorter = " ".join([" ".join(f"w{i}" for i in range(MAX_PHRASE_WORDS))] * (MAX_COPIES + 1))
    assert collapse_repeats(shorter)[1] == MAX_COPIES + 1


def test_newlines_between_copies_count_as_word_breaks():
    assert collapse_repeats("spam\nspam\nspam\nspam\n\nreal text") == ("spam\nspam\nspam\n\nreal text", 4)
