"""What a reply says in its own words: the sentences it copies from the comment it answers, removed.

Forum replies quote what they answer, with or without markers: in the IAC debates 71% of 6,426
replies repeat sentences of their parent verbatim, 31% of all reply text, often at the start, where
the model reads (its first 256 tokens). Read whole, "> [the parent's evidence] \\n\\n This." scores the
parent's substance, and a rebuttal that quotes first reads as a copy of what it rebuts. The engine
scores a reply by what is left (`own_words`) and reports how much it removed (`quoted_chars`).

A quote is a line or sentence of 20 characters or more (after markers such as ">" and quotation
marks, white space and case) that occurs in the parent's text, with the shorter sentences of the
parent next to it. A short one on its own ("I agree.") is kept: as likely the reply's own words.
"""

from __future__ import annotations

import re

MIN_QUOTE_CHARS = 20

# Where a piece ends: a line break, or the spaces after a sentence's end (and its closing quote).
# Fixed-width lookbehinds only, so a run of dots or spaces is read in one pass.
_BOUNDARY = re.compile(r"(\n|(?<=[.!?])[ \t]+|(?<=[.!?][\"'”’»)])[ \t]+)")
_MARKERS = re.compile(r"^[\s>\"'“”‘’«»]+|[\s\"'“”‘’«»]+$")
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", _MARKERS.sub("", text)).lower()


def own_words(text: str, parent: str) -> tuple[str, int]:
    """`text` without the pieces it quotes from `parent`, and how many characters were removed."""
    if len(parent) < MIN_QUOTE_CHARS or len(text) < MIN_QUOTE_CHARS:
        return text, 0
    source = _normal(parent)
    parts = _BOUNDARY.split(text)  # text, boundary, text, boundary, ..., text
    pieces = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
    normal = [_normal(p) for p in pieces]
    in_parent = [bool(n) and n in source for n in normal]
    quoted = [found and len(n) >= MIN_QUOTE_CHARS for found, n in zip(in_parent, normal)]
    # A short piece of the parent ("I support it.") belongs to a quote it stands next to.
    for order in (range(1, len(pieces)), range(len(pieces) - 2, -1, -1)):
        for i in order:
            neighbour = i - 1 if order.step == 1 else i + 1
            if in_parent[i] and quoted[neighbour]:
                quoted[i] = True
    removed = sum(len(p) for p, q in zip(pieces, quoted) if q)
    if not removed:
        return text, 0
    return "".join(p for p, q in zip(pieces, quoted) if not q).strip(), removed
