"""Grouping texts into batches under a token budget.

Padding is the enemy on a CPU: a batch costs (longest text) x (texts). Sorting by length first
keeps each batch's texts of similar length, and the budget caps that padded cost.
"""

from __future__ import annotations

from collections.abc import Sequence


def token_budget_batches(
    lengths: Sequence[int], max_batch_tokens: int, max_batch_size: int = 256
) -> list[list[int]]:
    """Split indices of `lengths` into batches, shortest texts first.

    Each batch's padded size (its longest text x its number of texts) stays within
    `max_batch_tokens`; a single text longer than the budget forms a batch of its own.
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # Sorted ascending, so the text being added is the longest of the batch so far.
        if current and (lengths[i] * (len(current) + 1) > max_batch_tokens or len(current) >= max_batch_size):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def padding_share(lengths: Sequence[int]) -> float:
    """Share of a padded batch's token slots that hold padding."""
    if not lengths:
        return 0.0
    padded = max(lengths) * len(lengths)
    return 1.0 - sum(lengths) / padded
