"""Laughter said as dying: "I'm dead 💀", "I literally died", "this is killing me".

Why: on social platforms people laugh by saying they died, and the heads read the death words as
hostility: "im dead lmao" read toxicity 0.85, "I'm dead 💀" 0.75, "I literally died" 0.59 (7 of
20 such replies written by hand at 0.5 or more, the rest at 0.3-0.5), so a thread of people
laughing at a meme could read as a hostile one.

So `without_laughing_death` reads the idiom as "so funny" when it is the writer's own ("I'm dead",
"I'm dying", "I died", "had me dead") or a thing's effect on them ("this is killing me", "that
killed me"), or a reply that opens with it ("dead 💀", "dying at the caption"), in a clause that
does not say "you". Literal and other senses are left: "I'm dead serious", "I'm dead tired", "I'm
dying to see you banned", "I died on the operating table", "dead wrong". The engine reads such a
comment's hostility as it reads swearing aimed at no one (scoring/tone.py). English only.
"""

from __future__ import annotations

import re

from scoring.clauses import ADDRESSED, split_clauses

_APOSTROPHE = "['\u2019]"
_ADVERBS = r"(?:(?:so|literally|actually|just|fucking|legit|lowkey|honestly)\s+)*"
# What may follow a laughing "dead" or "dying": its end, laughter, an emoji, "at" or "laughing".
# Not "dead serious", "dead tired", "dead wrong", "dying to", "dying of".
_LAUGHING_AFTER = r"(?=\s*$|\s*[^\w\s]|\s+(?:at|laughing|lol|lmao\w*|haha\w*|rn|fr|bro|send|here)\b)"
_READINGS = [
    # "I'm dead", "im dying lol", "I'm so dead, who made this", "I'm deceased"
    re.compile(rf"\b(?:I{_APOSTROPHE}?m|I\s+am)\s+{_ADVERBS}(?:dead|dying|deceased){_LAUGHING_AFTER}", re.IGNORECASE),
    # "I died", "I literally died at the cat's face", "I actually died laughing"
    re.compile(rf"\bI\s+{_ADVERBS}died{_LAUGHING_AFTER}", re.IGNORECASE),
    # "this is killing me", "that killed me", "the last panel is killing me"
    re.compile(rf"\b(?:this|that|it|he|she|they|(?:the|this|that)\s+\w+(?:\s+\w+)?)\s+"
               rf"(?:is\s+|was\s+|{_APOSTROPHE}s\s+)?{_ADVERBS}(?:killing|killed)\s+me\b(?!\s+(?:inside|slowly))",
               re.IGNORECASE),
    # "had me dead", "had me dying"
    re.compile(r"\bhad\s+me\s+(?:dead|dying|deceased|crying)\b", re.IGNORECASE),
]
# A reply that opens with it, after laughter at most: "dead 💀", "lmao dying", "killing me 😂" (its
# first clause only: "cold, dead, black eyes" is not laughter).
_OPENING = re.compile(rf"^\s*(?:(?:lol|lmao\w*|haha\w*|omg|bro|ok)\s*,?\s+)*(?:dead|dying|deceased|killing\s+me)"
                      rf"{_LAUGHING_AFTER}", re.IGNORECASE)
# Every reading above holds one of these, lowercased: most texts hold none and skip the rest.
_MARKS = ("dead", "dying", "died", "deceased", "killing me", "killed me")


def without_laughing_death(text: str) -> str:
    """`text` with laughter said as dying read as "so funny", clause by clause, in clauses that do
    not say "you"; otherwise `text` itself."""
    lowered = text.lower()
    if not any(mark in lowered for mark in _MARKS):
        return text
    clauses = split_clauses(text)
    for i in range(0, len(clauses), 2):
        if not ADDRESSED.search(clauses[i]):
            for pattern in _READINGS + ([_OPENING] if i == 0 else []):
                clauses[i] = pattern.sub("so funny", clauses[i])
    return "".join(clauses)
