"""Validation of a thread and its reply tree.

The tree is held as arrays over nodes: node 0 is the post, node i (i >= 1) is comments[i - 1].
Everything here is iterative, so a 10,000-deep reply chain needs no recursion.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.errors import InvalidInput
from scoring.limits import Limits
from scoring.threads import Reactions, Thread

ROOT = 0


@dataclass
class ReplyTree:
    """The validated reply tree of one thread."""

    parent: list[int]  # parent node of each node; -1 for the post
    depth: list[int]  # 0 for the post
    author: list[str]  # author id of each node ("" = unknown)
    warnings: list[str]

    @property
    def size(self) -> int:
        return len(self.parent)


def check_text(field: str, text: str, limits: Limits) -> None:
    if len(text) > limits.max_text_chars:
        raise InvalidInput(field, f"text has {len(text)} characters, over the limit of {limits.max_text_chars}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(field, "text is not valid Unicode (it holds a lone surrogate)") from None


def _check_reactions(field: str, reactions: Reactions) -> None:
    for name in ("likes", "shares", "other"):
        if getattr(reactions, name) < 0:
            raise InvalidInput(f"{field}.{name}", "must not be negative")


def check_id(field: str, value: str, limits: Limits) -> None:
    if len(value) > limits.max_id_chars:
        raise InvalidInput(field, f"id has {len(value)} characters, over the limit of {limits.max_id_chars}")


def validate(thread: Thread, limits: Limits, prefix: str = "thread") -> ReplyTree:
    """Check `thread` against the contract and `limits`; build its reply tree.

    Raises InvalidInput naming the offending field. A parent id that names no comment is not an
    error: the comment is attached to the post and a warning names it.
    """
    comments = thread.comments
    if len(comments) > limits.max_comments_per_thread:
        raise InvalidInput(
            f"{prefix}.comments",
            f"thread has {len(comments)} comments, over the limit of {limits.max_comments_per_thread}",
        )
    check_id(f"{prefix}.id", thread.id, limits)
    check_id(f"{prefix}.post.id", thread.post.id, limits)
    check_text(f"{prefix}.post.text", thread.post.text, limits)
    _check_reactions(f"{prefix}.post.reactions", thread.post.reactions)
    for name in ("exposure", "engaged_users"):
        value = getattr(thread.post, name)
        if value is not None and value < 0:
            raise InvalidInput(f"{prefix}.post.{name}", "must not be negative")

    index_of: dict[str, int] = {}
    for i, comment in enumerate(comments):
        field = f"{prefix}.comments[{i}]"
        if not comment.id:
            raise InvalidInput(f"{field}.id", "comment id must not be empty")
        check_id(f"{field}.id", comment.id, limits)
        if comment.id in index_of:
            first = index_of[comment.id] - 1
            raise InvalidInput(f"{field}.id", f"duplicate comment id {comment.id!r} (also comments[{first}])")
        index_of[comment.id] = i + 1
        check_text(f"{field}.text", comment.text, limits)
        _check_reactions(f"{field}.reactions", comment.reactions)

    warnings: list[str] = []
    parent = [-1] + [ROOT] * len(comments)
    post_id = thread.post.id
    for i, comment in enumerate(comments):
        pid = comment.parent_id
        if not pid or (pid == post_id and pid not in index_of):
            continue
        if pid not in index_of:
            warnings.append(
                f"comment {comment.id!r} replies to unknown parent {pid!r}; attached to the post"
            )
            continue
        parent[i + 1] = index_of[pid]

    depth = _depths(parent, comments, prefix)
    author = [thread.post.author_id] + [c.author_id for c in comments]
    return ReplyTree(parent=parent, depth=depth, author=author, warnings=warnings)


def _depths(parent: list[int], comments: list, prefix: str) -> list[int]:
    """Depth of every node, walking each unresolved chain once; a cycle is an error."""
    unknown = -1
    depth = [unknown] * len(parent)
    depth[ROOT] = 0
    on_path = [False] * len(parent)
    for start in range(1, len(parent)):
        path = []
        node = start
        while depth[node] == unknown:
            if on_path[node]:
                cid = comments[node - 1].id
                raise InvalidInput(
                    f"{prefix}.comments[{node - 1}].parent_id",
                    f"reply cycle: comment {cid!r} is its own ancestor",
                )
            on_path[node] = True
            path.append(node)
            node = parent[node]
        base = depth[node]
        for offset, n in enumerate(reversed(path), start=1):
            depth[n] = base + offset
            on_path[n] = False
    return depth
