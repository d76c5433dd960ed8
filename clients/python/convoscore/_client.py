"""`Client`: the blocking client. `AsyncClient` in _async_client.py is its asyncio twin."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import grpc

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc

from . import _health
from ._base import (
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_TARGET,
    USE_CLIENT_DEFAULT,
    Deadline,
    StreamBook,
    _Settings,
    closed_error,
    merge_batch,
    prepare_batch,
    retry_delay,
    stream_ended_early,
)
from ._config import DEFAULT_RETRY, DEFAULT_TIMEOUT, RetryPolicy, TimeoutTypes, TLSConfig
from ._errors import ConvoscoreError, DeadlineExceededError, from_rpc_error
from ._types import (
    HealthStatus,
    LooseCommentLike,
    ModelInfo,
    ScoreCommentsResult,
    ThreadLike,
    ThreadResult,
    ThreadScore,
    loose_comment_message,
    thread_message,
)

__all__ = ["Client"]

T = TypeVar("T")
_END = object()


class Client:
    """A blocking client of a convoscore server.

    Args:
        target: ``"HOST:PORT"``; a gRPC target such as ``"dns:///scorer.internal:50051"`` (every
            address the name resolves to); or several ``"HOST:PORT"`` as a list or a comma-separated
            string. Calls are spread over all reachable addresses (`load_balancing`).
        timeout: default `Timeout` of each call (a number = seconds, None = no deadline);
            every method also takes ``timeout=`` to override it for one call.
        retry: `RetryPolicy` for UNAVAILABLE and RESOURCE_EXHAUSTED; None = no retries.
        tls: a `TLSConfig` (mutual TLS with client_cert/client_key), True for TLS with the system
            roots, or None/False for plaintext.
        token: a bearer token, sent as ``authorization: Bearer <token>`` metadata on every call.
        metadata: extra ``(key, value)`` metadata sent on every call.
        load_balancing: gRPC load-balancing policy: ``"round_robin"`` (default) or ``"pick_first"``.
        options: extra gRPC channel arguments, e.g. ``[("grpc.keepalive_time_ms", 30000)]``.

    Use it as a context manager, or call `close()`, to close its channel.
    """

    def __init__(
        self,
        target: str | Sequence[str] = DEFAULT_TARGET,
        *,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        tls: TLSConfig | bool | None = None,
        token: str | None = None,
        metadata: Sequence[tuple[str, str]] | None = None,
        load_balancing: str = "round_robin",
        options: Sequence[tuple[str, Any]] | None = None,
    ) -> None:
        self._settings = _Settings(
            target, timeout=timeout, retry=retry, tls=tls, token=token, metadata=metadata,
            load_balancing=load_balancing, options=options,
        )
        s = self._settings
        if s.tls is not None:
            self._channel = grpc.secure_channel(s.target, s.tls.credentials(), options=s.options)
        else:
            self._channel = grpc.insecure_channel(s.target, options=s.options)
        self._stub = pb_grpc.ConversationQualityStub(self._channel)
        self._health = self._channel.unary_unary(
            _health.CHECK_METHOD, request_serializer=lambda b: b, response_deserializer=lambda b: b
        )
        self._closed = False

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def target(self) -> str:
        """The gRPC target the channel connects to."""
        return self._settings.target

    def close(self) -> None:
        """Close the channel; calls in progress are cancelled. Idempotent."""
        if not self._closed:
            self._closed = True
            self._channel.close()

    @property
    def is_closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Client:
        if self._closed:
            raise closed_error()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(target={self.target!r})"

    # -- unary calls with retries -------------------------------------------------------------

    def _call(self, method: Callable[..., T], request: Any, timeout: TimeoutTypes) -> T:
        if self._closed:
            raise closed_error()
        settings = self._settings
        deadline = Deadline(settings.timeout_for(timeout))
        attempt = 0
        while True:
            attempt += 1
            try:
                return method(request, timeout=deadline.attempt_timeout(), metadata=settings.metadata)
            except grpc.RpcError as exc:
                err = from_rpc_error(exc)
                delay = retry_delay(settings.retry, err, attempt, deadline)
                if delay is None or self._closed:
                    raise err from exc
            except ValueError as exc:  # grpc: "Cannot invoke RPC on closed channel!"
                if self._closed:
                    raise closed_error() from exc
                raise
            time.sleep(delay)

    # -- the API --------------------------------------------------------------------------------

    def score_thread(self, thread: ThreadLike, *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT) -> ThreadScore:
        """Score one thread. Raises `InvalidArgumentError` (naming the field) for a bad thread."""
        request = pb.ScoreThreadRequest(thread=thread_message(thread))
        return ThreadScore.from_proto(self._call(self._stub.ScoreThread, request, timeout))

    def score_threads(
        self, threads: Iterable[ThreadLike], *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT
    ) -> list[ThreadResult]:
        """Score a batch in one call: one `ThreadResult` per thread, in order, each holding its
        `score` or its own `error` (a bad thread never fails the others). At most
        `ModelInfo.limits.max_threads_per_request` threads; use `stream` for more."""
        sent, plan = prepare_batch(threads)
        if not sent:
            return merge_batch(plan, pb.ScoreThreadsResponse())
        response = self._call(self._stub.ScoreThreads, pb.ScoreThreadsRequest(threads=sent), timeout)
        return merge_batch(plan, response)

    def score_comments(
        self, comments: Iterable[LooseCommentLike], *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT
    ) -> ScoreCommentsResult:
        """Score loose comments (no reply tree): one `CommentResult` per comment, in order."""
        request = pb.ScoreCommentsRequest(comments=[loose_comment_message(c) for c in comments])
        return ScoreCommentsResult.from_proto(self._call(self._stub.ScoreComments, request, timeout))

    def model_info(self, *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT) -> ModelInfo:
        """The loaded model: version, encoder, backend, score definitions and limits."""
        return ModelInfo.from_proto(self._call(self._stub.GetModelInfo, pb.GetModelInfoRequest(), timeout))

    def health(self, service: str = "", *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT) -> HealthStatus:
        """The server's status from the standard gRPC health service ("" = the whole server)."""
        data = self._call(self._health, _health.serialize_request(service), timeout)
        return HealthStatus(_health.status_name(data))

    def stream(
        self,
        threads: Iterable[ThreadLike],
        *,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        timeout: TimeoutTypes = USE_CLIENT_DEFAULT,
    ) -> Iterator[ThreadResult]:
        """Score any number of threads over one bidirectional stream; yield one `ThreadResult` per
        thread, in input order, as results arrive.

        At most `max_in_flight` threads are sent and unanswered at any time, so a long or endless
        iterable is read lazily. `timeout` bounds the wait for each next result. When the stream
        fails with a retryable code, a new stream is opened and the unanswered threads are sent
        again (per the retry policy). Leaving the loop early cancels the stream.
        """
        book = StreamBook(max_in_flight)
        wait = self._settings.timeout_for(timeout).total
        if self._closed:
            raise closed_error()
        return self._stream(iter(threads), book, wait)

    def _stream(self, source: Iterator[ThreadLike], book: StreamBook, wait: float | None) -> Iterator[ThreadResult]:
        policy = self._settings.retry
        attempt = 0
        while True:
            attempt += 1
            session = _StreamSession(self._stub, self._settings.metadata)
            try:
                for request in book.resend():
                    session.send(request)
                if book.exhausted:
                    session.done_writing()
                while True:
                    yield from book.pop_local_errors()
                    response = session.poll()
                    if response is None and book.can_send():
                        try:
                            item = next(source)
                        except StopIteration:
                            book.exhausted = True
                            session.done_writing()
                            continue
                        request = book.add(item)
                        if request is not None:
                            session.send(request)
                        continue
                    if response is None:
                        if book.done():
                            return
                        response = session.get(wait)
                    if response is _END:
                        if book.done():
                            return
                        raise stream_ended_early()
                    attempt = 0  # progress: a later failure starts a fresh retry count
                    yield book.resolve(response)
            except _StreamFailed as failed:
                err = failed.error
                delay = retry_delay(policy, err, max(attempt, 1), None)
                if delay is None or self._closed:
                    raise err from err.__cause__
            finally:
                session.cancel()
            time.sleep(delay)


class _StreamFailed(Exception):
    def __init__(self, error: ConvoscoreError) -> None:
        super().__init__(str(error))
        self.error = error


class _StreamSession:
    """One StreamScoreThreads call: requests go in through a queue, responses are read by a thread."""

    def __init__(self, stub: pb_grpc.ConversationQualityStub, metadata: Sequence[tuple[str, str]]) -> None:
        self._requests: queue.SimpleQueue = queue.SimpleQueue()
        self._responses: queue.SimpleQueue = queue.SimpleQueue()
        self._half_closed = False
        self._call = stub.StreamScoreThreads(iter(self._requests.get, _END), metadata=metadata)
        self._reader = threading.Thread(target=self._read, name="convoscore-stream-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for response in self._call:
                self._responses.put(response)
            self._responses.put(_END)
        except grpc.RpcError as exc:
            self._responses.put(exc)
        except Exception as exc:  # noqa: BLE001 - surfaced in the caller's thread
            self._responses.put(exc)

    def send(self, request: pb.ScoreThreadRequest) -> None:
        self._requests.put(request)

    def done_writing(self) -> None:
        if not self._half_closed:
            self._half_closed = True
            self._requests.put(_END)

    def _check(self, item: Any) -> Any:
        if isinstance(item, grpc.RpcError):
            raise _StreamFailed(from_rpc_error(item))
        if isinstance(item, BaseException):
            raise item
        return item

    def poll(self) -> Any:
        """The next response if one is ready, else None."""
        try:
            return self._check(self._responses.get_nowait())
        except queue.Empty:
            return None

    def get(self, wait: float | None) -> Any:
        try:
            return self._check(self._responses.get(timeout=wait))
        except queue.Empty:
            self.cancel()
            raise DeadlineExceededError(f"no stream result within {wait}s") from None

    def cancel(self) -> None:
        self.done_writing()  # unblocks gRPC's request-consuming thread
        self._call.cancel()
