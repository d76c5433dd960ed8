"""Self-mockery: "stupid question, but ...", "I'm such an idiot, I left my charger at the hotel".

Why: the heads read insult words as hostility whoever they are aimed at. People on forums and
social platforms mock themselves to ask for help or own a mistake: "stupid question but how do I
reset it?" read toxicity 0.96, "I was so dumb to miss that sale" 0.92 (16 of 20 such posts
written by hand at 0.5 or more), and a help thread read as a hostile one.

So `without_self_mockery` reads the phrases that aim the insult at the writer in plain words: a
question the writer calls stupid, dumb, silly or a noob's, in an opener that can only be the
writer's ("stupid question, but", "sorry if this is a dumb question", "this might be a silly
question"), and the writer calling themselves stupid, dumb or an idiot ("I'm such an idiot", "I
was so stupid to", "I feel like an idiot", "me being dumb again", "call me stupid, but", "my dumb
mistake") as "my mistake" or "question". Said of anyone else ("what a stupid question", "that's a
dumb question", "you're an idiot", "I'm not the idiot here") or in a clause that says "you", the
words are read as written. The engine reads such a comment's hostility as it reads swearing aimed
at no one (scoring/tone.py, `merge_readings`): from the plain reading, keeping `UNAIMED_SHARE` of
the whole text's. English only.
"""

from __future__ import annotations

import re

from scoring.clauses import ADDRESSED, split_clauses

_INSULT = r"(?:stupid|dumb|silly|dense|an?\s+idiot|idiot|an?\s+moron|moron|an?\s+dummy|an?\s+dumbass|dumbass)"
_DEGREE = r"(?:(?:so|such|really|very|a\s+bit|kinda|totally|truly|complete|absolute|total|huge|such\s+an?|being)\s+)*"

# A question the writer calls stupid. With an apology or a hedge it can only be the writer's own
# ("sorry if this is a dumb question", "this might be a silly question", "probably a dumb question");
# bare, only where it introduces the question ("stupid question, but", "noob question:"): a bare
# "Stupid question." can answer someone else's, and "this is a stupid question" too.
_OWN_QUESTION = re.compile(
    r"^(?P<lead>\s*(?P<owned>"
    r"(?:sorry|apologies|pardon\s+me)(?:\s+(?:for|if|about))?\s+(?:(?:this|it)\s+is\s+|it['’]s\s+)?|"
    r"(?:this|it)(?:\s+|['’]s\s+)(?:might|may|could)\s+be\s+|"
    r"(?:this|it)(?:\s+is|['’]s)\s+(?:probably|maybe|possibly)\s+|"
    r"(?:probably|maybe|possibly|perhaps|prob)\s+)?(?:(?:a|the|my|another)\s+)?(?:(?:really|very|super|kinda)\s+)?)"
    r"(?:stupid|dumb|silly|noob|newbie|n00b|dumbass)\s+(?P<question>questions?)\b(?P<but>\s+(?:but|maybe)\b)?",
    re.IGNORECASE,
)
# "call me stupid but", "call me stupid, but": not "call me stupid? look in a mirror"
_CALL_ME = re.compile(r"^(\s*)call\s+me\s+" + _INSULT + r"(?=\s+but\b|\s*$)", re.IGNORECASE)
_BUT = re.compile(r"\s*but\b", re.IGNORECASE)
# Each is tried on one clause at a time (from its start), and only on a clause without "you".
_READINGS = [
    # the writer calling themselves names: "I'm such an idiot", "I was so stupid to", "I feel like an idiot"
    (re.compile(
        r"^(\s*(?:(?:ok|okay|so|well|man|god|ugh|lol|yeah|welp|wow)\s*,?\s+)*)"
        r"(?:I\s*['’]?m|I\s+am|I\s+was|I\s+feel(?:\s+like)?|I\s+felt(?:\s+like)?|I\s+look(?:ed)?\s+like|me)\s+"
        + _DEGREE + _INSULT + r"\b",
        re.IGNORECASE,
    ), r"\1my mistake"),
    # "my dumb mistake", "I made a stupid mistake", "dumb mistake on my part"
    (re.compile(r"\b(?:my|I\s+made\s+an?)\s+" + _DEGREE + r"(?:stupid|dumb|silly)\s+(mistake|error|typo)\b",
                re.IGNORECASE), r"my \1"),
    (re.compile(r"\b(?:an?\s+)?(?:stupid|dumb|silly)\s+(mistake|error|typo)(?=\s+on\s+my\s+part\b)", re.IGNORECASE),
     r"a \1"),
]
# Every reading above holds one of these, lowercased: most texts hold none and skip the rest.
_MARKS = ("stupid", "dumb", "silly", "dense", "idiot", "moron", "dummy", "noob", "newbie", "n00b")


def without_self_mockery(text: str) -> str:
    """`text` with the insults its writer aims at themselves read in plain words ("my mistake",
    "question"), clause by clause, in clauses without "you"; otherwise `text` itself."""
    lowered = text.lower()
    if not any(mark in lowered for mark in _MARKS):
        return text
    return _read_clauses(text)


def _read_clauses(text: str) -> str:
    clauses = split_clauses(text)
    for i in range(0, len(clauses), 2):
        if ADDRESSED.search(clauses[i]):
            continue
        next_mark = clauses[i + 1] if i + 1 < len(clauses) else ""
        clauses[i] = _OWN_QUESTION.sub(lambda m: _own_question(m, next_mark), clauses[i])
        if (call := _CALL_ME.match(clauses[i])) and (
            call.end() < len(clauses[i].rstrip()) or next_mark == "," and _BUT.match(clauses[i + 2])
        ):
            clauses[i] = call.group(1) + "maybe I'm wrong" + clauses[i][call.end():]
        for pattern, reading in _READINGS:
            clauses[i] = pattern.sub(reading, clauses[i])
    return "".join(clauses)


def _own_question(match: re.Match, next_mark: str) -> str:
    introduces = match["but"] or (match.end() == len(match.string.rstrip()) and next_mark in (",", ":"))
    if not (match["owned"] or introduces):
        return match.group(0)
    return match["lead"] + match["question"] + (match["but"] or "")
