"""Hating a situation: "I hate it when the bus is late", "I hate waiting in line".

Why: people complain about their day in these words, and the heads read "hate" as hostility
whatever it is said of: "I hate it when the bus is late" read toxicity 0.61, "I hate when my phone
dies at 20%" 0.69, so a thread of commuters complaining about a train line could read as a hostile
one.

So `without_hating_situations` reads "hate" as "dislike" where what is hated is a situation, told
by the words after it: a clause ("it when", "when", "how", "the way", "the fact that", and "that"
before a subject: "that the store closed", not "that woman"), or an activity ("waiting",
"losing"), or a thing from the closed list of things that are never people (scoring/things.py: "I
hate mondays", "I hate this weather"), in a clause that does not say "you". Hate said of a person,
a group or anything else named by a noun ("I hate liberals", "I hate that clown", "I hate this
show") is read as written. Insults inside the hated situation stay and are read as written ("I
hate how stupid these politicians are"). The engine reads such a comment's hostility as it reads
swearing aimed at no one (scoring/tone.py). English only.
"""

from __future__ import annotations

import re

from scoring.clauses import read_unaddressed_clauses
from scoring.things import THING_PHRASE

_DISLIKE = {"hate": "dislike", "hated": "disliked", "hates": "dislikes"}
# Who hates: the writer, or nobody named ("hate it when"); a few adverbs may stand between.
_WHO = (
    r"(?:\b(?:i|we)\s+|^\s*)"
    r"(?:(?:really|just|absolutely|honestly|so|truly|genuinely|still|always|do|kinda|fucking)\s+){0,2}"
)
# What is hated is a situation: a clause, or an activity in -ing ("waiting"), not a noun in -ing.
_SUBJECT = r"(?:i|we|he|she|they|it|this|the|my|our|his|her|their|there|people|everyone|nobody|someone|a|an)"
_NOT_ACTIVITIES = (
    "king|thing|everything|anything|nothing|something|sibling|darling|evening|morning|ceiling|building"
    "|wedding|pudding"
)
_SITUATION = (
    rf"(?=\s+(?:it\s+(?:when|whenever|that|how|if)\b|when\b|whenever\b|how\b|the\s+way\b|the\s+fact\s+that\b"
    rf"|that\s+{_SUBJECT}\b|(?!(?:{_NOT_ACTIVITIES})\b)[a-z]+ing\b|{THING_PHRASE}))"
)
_HATE = re.compile(rf"({_WHO})(hate[sd]?){_SITUATION}", re.IGNORECASE)


def _dislike(match: re.Match[str]) -> str:
    word = match.group(2)
    plain = _DISLIKE[word.lower()]
    if word.isupper():
        plain = plain.upper()
    elif word[0].isupper():
        plain = plain.capitalize()
    return match.group(1) + plain


def without_hating_situations(text: str) -> str:
    """`text` with "hate" said of a situation read as "dislike", clause by clause, in clauses that
    do not say "you"; otherwise `text` itself."""
    if "hate" not in text.lower():
        return text
    return read_unaddressed_clauses(text, lambda clause: _HATE.sub(_dislike, clause))
