"""Runs of one repeated word or phrase, cut to three copies before the model reads a text.

"lol lol lol ..." 300 times, or "Great point! " 60 times, is a micro-post however long it gets, but
the heads learned from C3 that long comments tend to be constructive: before this cut, "lol" x 300
scored substance 0.86 and "+1" x 200 scored 0.36 (both 0.00 after it). Three copies keep the emphasis
a reader sees ("no no no", "so true so true so true") and drop the padding. In the shared data the cut
changes 5 of 10,294 C3 comments, 26 of 48,836 GoEmotions comments, 1 of 1,645 SemEval answers and no
EmoBank sentence: text people write for each other almost never repeats a phrase four times running.

Words are compared without case and without the punctuation around them ("No. no NO! no"); a run is
cut after its third copy, so the text the model reads is a prefix-preserving edit of the original.
"""

from __future__ import annotations

import re
import string

MAX_COPIES = 3
MAX_PHRASE_WORDS = 16

_WORD = re.compile(r"\S+")


def collapse_repeats(text: str) -> tuple[str, int]:
    """(`text` with each run of more than MAX_COPIES copies of a phrase cut to MAX_COPIES, the most
    copies of one phrase found in a run; 0 when the text has no such run and comes back unchanged)."""
    spans = [m.span() for m in _WORD.finditer(text)]
    keys = [text[a:b].lower().strip(string.punctuation) or text[a:b] for a, b in spans]
    cuts: list[tuple[int, int]] = []  # word index ranges [first dropped, first kept again)
    most = 0
    i = 0
    while i < len(keys):
        run = _run_at(keys, i)
        if run is None:
            i += 1
            continue
        phrase, copies = run
        cuts.append((i + MAX_COPIES * phrase, i + copies * phrase))
        most = max(most, copies)
        i += copies * phrase
    if not cuts:
        return text, 0
    pieces, start = [], 0
    for first_dropped, first_kept in cuts:
        # Keep the text to the end of the last kept copy, then resume after the run's last word, so
        # that the white space after the run (a space, a blank line) stays as it was.
        pieces.append(text[start : spans[first_dropped - 1][1]])
        start = spans[first_kept - 1][1]
    pieces.append(text[start:])
    return "".join(pieces), most


def _run_at(keys: list[str], i: int) -> tuple[int, int] | None:
    """(phrase length in words, copies) of the shortest phrase starting at word `i` that repeats
    more than MAX_COPIES times in a row, or None."""
    n = len(keys)
    for phrase in range(1, min(MAX_PHRASE_WORDS, (n - i) // (MAX_COPIES + 1)) + 1):
        # Cheap test first: the word one phrase later must match, as must the one MAX_COPIES phrases later.
        if keys[i] != keys[i + phrase] or keys[i] != keys[i + MAX_COPIES * phrase]:
            continue
        unit = keys[i : i + phrase]
        copies = 1
        while keys[i + copies * phrase : i + (copies + 1) * phrase] == unit:
            copies += 1
        if copies > MAX_COPIES:
            return phrase, copies
    return None
