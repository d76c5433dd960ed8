"""What `Client` and `AsyncClient` share: settings, deadlines, the retry decision, batch bookkeeping."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from convoscore.v1 import convoscore_pb2 as pb

from ._config import (
    RetryPolicy,
    Timeout,
    TimeoutTypes,
    TLSConfig,
    as_timeout,
    as_tls,
    build_target,
    channel_options,
)
from ._errors import ConvoscoreError, DeadlineExceededError, InvalidArgumentError
from ._types import ItemError, ThreadLike, ThreadResult, thread_message

SERVICE_NAME = "convoscore.v1.ConversationQuality"
DEFAULT_TARGET = "127.0.0.1:50051"
DEFAULT_MAX_IN_FLIGHT = 64


class _Default:
    """Marker: "use the client's default" (distinct from None, which means "no deadline")."""

    def __repr__(self) -> str:
        return "USE_CLIENT_DEFAULT"


USE_CLIENT_DEFAULT: Any = _Default()


class _Settings:
    """Validated constructor arguments of a client."""

    def __init__(
        self,
        target: str | Sequence[str],
        *,
        timeout: TimeoutTypes,
        retry: RetryPolicy | None,
        tls: TLSConfig | bool | None,
        token: str | None,
        metadata: Sequence[tuple[str, str]] | None,
        load_balancing: str,
        options: Sequence[tuple[str, Any]] | None,
    ) -> None:
        self.target = build_target(target)
        self.timeout = as_timeout(timeout)
        self.retry = retry if retry is not None else RetryPolicy(max_attempts=1)
        self.tls = as_tls(tls)
        md = [(k.lower(), v) for k, v in (metadata or ())]
        if token is not None:
            if not token or any(c in token for c in "\r\n"):
                raise ValueError("token must be a non-empty string without line breaks")
            md.append(("authorization", f"Bearer {token}"))
        self.metadata: tuple[tuple[str, str], ...] = tuple(md)
        self.options = channel_options(load_balancing, self.tls, options)

    def timeout_for(self, timeout: TimeoutTypes) -> Timeout:
        return self.timeout if timeout is USE_CLIENT_DEFAULT else as_timeout(timeout)


class Deadline:
    """The total deadline of one call and the per-attempt cap."""

    def __init__(self, timeout: Timeout) -> None:
        self.timeout = timeout
        self.at = None if timeout.total is None else time.monotonic() + timeout.total

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def attempt_timeout(self) -> float | None:
        """Seconds for the next attempt; raises DeadlineExceededError when none are left."""
        left = self.remaining()
        if left is not None and left <= 0:
            raise DeadlineExceededError(f"deadline of {self.timeout.total}s exceeded")
        cap = self.timeout.attempt
        if cap is None:
            return left
        return cap if left is None else min(cap, left)


def retry_delay(policy: RetryPolicy, err: ConvoscoreError, attempt: int, deadline: Deadline | None) -> float | None:
    """Seconds to wait before the next attempt, or None when `err` must be raised now.

    `attempt` is the number of the attempt that just failed (1 = the first).
    """
    if attempt >= policy.max_attempts:
        return None
    code = err.code
    if code == "INVALID_ARGUMENT":
        return None
    retryable = code in policy.retry_on
    if code == "DEADLINE_EXCEEDED" and deadline is not None and deadline.timeout.attempt is not None:
        left = deadline.remaining()
        retryable = left is None or left > 0  # the attempt cap ran out, not the call's deadline
    if not retryable:
        return None
    pushback = err._pushback
    if pushback is not None and pushback < 0:
        return None  # the server asked not to retry
    delay = pushback if pushback is not None else policy.backoff(attempt)
    if deadline is not None:
        left = deadline.remaining()
        if left is not None and delay >= left:
            return None
    return delay


def closed_error():
    from ._errors import ClientClosedError

    return ClientClosedError("the client is closed")


# -- batches ----------------------------------------------------------------------------------


def prepare_batch(threads: Iterable[ThreadLike]) -> tuple[list[pb.Thread], list[ThreadResult | int]]:
    """Convert a batch; a thread that cannot even be built becomes its own error, in place.

    Returns the messages to send and a plan: per input position, either the ThreadResult of a local
    error or the position in the sent list.
    """
    sent: list[pb.Thread] = []
    plan: list[ThreadResult | int] = []
    for i, item in enumerate(threads):
        try:
            msg = thread_message(item)
        except InvalidArgumentError as exc:
            plan.append(ThreadResult(index=i, id=_guess_id(item), error=ItemError("INVALID_ARGUMENT", exc.message)))
            continue
        plan.append(len(sent))
        sent.append(msg)
    return sent, plan


def merge_batch(plan: list[ThreadResult | int], response: pb.ScoreThreadsResponse) -> list[ThreadResult]:
    results = list(response.results)
    out: list[ThreadResult] = []
    for i, step in enumerate(plan):
        if isinstance(step, ThreadResult):
            out.append(step)
        elif step < len(results):
            out.append(ThreadResult.from_proto(results[step], index=i))
        else:
            out.append(ThreadResult(index=i, id="", error=ItemError("INTERNAL", "the server returned too few results")))
    return out


def _guess_id(item: Any) -> str:
    try:
        value = item.get("id", "") if hasattr(item, "get") else getattr(item, "id", "")
    except Exception:  # noqa: BLE001
        return ""
    return value if isinstance(value, str) else ""


# -- streams ----------------------------------------------------------------------------------


@dataclass
class _Entry:
    index: int
    id: str
    message: pb.Thread | None  # None = a local error
    error: ItemError | None = None


class StreamBook:
    """Order bookkeeping of a stream: what was sent and awaits a result, and local errors between."""

    def __init__(self, max_in_flight: int, raw: bool = False) -> None:
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be >= 1")
        self.max_in_flight = max_in_flight
        self.pending: deque[_Entry] = deque()
        self.in_flight = 0
        self.next_index = 0
        self.exhausted = False
        self.raw = raw  # resolve() gives (index, pb.ThreadResult) instead of a ThreadResult

    def can_send(self) -> bool:
        return not self.exhausted and self.in_flight < self.max_in_flight

    def add(self, item: Any) -> pb.ScoreThreadRequest | None:
        """Record the next input; return the request to send, or None for a local error."""
        index = self.next_index
        self.next_index += 1
        try:
            msg = thread_message(item)
        except InvalidArgumentError as exc:
            self.pending.append(_Entry(index, _guess_id(item), None, ItemError("INVALID_ARGUMENT", exc.message)))
            return None
        self.pending.append(_Entry(index, msg.id, msg))
        self.in_flight += 1
        return pb.ScoreThreadRequest(thread=msg)

    def pop_local_errors(self) -> list[ThreadResult]:
        out = []
        while self.pending and self.pending[0].message is None:
            e = self.pending.popleft()
            out.append(ThreadResult(index=e.index, id=e.id, error=e.error))
        return out

    def resolve(self, response: pb.ThreadResult) -> Any:
        """Match a server result with the oldest thread in flight (results come in send order)."""
        entry = self.pending.popleft()
        self.in_flight -= 1
        if self.raw:
            return entry.index, response
        return ThreadResult.from_proto(response, index=entry.index)

    def resend(self) -> list[pb.ScoreThreadRequest]:
        """Requests of every thread still in flight, to replay on a new stream after a failure."""
        return [pb.ScoreThreadRequest(thread=e.message) for e in self.pending if e.message is not None]

    def done(self) -> bool:
        return self.exhausted and not self.pending


def stream_ended_early() -> ConvoscoreError:
    from ._errors import InternalError

    return InternalError("the server closed the stream before answering every thread")
