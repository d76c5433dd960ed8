"""Warnings for text the English-only model cannot read well: a declared language, a detected one."""

from __future__ import annotations

import pytest

from scoring.language import MAX_IDS, MIN_CHARS, declared_non_english, language_warnings, other_language
from scoring.threads import Comment, LooseComment, Post, Thread

# Written for these tests: everyday comments in other languages, and English that a careless
# detector could take for another (names, loanwords, slang, links, markup).
OTHER_LANGUAGES = {
    "es": "No estoy de acuerdo, los datos del año pasado muestran lo contrario.",
    "fr": "Je pense que cette décision est une erreur, surtout pour les petites entreprises.",
    "de": "Ich finde, die Stadt sollte mehr Radwege bauen, weil es sicherer ist.",
    "pt": "Concordo plenamente, isso aconteceu comigo também no ano passado.",
    "it": "Secondo me il problema è la mancanza di controlli nelle scuole.",
    "nl": "Ik denk dat dit plan te duur is voor een kleine gemeente.",
    "ru": "Да, велодорожки делают улицы безопаснее для всех.",
    "zh": "我觉得这个政策很好，因为它能帮助很多人。",
}
ENGLISH = [
    "Honestly the café on Rue Saint-Denis makes the best croissants in Montréal.",
    "lol this is the best thread on the whole subreddit, no cap fr fr",
    "Check the docs: https://example.com/api/v2/reference#section-4 before you ask.",
    "<a href=\"https://example.com\">click here</a> <img src=\"https://example.com/a.png\">",
    "Our CEO, Jürgen Müller, said the Q3 numbers beat the forecast by 12%.",
    "The schadenfreude in this comment section is off the charts.",
    "+1, same here. Rebooting the router fixed it for me.",
    "👍👍👍 totally agree with everything you said here!!!",
]


@pytest.mark.parametrize("tag, foreign", [
    ("", False), ("en", False), ("EN", False), ("en-GB", False), ("en_US", False), (" ", False),
    ("de", True), ("pt-BR", True), ("zh_Hans", True), ("fr-CA", True),
])
def test_declared_language(tag, foreign):
    assert declared_non_english(tag) is foreign


@pytest.mark.parametrize("code", sorted(OTHER_LANGUAGES))
def test_other_languages_are_detected(code):
    assert other_language(OTHER_LANGUAGES[code]) == code


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_not_flagged(text):
    assert other_language(text) == ""


def test_short_texts_are_not_judged():
    assert other_language("merci beaucoup") == "" and len("merci beaucoup") < MIN_CHARS
    assert other_language("  " + OTHER_LANGUAGES["es"][:MIN_CHARS - 1] + "  ") == ""


def test_warnings_name_the_comments_and_cap_the_list():
    comments = [(f"c{i}", "de") for i in range(MAX_IDS + 3)] + [("en", "")]
    (w,) = language_warnings("", "", comments)
    assert w.startswith(f"{MAX_IDS + 3} comments read as another language than English ('c0': de, ")
    assert f"'c{MAX_IDS - 1}': de" in w and f"'c{MAX_IDS}'" not in w and "and 3 more" in w and "'en'" not in w
    assert language_warnings("", "", [("a", "")]) == []
    assert language_warnings("en-US", "fr", []) == [
        "the post reads as 'fr', not English; the model is trained on English and scores it unreliably"
    ]


def test_a_declared_language_is_one_warning_and_quotes_at_most_35_characters():
    (w,) = language_warnings("ru-" + "x" * 100, "ru", [("a", "ru")])
    assert "'ru-" + "x" * 32 + "'" in w and "x" * 33 not in w


def test_engine_warns_and_scores_the_same(engine_fp32):
    post = Post(id="p", author_id="A", text="Should the city build more bike lanes?")
    english = Comment(id="en", author_id="B", text="Yes: the lanes on Main Street cut accidents by a third.")
    spanish = Comment(id="es", author_id="C", text=OTHER_LANGUAGES["es"])
    mixed = engine_fp32.score_thread(Thread(id="t", language="en", post=post, comments=[english, spanish]))
    assert [c.other_language for c in mixed.comments] == ["", "es"]
    assert mixed.warnings == [
        "1 comment reads as another language than English ('es': es); "
        "the model is trained on English and scores it unreliably"
    ]
    plain = engine_fp32.score_thread(Thread(id="t", post=post, comments=[english]))
    assert plain.warnings == []
    german = engine_fp32.score_thread(Thread(id="t", language="de", post=post, comments=[english]))
    assert german.warnings == [
        "thread language is 'de'; the model is trained on English, so its scores here are unreliable"
    ]
    # A warning informs; it changes no score.
    assert german.quality == plain.quality and german.comments[0].substance == plain.comments[0].substance


def test_loose_comments_carry_their_language(engine_fp32):
    spanish, english = engine_fp32.score_comments([
        LooseComment(id="es", text=OTHER_LANGUAGES["es"], parent_text="Los datos muestran que el tráfico bajó."),
        LooseComment(id="en", text=ENGLISH[0]),
    ])
    assert spanish.other_language == "es" and english.other_language == ""
