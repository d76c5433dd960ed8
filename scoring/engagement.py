"""Exact engagement metrics of a thread (definitions in the proto's `Engagement` message)."""

from __future__ import annotations

from scoring.threads import Engagement, Thread


def engagement_metrics(thread: Thread) -> Engagement:
    post = thread.post
    if post.engaged_users is not None:
        engaged = post.engaged_users
    else:
        engaged = len({c.author_id for c in thread.comments if c.author_id and c.author_id != post.author_id})
    reactions = [post.reactions] + [c.reactions for c in thread.comments]
    result = Engagement(
        engaged_users=engaged,
        total_likes=sum(r.likes for r in reactions),
        total_shares=sum(r.shares for r in reactions),
        total_other_reactions=sum(r.other for r in reactions),
    )
    exposure = post.exposure or 0
    if exposure > 0:
        result.exposure_known = True
        result.engagement_rate = engaged / exposure
        result.conversation_rate = len(thread.comments) / exposure
        result.amplification_rate = post.reactions.shares / exposure
        result.applause_rate = post.reactions.likes / exposure
    return result
