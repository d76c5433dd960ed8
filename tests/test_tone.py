"""Tone around a comment ("lol", "ngl", "tbh" at its ends, "!!"): not what it says (scoring/tone.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.tone import CONTENT_HEADS, merge_readings, without_tone
from scoring.text_model import TextOutput
from scoring.threads import Comment, LooseComment, Post, Thread
from test_heads import SHORT_ARGUED, SHORT_UNARGUED


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("lol the bridge closure adds 20 minutes", "the bridge closure adds 20 minutes"),
        ("ngl, the 30 minute charge time is the problem", "the 30 minute charge time is the problem"),
        ("LMAOOO the update broke my printer too", "the update broke my printer too"),
        ("lol ngl the recall covers 2019-2021 only", "the recall covers 2019-2021 only"),
        ("hahaha my landlord tried this too", "my landlord tried this too"),
        ("the stadium deal keeps parking revenue lol.", "the stadium deal keeps parking revenue"),
        ("switching saved me $40 a year, tbh", "switching saved me $40 a year,"),
        ("omg the router was on channel 13 smh", "the router was on channel 13"),
        ("Bruhhh you need to rest the dough overnight\n", "you need to rest the dough overnight"),
        ("xD my cat does the same thing", "my cat does the same thing"),
        ("The garage overran by $11M last year!!", "The garage overran by $11M last year."),
        ("Really?! The audit found 30% waste", "Really? The audit found 30% waste"),
        ("lol the bus is late again!!!", "the bus is late again."),
        ("Wow!!100 people came", "Wow.100 people came"),
        ("Fares up 15%!!! Service cut by a fifth!!", "Fares up 15%. Service cut by a fifth."),
    ],
)
def test_fillers_at_either_end_are_left_out_and_emphasis_is_one_full_stop(text, read):
    assert without_tone(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "lol",  # only fillers: the micro-post it is
        "lol ngl",
        "fr fr fr",
        "lol same here",  # fewer than three words of content: read whole
        "The study only followed 40 people, imo, so ignore the headline.",  # a filler inside stays
        "wow the bridge closure adds 20 minutes",  # an interjection that can carry a stance is a word
        "ok so the bridge closure adds 20 minutes",
        "Frankly the lanes helped the shops on Elm Street",  # "Fr..." words are not "fr"
        "lollipops and hahas are not fillers here",
        "The fee is $85! You can file it online.",  # one "!" is punctuation (see scoring/tone.py)
        "Great!!",  # too little besides the emphasis to read apart
        "lol!!",
        "",
    ],
)
def test_text_without_tone_to_leave_out_is_read_whole(text):
    assert without_tone(text) == text


PIECES = ["lol", "LMAO", "ngl", "tbh,", "omg!!", "the", "bus", "is", "late", "$2M", "0.4%", "!", "!!", "?!", "??",
          "...", "😂", "@amy", " ", "\n", "fr", "1"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join))
def test_the_reading_keeps_every_word_that_is_not_a_filler_at_an_end(text):
    read = without_tone(text)
    assert without_tone(read) == read  # nothing left to take out
    words = [w for w in read.split() if w.strip(",.!?:;…~")]
    if read != text:
        assert len(words) >= 3
        # What was said stays, in order: the reading's words are a run of the text's own, marks aside.
        bare = [w.strip(",.!?:;…~") for w in text.split()]
        kept = [w.strip(",.!?:;…~") for w in read.split()]
        assert any(bare[i : i + len(kept)] == kept for i in range(len(bare) - len(kept) + 1))


def test_merge_takes_what_is_said_from_the_content_and_how_from_the_whole():
    names = sorted(CONTENT_HEADS | {"passion", "toxicity", "tag_sarcastic", "tag_offensive"})
    whole = TextOutput(embedding=np.array([1.0, 0.0], np.float32), heads={n: 0.25 for n in names},
                       n_tokens=12, truncated=True, repeats=2)
    content = TextOutput(embedding=np.array([0.0, 1.0], np.float32), heads={n: 0.75 for n in names}, n_tokens=9)
    merged = merge_readings(whole, content)
    assert merged.heads == {n: 0.75 if n in CONTENT_HEADS else 0.25 for n in names}
    assert merged.embedding.tolist() == [0.0, 1.0]
    assert (merged.n_tokens, merged.truncated, merged.repeats) == (12, True, 2)
    assert whole.heads["substance"] == 0.25  # the readings themselves are left as they were


@pytest.mark.parametrize(("substance", "low_effort"), [(1.0, 0.1), (0.0, 0.7), (0.5, 0.4), (0.8, 0.22)])
def test_fillers_weigh_in_low_effort_as_far_as_the_rest_says_nothing(substance, low_effort):
    whole = TextOutput(embedding=np.zeros(2, np.float32), heads={"substance": 0.3, "low_effort": 0.7})
    content = TextOutput(embedding=np.zeros(2, np.float32), heads={"substance": substance, "low_effort": 0.1})
    assert merge_readings(whole, content).heads == pytest.approx({"substance": substance, "low_effort": low_effort})


POST = "The city plans to cut evening bus service on three routes to save $2M. What do you think?"
# Reasoned replies and openers that take their substance down when read whole (hand-written
# 2026-11-30).
REPLIES = [
    "The bridge closure adds about 20 minutes to the 14 bus because it has to detour through Elm Street, "
    "and the city never adjusted the timetable.",
    "Fares went up 15% but service hours were cut by a fifth, so riders are paying more per trip for "
    "fewer buses at the stops that matter.",
    "I worked night shifts for three years and the last bus was the only way home; a cab cost me $30 each way.",
    "The $2M is 0.4% of the transit budget; the new parking garage overran by $11M last year.",
]
OPENERS = ["omg ", "bruh ", "haha ", "lol ngl "]
FILLER_POSTS = ["lol", "lmao true", "tbh same", "omg yes", "fr fr", "bruh", "haha this", "ngl same", "smh", "xD"]


def _thread(replies: list[str]) -> Thread:
    return Thread(id="t", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", parent_id=f"c{i - 1}" if i else "", author_id="AB"[i % 2], text=t)
        for i, t in enumerate(replies)
    ])


def test_fillers_change_how_a_reply_reads_not_what_it_says(engine_fp32):
    plain = engine_fp32.score_thread(_thread(REPLIES))
    chatty_texts = [o + r for o, r in zip(OPENERS, REPLIES)]
    chatty = engine_fp32.score_thread(_thread(chatty_texts))
    for a, b in zip(chatty.comments, plain.comments):
        assert (a.substance, a.novelty, a.relevance) == pytest.approx((b.substance, b.novelty, b.relevance), abs=1e-6)
        assert a.tags["evidence"] == pytest.approx(b.tags["evidence"], abs=1e-6)
    # How it is said is read from the whole comment: the openers' tone stays in passion.
    whole = engine_fp32.text_model.encode(chatty_texts)
    for name in ("passion", "toxicity"):
        assert [getattr(c, name) for c in chatty.comments] == pytest.approx(
            [o.heads[name] for o in whole], abs=1e-6), name
    assert chatty.passion > plain.passion
    # Around an argument the fillers do not make it a micro-post (read whole, "lol ngl" put the last
    # reply at low_effort 0.47, and the thread's value added fell from 0.96 to 0.77).
    assert [c.low_effort for c in chatty.comments] == pytest.approx([c.low_effort for c in plain.comments], abs=0.02)
    assert (chatty.depth, chatty.value_added) == pytest.approx((plain.depth, plain.value_added), abs=0.01)


def test_fillers_still_count_toward_low_effort_when_nothing_else_is_said(engine_fp32):
    quips = ["Lol, the delusion is strong.", "'A good deed never goes unpunished' as they say LOL",
             "I've actually been there lol", "omg the way it runs out of the water lmao"]
    scored = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(quips)])
    whole = engine_fp32.text_model.encode(quips)
    for s, w in zip(scored, whole):
        assert s.substance < 0.1
        assert s.low_effort == pytest.approx(w.heads["low_effort"], abs=0.05)


def test_comments_of_fillers_alone_stay_micro_posts(engine_fp32):
    scored = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(FILLER_POSTS)])
    assert min(s.low_effort for s in scored) >= 0.9
    assert max(s.substance for s in scored) < 0.1


def test_a_loose_comment_reads_its_fillers_as_a_thread_comment_does(engine_fp32):
    text = "lol ngl " + REPLIES[3]
    (loose,) = engine_fp32.score_comments([LooseComment(id="l", text=text, parent_text=POST)])
    in_thread = engine_fp32.score_thread(_thread([text])).comments[0]
    for name in ("substance", "low_effort", "passion", "toxicity", "relevance"):
        assert getattr(loose, name) == pytest.approx(getattr(in_thread, name), abs=1e-6), name


def test_a_reply_is_read_without_its_handles_and_then_without_its_fillers(engine_fp32):
    plain, chatty = engine_fp32.score_comments([
        LooseComment(id="p", text=REPLIES[1], parent_text=POST),
        LooseComment(id="c", text="@mike_r @transit_ops lol " + REPLIES[1], parent_text=POST),
    ])
    assert (chatty.substance, chatty.relevance) == pytest.approx((plain.substance, plain.relevance), abs=1e-6)


def test_emphasis_after_an_argument_keeps_its_substance_and_its_passion(engine_fp32):
    # Ending each of the blind short arguments with "!!" instead of its full stop left 8 of 20 at
    # substance >= 0.5 read whole (17 as written); the opinions stay opinions (max 0.06).
    loud = [t.rstrip(".") + "!!" for t in SHORT_ARGUED]
    scored = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(loud)])
    assert sum(s.substance >= 0.5 for s in scored) >= 15, [round(s.substance, 2) for s in scored]
    whole = engine_fp32.text_model.encode(loud)
    assert [s.passion for s in scored] == pytest.approx([o.heads["passion"] for o in whole], abs=1e-6)
    opinions = [t.rstrip(".") + "!!" for t in SHORT_UNARGUED]
    read = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(opinions)])
    assert max(s.substance for s in read) < 0.5
