"""Emoji are read as their names, apart from the words they touch (scoring/emoji_words.py)."""

from __future__ import annotations

import emoji
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.emoji_words import _MAY_HOLD_EMOJI, emoji_as_words, emoji_name
from scoring.text_model import load_encoder, tokenize_texts, vocabulary_characters


@pytest.fixture(scope="module")
def tokenizer():
    return load_encoder()[0]


@pytest.mark.parametrize(
    ("chars", "name"),
    [
        ("😡", "enraged face"),
        ("🖕", "middle finger"),
        ("😂", "face with tears of joy"),
        ("👍🏽", "thumbs up"),  # a skin tone is not what the post says
        ("🧑🏿‍💻", "technologist"),
        ("👨‍👩‍👧", "family man woman girl"),  # a joined sequence is one emoji
        ("🇨🇦", "Canada"),
        ("❤️", "red heart"),
    ],
)
def test_an_emoji_reads_as_its_short_name(chars, name):
    assert emoji_name(chars) == name


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("so true😂", "so true face with tears of joy "),
        ("😂this", " face with tears of joy this"),
        ("idiot🖕!", "idiot middle finger !"),
        ("😡😡", " enraged face  enraged face "),
    ],
)
def test_an_emoji_is_read_apart_from_the_word_it_touches(text, read):
    assert emoji_as_words(text) == read


@pytest.mark.parametrize("text", ["plain ascii :)", "café, naïve “quotes” — 20°C", "x\ny", ""])
def test_text_without_emoji_comes_back_unchanged(text):
    assert emoji_as_words(text) == text


def test_emoji_the_vocabulary_spells_stay_put(tokenizer):
    known = vocabulary_characters(tokenizer)
    assert {"♥", "©", "™"} <= known and "😂" not in known
    for text in ["I♥it", "I♥️it", "Acme™ bikes", "©2026 Acme"]:
        assert emoji_as_words(text, known) == text
    assert emoji_as_words("I♥it") == "I heart suit it"  # without the vocabulary, an emoji like any


def test_the_quick_search_admits_every_emoji_the_package_knows():
    # The search that lets texts without emoji skip the package must not skip any emoji.
    missed = [e for e in emoji.EMOJI_DATA if not _MAY_HOLD_EMOJI.search(e)]
    assert missed == []


# No stray joiners: the package finds no emoji in "❤️" + a zero-width joiner with nothing after it,
# and the tokenizer reads that as one unknown token, as all emoji were read before.
PIECES = list("ab .,’\n") + ["😂", "👍🏽", "❤️", "🇨🇦", "♥", "♥️", "🧑🏿‍💻", "1️⃣"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_no_unknown_emoji_is_left_and_a_second_pass_changes_nothing(text):
    known = frozenset("♥")
    once = emoji_as_words(text, known)
    assert all(e["emoji"].replace("\ufe0f", "") in known for e in emoji.emoji_list(once))
    assert emoji_as_words(once, known) == once


def test_the_tokenizer_reads_the_word_and_the_emoji(tokenizer):
    glued, apart, words = tokenize_texts(tokenizer, ["This is outrageous😡", "This is outrageous 😡",
                                                     "this is outrageous enraged face"])
    assert glued.input_ids == apart.input_ids == words.input_ids
