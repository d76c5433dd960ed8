"""Input limits of the engine, with their documented defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one thread may hold. Past a limit the thread is rejected with a clear error."""

    # A 10,000-deep reply chain must score; twice that leaves room for big real threads.
    max_comments_per_thread: int = 20_000
    # About 3,000 words; the model reads only the first `max_tokens_per_text` tokens anyway.
    max_text_chars: int = 20_000
    max_threads_per_request: int = 1_000
    max_comments_per_request: int = 50_000
    max_id_chars: int = 256
