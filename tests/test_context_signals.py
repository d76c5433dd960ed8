"""Relevance and novelty from the pretrained encoder, through the engine."""

from __future__ import annotations

import pytest

from scoring.engine import has_text
from scoring.threads import Comment, LooseComment, Post, Thread


def score(engine, *comments: Comment, post_text: str = "Where should the city build its new bike lanes?"):
    return engine.score_thread(Thread(id="t", post=Post(id="p", author_id="A", text=post_text), comments=list(comments)))


def test_on_topic_reply_is_more_relevant_than_off_topic(engine_fp32):
    s = score(
        engine_fp32,
        Comment(id="on", author_id="B", text="Protected bike lanes on Main Street would connect the university to downtown."),
        Comment(id="off", author_id="C", text="My favourite pizza topping is pineapple."),
    )
    on, off = s.comments
    assert on.relevance > off.relevance + 0.2
    assert 0.0 <= off.relevance <= 1.0 and 0.0 <= on.relevance <= 1.0


def test_relevance_is_to_the_parent_comment_not_the_post(engine_fp32):
    s = score(
        engine_fp32,
        Comment(id="a", author_id="B", text="I adopted a rescue dog last spring."),
        Comment(id="b", parent_id="a", author_id="C", text="What breed is your dog, and how old?"),
    )
    assert s.comments[1].relevance > s.comments[0].relevance


def test_a_repeated_comment_has_no_novelty(engine_fp32):
    text = "Bike lanes reduce accidents, the Montreal data shows it."
    s = score(engine_fp32, Comment(id="a", author_id="B", text=text), Comment(id="b", author_id="C", text=text))
    assert s.comments[0].novelty > 0.3
    assert s.comments[1].novelty == pytest.approx(0.0, abs=1e-5)


def test_novelty_follows_created_at_not_input_order(engine_fp32):
    from datetime import datetime, timezone

    text = "Bike lanes reduce accidents, the Montreal data shows it."
    early = datetime(2024, 1, 1, tzinfo=timezone.utc)
    late = datetime(2024, 1, 2, tzinfo=timezone.utc)
    s = score(
        engine_fp32,
        Comment(id="later", author_id="B", text=text, created_at=late),
        Comment(id="first", author_id="C", text=text, created_at=early),
    )
    assert s.comments[0].novelty == pytest.approx(0.0, abs=1e-5)
    assert s.comments[1].novelty > 0.3


def test_empty_and_emoji_comments_score_without_error(engine_fp32):
    s = score(engine_fp32, Comment(id="e", author_id="B", text=""), Comment(id="m", author_id="C", text="👍👍"))
    assert s.comments[0].relevance == 0.0 and s.comments[0].novelty == 0.0
    assert 0.0 <= s.comments[1].novelty <= 1.0


BLANK_TEXTS = ["", "   \n\t", "\u200b\u200d", "\ufeff \u00ad"]  # empty, white space, zero-width, BOM + soft hyphen


def test_has_text_ignores_white_space_and_invisible_characters():
    assert not any(has_text(t) for t in BLANK_TEXTS)
    assert all(has_text(t) for t in ["👍", ".", "ok", "\u200bok", "مرحبا"])


def test_a_reply_without_text_reads_as_nothing_said(engine_fp32):
    """An image or sticker reply: no substance, passion, hostility or tags, a micro-contribution, and
    the thread's toxicity is that of the comments with words (the model alone would give it 0.10)."""
    rude = Comment(id="r", author_id="B", text="You are an idiot and everyone here knows it.")
    alone = score(engine_fp32, rude)
    s = score(engine_fp32, rude, *[Comment(id=f"b{i}", author_id="C", text=t) for i, t in enumerate(BLANK_TEXTS)])
    for c in s.comments[1:]:
        assert (c.substance, c.passion, c.toxicity, c.low_effort) == (0.0, 0.0, 0.0, 1.0), c
        assert set(c.tags.values()) == {0.0} and (c.relevance, c.novelty) == (0.0, 0.0)
    assert s.toxicity == pytest.approx(alone.toxicity) and s.toxicity > 0.5
    assert s.comments[0].toxicity == pytest.approx(alone.comments[0].toxicity)
    loose = engine_fp32.score_comments([LooseComment(id=f"l{i}", text=t, parent_text="Nice shot!") for i, t in enumerate(BLANK_TEXTS)])
    for c in loose:
        assert (c.substance, c.passion, c.toxicity, c.low_effort, c.relevance) == (0.0, 0.0, 0.0, 1.0, 0.0), c


def test_unknown_parent_warning_and_truncation_warning_reach_the_result(engine_fp32):
    long_text = " ".join(f"word{i}" for i in range(600))  # distinct: a repeated word is read 3 times
    s = score(engine_fp32, Comment(id="a", parent_id="ghost", author_id="B", text=long_text))
    assert s.comments[0].truncated
    assert any("ghost" in w for w in s.warnings)
    assert any("tokens" in w and "'a'" in w for w in s.warnings)


def test_loose_comments_use_parent_text(engine_fp32):
    on, off, bad = engine_fp32.score_comments(
        [
            LooseComment(id="on", text="Which breed is your dog?", parent_text="I adopted a rescue dog."),
            LooseComment(id="off", text="Which breed is your dog?", parent_text="The stock market fell 3% today."),
            LooseComment(id="bad", text="x" * (engine_fp32.limits.max_text_chars + 1)),
        ]
    )
    assert on.relevance > off.relevance
    assert bad.field == "comments[2].text"


def test_ten_thousand_deep_chain_scores(engine_fp32):
    n = 10_000
    comments = [Comment(id=f"c{i}", parent_id=f"c{i - 1}" if i else "", author_id="AB"[i % 2], text="ok") for i in range(n)]
    s = score(engine_fp32, *comments)
    assert s.structure.max_depth == n
    assert len(s.comments) == n and s.comments[-1].depth == n
