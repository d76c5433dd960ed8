"""Laughter said as dying ("I'm dead 💀", "this is killing me") read as "so funny"
(scoring/laughter.py, scoring/tone.py); death words in hostile posts stay hostile."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.laughter import without_laughing_death
from scoring.thread_scores import HOSTILE, SCORE_DEFINITIONS
from scoring.threads import Comment, LooseComment, Post, Thread
from scoring.tone import reads_hostility_apart

# Written by hand on 2026-11-30, before the reading and before any score on them was read. The
# engine before the reading put 7 of the first list at toxicity 0.5 or more (19 of the second).
LAUGHING = [
    "I'm dead 💀💀",
    "lmaooo I'm dying",
    "I literally died at the cat's face",
    'this killed me 😂',
    'okay the last panel is killing me',
    "I'm so dead, who made this",
    'dead 💀',
    "im dying 😭😭 the dog's little hat",
    'bro I died',
    'LMAO this is killing me',
    "I'm deceased, send help 😂",
    "the way he fell... I'm dead",
    'this meme killed me lol',
    'dying at the caption',
    'the ending had me dead',
    'I actually died laughing at this',
    'killing me 😂😂',
    "I'm crying and dying at the same time 😭",
    "haha I'm dead, 10/10",
    'this video is killing me, play it again',
]
DEATH_WORDS_HOSTILE = [
    "you're dead to me, traitor",
    "I'm dead serious, you're an idiot",
    "lmao you're dead when I find you",
    "I'm dying to see you get banned, troll",
    'this killed my last bit of respect for you morons',
    'dead 💀 just like your brain cells, idiot',
    "LMAO I'm dead, what a pathetic loser",
    'I died reading this garbage, who let this moron write',
    'killing me how stupid you people are',
    'your career is dead, you washed-up hack',
    "I'm dying laughing at how dumb this clown is",
    "this is killing me, you're such a braindead fool",
    'dead wrong as usual, liar',
    "keep talking and you'll be dead",
    "haha I'm dead, imagine being this ugly",
    'you killed the thread with your stupid take, idiot',
    "I'd die before I agree with a bigot like you",
    'lmao dead, another brainless troll post',
    'this guy should be dead, honestly',
    "I'm dead tired of your lies, fraud",
]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("I'm dead 💀💀", "so funny 💀💀"),
        ("im dying lol", "so funny lol"),
        ("I literally died at the cat's face", "so funny at the cat's face"),
        ("this meme killed me 😂", "so funny 😂"),
        ("okay the last panel is killing me", "okay so funny"),
        ("the ending had me dead", "the ending so funny"),
        ("dead 💀", "so funny 💀"),
        ("lmao dying at the caption", "so funny at the caption"),
        ("I'M LITERALLY DEAD", "so funny"),
    ],
)
def test_laughter_said_as_dying_reads_as_so_funny(text, read):
    assert without_laughing_death(text) == read
    assert reads_hostility_apart(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm dead serious",
        "I'm dead tired of this",
        "I'm dying to see the results",
        "I died on the operating table for two minutes",
        "dead wrong as usual",
        "you're dead to me",  # "you" in the clause
        "lol you're killing me",
        "this killed my last bit of respect for them",
        "my back is killing me",
        "You can pry it from my cold, dead hands",  # "dead" opening a later clause is not laughter
        "The council met on Tuesday.",
        "",
    ],
)
def test_other_senses_and_clauses_that_say_you_are_left(text):
    assert without_laughing_death(text) == text


PIECES = ["I'm", "dead", "dying", "I", "died", "this", "is", "killing", "me", "you", "lol", "💀", "serious", "at", "the",
          "cat", ",", ".", "\n", "had"]


@given(st.lists(st.sampled_from(PIECES), max_size=16).map(" ".join))
def test_only_clauses_without_you_change_and_only_into_so_funny(text):
    read = without_laughing_death(text)
    for clause, read_clause in zip(re.split(r"[,.;:!?\n]", text), re.split(r"[,.;:!?\n]", read)):
        if re.search(r"\byou\b", clause):
            assert read_clause == clause
        # What is not replaced survives in order; what is replaced becomes "so funny".
        assert set(read_clause.split()) <= set(clause.split()) | {"so", "funny"}


def test_laughter_reads_below_hostile_and_death_words_in_hostile_posts_above(engine_fp32):
    texts = LAUGHING + DEATH_WORDS_HOSTILE
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    laughing = np.array([s.toxicity for s in scores[: len(LAUGHING)]])
    hostile = np.array([s.toxicity for s in scores[len(LAUGHING):]])
    assert (laughing >= HOSTILE).sum() <= 1, laughing  # measured: 0 (7 before the reading)
    assert (hostile >= HOSTILE).sum() >= 18, hostile  # measured: 19, as before ("dead tired of your lies" 0.46)


def test_a_thread_laughing_at_a_meme_is_not_a_hostile_one(engine_fp32):
    post = Post(id="p", author_id="op", text="My cat discovered the mirror today [video]")
    replies = ["im dead lmao", "I'm dead 💀", "the way he jumps... I literally died", "this is killing me 😂"]
    thread = Thread(id="t", post=post, comments=[Comment(id=f"c{i}", author_id=f"u{i}", text=t)
                                                 for i, t in enumerate(replies)])
    scored, = engine_fp32.score_threads([thread])
    assert all(c.toxicity < HOSTILE for c in scored.comments), [c.toxicity for c in scored.comments]
    assert not any("hostile" in r for r in scored.reasons), scored.reasons


def test_the_score_definitions_say_laughter_is_read_apart():
    assert "laughter said as dying" in SCORE_DEFINITIONS["comment.toxicity"]
