"""Hating a situation ("I hate it when the bus is late") read as disliking it (scoring/dislike.py,
scoring/tone.py); hate aimed at people stays hostile."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.dislike import without_hating_situations
from scoring.swearing import UNAIMED_SHARE
from scoring.thread_scores import HOSTILE, SCORE_DEFINITIONS
from scoring.threads import Comment, LooseComment, Post, Thread
from scoring.tone import reads_hostility_apart

# Written by hand on 2026-11-30, before the reading and before any score on them was read. The
# engine before the reading put 13 of the first list at toxicity 0.5 or more (20 of the second).
HATED_SITUATIONS = [
    "I hate it when my train gets cancelled and there's no replacement bus",
    "I really hate when the wifi drops in the middle of a call",
    "i hate how long the queue at the post office is every december",
    "I hate that the store closed, it was the only bakery nearby",
    "I hate waiting for the kettle to boil in the morning",
    "ugh I hate it when my glasses fog up with a mask on",
    "I hate losing on penalties, every single time",
    "I absolutely hate when the printer says paper jam and there's no paper jam",
    "I hate how early it gets dark now",
    "I hate that I can't eat gluten anymore, I miss pizza",
    "hate it when the milk goes off a day before the date",
    "I hate driving in the snow, my hands were shaking the whole way",
    "I just hate how expensive concert tickets have gotten",
    "I hated it when they cancelled the show after two seasons",
    "I hate when the season ends on a cliffhanger",
    "I hate moving house, packing is the worst",
    "I hate that my cat only sleeps on my laptop",
    "I hate it when the rain starts right after I wash the car",
    "honestly I hate how loud the fireworks were this year, the dog was terrified",
    "I hate being sick on a weekend",
]
HATE_AT_PEOPLE = [
    "I hate you and everything you stand for",
    "I hate it when you lie to my face like that",
    "I hate how stupid these politicians are",
    "I hate that this idiot got elected again",
    "I hate people like you",
    "I hate liberals, they ruin everything",
    "I hate when morons like him get a platform",
    "I hate how you twist every word I say",
    "I hate that scumbag landlord with a passion",
    "I hate these lying journalists",
    "I hate it when cops think they're above the law, pigs",
    "I hate your guts",
    "I hate how arrogant that clown of a CEO is",
    "I hate that you exist",
    "I hate those entitled brats next door",
    "I hate when trolls like you show up in every thread",
    "I hate that lying piece of garbage",
    "I hate the fans of this team, bunch of thugs",
    "I hate how smug you are",
    "I hate that woman, she's a manipulative witch",
]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("I hate it when the bus is late", "I dislike it when the bus is late"),
        ("I really hate when the wifi drops", "I really dislike when the wifi drops"),
        ("Hate how early it gets dark now", "Dislike how early it gets dark now"),
        ("I hate that the store closed", "I dislike that the store closed"),
        ("I HATE waiting in line", "I DISLIKE waiting in line"),
        ("I hated it when they cancelled the show", "I disliked it when they cancelled the show"),
        ("ugh, I hate the way it creaks", "ugh, I dislike the way it creaks"),
        ("I hate the fact that it rains, but you can't win them all",
         "I dislike the fact that it rains, but you can't win them all"),
    ],
)
def test_hating_a_situation_reads_as_disliking_it(text, read):
    assert without_hating_situations(text) == read
    assert reads_hostility_apart(text)


@pytest.mark.parametrize(
    "text",
    [
        "I hate you",
        "I hate it when you lie to me",  # "you" in the clause
        "I hate how you twist every word",
        "I hate liberals",  # a group, named by a noun
        "I hate that woman",  # "that" before a noun names a person
        "I hate this show",  # a thing named by a noun outside the closed list of scoring/things.py
        "I hate the bus driver",  # a thing that makes people
        "I hate phone addicts",
        "I hate everything about him",
        "He hates it when the bus is late",  # someone else's hate, reported
        "I hate to say it, the sequel was better",
        "Hate speech has no place here",
        "The council met on Tuesday.",
        "",
    ],
)
def test_hate_at_people_things_and_reports_is_left(text):
    assert without_hating_situations(text) == text


PIECES = ["I", "hate", "hated", "it", "when", "how", "that", "the", "bus", "you", "waiting", "woman", "is", "late",
          ",", ".", "\n", "really", "we"]


@given(st.lists(st.sampled_from(PIECES), max_size=16).map(" ".join))
def test_only_clauses_without_you_change_and_only_hate_into_dislike(text):
    read = without_hating_situations(text)
    for clause, read_clause in zip(re.split(r"[,.;:!?\n]", text), re.split(r"[,.;:!?\n]", read)):
        if re.search(r"\byou\b", clause):
            assert read_clause == clause
        assert read_clause.replace("dislike", "hate") == clause  # the only word that changes


def test_hating_situations_reads_below_hostile_and_hate_at_people_above(engine_fp32):
    texts = HATED_SITUATIONS + HATE_AT_PEOPLE
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    situations = np.array([s.toxicity for s in scores[: len(HATED_SITUATIONS)]])
    at_people = np.array([s.toxicity for s in scores[len(HATED_SITUATIONS):]])
    assert (situations >= HOSTILE).sum() <= 3, situations  # measured: 1 (13 before the reading)
    assert (at_people >= HOSTILE).sum() >= 19, at_people  # measured: 20, as before
    # The word still counts for something: at least the share that swearing aimed at no one keeps.
    whole = engine_fp32.text_model.encode(HATED_SITUATIONS)
    for score, out in zip(scores, whole):
        assert score.toxicity >= UNAIMED_SHARE * out.heads["toxicity"] - 1e-6


def test_commuters_complaining_about_a_train_line_are_not_a_hostile_thread(engine_fp32):
    post = Post(id="p", author_id="op", text="The 7:40 to the city was cancelled again this morning.")
    replies = ["I hate it when they cancel it with no replacement bus",
               "I really hate when the app still says on time",
               "I hate waiting on that platform in the rain, took me 50 minutes today",
               "I hate how they never say why"]
    thread = Thread(id="t", post=post, comments=[Comment(id=f"c{i}", author_id=f"u{i}", text=t)
                                                 for i, t in enumerate(replies)])
    scored, = engine_fp32.score_threads([thread])
    assert all(c.toxicity < HOSTILE for c in scored.comments), [c.toxicity for c in scored.comments]
    assert not any("hostile" in r for r in scored.reasons), scored.reasons


def test_the_score_definitions_say_hating_a_situation_is_read_apart():
    assert "hating a situation" in SCORE_DEFINITIONS["comment.toxicity"]
