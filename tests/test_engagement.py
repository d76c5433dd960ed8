from __future__ import annotations

import pytest

from scoring.engagement import engagement_metrics
from scoring.threads import Comment, Post, Reactions, Thread


def thread(**post_fields) -> Thread:
    return Thread(
        post=Post(id="p", author_id="A", reactions=Reactions(likes=40, shares=10, other=2), **post_fields),
        comments=[
            Comment(id="c1", author_id="B", reactions=Reactions(likes=3)),
            Comment(id="c2", author_id="C", parent_id="c1", reactions=Reactions(shares=1)),
            Comment(id="c3", author_id="B"),
            Comment(id="c4", author_id="A"),  # the post's author does not count as engaged
        ],
    )


def test_rates_with_known_exposure():
    e = engagement_metrics(thread(exposure=1000))
    assert e.exposure_known
    assert e.engaged_users == 2
    assert e.engagement_rate == pytest.approx(2 / 1000)
    assert e.conversation_rate == pytest.approx(4 / 1000)
    assert e.amplification_rate == pytest.approx(10 / 1000)
    assert e.applause_rate == pytest.approx(40 / 1000)
    assert (e.total_likes, e.total_shares, e.total_other_reactions) == (43, 11, 2)


def test_reported_engaged_users_win_over_commenters():
    e = engagement_metrics(thread(exposure=500, engaged_users=50))
    assert e.engaged_users == 50
    assert e.engagement_rate == pytest.approx(0.1)


@pytest.mark.parametrize("exposure", [None, 0])
def test_unknown_exposure_gives_zero_rates_and_a_flag(exposure):
    e = engagement_metrics(thread(exposure=exposure))
    assert not e.exposure_known
    assert (e.engagement_rate, e.conversation_rate, e.amplification_rate, e.applause_rate) == (0, 0, 0, 0)
    assert e.engaged_users == 2
