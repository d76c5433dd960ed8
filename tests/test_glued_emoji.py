"""Emoji glued to words are split off them, so the tokenizer reads the word (scoring/glued_emoji.py)."""

from __future__ import annotations

import emoji
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.glued_emoji import _MAY_HOLD_EMOJI, unglue_emoji
from scoring.text_model import load_encoder, tokenize_texts, vocabulary_characters


@pytest.fixture(scope="module")
def tokenizer():
    return load_encoder()[0]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("so true😂", "so true 😂"),
        ("😂this is hilarious", "😂 this is hilarious"),
        ("worst service ever😡😡!", "worst service ever 😡😡 !"),  # a run stays one word
        ("great👍🏽idea", "great 👍🏽 idea"),  # a skin tone stays with its emoji
        ("👨‍👩‍👧family", "👨‍👩‍👧 family"),  # so does a joined sequence
        ("Go🇨🇦", "Go 🇨🇦"),
        ("thank you❤️", "thank you ❤️"),
    ],
)
def test_a_glued_emoji_run_is_split_off_the_word(text, read):
    assert unglue_emoji(text) == read


@pytest.mark.parametrize("text", ["so true 😂", "😡😡😡", "plain ascii :)", "café, naïve “quotes”", "x\n😂\ty", ""])
def test_text_without_glued_emoji_comes_back_unchanged(text):
    assert unglue_emoji(text) == text


def test_emoji_the_vocabulary_spells_stay_put(tokenizer):
    known = vocabulary_characters(tokenizer)
    assert {"♥", "©", "™"} <= known and "😂" not in known
    for text in ["I♥it", "I♥️it", "Acme™ bikes", "©2026 Acme"]:
        assert unglue_emoji(text, known) == text
    assert unglue_emoji("I♥it") == "I ♥ it"  # without the vocabulary, ♥ is an emoji like any


def test_the_quick_search_admits_every_emoji_the_package_knows():
    # The search that lets texts without emoji skip the package must not skip any emoji.
    missed = [e for e in emoji.EMOJI_DATA if not _MAY_HOLD_EMOJI.search(e)]
    assert missed == []


PIECES = list("ab .,’\n") + ["😂", "👍🏽", "❤️", "🇨🇦", "\u200d", "\ufe0f", "♥"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_only_spaces_are_added_and_a_second_pass_changes_nothing(text):
    once = unglue_emoji(text)
    assert once.replace(" ", "") == text.replace(" ", "")
    assert unglue_emoji(once) == once


def test_the_tokenizer_reads_the_glued_word(tokenizer):
    glued, apart = tokenize_texts(tokenizer, ["This is outrageous😡", "This is outrageous 😡"])
    assert glued.input_ids == apart.input_ids
    assert tokenizer.convert_ids_to_tokens(glued.input_ids)[1:-1] == ["this", "is", "outrageous", "[UNK]"]
