"""Telling someone to kill or harm themselves, read off the page: "kys", "go kill yourself".

Why literal: the heads learned toxicity from C3 news comments, none of which says "kys", and
explicit abuse from a profanity teacher, and these phrases carry no rude word. They read "kys" at
toxicity 0.10, "go kys" 0.14 and "you should unalive yourself" 0.06, while a moderator would remove
each on sight. The phrases are few and fixed, so a pattern finds them where a model trained on the
shared data cannot, and the engine reads such a comment as toxic (`SELF_HARM_TOXICITY`) with a
warning that quotes the phrase.

Only an instruction counts: the verb must open a sentence or follow a cue such as "go", "just" or
"you should", so "don't kill yourself over it", "how not to kill yourself at the gym" and "you
should be able to kill yourself if you are terminally ill" (a debate) do not match. English only.
"""

from __future__ import annotations

import re

# A combined reading of toxicity 1 - (1 - model) x (1 - this): at least this, whatever the heads say.
SELF_HARM_TOXICITY = 0.95

_SELF = r"(?:your|ur|yo)\s?sel(?:f|ves)"
_ACT = rf"(?:(?:kill|unalive|hang|neck|off)\s+{_SELF}|drink\s+(?:some\s+)?bleach)"
# Not "need to", "gonna" or "can you": "you don't need to kill yourself at the gym", "you're gonna
# kill yourself on that bike" and "can you kill yourself with caffeine?" are no instructions.
_CUE = r"(?:go|just|pls|plz|please|should|better|why\s+don'?t\s+(?:you|u))"
# Bounded gaps only ({0,3} spaces or punctuation), so a long text is read in one linear pass.
_PATTERN = re.compile(
    rf"\bkys\b|\bunalive\s+{_SELF}\b|(?:^|[.!?;:,\n]\W{{0,3}}|\b{_CUE}\s+(?:all\s+|just\s+|go\s+)?){_ACT}\b",
    re.IGNORECASE,
)


def self_harm_phrase(text: str) -> str | None:
    """The first phrase in `text` that tells someone to kill or harm themselves, or None."""
    match = _PATTERN.search(text)
    if match is None:
        return None
    return match.group(0).strip(" .!?;:,\n\t").strip()
