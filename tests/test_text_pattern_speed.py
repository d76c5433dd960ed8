"""The literal text readers (evidence, self-harm, threats, group insults, quotes, addressing, emoji names, chat
fillers, swearing, self-mockery, laughter, dislike, insulted things) read any text in about the time of prose.

They run on every comment before the model, over texts up to the 20,000-character limit. Patterns
that rescan the rest of a run from every position took 2,600 times as long as prose (30 s on
"1,1,1,...") before their repetitions were bounded; measured since then: evidence at most 2.6x,
self-harm at most 4.1x, quotes (against a 20,000-character parent) at most 4.7x (2026-11-29). The
bound is a ratio measured in the same run, not a wall time.
"""

from __future__ import annotations

import time

import pytest

from scoring.addressing import without_addressing
from scoring.tone import without_tone
from scoring.emoji_words import emoji_as_words
from scoring.evidence import evidence_kinds
from scoring.group_insults import exclusion_phrase, group_insult_phrase, group_violence_phrase
from scoring.quotes import own_words
from scoring.dislike import without_hating_situations
from scoring.laughter import without_laughing_death
from scoring.self_harm import self_harm_phrase
from scoring.self_mockery import without_self_mockery
from scoring.swearing import without_unaimed_swearing
from scoring.things import without_insulted_things
from scoring.threats import threat_phrase

PROSE = ("The council met on Tuesday and most residents spoke about the new lanes. " * 300)[:20_000]


def _own_words_under_prose(text: str) -> tuple[str, int]:
    return own_words(text, PROSE)


RUNS = {
    evidence_kinds: ["1,", "1.", "1.1.1.1", "x-", "111,", "data   ", "study of ", "http://"],
    self_harm_phrase: ["go ", ", ", ".,!;", "you ", "why don't ", "kill ", "should all "],
    _own_words_under_prose: [".", ". ", "\n", " ", "> ", '." ', "The council met. "],
    threat_phrase: ["i ", "i'll ", "hope ", "hope you ", "you ", "people like ", "these ", "a", "deserves ",
                    "you're dead ", "run "],
    without_tone: ["lol ", "lo", "haha", "lol, ", "o", "lmaooo", "x lol ", "!", "!?", "?", "a!! "],
}


def _seconds(read, text: str) -> float:
    start = time.perf_counter()
    read(text)
    return time.perf_counter() - start


def _ratio(read, long: str, short: str) -> float:
    """The best of 5 times on `long` over the best of 5 on `short`, taken in turns, so that a spell
    of a busy host slows both: three of one then three of the other once read 10.04 for a run whose
    ratio is 3.6-4.1 (2026-12-07, in a full suite)."""
    best_long = best_short = float("inf")
    for _ in range(5):
        best_long = min(best_long, _seconds(read, long))
        best_short = min(best_short, _seconds(read, short))
    return best_long / best_short


@pytest.mark.parametrize(("read", "run"), [(read, run) for read, runs in RUNS.items() for run in runs])
def test_long_runs_take_about_as_long_as_prose(read, run):
    odd = (run * 20_000)[:20_000]
    assert _ratio(read, odd, PROSE) < 25


@pytest.mark.parametrize("run", ["@a ", "@a, ", "@a. ", "@a@b ", " ", "@"])
def test_a_long_run_of_handles_reads_in_linear_time(run):
    # Prose returns at its first character, so the comparison is the same run at a quarter of the
    # length: 4x when linear (about 1 ms at 20,000 characters, 2026-11-29), 16x or more if the
    # pattern backtracked over the run.
    long, short = (run * 20_000)[:20_000] + " words", (run * 5_000)[:5_000] + " words"
    assert _ratio(without_addressing, long, short) < 10


@pytest.mark.parametrize("run", ["😂", "a😂", "👍🏽", "🇺🇸", "👨‍👩‍👧 "])
def test_a_long_run_of_emoji_is_named_in_linear_time(run):
    # Every emoji becomes its name (scoring/emoji_words.py): about 125 ms for 20,000 characters of
    # "😂" (2026-11-30), 4x the 5,000-character run when linear.
    long, short = (run * 20_000)[:20_000], (run * 5_000)[:5_000]
    assert _ratio(emoji_as_words, long, short) < 10


@pytest.mark.parametrize("mark", ["?", "!", "?!"])
def test_a_long_run_of_marks_in_a_worded_text_reads_in_linear_time(mark):
    # A run of marks in a text of a few words is read for emphasis ("?!", "!!"): 4x when linear,
    # 16x or more if the pattern rescanned the run from each of its marks.
    long, short = (f"so what {mark * 20_000} now"[:20_000], f"so what {mark * 5_000} now"[:5_000])
    assert _ratio(without_tone, long, short) < 10


@pytest.mark.parametrize("run", ["fuck ", "f", "fu", "f*", "holy ", "oh ", " ", ". ", "damn ", "da", "as ", "what the ",
                                 "fucking ", "shit, ", "god", "hell ", "shit\n", "af ", "that sucks ", "losing sucks ",
                                 "sucks ", "ing ", "it really ", "losing x ", "mondays ", "the wifi ", "ugh ",
                                 "the new ", "mondays suck ", "ugh  ", "mondays in x suck ",
                                 "the wifi at my suck ", "winter in this city sucks, ", "rain on a x sucks ",
                                 "it sucks when you ", "sucks when you lose, doesn't it? ", "sucks when ",
                                 "sucks when you clowns ", "sucks huh ", "sucks when you  ", "it sucks when your "])
def test_a_long_run_of_swearing_is_read_in_linear_time(run):
    # Prose without a swear word skips the readings (scoring/swearing.py), so the comparison is the
    # same run at a quarter of the length: about 15 ms for 20,000 characters of "shit, "
    # (2026-11-30), 4x the 5,000-character run when linear.
    long, short = "hell " + (run * 20_000)[:20_000], "hell " + (run * 5_000)[:5_000]
    assert _ratio(without_unaimed_swearing, long, short) < 10


@pytest.mark.parametrize("run", ["stupid ", "I'm so ", "so ", "sorry for the ", "my so ", "stupid question ", "idiot, ",
                                 "ok, ", "my really ", "this might be ", "dumb mistake ", "call me stupid, ", " "])
def test_a_long_run_of_self_mockery_is_read_in_linear_time(run):
    # Prose without an insult word skips the readings, so the comparison is the same run at a quarter
    # of the length: about 63 ms for 20,000 characters of "ok, " (2026-11-30), 4x when linear.
    long, short = "dumb " + (run * 20_000)[:20_000], "dumb " + (run * 5_000)[:5_000]
    assert _ratio(without_self_mockery, long, short) < 10


@pytest.mark.parametrize("run", ["I'm dead ", "dead ", "I'm so ", "so ", "I died ", "the x ", "this is killing me ",
                                 "lol ", "I'm dead, ", "had me ", "the the ", " "])
def test_a_long_run_of_laughter_is_read_in_linear_time(run):
    # Prose without a death word skips the readings, so the comparison is the same run at a quarter
    # of the length, 4x when linear.
    long, short = "dead " + (run * 20_000)[:20_000], "dead " + (run * 5_000)[:5_000]
    assert _ratio(without_laughing_death, long, short) < 10


@pytest.mark.parametrize("run", ["I hate ", "hate ", "I really really ", "hate it when ", "I hate that ", "waiting ",
                                 "I hate how ", "hate hate ", "we ", " ", "I hate the new ", "I hate my stupid ",
                                 "I hate stupid "])
def test_a_long_run_of_hating_is_read_in_linear_time(run):
    # Prose without "hate" skips the reading, so the comparison is the same run at a quarter of the
    # length, 4x when linear.
    long, short = "hate " + (run * 20_000)[:20_000], "hate " + (run * 5_000)[:5_000]
    assert _ratio(without_hating_situations, long, short) < 10


@pytest.mark.parametrize("run", ["stupid ", "stupid, ", "this stupid ", "the new ", "piece of ", "stupid new ",
                                 "printer ", " ", "crap ", "stupid printer ", "holy shit ", "stupid self ",
                                 "stupid power ", "stupid coffee "])
def test_a_long_run_of_insulted_things_is_read_in_linear_time(run):
    # Prose without an insult word skips the reading, so the comparison is the same run at a quarter
    # of the length: 0.8 ms for 20,000 characters of "stupid " (5 s as one pattern that rescanned
    # the run from every word), 23 ms of spaces (2026-12-07), 4x when linear.
    long, short = "stupid " + (run * 20_000)[:20_000], "stupid " + (run * 5_000)[:5_000]
    assert _ratio(without_insulted_things, long, short) < 10


@pytest.mark.parametrize(("read", "run"), [
    (group_insult_phrase, run) for run in ["muslims are ", "gay people ", "muslims ", "not all muslims are ",
                                           "women are all just ", "are ", "the ", '"', "people are ", "muslims are not ",
                                           "men r ", "x. ", "muslims are a ", "i can't stand ", "are like ",
                                           "every woman is too ", "can't be trusted ", "lives don't ",
                                           "the world would be better without the ", "women need to know their "]
] + [
    (group_violence_phrase, run) for run in ["muslims should ", "kill ", "kill all the ", "death to ", "jews should be ",
                                             "we should ", "all the ", "should all be ", "men ", " ", "get rid of "]
] + [
    (exclusion_phrase, run) for run in ["go back to ", "go back to your ", "why don't you go back ", "your kind ",
                                        "deport all ", "should be deported ", "you people don't belong "]
])
def test_a_long_run_of_group_words_is_read_in_linear_time(read, run):
    # Sentences that name no group skip the patterns (scoring/group_insults.py), so the comparison is
    # the same run at a quarter of the length: 4x when linear.
    long, short = "women " + (run * 20_000)[:20_000], "women " + (run * 5_000)[:5_000]
    assert _ratio(read, long, short) < 10
