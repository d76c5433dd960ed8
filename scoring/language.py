"""Texts the model cannot read well: it is trained on English only (MODEL_CARD.md, Known limits).

Two cheap signals, no language-identification model on the hot path: the thread's declared
`language` tag, and texts written mostly in a non-Latin script (Cyrillic, CJK, Arabic, ...), which
the encoder reads as rare or unknown tokens, so that they tend to look like micro-posts. Other
Latin-script languages (Spanish, German, ...) are not detected from the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

MIN_LETTERS = 4  # fewer letters say too little about a script ("ok", "W", an emoji and a word)
FOREIGN_SHARE = 0.5  # a text is "in another script" when more of its letters are outside Latin
MAX_IDS = 5  # ids quoted in one warning; the count covers the rest


def declared_non_english(language: str) -> bool:
    """True when a BCP-47 tag is set and its primary language is not English ("en", "en-GB")."""
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    return bool(primary) and primary != "en"


def mostly_non_latin(text: str) -> bool:
    """True when most of the text's letters (at least MIN_LETTERS) are outside the Latin script."""
    if text.isascii():  # the common case, decided at C speed
        return False
    letters = foreign = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if not unicodedata.name(ch, "").startswith("LATIN"):
                foreign += 1
    return letters >= MIN_LETTERS and foreign > FOREIGN_SHARE * letters


def language_warnings(language: str, post_text: str, comment_ids: Sequence[str], comment_texts: Sequence[str]) -> list[str]:
    """Warnings for a thread whose declared language or whose texts the model was not trained on."""
    if declared_non_english(language):  # covers every text of the thread: nothing to add per text
        # Quoted up to RFC 5646's 35 characters: the field is the caller's, unchecked, and echoed back.
        return [f"thread language is {language[:35]!r}; the model is trained on English, so its scores here are unreliable"]
    out = []
    if mostly_non_latin(post_text):
        out.append("the post is mostly in a non-Latin script; the model is trained on English and scores it unreliably")
    foreign = [cid for cid, text in zip(comment_ids, comment_texts) if mostly_non_latin(text)]
    if foreign:
        quoted = ", ".join(repr(cid) for cid in foreign[:MAX_IDS])
        more = f" and {len(foreign) - MAX_IDS} more" if len(foreign) > MAX_IDS else ""
        noun, pronoun = ("comment is", "it") if len(foreign) == 1 else ("comments are", "them")
        out.append(
            f"{len(foreign)} {noun} mostly in a non-Latin script ({quoted}{more}); "
            f"the model is trained on English and scores {pronoun} unreliably"
        )
    return out
