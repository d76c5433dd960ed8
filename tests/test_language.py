"""Warnings for text the English-only model cannot read well: a declared language, a foreign script."""

from __future__ import annotations

import pytest

from scoring.language import MAX_IDS, declared_non_english, language_warnings, mostly_non_latin
from scoring.threads import Comment, Post, Thread


@pytest.mark.parametrize("tag, foreign", [
    ("", False), ("en", False), ("EN", False), ("en-GB", False), ("en_US", False), (" ", False),
    ("de", True), ("pt-BR", True), ("zh_Hans", True), ("fr-CA", True),
])
def test_declared_language(tag, foreign):
    assert declared_non_english(tag) is foreign


@pytest.mark.parametrize("text, foreign", [
    ("我觉得这个政策很好，因为它能帮助很多人。", True),
    ("Это очень хорошая идея, спасибо!", True),
    ("مرحبا بكم في المنتدى", True),
    ("यह एक अच्छा विचार है", True),
    ("Café au lait, s’il vous plaît — déjà vu", False),  # Latin letters with accents, curly quote
    ("Great point 👍😂🔥", False),                          # emoji are not letters
    ("ok 好", False),                                       # mostly Latin
    ("好的", False),                                        # too few letters to say
    ("", False),
])
def test_script_of_a_text(text, foreign):
    assert mostly_non_latin(text) is foreign


def test_warnings_name_the_comments_and_cap_the_list():
    ids = [f"c{i}" for i in range(MAX_IDS + 3)]
    texts = ["Привет всем, как дела?"] * len(ids) + ["Hello there"]
    (w,) = language_warnings("", "Is this on?", ids + ["en"], texts)
    assert w.startswith(f"{MAX_IDS + 3} comments are mostly in a non-Latin script")
    assert "'c0'" in w and f"'c{MAX_IDS - 1}'" in w and f"'c{MAX_IDS}'" not in w and "and 3 more" in w
    assert "'en'" not in w
    assert language_warnings("", "Is this on?", ["a"], ["Hello"]) == []


def test_a_declared_language_is_one_warning_and_quotes_at_most_35_characters():
    (w,) = language_warnings("ru-" + "x" * 100, "Привет всем, как дела?", ["a"], ["Привет всем, как дела?"])
    assert "'ru-" + "x" * 32 + "'" in w and "x" * 33 not in w


def test_engine_warns_about_foreign_script_comments_and_declared_languages(engine_fp32):
    post = Post(id="p", author_id="A", text="Should the city build more bike lanes?")
    comments = [
        Comment(id="en", author_id="B", text="Yes: the lanes on Main Street cut accidents by a third."),
        Comment(id="ru", author_id="C", text="Да, велодорожки делают улицы безопаснее."),
    ]
    mixed = engine_fp32.score_thread(Thread(id="t", language="en", post=post, comments=comments))
    assert [w for w in mixed.warnings if "non-Latin" in w] == [
        "1 comment is mostly in a non-Latin script ('ru'); the model is trained on English and scores it unreliably"
    ]
    english = engine_fp32.score_thread(Thread(id="t", post=post, comments=comments[:1]))
    assert english.warnings == []
    german = engine_fp32.score_thread(Thread(id="t", language="de", post=post, comments=comments[:1]))
    assert german.warnings == [
        "thread language is 'de'; the model is trained on English, so its scores here are unreliable"
    ]
    # A warning says something; it changes no score.
    assert german.quality == english.quality and german.comments[0].substance == english.comments[0].substance
