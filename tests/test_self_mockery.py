"""Insults a writer aims at themselves ("stupid question, but", "I'm such an idiot") read in plain
words (scoring/self_mockery.py, scoring/tone.py); the same words aimed at anyone else stay hostile."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import pytest

from scoring import self_mockery
from scoring.self_mockery import without_self_mockery
from scoring.swearing import UNAIMED_SHARE
from scoring.thread_scores import HOSTILE, SCORE_DEFINITIONS
from scoring.threads import Comment, LooseComment, Post, Thread
from scoring.tone import reads_hostility_apart, without_tone

# Written by hand on 2026-11-30, before the reading and before any score on them was read. The
# engine before the reading put 16 of the first list at toxicity 0.5 or more (all 20 of the second).
SELF_MOCKING = [
    'stupid question, but how do I turn off autoplay?',
    'sorry if this is a dumb question, where is the settings menu',
    "I'm such an idiot, I left my charger at the hotel",
    'probably a silly question but does the warranty cover water damage?',
    'I was so stupid to sell my shares last year',
    'dumb mistake on my part, I forgot to save the file',
    'I feel like an idiot for not reading the manual first',
    "call me stupid but I still don't get how the offside rule works",
    "I'm an idiot, the router was just unplugged",
    'my stupid mistake, the meeting is on Thursday not Tuesday',
    'this might be a dumb question but can I freeze cooked rice?',
    "sorry for the stupid question, I'm new here",
    "I'm so dumb, I paid the same bill twice",
    "ok I'm a moron, the fix was in the FAQ all along",
    'noob question: what does the blue light on the modem mean?',
    'me being dumb again, wrong train station',
    "I'm dumb and bought the wrong size, can I return it?",
    'dumb question maybe, but why do cats knead blankets?',
    'I felt so stupid when I realised the answer was on page one',
    'I was being an idiot, it works fine now',
]
AIMED_AT_OTHERS = [
    'what a stupid question',
    "that's a dumb question, read the article",
    "you're an idiot, the router was just unplugged",
    "he's such an idiot, he left the gate open again",
    'stop asking stupid questions and google it',
    'only a moron would sell now',
    "I'm not the idiot here, you are",
    'your dumb mistake cost us the match',
    'they were so stupid to trust him',
    'the mayor is an idiot',
    'I feel like an idiot for voting for this clown',
    'dumb question from a dumb reporter',
    "this is the stupidest question I've read all week",
    'you must be dumb if you think that works',
    'people who post this are morons',
    'call me stupid? look in a mirror',
    'the stupid ref ruined the game',
    "I'm smarter than this idiot coach",
    'another noob question from a clueless troll',
    'you were being an idiot, admit it',
]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("stupid question, but how do I turn off autoplay?", "question, but how do I turn off autoplay?"),
        ("Sorry if this is a dumb question, where is the menu", "Sorry if this is a question, where is the menu"),
        ("this might be a silly question but can I freeze rice?", "this might be a question but can I freeze rice?"),
        ("noob question: what does the blue light mean?", "question: what does the blue light mean?"),
        ("I'm such an idiot, I left my charger at the hotel", "my mistake, I left my charger at the hotel"),
        ("ok I\u2019m a moron, the fix was in the FAQ", "ok my mistake, the fix was in the FAQ"),
        ("I was so stupid to sell my shares", "my mistake to sell my shares"),
        ("I feel like an idiot for not reading the manual", "my mistake for not reading the manual"),
        ("me being dumb again, wrong station", "my mistake again, wrong station"),
        ("call me stupid, but I still don't get it", "maybe I'm wrong, but I still don't get it"),
        ("my stupid mistake, it's Thursday", "my mistake, it's Thursday"),
        ("dumb mistake on my part", "a mistake on my part"),
        # "you" in another clause: the writer still mocks only themselves in theirs
        ("Oh, you're completely right. I'm an idiot.", "Oh, you're completely right. my mistake."),
    ],
)
def test_insults_the_writer_aims_at_themselves_read_as_plain_words(text, read):
    assert without_self_mockery(text) == read
    assert reads_hostility_apart(text)


@pytest.mark.parametrize(
    "text",
    [
        "what a stupid question",
        "that's a dumb question, read the article",
        "this is a stupid question",  # can answer someone else's question
        "Stupid question.",
        "dumb question from a dumb reporter",
        "you're an idiot",
        "I'm not the idiot here, you are",
        "I'm smarter than this idiot coach",
        "I'm an idiot for trusting you",  # "you" in the clause: read as written
        "your dumb mistake cost us the match",
        "call me stupid? look in a mirror",
        "he's such an idiot",
        "The council approved the budget.",
        "",
    ],
)
def test_the_same_words_aimed_at_anyone_else_are_left(text):
    assert without_self_mockery(text) == text


PIECES = ["I'm", "so", "stupid", "dumb", "an", "idiot", "question", "but", "sorry", "for", "the", "my", "mistake",
          "you", "he", ",", ".", ":", "?", "\n", "call", "me", "noob", "ok"]


@given(st.lists(st.sampled_from(PIECES), max_size=20).map(" ".join))
def test_the_reading_leaves_clauses_that_say_you_and_needs_an_insult_word(text):
    read = without_self_mockery(text)
    for clause, read_clause in zip(re.split(r"[,.;:!?\n]", text), re.split(r"[,.;:!?\n]", read)):
        if re.search(r"\byou\b", clause):
            assert read_clause == clause
    # The quick test in front of the readings passes every text they would change.
    assert self_mockery._read_clauses(text) == text or any(m in text.lower() for m in self_mockery._MARKS)


def test_tone_reads_self_mockery_after_swearing():
    assert without_tone("I'm so fucking stupid, the router was unplugged") == "my mistake, the router was unplugged"


def test_self_mockery_reads_below_hostile_and_the_same_words_at_others_above(engine_fp32):
    texts = SELF_MOCKING + AIMED_AT_OTHERS
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    own = np.array([s.toxicity for s in scores[: len(SELF_MOCKING)]])
    others = np.array([s.toxicity for s in scores[len(SELF_MOCKING):]])
    assert (own >= HOSTILE).sum() <= 2, own  # measured: 0 (16 before the reading)
    assert (others >= HOSTILE).all(), others
    # The words still count for something: at least the share that swearing aimed at no one keeps.
    whole = engine_fp32.text_model.encode(SELF_MOCKING)
    for score, out in zip(scores, whole):
        assert score.toxicity >= UNAIMED_SHARE * out.heads["toxicity"] - 1e-6


def test_a_help_thread_where_people_mock_themselves_is_not_a_hostile_one(engine_fp32):
    post = Post(id="p", author_id="asker", text="Stupid question, but why does my router blink orange?")
    replies = [("helper", "Orange usually means no signal from the line. Check the cable into the wall socket."),
               ("asker", "I'm such an idiot, the cable was unplugged. Thanks!"),
               ("other", "Sorry for the dumb question, does the same go for the grey model?")]
    thread = Thread(id="t", post=post, comments=[Comment(id=f"c{i}", author_id=a, text=t)
                                                 for i, (a, t) in enumerate(replies)])
    scored, = engine_fp32.score_threads([thread])
    assert all(c.toxicity < HOSTILE for c in scored.comments), [c.toxicity for c in scored.comments]
    assert not any("hostile" in r for r in scored.reasons), scored.reasons


def test_the_score_definitions_say_self_mockery_is_read_apart():
    assert "insults the writer aims at themselves" in SCORE_DEFINITIONS["comment.toxicity"]
