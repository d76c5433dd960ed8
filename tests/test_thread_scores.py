"""Thread scores: formula properties on hand-set signals, and behaviour with the trained heads."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.engagement import engagement_metrics
from scoring.limits import Limits
from scoring.structure import structure_metrics
from scoring.thread_scores import CommentSignals, thread_scores
from scoring.threads import Comment, Post, Reactions, Thread
from scoring.tree import validate

# ---------------------------------------------------------------------------------------------
# Formulas, on hand-set per-comment signals (no model involved)
# ---------------------------------------------------------------------------------------------


def scores_for(
    thread: Thread, substance, low_effort, novelty=None, toxicity=None, passion=None, relevance=None, evidence=None
):
    n = len(thread.comments) + 1
    tree = validate(thread, Limits())
    sig = CommentSignals(
        substance=np.asarray([0.5] + substance, dtype=float),
        passion=np.asarray(passion or [0.5] * n, dtype=float),
        toxicity=np.asarray(toxicity or [0.0] * n, dtype=float),
        low_effort=np.asarray([0.0] + low_effort, dtype=float),
        novelty=np.asarray(novelty or [1.0] * n, dtype=float),
        relevance=np.asarray(relevance or [0.6] * n, dtype=float),
        has_text=[True] * n,
        tags=[{} for _ in range(n)],
        evidence=[()] + (evidence or [()] * (n - 1)),
    )
    return thread_scores(tree, sig, engagement_metrics(thread), structure_metrics(tree))


def chain(n: int) -> Thread:
    return Thread(post=Post(id="p", author_id="A"), comments=[
        Comment(id=f"c{i}", parent_id=f"c{i - 1}" if i else "", author_id="BA"[i % 2]) for i in range(n)
    ])


def star(n: int) -> Thread:
    return Thread(post=Post(id="p", author_id="A"), comments=[Comment(id=f"c{i}", author_id=f"u{i}") for i in range(n)])


def test_chain_is_deeper_than_the_same_comments_as_a_star():
    deep = scores_for(chain(4), [0.9] * 4, [0.0] * 4)
    flat = scores_for(star(4), [0.9] * 4, [0.0] * 4)
    assert deep.depth > flat.depth + 0.2
    assert deep.quality > flat.quality


def test_micro_posts_never_raise_value_added_or_depth():
    base = chain(3)
    before = scores_for(base, [0.8, 0.7, 0.9], [0.0, 0.1, 0.0])
    more = chain(3)
    more.comments += [Comment(id="m1", author_id="X"), Comment(id="m2", parent_id="c2", author_id="Y")]
    after = scores_for(more, [0.8, 0.7, 0.9, 0.3, 0.3], [0.0, 0.1, 0.0, 0.9, 0.6])
    assert after.value_added < before.value_added
    assert after.depth == pytest.approx(before.depth)


def test_likes_and_shares_dilute_value_added_but_not_quality():
    quiet = star(2)
    viral = star(2)
    viral.post.reactions = Reactions(likes=98, shares=0)
    a = scores_for(quiet, [0.8, 0.8], [0.0, 0.0])
    b = scores_for(viral, [0.8, 0.8], [0.0, 0.0])
    assert b.value_added == pytest.approx(a.value_added * 2 / 100)
    assert b.quality == pytest.approx(a.quality)


def test_toxicity_lowers_quality():
    calm = scores_for(chain(3), [0.6] * 3, [0.0] * 3, toxicity=[0.0] * 4)
    hostile = scores_for(chain(3), [0.6] * 3, [0.0] * 3, toxicity=[0.0, 0.9, 0.9, 0.9])
    assert hostile.toxicity == pytest.approx(0.9)
    assert hostile.quality < calm.quality * 0.5


def test_scores_are_explained_and_bounded():
    s = scores_for(chain(3), [0.9, 0.2, 0.7], [0.0, 0.8, 0.1])
    for value in (s.quality, s.depth, s.passion, s.value_added, s.toxicity):
        assert 0.0 <= value <= 1.0
    parts = {c.name: c for c in s.explanation.quality}
    recomputed = sum(c.value * c.weight for name, c in parts.items() if name != "toxicity_penalty")
    recomputed *= 1 + parts["toxicity_penalty"].weight * parts["toxicity_penalty"].value
    assert s.quality == pytest.approx(recomputed)
    assert s.reasons


def test_passion_and_toxicity_explanations_add_up_to_the_scores():
    # chain(3): the post and c1 are A's, c0 and c2 are B's
    s = scores_for(chain(3), [0.6] * 3, [0.0] * 3, passion=[0.2, 0.9, 0.4, 0.7], toxicity=[0.0, 0.1, 0.8, 0.3])
    for score, parts in ((s.passion, s.explanation.passion), (s.toxicity, s.explanation.toxicity)):
        assert score == pytest.approx(sum(c.value * c.weight for c in parts))
    passion = {c.name: c.value for c in s.explanation.passion}
    assert passion == pytest.approx({"participant_passion_mean": 0.55, "participants": 2, "most_passionate_participant": 0.8})
    toxicity = {c.name: c.value for c in s.explanation.toxicity}
    assert toxicity == pytest.approx({"comment_toxicity_mean": 0.4, "hostile_comments": 1, "max_comment_toxicity": 0.8})


def test_thread_without_comments_says_so():
    s = scores_for(star(0), [], [])
    assert s.depth == 0.0 and s.value_added == 0.0
    assert "No replies" in s.reasons[0]


def test_off_topic_reason_says_how_many_replies_drift():
    drifting = scores_for(star(4), [0.3] * 4, [0.0] * 4, relevance=[0.6, 0.05, 0.1, 0.3, 0.15])
    assert "3 of 4 replies drift off topic." in drifting.reasons
    on_topic = scores_for(star(4), [0.3] * 4, [0.0] * 4, relevance=[0.6, 0.05, 0.5, 0.5, 0.4])
    assert not any("off topic" in r for r in on_topic.reasons)
    one = scores_for(star(2), [0.3] * 2, [0.0] * 2, relevance=[0.6, 0.1, 0.25])
    assert "1 of 2 replies drifts off topic." in one.reasons


def test_micro_posts_are_reactions_not_off_topic_replies():
    # "Thanks guys!" shares no words with the post; it is a micro-post, which has its own sentence
    thanks = scores_for(star(3), [0.3, 0.0, 0.0], [0.0, 0.9, 0.9], relevance=[0.6, 0.3, 0.05, 0.1])
    assert not any("off topic" in r for r in thanks.reasons)
    # the worded reply's drift is counted; the micro-posts beside it neither count nor mask it
    drifting = scores_for(star(3), [0.3, 0.0, 0.0], [0.0, 0.9, 0.9], relevance=[0.6, 0.1, 0.9, 0.9])
    assert "1 of 3 replies drifts off topic." in drifting.reasons


def test_a_substantive_answer_in_other_words_is_not_off_topic():
    # "We did last year: p99 latency halved" under "Should we move from REST to gRPC?": cosine 0.19
    answer = scores_for(star(1), [0.9], [0.0], relevance=[0.6, 0.19])
    assert not any("off topic" in r for r in answer.reasons)
    beside_chatter = scores_for(star(2), [0.9, 0.2], [0.0, 0.0], relevance=[0.6, 0.19, 0.1])
    assert "1 of 2 replies drifts off topic." in beside_chatter.reasons


def test_reason_sentences_agree_in_number():
    one = scores_for(star(3), [0.8, 0.1, 0.1], [0.0] * 3, passion=[0.9] * 4)
    assert "1 of 3 replies adds substance." in one.reasons
    two = scores_for(star(3), [0.8, 0.8, 0.1], [0.0] * 3)
    assert "2 of 3 replies add substance." in two.reasons
    alone = Thread(post=Post(id="p", author_id="A"), comments=[Comment(id="c0", author_id="A")])
    assert "Passion runs high across 1 participant." in scores_for(alone, [0.8], [0.0], passion=[0.9, 0.9]).reasons
    assert "Passion runs high across 4 participants." in one.reasons


def test_passion_runs_high_only_well_above_the_usual_liveliness_of_forum_text():
    lively = scores_for(star(3), [0.8, 0.1, 0.1], [0.0] * 3, passion=[0.62] * 4)
    heated = scores_for(star(3), [0.8, 0.1, 0.1], [0.0] * 3, passion=[0.72] * 4)
    assert lively.passion == pytest.approx(0.62) and not any(r.startswith("Passion") for r in lively.reasons)
    assert "Passion runs high across 4 participants." in heated.reasons


def test_an_exchange_argues_with_evidence_only_when_its_substantive_replies_bring_some():
    figures, both = ("figures",), ("figures", "sources")
    argued = scores_for(chain(4), [0.9] * 4, [0.0] * 4, evidence=[(), figures, (), both])
    assert "2 people argue with evidence (figures and sources) over 4 turns." in argued.reasons
    assert "2 people go back and forth over 4 turns." in scores_for(chain(4), [0.9] * 4, [0.0] * 4).reasons
    # A figure in a reply that adds nothing (substance 0.2) does not make the exchange an argument.
    weak = scores_for(chain(4), [0.9, 0.9, 0.2, 0.9], [0.0] * 4, evidence=[(), (), figures, ()])
    assert "2 people go back and forth over 4 turns." in weak.reasons
    # Nor does one in a micro-post: "5%!!" answered in a chain is a reaction.
    micro = scores_for(chain(4), [0.9, 0.9, 0.9, 0.9], [0.0, 0.0, 0.9, 0.0], evidence=[(), (), figures, ()])
    assert not any("evidence" in r for r in micro.reasons)


def test_evidence_and_substance_outside_the_reply_chain_do_not_describe_it():
    # c0..c2 alternate B, A, B and add little; x1 and x2 are top-level replies with figures.
    thread = chain(3)
    thread.comments += [Comment(id="x1", author_id="X"), Comment(id="x2", author_id="Y")]
    s = scores_for(thread, [0.1, 0.2, 0.1, 0.9, 0.9], [0.0] * 5, evidence=[(), (), (), ("figures",), ("links",)])
    assert "2 people trade 3 replies that add little." in s.reasons
    assert "2 of 5 replies add substance." in s.reasons


def test_a_reply_chain_between_three_people_is_described_with_its_people_and_turns():
    authors = "BCDBCD"
    thread = Thread(post=Post(id="p", author_id="A"), comments=[
        Comment(id=f"c{i}", parent_id=f"c{i - 1}" if i else "", author_id=a) for i, a in enumerate(authors)
    ])
    s = scores_for(thread, [0.9] * 6, [0.0] * 6, evidence=[(), ("sources",), (), (), ("links",), ()])
    assert s.reasons[0] == "3 people argue with evidence (links and sources) over 6 turns."


def test_one_figure_in_a_long_argument_does_not_make_it_an_argument_from_evidence():
    one = [()] * 8
    one[5] = ("figures",)
    assert "2 people go back and forth over 8 turns." in scores_for(chain(8), [0.9] * 8, [0.0] * 8, evidence=one).reasons
    two = list(one)
    two[1] = ("sources",)  # 2 of 8 substantive replies: a quarter
    argued = scores_for(chain(8), [0.9] * 8, [0.0] * 8, evidence=two)
    assert "2 people argue with evidence (figures and sources) over 8 turns." in argued.reasons
