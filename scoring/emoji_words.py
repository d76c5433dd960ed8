"""Emoji written as their Unicode short names before the model reads a text.

The encoder's vocabulary has no emoji, and its tokenizer reads a word it cannot spell as one [UNK]
token. So every emoji read as the same unknown token, which the synthetic micro-posts taught as a
reaction: no head could tell "😡😡😡" from "👍" (both passion 0.50, toxicity 0.15), and "🖕" read
as harmless as "❤️". Worse, an emoji glued to a word took the word with it: "you're an idiot🖕" read
as "you're an [UNK]" (toxicity 0.08).

Each emoji is now read as its name in words, apart from its neighbours: "😡" as "enraged face", "🖕"
as "middle finger", "👍🏽" as "thumbs up" (skin tones are not what a post says), "🇨🇦" as "Canada".
The encoder knows those words, and the heads were trained on this reading (the micro-posts'
emoji included, so a post of emoji alone still reads as a reaction). Emoji that the vocabulary
spells (©, ®, ™, ♥, ...) stay as they are: the tokenizer reads those already.

The `emoji` package says what an emoji is and what it is called: it follows Unicode's list and
CLDR's short names, skin tones, flags and joined sequences ("👨‍👩‍👧" "family man woman girl")
included, which a table of our own would get wrong or let go stale.
"""

from __future__ import annotations

import re
from collections.abc import Container

import emoji

_VARIATION_SELECTOR = "\ufe0f"  # "♥️" is "♥" drawn as an emoji; the tokenizer drops the selector
_SKIN_TONE = re.compile(r"_(?:medium-light|medium-dark|light|medium|dark)_skin_tone")
# Every emoji the package knows has one of these characters (tests/test_emoji_words.py checks it).
# The package reads a text in Python a character at a time (31 ms for 20,000 characters of prose
# with a curly quote); this search skips texts with no emoji in about 0.1 ms.
_MAY_HOLD_EMOJI = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u20e3\u2122-\u2bff\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff]"
)


def emoji_name(chars: str) -> str:
    """The words for one emoji: its CLDR short name without a skin tone ("👍🏽" -> "thumbs up")."""
    return _words_of(emoji.demojize(chars, delimiters=("", "")))


def _words_of(short_name: str) -> str:
    return _SKIN_TONE.sub("", short_name.strip(":")).replace("_", " ")


def emoji_as_words(text: str, known: Container[str] = frozenset()) -> str:
    """`text` with each emoji not in `known` (the tokenizer's own characters) written as its name,
    with a space on either side."""
    if text.isascii() or not _MAY_HOLD_EMOJI.search(text):
        return text

    def words(chars: str, data: dict) -> str:
        if chars.replace(_VARIATION_SELECTOR, "") in known:
            return chars
        return f" {_words_of(data['en'])} "  # the package found the name already: no second lookup

    return emoji.replace_emoji(text, replace=words)
