"""Exact structural metrics of a reply tree (definitions in the proto's `Structure` message)."""

from __future__ import annotations

from collections import Counter

from scoring.threads import Structure
from scoring.tree import ROOT, ReplyTree


def structure_metrics(tree: ReplyTree) -> Structure:
    n_comments = tree.size - 1
    participants = len({a for a in tree.author if a})
    if n_comments == 0:
        return Structure(participants=participants)
    depths = tree.depth[1:]
    return Structure(
        comment_count=n_comments,
        max_depth=max(depths),
        mean_depth=sum(depths) / n_comments,
        max_width=max(Counter(depths).values()),
        participants=participants,
        reciprocity=reciprocity(tree),
        structural_virality=structural_virality(tree),
        longest_exchange=longest_exchange(tree),
    )


def reciprocity(tree: ReplyTree) -> float:
    """Share of author pairs with a reply between them that have replies both ways."""
    directed: set[tuple[str, str]] = set()
    for node in range(1, tree.size):
        src, dst = tree.author[node], tree.author[tree.parent[node]]
        if src and dst and src != dst:
            directed.add((src, dst))
    pairs = {frozenset(edge) for edge in directed}
    if not pairs:
        return 0.0
    mutual = sum(1 for a, b in (tuple(p) for p in pairs) if (a, b) in directed and (b, a) in directed)
    return mutual / len(pairs)


def structural_virality(tree: ReplyTree) -> float:
    """Mean shortest-path distance over all node pairs (the Wiener index over n choose 2).

    Each edge lies on the path of every pair it separates: size(subtree) * (n - size(subtree)).
    """
    n = tree.size
    if n < 2:
        return 0.0
    size = [1] * n
    # Children have greater depth than parents, so deepest-first accumulates subtree sizes.
    for node in sorted(range(1, n), key=tree.depth.__getitem__, reverse=True):
        size[tree.parent[node]] += size[node]
    wiener = sum(size[node] * (n - size[node]) for node in range(1, n))
    return wiener / (n * (n - 1) / 2)


def longest_exchange(tree: ReplyTree) -> int:
    """Most comments in a parent-to-child chain written alternately by exactly two authors."""
    return len(exchange_chain(tree))


def exchange_chain(tree: ReplyTree) -> list[int]:
    """The nodes of the longest such chain, first comment first ([] for a thread without comments).

    Of chains equally long, the one whose last comment comes first in the thread wins.
    """
    return _longest_chain(tree, alternating=True)


def reply_chain(tree: ReplyTree) -> list[int]:
    """The nodes of the longest parent-to-child chain in which every comment after the first answers
    another known author (any number of people), first comment first; ties as in `exchange_chain`."""
    return _longest_chain(tree, alternating=False)


def _longest_chain(tree: ReplyTree, alternating: bool) -> list[int]:
    if tree.size < 2:
        return []
    run = [0] * tree.size  # length of the chain of comments ending at each node
    for node in sorted(range(1, tree.size), key=tree.depth.__getitem__):
        p = tree.parent[node]
        me, them = tree.author[node], tree.author[p]
        if p == ROOT or not me or not them or me == them:
            run[node] = 1
        elif not alternating or (run[p] >= 2 and tree.author[tree.parent[p]] == me):
            run[node] = run[p] + 1
        else:
            run[node] = 2
    last = max(range(1, tree.size), key=run.__getitem__)
    chain = [last]
    while len(chain) < run[last]:
        chain.append(tree.parent[chain[-1]])
    return chain[::-1]
