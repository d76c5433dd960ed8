"""Literal evidence in a comment's text: links, figures and named sources.

The "argue with evidence" reason needs to know that a reply brings something checkable. The trained
`tag_evidence` head cannot say so: C3's raters name "evidence" on a quarter of constructive comments
almost at random (within constructive comments no signal we measured, the tag head included, ranks
their choice better than AUC 0.56), and the head never exceeds 0.39 on C3's held-out articles or on
200 IAC debates: it carries length more than evidence. What a reader can verify instead is on the page: a link, a figure with a
unit, a study or report named. These patterns find exactly that and say which kinds they found, so
the sentence they feed can name them.
"""

from __future__ import annotations

import re

LINK = "links"
FIGURE = "figures"
SOURCE = "sources"
KINDS = (LINK, FIGURE, SOURCE)

# Every repetition is bounded and every pattern starts only where a number, a name or a word starts:
# a text is up to 20,000 characters, and an unbounded pattern that may start anywhere in a run like
# "1,1,1,..." or "x-x-x-..." rescans the rest of the run from every position (tens of seconds).
_NUMBER = r"(?<![\w.,])\d{1,15}(?:[.,]\d{1,15}){0,4}"
_PATTERNS = {
    LINK: re.compile(
        r"https?://\S|\bwww\.\w|(?<![\w-])[\w-]{1,63}\.(?:com|org|gov|edu|net|ca|uk|au|int|io)\b",
        re.IGNORECASE,
    ),
    # A bare number is too often a count of nothing in particular ("I said it 2 times"); a figure
    # carries a unit, a currency, a percentage (not "100%", which is mostly emphasis) or a magnitude.
    FIGURE: re.compile(
        rf"[$€£¥]\s?{_NUMBER}"
        rf"|(?!100\s?%){_NUMBER}\s?(?:%|percent\b|per cent\b)"
        rf"|{_NUMBER}\s?(?:thousand|million|billion|trillion|bn)\b"
        r"|(?<![\w.,])\d{1,3}(?:,\d{3}){1,5}(?![\d])"
        rf"|{_NUMBER}\s?(?:ms|km|kg|mg|mph|kph|kwh|mw|gw|gb|mb|tb|tonnes?|miles|dollars|euros|pounds)\b",
        re.IGNORECASE,
    ),
    # A source is named or reports something: "a study" alone is as often wished for ("a survey
    # would help") as cited, and "according to your argument" cites nobody.
    SOURCE: re.compile(
        r"\baccording to (?!(?:you|your|my|me|him|her|his|them|their|what|how|whatever|plan)\b)"
        r"|\b(?:study|studies|research|report|reports|survey|poll|polls|paper|census|analysis|audit|data"
        r"|statistics|figures|evidence|records)\s{1,9}(?:[\w'-]{1,40}\s{1,9}){0,3}?"
        r"(?:show|shows|showed|shown|found|finds|suggest|suggests|suggested|indicate|indicates|indicated"
        r"|prove|proves|proved|concluded|estimated|estimates|reported|says|said)\b"
        r"|\b(?:study|report|survey|poll|paper|census|audit)\s+(?:by|from|in|of)\s+(?:the\s+)?(?-i:[A-Z])"
        r"|\bpeer[- ]reviewed\b|\bpublished (?:in|by)\b|\bsources?:"
        r"|\b(?:section|article|clause|chapter|page)\s+\d+",
        re.IGNORECASE,
    ),
}


def evidence_kinds(text: str) -> tuple[str, ...]:
    """The kinds of literal evidence in `text`, in KINDS order; () when it has none."""
    return tuple(kind for kind in KINDS if _PATTERNS[kind].search(text))
