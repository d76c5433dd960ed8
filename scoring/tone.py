"""Tone around what a comment says: the "lol", "ngl", "tbh" at its ends, and its "!!".

The heads learned substance and low effort from news comments (C3), where chat fillers are rare
and come with empty comments, and where "!" marks rants. On social platforms both are tone, not
content. On 20 reasoned replies written by hand, an opener ("omg ", "bruh ", "lol ngl ") took 5
below substance 0.5 (0.90 -> 0.32 for one) and put 2 at low_effort >= 0.5, so their threads
counted them among the micro-posts; on the 20 blind short arguments of tests/test_heads.py
(`SHORT_ARGUED`, 17 at substance >= 0.5 as written), ending each with "!!" instead of its full
stop left 8. The tone is real, though: the same openers raised passion from 0.44 to 0.61 on average.

So a comment is read twice when it has such tone and at least `MIN_CONTENT_WORDS` words besides:
whole, for how it is said (passion, toxicity, the tone tags), and as `without_tone` gives it, for
what it says (`CONTENT_HEADS`, and the embedding that relevance and novelty compare); low_effort
takes from both (`_low_effort`). That reading leaves out the fillers that open or close the
comment and reads each run of two or more exclamation marks as one full stop ("?!" as "?"). A
comment that is only fillers ("lol ngl", "fr fr") is read as it is: the micro-post it is. Fillers
inside a sentence stay: there they are part of what is said. A single "!" stays too: C3's raters
read it as a sign of a rant, and reading it as "." cost C3's within-decile AUC 0.004 (runs of two
or more: 0.0014, while SemEval's value_added Spearman rose 0.009). The heads are not trained on
this reading: it is the engine's, as the @handles it leaves out are (scoring/addressing.py).

Swearing aimed at no one ("holy shit", "fucking amazing", scoring/swearing.py) is tone as well,
and hostility is what it misleads, as are insults the writer aims at themselves ("stupid question,
but", "I'm such an idiot", scoring/self_mockery.py) and laughter said as dying ("I'm dead 💀",
scoring/laughter.py) and hating a situation ("I hate it when the bus is late", scoring/dislike.py)
and venting at things that are never people ("stupid printer jammed again", scoring/things.py):
this reading gives them in plain words,
whatever the length of the rest, and a comment that has some reads toxicity and tag_offensive from
it too (`reads_hostility_apart`, `merge_readings`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from scoring.dislike import without_hating_situations
from scoring.laughter import without_laughing_death
from scoring.self_mockery import without_self_mockery
from scoring.swearing import UNAIMED_SHARE, without_unaimed_swearing
from scoring.things import without_insulted_things
from scoring.text_model import TextOutput

# Words counted here hold a letter or a digit: "!!" or "..." standing alone say nothing.
MIN_CONTENT_WORDS = 3

# Interjections and hedges that carry no content of their own, with their stretched spellings
# ("lmaooo", "hahaha", "bruhhh"). Ordinary words that can carry a stance ("ok", "yeah", "wow")
# are not fillers.
_FILLER = re.compile(
    r"lo+l+|lmf?a+o+|rofl|a?(?:ha){2,}h?|(?:he){2,}|xd+|ngl|tbh|tbf|imo|imho|fr|bruh+|smh|ikr|omf?g+",
    re.IGNORECASE,
)
# Punctuation a filler may carry ("lol,", "tbh:", "lmao!!!").
_FILLER_PUNCTUATION = ",.!?:;…~"
_WORD = re.compile(r"\S+")
_LETTER_OR_DIGIT = re.compile(r"\w")
# Emphasis: two or more exclamation marks, or "!" and "?" mixed ("!!", "!!!", "?!", "!?!"). A run
# of "?" is tried from its first mark only, so a long one is read in one pass.
_EMPHASIS = re.compile(r"!{2,}[!?]*|(?<!\?)\?+![!?]*|!\?[!?]*")

# Heads that read what a comment says; every other head but low_effort reads how it says it, from
# the whole text: passion, toxicity and the tone tags (provocative, sarcastic, no_respect, offensive).
CONTENT_HEADS = frozenset({
    "substance",
    "tag_evidence", "tag_solution", "tag_personal_story", "tag_specific_points", "tag_dialogue",
    "tag_non_relevant",
})
# Heads that read hostility: from both readings when the swearing or the insult is aimed at no one else.
HOSTILITY_HEADS = frozenset({"toxicity", "tag_offensive"})


def _is_filler(word: str) -> bool:
    return _FILLER.fullmatch(word.strip(_FILLER_PUNCTUATION)) is not None


def without_tone(text: str) -> str:
    """What a comment says: `text` with its swearing aimed at no one, its self-mockery, its
    laughter, its hating of situations and its venting at things in plain words, and without the
    fillers it starts and ends with and with each run of exclamation marks read as one full stop
    when `MIN_CONTENT_WORDS` words remain."""
    text = _in_plain_words(text)
    words = list(_WORD.finditer(text))
    first = 0
    while first < len(words) and _is_filler(words[first].group()):
        first += 1
    last = len(words)
    while last > first and _is_filler(words[last - 1].group()):
        last -= 1
    if sum(1 for w in words[first:last] if _LETTER_OR_DIGIT.search(w.group())) < MIN_CONTENT_WORDS:
        return text
    content = text[words[first].start() : words[last - 1].end()]
    return _EMPHASIS.sub(_one_mark, content)


def _in_plain_words(text: str) -> str:
    # Insults before things go last: "holy shit traffic" is an exclamation for swearing.py to read
    # first, and "sucks" and "hate" find their thing with its insult ("this stupid printer sucks").
    plain = without_hating_situations(without_laughing_death(without_self_mockery(without_unaimed_swearing(text))))
    return without_insulted_things(plain)


def reads_hostility_apart(text: str) -> bool:
    """Whether a comment swears at no one, mocks its writer, laughs as dying, hates a situation or
    vents at a thing: then its hostility is read from its plain words too (`merge_readings`)."""
    return _in_plain_words(text) != text


def _one_mark(run: re.Match) -> str:
    return "?" if "?" in run.group() else "."


def merge_readings(whole: TextOutput, content: TextOutput, hostility_apart: bool = False) -> TextOutput:
    """One output from a comment's two readings: `CONTENT_HEADS` and the embedding from `content`,
    low_effort from both (`_low_effort`), the rest from `whole`; with `hostility_apart` (the
    comment swears at no one or mocks its writer), `HOSTILITY_HEADS` from `content`, at least
    `UNAIMED_SHARE` of `whole`'s."""
    heads = {name: content.heads[name] if name in CONTENT_HEADS else value for name, value in whole.heads.items()}
    if hostility_apart:
        for name in HOSTILITY_HEADS & heads.keys():
            heads[name] = max(content.heads[name], UNAIMED_SHARE * whole.heads[name])
    if "low_effort" in heads:
        heads["low_effort"] = _low_effort(whole.heads["low_effort"], content.heads["low_effort"], heads["substance"])
    return replace(whole, embedding=content.embedding, heads=heads)


def _low_effort(whole: float, content: float, substance: float) -> float:
    """Fillers count toward low effort as far as the rest of the comment says nothing.

    Around an argument they are tone: "lol ngl" before a reasoned reply took its low_effort from 0.04
    to 0.53. Around a quip they are part of it: C3's raters call "'A good deed never goes unpunished'
    as they say LOL" unsubstantial, and low_effort read it at 0.42 whole, 0.14 without the "LOL" (on
    the 39 C3 comments with fillers, low_effort's AUC against "unsubstantial" was 0.81 read whole,
    0.70 read without them). So the reading without fillers weighs as much as its substance.
    """
    return substance * content + (1.0 - substance) * whole
