"""Texts the model cannot read well: it is trained on English only (MODEL_CARD.md, Known limits).

Two signals: the thread's declared `language` tag, and each text's language as py3langid reads it
(a naive Bayes model over byte n-grams, ~140 languages, shipped inside the package: no download).
They only add warnings; scores are computed the same way whatever the language.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

MIN_CHARS = 20  # shorter texts ("lol", "merci", a link) say too little about their language
MAX_CHARS = 300  # the first 300 characters decide; the cost stays ~0.1 ms a text
CONFIDENCE = 0.9  # py3langid's normalized probability of a language other than English
MAX_IDS = 5  # ids quoted in one warning; the count covers the rest
NOT_A_LANGUAGE = {"en", "zxx"}  # zxx: "no linguistic content" (markup, links, numbers)


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load() -> None:
    """Load the language model now (0.6 s), so that the first request does not wait for it."""
    _identifier()


def declared_non_english(language: str) -> bool:
    """True when a BCP-47 tag is set and its primary language is not English ("en", "en-GB")."""
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    return bool(primary) and primary != "en"


def other_language(text: str) -> str:
    """The ISO 639 code of `text`'s language when it is confidently another language than English;
    "" for English, unsure, no language, or under MIN_CHARS characters."""
    sample = text.strip()[:MAX_CHARS]
    if len(sample) < MIN_CHARS:
        return ""
    code, probability = _identifier().classify(sample)
    return code if code not in NOT_A_LANGUAGE and probability >= CONFIDENCE else ""


def language_warnings(declared: str, post_language: str, comments: Sequence[tuple[str, str]]) -> list[str]:
    """Warnings for a thread from its declared language tag and the `other_language` of its post
    and of each comment (`comments`: (id, other_language) pairs)."""
    if declared_non_english(declared):  # covers every text of the thread: nothing to add per text
        # Quoted up to RFC 5646's 35 characters: the field is the caller's, unchecked, and echoed back.
        return [
            f"thread language is {declared[:35]!r}; the model is trained on English, so its scores here are unreliable"
        ]
    out = []
    if post_language:
        out.append(
            f"the post reads as {post_language!r}, not English; the model is trained on English and scores it unreliably"
        )
    found = [(cid, code) for cid, code in comments if code]
    if found:
        quoted = ", ".join(f"{cid!r}: {code}" for cid, code in found[:MAX_IDS])
        more = f" and {len(found) - MAX_IDS} more" if len(found) > MAX_IDS else ""
        noun, pronoun = ("comment reads", "it") if len(found) == 1 else ("comments read", "them")
        out.append(
            f"{len(found)} {noun} as another language than English ({quoted}{more}); "
            f"the model is trained on English and scores {pronoun} unreliably"
        )
    return out
