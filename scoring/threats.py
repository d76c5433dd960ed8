"""Threats and wishes of violence, read off the page: "I will kill you", "hope you die".

Why literal: the heads learned toxicity from C3 news comments and explicit abuse from a profanity
teacher, and a threat needs no rude word. They read "I know where you live." at toxicity 0.07,
"I hope someone shoots you." 0.12 and "People like you should be hanged." 0.33: 2 of 20 threats
written by hand reached 0.5. A moderator removes each on sight, and a scorer that replaces
Perspective is expected to flag them (its THREAT attribute). Threats come in a few fixed shapes,
so a pattern finds them, and the engine reads such a comment as toxic (`THREAT_TOXICITY`) with a
warning that quotes the phrase.

The shapes, each aimed at a person, so that "this traffic will kill me", "I'll shoot you an
email" and "the painting should be hanged in the hall" do not match:
- intent: "I'll kill you", "we're going to burn your shop", "I'll break your legs";
- wishes: "hope you die", "I hope someone shoots you", "hope you get hit by a bus";
- desert: "you deserve to die", "people like you should be hanged", "traitors deserve a rope";
- fixed phrases: "die in a fire", "I know where you live", "put a bullet in", "you're dead.".
English only; a threat with none of these words ("you won't be so brave when I show up at your
door") is left to the heads.
"""

from __future__ import annotations

import re

# A combined reading of toxicity 1 - (1 - model) x (1 - this): at least this, whatever the heads say.
# Below self-harm's 0.95: on the shared data about half the matches are quotes, games or stories
# ("then you are dead" in a story about drugs; MODEL_CARD.md, Known limits).
THREAT_TOXICITY = 0.8

_YOU = r"(?:you|u|ya)"
_PERSON = rf"(?:{_YOU}|him|her|them)"
_POSSESSIVE = r"(?:your|ur|his|her|their)"
# Who a desert or a wish is about: a person, or people named as a group ("these protesters",
# "those terrorists", "people like you"), never a thing ("the painting", "these weeds").
_GROUP = r"(?:(?:these|those|all\s+(?:the|these|those))\s+(?:people|folks|guys|men|women|\w+ers|\w+ists|\w+ians))"
_SUBJECT = (
    rf"(?:{_YOU}|he|she|they|{_YOU}\s+(?:people|guys|all)|(?:{_YOU}\s+and\s+)?{_POSSESSIVE}\s+kind"
    rf"|people\s+like\s+(?:{_PERSON}|that|this)|all\s+of\s+(?:{_YOU}|them)|{_GROUP}|\w+s\s+like\s+{_PERSON})"
)
# What is done to a person in a threat or a wish of violence ("should be shot"); scoring/group_insults.py
# reads the same words said of a group.
HARMED = r"(?:shot|killed|hanged|hung|executed|lynched|murdered|raped|gassed|exterminated|stabbed|burned|burnt|strung\s+up)"

# "I'll" / "we're going to" / "I'd love to", a word between at most ("I'll personally"), never a
# negation ("I'll never hurt you", "I would not kill you"); then a violent act aimed at a person.
_APOSTROPHE = "['’]"
_INTENT_LEAD = (
    rf"\b(?:i|we)(?:{_APOSTROPHE}ll|\s+will|{_APOSTROPHE}m\s+(?:gonna|going\s+to)|\s+am\s+(?:gonna|going\s+to)"
    rf"|{_APOSTROPHE}re\s+(?:gonna|going\s+to)|\s+are\s+(?:gonna|going\s+to)|\s+(?:gonna|wanna|want\s+to)"
    rf"|{_APOSTROPHE}d\s+(?:love|like)\s+to|\s+would\s+(?:love|like)\s+to)\s+(?:(?!(?:never|not|ever)\b)\w+\s+)?"
)
_INTENT_ACT = (
    rf"(?:(?:kill|murder|stab|strangle|choke|hurt|rape|end|punch)\s+{_PERSON}\b|hunt\s+{_PERSON}\s+down"
    rf"|shoot\s+{_PERSON}\b(?!\s+(?:an?|the|some|my|our|over|back)\b)"
    rf"|beat\s+{_PERSON}\s+(?:up|senseless|to\s+death|black\s+and\s+blue)"
    rf"|break\s+{_POSSESSIVE}\s+(?:legs?|neck|face|jaw|arms?|bones|skull|nose|teeth)"
    rf"|burn\s+{_POSSESSIVE}\s+(?:house|home|shop|store|car|place)"
    rf"|slit\s+{_POSSESSIVE}\s+throat|see\s+{_PERSON}\s+(?:bleed|die|suffer|hang|burn))"
)
_INTENT = _INTENT_LEAD + _INTENT_ACT

# "hope you die", "hope your house burns", "hope someone shoots you": up to two words between.
_WISH = (
    rf"\bhope\s+(?:that\s+)?(?:{_YOU}|he|she|they|{_POSSESSIVE}\s+\w+|someone|somebody)\s+"
    rf"(?:(?!(?:never|not|dont|don|won)\b)\w+\s+){{0,2}}?"
    rf"(?:die|dies|croaks?|rots?|burns?|drowns?|crash(?:es)?|chokes?\s+(?:on|to\s+death)"
    rf"|gets?\s+(?:cancer|aids|{HARMED}|hit\s+by\s+an?)|(?:is|are)\s+{HARMED}|(?:shoots?|kills?|stabs?)\s+{_PERSON})\b"
)
_DESERT = (
    rf"\b{_SUBJECT}\s+(?:all\s+)?(?:deserves?|ought|needs?|should|must)\s+(?:all\s+)?(?:to\s+)?"
    rf"(?:die|be\s+{HARMED}|get\s+{HARMED}|be\s+put\s+down)\b|\bdeserves?\s+a\s+(?:rope|bullet|noose)\b"
)
_FIXED = (
    rf"\bdie\s+in\s+a\s+fire\b|\b(?:i|we)\s+know\s+(?:where\s+{_YOU}\s+live|{_POSSESSIVE}\s+address)\b"
    rf"|\bsleep\s+with\s+one\s+eye\s+open\b|\bput\s+a\s+bullet\s+(?:in|through)\b"
    rf"|\bagainst\s+(?:a|the)\s+wall\s+and\s+shot\b|\b(?:{_YOU}(?:{_APOSTROPHE}re|\s+are)|ur)\s+dead(?:\s+meat)?\s*(?:[.!,]|$)"
    rf"|\brun\s+(?:them|him|her|{_GROUP})\s+over\b"
)
_PATTERN = re.compile(rf"{_INTENT}|{_WISH}|{_DESERT}|{_FIXED}", re.IGNORECASE)


def threat_phrase(text: str) -> str | None:
    """The first phrase in `text` that threatens or wishes violence on someone, or None."""
    match = _PATTERN.search(text)
    if match is None:
        return None
    return match.group(0).strip(" .!?;:,\n\t").strip()
