"""Emoji glued to a word, split off it before the model reads a text.

The encoder's tokenizer reads a word it cannot spell from its vocabulary as one [UNK] token, and its
vocabulary has no emoji: "so true😂" reads as "so [UNK]", "This is outrageous😡" as "this is [UNK]",
"you're an idiot🖕" as "you ' re an [UNK]". The word goes with the emoji, and social posts glue
emoji to words all the time (before this split, those three scored passion 0.53 / 0.42 and toxicity
0.08 for the insult; after it, 0.62 / 0.94 and 1.00, as when written apart).

A space between a run of emoji and the text it touches keeps the word and leaves the run one [UNK],
as the heads learned emoji written apart; emoji written apart or alone come back unchanged. Emoji
that the vocabulary spells (©, ®, ™, ♥, ...) stay where they are: the tokenizer reads those already.
The `emoji` package says what an emoji is: it follows Unicode's list, skin tones, flags and
joined sequences ("👨‍👩‍👧") included, which a character range of our own would get wrong.
"""

from __future__ import annotations

import re
from collections.abc import Container

import emoji

_VARIATION_SELECTOR = "\ufe0f"  # "♥️" is "♥" drawn as an emoji; the tokenizer drops the selector
# Every emoji the package knows has one of these characters (tests/test_glued_emoji.py checks it).
# The package reads a text in Python a character at a time (31 ms for 20,000 characters of prose
# with a curly quote); this search skips texts with no emoji in about 0.1 ms.
_MAY_HOLD_EMOJI = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u20e3\u2122-\u2bff\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff]"
)


def unglue_emoji(text: str, known: Container[str] = frozenset()) -> str:
    """`text` with a space put between each run of emoji and a character it touches, unless that
    character is white space; emoji in `known` (the tokenizer's own characters) are left alone."""
    if text.isascii() or not _MAY_HOLD_EMOJI.search(text):
        return text
    runs: list[list[int]] = []
    for found in emoji.emoji_list(text):
        if found["emoji"].replace(_VARIATION_SELECTOR, "") in known:
            continue
        start, end = found["match_start"], found["match_end"]
        if runs and runs[-1][1] == start:
            runs[-1][1] = end
        else:
            runs.append([start, end])
    if not runs:
        return text
    pieces: list[str] = []
    done = 0
    for start, end in runs:
        pieces.append(text[done:start])
        if start > 0 and not text[start - 1].isspace():
            pieces.append(" ")
        pieces.append(text[start:end])
        if end < len(text) and not text[end].isspace():
            pieces.append(" ")
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
