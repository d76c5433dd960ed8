"""Clauses of a comment, and whether one speaks to the reader ("you").

The readings of words aimed at no one (scoring/swearing.py, scoring/self_mockery.py,
scoring/laughter.py, scoring/dislike.py, scoring/things.py) hold only where nobody is addressed:
"that sucks" is commiseration, "it sucks to be you" is not (scoring/swearing.py reads the one
exception, a "you" after "sucks when" that is anyone's). They go clause by clause, split at
punctuation, so that one clause's "you" does not keep the next one from being read ("that sucks,
sorry you're going through it"), and so that each is read in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Someone addressed: the words around it may be aimed at them.
ADDRESSED = re.compile(r"\b(?:you|u|ur|your|yours|yourself|yourselves|ya|y'all|yall|ye)\b", re.IGNORECASE)
_CLAUSE_ENDS = re.compile(r"([,.;:!?\n])")


def split_clauses(text: str) -> list[str]:
    """`text` cut at each mark that ends a clause: clauses at even places, the marks between them at
    odd ones, so that `"".join` gives `text` back."""
    return _CLAUSE_ENDS.split(text)


def read_unaddressed_clauses(text: str, read: Callable[[str], str]) -> str:
    """`text` with `read` applied to each clause that does not say "you"; the rest as it is."""
    clauses = split_clauses(text)
    for i in range(0, len(clauses), 2):
        if not ADDRESSED.search(clauses[i]):
            clauses[i] = read(clauses[i])
    return "".join(clauses)
