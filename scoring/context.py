"""Context signals that need no training: relevance and novelty, from sentence embeddings.

Both read the unit-length all-MiniLM-L6-v2 embeddings of the thread's texts, so a cosine
similarity is a dot product. Texts with no characters at all have no meaning to compare:
an empty comment gets relevance 0 and novelty 0.
"""

from __future__ import annotations

import numpy as np

# Relevance when nothing above a comment has text (e.g. an image post): unknown, neither on nor
# off topic.
UNKNOWN_RELEVANCE = 0.5
# Novelty of comments is computed against earlier texts in blocks, so memory stays
# O(block x nodes) even for a 20,000-comment thread.
_BLOCK = 1024


def relevance(embeddings: np.ndarray, parent: list[int], has_text: list[bool]) -> np.ndarray:
    """Cosine similarity of each node to the nearest ancestor that has text, clipped to 0..1.

    `embeddings` holds one row per node (node 0 = the post); the post's own entry is 0.
    """
    n = len(parent)
    target = [-1] * n  # nearest ancestor with text; parents come before children by depth
    result = np.zeros(n, dtype=np.float32)
    for node in _parents_first(parent):
        p = parent[node]
        if p < 0:
            continue
        target[node] = p if has_text[p] else target[p]
        if not has_text[node]:
            continue
        if target[node] < 0:
            result[node] = UNKNOWN_RELEVANCE
        else:
            result[node] = float(np.clip(embeddings[node] @ embeddings[target[node]], 0.0, 1.0))
    return result


def novelty(embeddings: np.ndarray, order: list[int], has_text: list[bool]) -> np.ndarray:
    """1 - the highest cosine similarity to any earlier text (by `order`), clipped to 0..1.

    `order` lists node indices from earliest to latest; the first text in the thread has
    novelty 1. Nodes without text get 0 and are not compared against.
    """
    n = len(order)
    result = np.zeros(n, dtype=np.float32)
    rank = np.empty(n, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(n)
    texted = np.flatnonzero(np.asarray(has_text, dtype=bool))
    if texted.size == 0:
        return result
    emb = embeddings[texted]
    ranks = rank[texted]
    for start in range(0, texted.size, _BLOCK):
        block = slice(start, start + _BLOCK)
        sims = emb[block] @ emb.T  # (block, texted)
        earlier = ranks[None, :] < ranks[block, None]
        sims = np.where(earlier, sims, -np.inf)
        best = sims.max(axis=1)
        result[texted[block]] = np.where(np.isfinite(best), np.clip(1.0 - best, 0.0, 1.0), 1.0)
    return result


def _parents_first(parent: list[int]) -> list[int]:
    """Node indices ordered so that every parent precedes its children (iterative BFS)."""
    children: list[list[int]] = [[] for _ in parent]
    roots = []
    for node, p in enumerate(parent):
        (children[p] if p >= 0 else roots).append(node)
    order = list(roots)
    for node in order:  # the list grows while it is walked: breadth-first
        order.extend(children[node])
    return order
