"""Every validation error names its field; scraped-data quirks are warnings, not errors."""

from __future__ import annotations

import pytest

from scoring.errors import InvalidInput
from scoring.limits import Limits
from scoring.threads import Comment, Post, Reactions, Thread
from scoring.tree import validate


def thread(*comments: Comment, post: Post | None = None) -> Thread:
    return Thread(id="t", post=post or Post(id="p", author_id="A", text="hello"), comments=list(comments))


def error_of(t: Thread, limits: Limits | None = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        validate(t, limits or Limits())
    return info.value


def test_duplicate_comment_id_names_the_comment():
    err = error_of(thread(Comment(id="a"), Comment(id="b"), Comment(id="a")))
    assert err.field == "thread.comments[2].id"
    assert "'a'" in str(err) and "comments[0]" in str(err)


def test_reply_cycle_names_a_comment_in_it():
    err = error_of(thread(Comment(id="a", parent_id="c"), Comment(id="b", parent_id="a"), Comment(id="c", parent_id="b")))
    assert err.field.endswith(".parent_id")
    assert "cycle" in str(err)


def test_self_reply_is_a_cycle():
    err = error_of(thread(Comment(id="ok"), Comment(id="loop", parent_id="loop")))
    assert err.field == "thread.comments[1].parent_id"
    assert "'loop'" in str(err)


def test_unknown_parent_attaches_to_post_with_a_warning():
    tree = validate(thread(Comment(id="a"), Comment(id="b", parent_id="ghost")), Limits())
    assert tree.depth == [0, 1, 1]
    assert tree.parent == [-1, 0, 0]
    assert len(tree.warnings) == 1 and "'b'" in tree.warnings[0] and "'ghost'" in tree.warnings[0]


def test_parent_id_equal_to_the_post_id_is_a_reply_to_the_post():
    tree = validate(thread(Comment(id="a", parent_id="p")), Limits())
    assert tree.depth == [0, 1] and tree.warnings == []


def test_empty_comment_id_is_rejected():
    assert error_of(thread(Comment(id="a"), Comment(id=""))).field == "thread.comments[1].id"


def test_comment_count_limit():
    err = error_of(thread(*[Comment(id=str(i)) for i in range(4)]), Limits(max_comments_per_thread=3))
    assert err.field == "thread.comments" and "limit of 3" in str(err)


def test_text_length_limit_names_the_text():
    err = error_of(thread(Comment(id="a", text="x" * 11)), Limits(max_text_chars=10))
    assert err.field == "thread.comments[0].text"
    err = error_of(thread(post=Post(id="p", text="y" * 11)), Limits(max_text_chars=10))
    assert err.field == "thread.post.text"


def test_negative_reactions_are_rejected():
    err = error_of(thread(Comment(id="a", reactions=Reactions(likes=-1))))
    assert err.field == "thread.comments[0].reactions.likes"


def test_lone_surrogate_is_rejected():
    assert error_of(thread(Comment(id="a", text="bad \ud800 text"))).field == "thread.comments[0].text"


def test_emoji_empty_and_non_english_texts_are_valid():
    tree = validate(
        thread(Comment(id="a", text="👍🔥🔥"), Comment(id="b", text=""), Comment(id="c", text="مرحبا بالعالم — 你好")),
        Limits(),
    )
    assert tree.size == 4
