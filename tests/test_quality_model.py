"""Thread scores with the bundled trained heads, on small hand-written threads."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.threads import Comment, LooseComment, Post, Thread
from test_heads import ADVERTS

POST = "Our city is debating whether to replace street parking on Main Street with protected bike lanes. Thoughts?"

REASONED = [
    "I support it. When Montreal added protected lanes on Rachel Street, cyclist injuries there fell by about "
    "a third within two years, and local shops reported steady sales because more people passed by on foot and bike.",
    "The shop owners here worry about losing parking, though. Most of their customers drive in from the suburbs, "
    "and the nearest garage is three blocks away, which matters a lot for older shoppers in winter.",
    "That is a fair point. A survey in Toronto found merchants overestimated how many customers drove by nearly "
    "half. Our city could run the same survey before deciding, and keep a few loading and accessible spots.",
    "A survey would help. I would also ask for a six-month pilot with counts of cyclists, sales tax receipts and "
    "travel times, so the council decides on local data instead of anecdotes from either side.",
]
MICRO = ["+1", "lol", "👍👍", "so true", "🔥", "this!"]


def chain_thread(texts: list[str]) -> Thread:
    authors = ["A", "B"]
    return Thread(id="chain", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", parent_id=f"c{i - 1}" if i else "", author_id=authors[i % 2], text=t)
        for i, t in enumerate(texts)
    ])


def star_thread(texts: list[str]) -> Thread:
    return Thread(id="star", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", author_id=f"u{i}", text=t) for i, t in enumerate(texts)
    ])


@pytest.fixture(scope="module")
def engine(engine_fp32):
    assert engine_fp32.text_model.heads_loaded, "the bundled heads (scoring/artifacts) did not load"
    return engine_fp32


def test_heads_fill_every_comment_score(engine):
    s = engine.score_thread(chain_thread(REASONED[:2]))
    assert "heads" in s.model_version
    for c in s.comments:
        for name in ("substance", "passion", "toxicity", "low_effort"):
            assert 0.0 <= getattr(c, name) <= 1.0
        assert {"evidence", "solution", "personal_story", "specific_points", "dialogue"} <= set(c.tags)
    assert s.reasons and s.explanation.quality


def test_micro_replies_never_raise_value_added_or_depth(engine):
    base = chain_thread(REASONED)
    before = engine.score_thread(base)
    noisy = chain_thread(REASONED)
    for i, text in enumerate(MICRO):
        parent = f"c{i % len(REASONED)}" if i % 2 else ""  # some nested, some top-level
        noisy.comments.append(Comment(id=f"m{i}", parent_id=parent, author_id=f"x{i}", text=text))
    after = engine.score_thread(noisy)
    # Batched with other texts, the same comment's scores move in the 8th decimal (fp32 padding).
    assert after.value_added <= before.value_added + 1e-6
    assert after.depth <= before.depth + 1e-6
    assert all(c.low_effort > 0.5 for c in after.comments[len(REASONED):])


def test_a_reaction_repeated_300_times_adds_no_more_than_once(engine):
    once, spammed = star_thread(REASONED[:2] + ["lol"]), star_thread(REASONED[:2] + ["lol " * 300])
    a, b = engine.score_thread(once), engine.score_thread(spammed)
    assert b.value_added <= a.value_added + 1e-3 and b.quality <= a.quality + 1e-3
    assert b.comments[2].substance < 0.1 and b.comments[2].low_effort > 0.5
    assert (a.comments[2].repeated_copies, b.comments[2].repeated_copies) == (0, 300)
    assert [w for w in b.warnings if "'c2' repeats one word or phrase 300 times" in w]
    assert not [w for w in a.warnings if "repeats" in w]


def test_reasoned_chain_is_deeper_than_the_same_comments_as_top_level_replies(engine):
    chain = engine.score_thread(chain_thread(REASONED))
    star = engine.score_thread(star_thread(REASONED))
    assert chain.depth > star.depth
    assert chain.structure.longest_exchange == 4 and star.structure.longest_exchange == 1


def test_adverts_under_a_post_count_as_adding_nothing(engine):
    s = engine.score_thread(star_thread(REASONED[:2] + ADVERTS))
    assert f"2 of {2 + len(ADVERTS)} replies add substance." in s.reasons, s.reasons
    alone = engine.score_thread(star_thread(REASONED[:2]))
    assert s.value_added < alone.value_added and s.quality < alone.quality


INSULTS = [
    "You are a complete idiot and everyone here knows it.",
    "Shut up, you pathetic moron. Nobody cares what you think.",
    "What a stupid, worthless clown you are. Get lost, loser.",
]


def test_thread_of_insults_is_toxic_and_low_quality(engine):
    s = engine.score_thread(chain_thread(INSULTS))
    assert s.toxicity > 0.5
    assert s.quality < 0.2
    assert any("hostile" in r for r in s.reasons)


def test_a_reply_is_read_in_its_own_words_not_in_what_it_quotes(engine):
    rebuttal = REASONED[1]
    quoting = engine.score_thread(chain_thread([REASONED[0], f"> {REASONED[0]}\n\nThis.", rebuttal]))
    plain = engine.score_thread(chain_thread([REASONED[0], "This.", rebuttal]))
    this = quoting.comments[1]
    assert this.quoted_chars == len(f"> {REASONED[0]}\n") and plain.comments[1].quoted_chars == 0
    assert this.substance < 0.1 and this.low_effort > 0.5  # read whole, it scored the quote's substance
    for a, b in zip(quoting.comments, plain.comments):
        assert (a.substance, a.low_effort, a.novelty) == pytest.approx((b.substance, b.low_effort, b.novelty), abs=1e-6)
    assert quoting.value_added == pytest.approx(plain.value_added, abs=1e-6)
    # A rebuttal that quotes what it answers first reads as the rebuttal, not as a copy of its parent.
    first = engine.score_thread(chain_thread([REASONED[0], f"{REASONED[0]}\n{rebuttal}"]))
    alone = engine.score_thread(chain_thread([REASONED[0], rebuttal]))
    assert first.comments[1].novelty == pytest.approx(alone.comments[1].novelty, abs=1e-6)
    assert first.comments[1].quoted_chars > 0
    (loose,) = engine.score_comments([LooseComment(id="l", text=f"> {REASONED[0]}\n\n+1", parent_text=REASONED[0])])
    assert loose.low_effort > 0.5 and loose.substance < 0.1 and loose.quoted_chars > 0


def test_a_reply_is_read_without_the_handles_that_address_it(engine):
    # Three handles before 25 words of experience took substance from 0.38 to 0.07 and low_effort
    # from 0.03 to 0.42 before the engine stopped reading them (scoring/addressing.py).
    handles = "@mayor_watch @citycouncil @localnews "
    addressed = engine.score_thread(chain_thread([REASONED[0], handles + REASONED[1]]))
    plain = engine.score_thread(chain_thread(REASONED[:2]))
    for a, b in zip(addressed.comments, plain.comments):
        assert (a.substance, a.low_effort, a.toxicity, a.novelty) == pytest.approx(
            (b.substance, b.low_effort, b.toxicity, b.novelty), abs=1e-6)
    loose = engine.score_comments([
        LooseComment(id="a", text=handles + REASONED[1], parent_text=REASONED[0]),
        LooseComment(id="p", text=REASONED[1], parent_text=REASONED[0]),
        LooseComment(id="m", text="@amy @bob", parent_text=POST),  # tagging friends stays a micro-post
    ])
    assert loose[0].substance == pytest.approx(loose[1].substance, abs=1e-6)
    assert loose[2].low_effort > 0.5 and loose[2].substance < 0.1


def test_telling_someone_to_kill_themselves_reads_as_toxic_with_a_warning(engine):
    # The heads alone read "kys" at toxicity 0.10: no rude word, and no such comment in C3.
    texts = [REASONED[0], "kys", "Don't kill yourself over it, the council can wait."]
    s = engine.score_thread(chain_thread(texts))
    kys, calm = s.comments[1], s.comments[2]
    assert kys.toxicity >= 0.95 and kys.tags["offensive"] >= 0.95
    assert calm.toxicity < 0.5
    assert [w for w in s.warnings if w.startswith("comment 'c1' tells someone to kill or harm themselves ('kys')")]
    assert not [w for w in s.warnings if "'c2'" in w]
    assert any("hostile" in r for r in s.reasons), s.reasons
    plain = engine.score_thread(chain_thread([REASONED[0], "ok", texts[2]]))
    assert s.toxicity > plain.toxicity and s.quality < plain.quality
    loose = engine.score_comments([LooseComment(id="x", text="go kill yourself", parent_text=REASONED[0])])[0]
    assert loose.toxicity >= 0.95


def test_calm_informative_exchange_beats_a_heated_empty_one(engine):
    calm = engine.score_thread(chain_thread(REASONED))
    heated = engine.score_thread(chain_thread(["NO WAY!!! This is INSANE!!!", "YES WAY!!! Deal with it!!!",
                                               "OMG you people are UNBELIEVABLE!!!", "WHATEVER!!!!"]))
    assert calm.quality > heated.quality
    assert heated.passion > calm.passion


def test_one_by_one_and_batched_scoring_agree(engine):
    threads = [chain_thread(REASONED), star_thread(REASONED[:2] + MICRO[:3]), chain_thread(INSULTS)]
    together = engine.score_threads(threads)
    alone = [engine.score_thread(t) for t in threads]
    for a, b in zip(together, alone):
        assert a.quality == pytest.approx(b.quality, abs=1e-4)
        for field in ("depth", "passion", "value_added", "toxicity"):
            assert getattr(a, field) == pytest.approx(getattr(b, field), abs=1e-4)
        got = np.array([[c.substance, c.passion, c.toxicity, c.low_effort, c.novelty, c.relevance] for c in a.comments])
        want = np.array([[c.substance, c.passion, c.toxicity, c.low_effort, c.novelty, c.relevance] for c in b.comments])
        assert np.abs(got - want).max() < 1e-4


def test_reasons_say_when_an_exchange_argues_with_evidence(engine):
    argued = engine.score_thread(chain_thread(REASONED))  # the third reply cites a survey
    assert "2 people argue with evidence (sources) over 4 turns." in argued.reasons, argued.reasons
    insults = engine.score_thread(chain_thread(INSULTS))
    assert "2 people trade 3 replies that add little." in insults.reasons, insults.reasons
