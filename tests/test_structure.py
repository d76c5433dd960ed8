"""Structural metrics on hand-computed trees (definitions: proto `Structure`)."""

from __future__ import annotations

import pytest

from scoring.limits import Limits
from scoring.structure import exchange_chain, reply_chain, structure_metrics
from scoring.threads import Comment, Post, Thread
from scoring.tree import validate


def make(post_author: str, *comments: tuple[str, str, str]) -> Thread:
    """comments: (id, parent_id, author_id)."""
    return Thread(
        id="t",
        post=Post(id="p", author_id=post_author, text="post"),
        comments=[Comment(id=i, parent_id=p, author_id=a, text=f"text {i}") for i, p, a in comments],
    )


def metrics(thread: Thread):
    return structure_metrics(validate(thread, Limits()))


def test_chain_between_two_authors():
    s = metrics(make("A", ("c1", "", "B"), ("c2", "c1", "A"), ("c3", "c2", "B"), ("c4", "c3", "A")))
    assert s.comment_count == 4
    assert (s.max_depth, s.mean_depth, s.max_width) == (4, 2.5, 1)
    assert s.participants == 2
    assert s.reciprocity == 1.0
    # A path of 5 nodes: Wiener index 1*4 + 2*3 + 3*2 + 4*1 = 20 over C(5,2) = 10 pairs.
    assert s.structural_virality == pytest.approx(2.0)
    assert s.longest_exchange == 4


def test_star_of_replies_to_the_post():
    s = metrics(make("A", ("c1", "", "B"), ("c2", "", "C"), ("c3", "", "D"), ("c4", "", "E")))
    assert (s.max_depth, s.mean_depth, s.max_width) == (1, 1.0, 4)
    assert s.participants == 5
    assert s.reciprocity == 0.0  # four one-way pairs (X -> A)
    # Star of 5 nodes: 4 pairs at distance 1, 6 at distance 2: (4 + 12) / 10.
    assert s.structural_virality == pytest.approx(1.6)
    assert s.longest_exchange == 1


def test_two_author_exchange_broken_by_a_third():
    # B, A, B alternate (3 comments); C then answers B, which breaks the alternation.
    s = metrics(make("A", ("c1", "", "B"), ("c2", "c1", "A"), ("c3", "c2", "B"), ("c4", "c3", "C")))
    assert s.longest_exchange == 3
    # Directed: B->A, A->B, B->A, C->B. Pairs {A,B} mutual, {B,C} one-way.
    assert s.reciprocity == pytest.approx(0.5)
    assert s.participants == 3


def test_forest_of_top_level_replies_with_one_nested():
    # post A; c1 B, c2 C, c3 D at depth 1; c4 (A) replies to c2; c5 (C) replies to c4.
    s = metrics(
        make("A", ("c1", "", "B"), ("c2", "", "C"), ("c3", "", "D"), ("c4", "c2", "A"), ("c5", "c4", "C"))
    )
    assert s.comment_count == 5
    assert (s.max_depth, s.max_width) == (3, 3)
    assert s.mean_depth == pytest.approx((1 + 1 + 1 + 2 + 3) / 5)
    assert s.participants == 4
    # Directed: B->A, C->A, D->A, A->C, C->A. Pairs {A,B} {A,C} {A,D}; only {A,C} mutual.
    assert s.reciprocity == pytest.approx(1 / 3)
    # Tree edges (subtree size s, n = 6): c1 1, c2 3, c3 1, c4 2, c5 1 -> s*(n-s) = 5+9+5+8+5 = 32.
    assert s.structural_virality == pytest.approx(32 / 15)
    # c2 (C) -> c4 (A) -> c5 (C): C, A, C.
    assert s.longest_exchange == 3


def test_exchange_chain_names_the_longest_exchange_first_comment_first():
    # Two exchanges: c1 (B) <- c2 (A) <- c3 (B) of 3, and c4 (C) <- c5 (A) of 2; node i is ci.
    tree = validate(make("A", ("c1", "", "B"), ("c2", "c1", "A"), ("c3", "c2", "B"),
                         ("c4", "", "C"), ("c5", "c4", "A")), Limits())
    assert exchange_chain(tree) == [1, 2, 3]
    # C breaks the alternation: B-A and A-C are exchanges of 2; the one that ends first wins.
    broken = validate(make("A", ("c1", "", "B"), ("c2", "c1", "A"), ("c3", "c2", "C")), Limits())
    assert exchange_chain(broken) == [1, 2]
    assert exchange_chain(validate(make("A"), Limits())) == []


def test_reply_chain_follows_replies_between_any_people():
    # B, A, C, B, A each answer someone else: one reply chain of 5, but no two-person exchange over 2.
    tree = validate(make("A", ("c1", "", "B"), ("c2", "c1", "A"), ("c3", "c2", "C"), ("c4", "c3", "B"),
                         ("c5", "c4", "A")), Limits())
    assert reply_chain(tree) == [1, 2, 3, 4, 5]
    assert exchange_chain(tree) == [1, 2]
    # A reply to one's own comment, or by an unknown author, ends the chain; the next starts afresh.
    broken = validate(make("A", ("c1", "", "B"), ("c2", "c1", "C"), ("c3", "c2", "C"), ("c4", "c3", "D"),
                           ("c5", "c4", "")), Limits())
    assert reply_chain(broken) == [1, 2]  # ties with c3-c4; the chain that ends first wins
    assert reply_chain(validate(make("A"), Limits())) == []


def test_self_replies_and_unknown_authors_are_not_exchanges():
    s = metrics(make("A", ("c1", "", "B"), ("c2", "c1", "B"), ("c3", "c2", ""), ("c4", "c3", "C")))
    assert s.longest_exchange == 1
    assert s.participants == 3  # A, B, C; the empty author id is not a participant
    assert s.reciprocity == 0.0  # B->A only: B->B is a self-reply, "" is unknown


def test_thread_without_comments():
    s = metrics(make("A"))
    assert (s.comment_count, s.max_depth, s.mean_depth, s.max_width) == (0, 0, 0.0, 0)
    assert s.participants == 1
    assert (s.reciprocity, s.structural_virality, s.longest_exchange) == (0.0, 0.0, 0)


def test_ten_thousand_deep_chain_needs_no_recursion():
    n = 10_000
    comments = [(f"c{i}", f"c{i - 1}" if i else "", "AB"[i % 2]) for i in range(n)]
    s = metrics(make("P", *comments))
    assert s.max_depth == n
    assert s.max_width == 1
    assert s.longest_exchange == n
    # A path of n + 1 nodes has mean pairwise distance (n + 2) / 3.
    assert s.structural_virality == pytest.approx((n + 2) / 3)
