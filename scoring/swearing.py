"""Swearing aimed at no one: "holy shit", "fucking amazing", "hell yeah", "what the hell".

Why: the explicit half of toxicity (`tag_offensive`) was distilled from a profanity teacher, and
it reads a swear word as abuse wherever it stands: "this is fucking amazing, well done" 0.99,
"holy shit this goal is unreal" 0.99, "fuck yes, we're going to the final" 0.99 (12 of 20 such
posts written by hand at toxicity 0.5 or more), while the news-comment half read them at 0.19,
0.34 and 0.20. On social platforms this is how fans cheer and people show surprise; our toxicity
is hostility, and a thread of cheering fans is not a hostile one. "Shut up and take my money!",
the meme of a buyer who wants a product now, read 0.98 (6 of 6 written by hand at 0.5 or more).
Swearing that is aimed at someone ("fuck you", "shut the fuck up", "go to hell", "piece of shit")
is left as it is.

So `without_unaimed_swearing` reads swearing as the plain words it stands for when it is an
exclamation ("holy shit" -> "wow", "oh fuck" -> "oh no", "hell yeah" -> "yeah", "what the hell"
-> "what") or an intensifier ("fucking amazing", "so damn good", "loud as fuck": dropped), in a
text that addresses no one as "you": with "you" in it, "what the hell were you thinking" is
aimed, and the text is left whole. The engine reads such a comment's hostility from that reading,
at least `UNAIMED_SHARE` of the whole text's (scoring/tone.py, `merge_readings`), so the swearing
still ranks a post above the same post without it, below the point where a reply counts as
hostile. An insult stays an insult: "those fucking morons" is read as "those morons".

"Sucks" is the same kind of word: "that really sucks, sorry to hear it" read 0.99. It is read as
"is bad" where its subject cannot be a person ("that", "it", "this", "everything", "life", a
clause that opens with a verb in -ing, a thing from the closed list of scoring/things.py that
opens the clause: "mondays suck", "winter in this city sucks"), in a clause without "you"; "the ref
sucks" and "your article sucks" are left as they are. A "you" that comes only after "sucks when"
(if, because, ...) is anyone's ("it sucks when you lose your keys" read 0.98): the "sucks" before
it is read, unless "you" names whom it speaks to ("it sucks when you clowns take over") or the
sentence ends in a tag question, a taunt ("it sucks when you lose an argument, doesn't it?").
English only.
"""

from __future__ import annotations

import re

from scoring.clauses import ADDRESSED, split_clauses
from scoring.things import INSULTS, THING_PHRASE

# Toxicity and tag_offensive of a comment whose swearing is aimed at no one: at least this share of
# the whole text's, so that swearing is never read as less than swearing (raters who count all
# profanity as toxic rank it above clean text), and below 0.5, the point from which a reply counts
# as hostile in a thread's reasons.
UNAIMED_SHARE = 0.45

# Stretched and starred spellings too ("fuuuck", "f*cking", "shiiit", "daaamn").
_FUCK = r"f(?:u+|\*+|u\*+)(?:c?k)"
_FUCKING = rf"(?:{_FUCK}(?:ing?|in'?|en)|fkn|fking|effing|freaking|freakin'?|frick(?:ing|in'?)|friggin'?g?)"
_SHIT = r"sh(?:i+|\*+)t"
_DAMN = r"(?:god\s?)?da+mn(?:ed)?"
_SWEAR = rf"(?:{_FUCK}|{_SHIT}|{_DAMN}|hell|crap|frick|heck)"


_SENTENCE_START = r"(?:^|(?<=[.!?\n])|(?<=[.!?\n]\s))"
# What "damn" curses when it is aimed ("damn them", "damn the mods"): then it is left as it is.
_CURSED = r"(?!\s+(?:him|her|them|it|the|all|everyone|everybody|people)\b)"

# (pattern, what it is read as), tried in order.
_READINGS = [
    # exclamations of surprise or delight
    (rf"\bholy\s+(?:{_SWEAR}|{_FUCKING}\s+{_SHIT})\b", "wow"),
    (rf"\bbloody\s+hell\b", "wow"),
    (rf"\b(?:oh|aw|ah|ahh)\s+(?:{_FUCK}|{_SHIT}|crap|{_DAMN}|hell)\b", "oh no"),
    (rf"\b(?:{_DAMN}\s+it|dammit|damnit|goddammit|goddamnit)\b", "oh no"),
    (rf"\b(?:hell|{_FUCK}|{_FUCKING})\s+(yeah|yes|yea|yep|ya|no|nah|nope)\b", r"\1"),
    (rf"\b(what|who|where|why|how|when)\s+the\s+(?:{_SWEAR}|f)\b", r"\1"),
    # the meme said to a product: "shut up" at no one ("A foldable e-bike? Shut up and take my money!")
    (r"\bshut\s+up\s+and\s+take\s+my\s+money\b", "I want to buy it"),
    # a swear word that opens a sentence on its own: "Shit, I forgot", "Damn, that ending"
    (rf"{_SENTENCE_START}\b(?:{_FUCK}|{_SHIT}|crap)\b(?=\s*[,!.])", "oh no"),
    (rf"{_SENTENCE_START}\b{_DAMN}\b{_CURSED}", "wow"),
    # intensifiers, dropped: "fucking amazing", "so damn good", "loud as fuck" ("bloody" is left:
    # the teacher does not read it as abuse, and it is often literal, "a bloody war")
    (rf"\b{_FUCKING}\s+(?=\w)", ""),
    (rf"\b{_DAMN}{_CURSED}\s+(?=\w)", ""),
    (rf"(?<!\s)\s+as\s+(?:{_FUCK}|hell|{_SHIT})\b", ""),
    (r"(?<! ) +(?:af|asf)\b", ""),  # after a space only, as `_SWEAR_MARKS` looks for it
]
_COMPILED = [(re.compile(p, re.IGNORECASE), r) for p, r in _READINGS]

# "That sucks" is how people commiserate and complain about a day, a flight or a phone. A subject
# named by a noun is read only from the closed list of things that are never people
# (scoring/things.py: "mondays suck", "the wifi here sucks"), and only where it opens the clause
# ("the people on this bus suck" is about the people), with at most a few words of where or when
# between it and "sucks"; "the ref sucks" is left as it is.
_ADVERBS = r"(?:(?:really|so|totally|just|kinda|still|always|honestly|truly|absolutely|literally|seriously)\s+)*"
# not the literal verb: "got sucked into the engine", "it sucks up the water"
_SUCK = rf"{_ADVERBS}(?:(suck)|(sucks)|(sucked))\b(?!\s+(?:in|into|up|out|down|off|away|through|dry)\b)"
_OPENERS = r"(?:(?:ugh+|man|god|honestly|and|but|so|also|plus|seriously|lol|i\s+swear|i\s+think)\s+)*"
_WHEN_OR_WHERE = r"(?:\s+(?:here|today|lately|now|again|these\s+days|at\s+(?:work|home|school)))?"
# Where or when the thing is, between it and "sucks": "winter in this city sucks", "the wifi at my
# office sucks", "rain on a saturday sucks". At most three words, none that joins a second subject
# or opens a clause of its own ("the wifi in this cafe and the staff suck", "the car that my
# brother bought sucks").
_PLACE_OR_TIME = (
    r"(?:\s+(?:in|on|at|from|around|near|over|during|after|before|up|down|out)"
    r"(?:\s+(?!(?:and|or|but|nor|plus|who|whom|whose|that|which|where|when|because|as)\b)[\w'’-]+){1,3})?"
)
# Each is tried on one clause at a time, and only on a clause that does not say "you" ("it sucks to
# be you") or on the part of one before "when you" (below); the second finds a gerund that opens
# the clause, not a swear word standing in for one.
_SUCKS_READINGS = [
    re.compile(rf"\b(?:that|it|this|everything|life)\s+{_SUCK}", re.IGNORECASE),
    re.compile(rf"^\s*(?!{_FUCKING}\b)[a-z]{{2,}}ing\b.*?\s{_SUCK}", re.IGNORECASE),
    re.compile(rf"^\s*{_OPENERS}{THING_PHRASE}{_PLACE_OR_TIME}{_WHEN_OR_WHERE}\s+{_SUCK}", re.IGNORECASE),
]


def _as_is_bad(match: re.Match) -> str:
    verb = "are bad" if match.group(1) else "is bad" if match.group(2) else "was bad"
    return match.group(0)[: match.start(match.lastindex) - match.start()] + verb


# "It sucks when you lose your keys": a "you" that only comes after "sucks" and one of these words
# is anyone's, and what "sucks" is said of is read as without it. "It sucks to be you", "it sucks
# that you ..." and "you suck when ..." are left as they are, and the words after the subordinator
# are read as written ("it sucks when you idiots post").
_GENERIC_YOU_AFTER = frozenset(
    {"when", "whenever", "if", "once", "while", "because", "cause", "'cause", "cuz", "coz"}
)
_EMPHASIS_BEFORE_SUBORDINATOR = frozenset({"especially", "esp", "only", "even", "just"})
_SUCK_WORDS = frozenset({"suck", "sucks", "sucked"})
_YOU = frozenset({"you", "u", "ya", "ye"})
# A "you" that names whom it speaks to is someone's, not anyone's: "it sucks when you clowns take
# over", "when you people", "when you dumb trolls show up". Read from the one word after it: a
# plural (not "always", "sometimes", nor a verb in -ss: "when you miss the bus"), a word for
# people, or an insult word. After "your" a plural is what they have ("when your knees ache").
_VOCATIVE = re.compile(
    rf"\s+(?:(?!(?:always|sometimes|perhaps|nowadays|was|is)\b)[a-z'’-]*[a-z](?<!s)s\b(?!['’])"
    rf"|(?:people|guys|folks|lot|all|two|three|sheep|men|women|kids|lads|brainless|clueless|ignorant"
    rf"|brainwashed|entitled|sad|little|{INSULTS})\b)",
    re.IGNORECASE,
)
# A sentence that ends in a tag question is a taunt when it says "you": "it sucks when you lose an
# argument, doesn't it?", "sucks when u get owned huh". "Right" counts as a clause of its own or
# before "?" only ("it sucks when you don't get it right" is no tag).
_TAG_QUESTION = re.compile(
    r"(?:^|\s)(?:(?:doesn|didn|don|isn|ain|wasn|won)['’]?t\s+(?:it|you(?:\s+think)?|ya)|does\s+it\s+not"
    r"|innit|huh+|eh|(right))\s*$",
    re.IGNORECASE,
)
_SENTENCE_ENDS = frozenset(".!?\n")


def _without_sucks(text: str) -> str:
    """`text` with "sucks" read as "is bad" where its subject cannot be a person."""
    if "suck" not in text.lower():
        return text
    clauses = split_clauses(text)
    # From the last clause back, so that each clause knows how its sentence ends in one pass.
    taunt = False
    for i in range(len(clauses) - 1, -1, -2):
        mark = clauses[i + 1] if i + 1 < len(clauses) else ""
        if not mark or mark in _SENTENCE_ENDS:
            taunt = _is_tag_question(clauses[i], mark)
        clauses[i] = _sucks_read_in_clause(clauses[i], taunt)
    return "".join(clauses)


def _is_tag_question(clause: str, mark: str) -> bool:
    tag = _TAG_QUESTION.search(clause)
    if tag is None:
        return False
    return not tag.group(1) or mark == "?" or clause.strip().lower() == "right"


def _sucks_read_in_clause(clause: str, in_taunt: bool) -> str:
    """The clause with its "sucks" read where nobody is addressed, or, outside a taunt, where "you"
    comes only after "sucks when" and is anyone's."""
    addressed = ADDRESSED.search(clause)
    if addressed is None:
        return _sucks_as_is_bad(clause)
    if in_taunt or (addressed.group().lower() in _YOU and _VOCATIVE.match(clause, addressed.end())):
        return clause
    before = clause[: addressed.start()]
    words = before.lower().split()
    if words and words[-1] in _GENERIC_YOU_AFTER:
        words.pop()
        if words and words[-1] in _EMPHASIS_BEFORE_SUBORDINATOR:
            words.pop()
        if words and words[-1] in _SUCK_WORDS:
            return _sucks_as_is_bad(before) + clause[addressed.start() :]
    return clause


def _sucks_as_is_bad(clause: str) -> str:
    for pattern in _SUCKS_READINGS:
        clause = pattern.sub(_as_is_bad, clause)
    return clause


# Every reading above holds one of these, lowercased: most texts hold none and are passed by a few
# substring tests (the readings one by one took a 14-word comment from 25 to 100 microseconds, and
# every text of a call is prepared before the service admits it).
_SWEAR_MARKS = ("fuc", "fuk", "fuu", "fu*", "f*", "fkn", "fking", "effing", "freak", "frick", "frig", "shit", "shii",
                "sh*", "damn", "daa", "damm", "hell", "crap", "heck", " af", " asf", "suck", "shut")


def without_unaimed_swearing(text: str) -> str:
    """`text` with its swearing read as the plain words it stands for, when none of it can be
    aimed at someone (no "you" in the text), and "sucks" as "is bad" where it is said of a thing,
    in a clause without "you"; otherwise `text` itself."""
    if not may_swear(text):
        return text
    if not ADDRESSED.search(text):
        for pattern, reading in _COMPILED:
            text = pattern.sub(reading, text)
    return _without_sucks(text)


def may_swear(text: str) -> bool:
    """False when `text` holds none of the swear words that the readings look for."""
    lowered = text.lower()
    return any(mark in lowered for mark in _SWEAR_MARKS)


def has_unaimed_swearing(text: str) -> bool:
    """Whether `text` swears at no one (`without_unaimed_swearing` reads it differently)."""
    return without_unaimed_swearing(text) != text
