"""`AsyncClient`: the asyncio twin of `Client`, same methods, awaited."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

import grpc
import grpc.aio

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
from ._errors import ConvoscoreError, DeadlineExceededError, UnavailableError, from_rpc_error
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

__all__ = ["AsyncClient"]

T = TypeVar("T")
_END = object()
_CORE_WRITE_FAILURE = "Internal error from Core"


class AsyncClient:
    """An asyncio client of a convoscore server: the twin of `Client`, with the same arguments and
    methods, each a coroutine (and `stream` an async iterator).

    Use ``async with AsyncClient(...) as client:``, or ``await client.close()``.
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
        # grpc.aio binds a channel to the event loop it is made on, so it is made on first use,
        # inside the loop: the client itself may be created anywhere.
        self._channel: grpc.aio.Channel | None = None
        self._closed = False

    def _open(self) -> None:
        if self._closed:
            raise closed_error()
        if self._channel is not None:
            return
        s = self._settings
        if s.tls is not None:
            self._channel = grpc.aio.secure_channel(s.target, s.tls.credentials(), options=s.options)
        else:
            self._channel = grpc.aio.insecure_channel(s.target, options=s.options)
        self._stub = pb_grpc.ConversationQualityStub(self._channel)
        self._health = self._channel.unary_unary(
            _health.CHECK_METHOD, request_serializer=lambda b: b, response_deserializer=lambda b: b
        )

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def target(self) -> str:
        """The gRPC target the channel connects to."""
        return self._settings.target

    async def close(self) -> None:
        """Close the channel; calls in progress are cancelled. Idempotent."""
        if not self._closed:
            self._closed = True
            if self._channel is not None:
                await self._channel.close()

    aclose = close

    @property
    def is_closed(self) -> bool:
        return self._closed

    async def __aenter__(self) -> AsyncClient:
        self._open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AsyncClient(target={self.target!r})"

    # -- unary calls with retries -------------------------------------------------------------

    async def _call(self, name: str, request: Any, timeout: TimeoutTypes) -> T:
        self._open()
        method: Callable[..., Awaitable[T]] = self._health if name == "Check" else getattr(self._stub, name)
        settings = self._settings
        deadline = Deadline(settings.timeout_for(timeout))
        attempt = 0
        while True:
            attempt += 1
            try:
                return await method(request, timeout=deadline.attempt_timeout(), metadata=settings.metadata)
            except grpc.RpcError as exc:
                err = from_rpc_error(exc)
                if self._closed:
                    raise closed_error() from exc
                delay = retry_delay(settings.retry, err, attempt, deadline)
                if delay is None:
                    raise err from exc
            await asyncio.sleep(delay)

    # -- the API --------------------------------------------------------------------------------

    async def score_thread(self, thread: ThreadLike, *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT) -> ThreadScore:
        """Score one thread. Raises `InvalidArgumentError` (naming the field) for a bad thread."""
        request = pb.ScoreThreadRequest(thread=thread_message(thread))
        return ThreadScore.from_proto(await self._call("ScoreThread", request, timeout))

    async def score_threads(
        self, threads: Iterable[ThreadLike], *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT
    ) -> list[ThreadResult]:
        """Score a batch in one call: one `ThreadResult` per thread, in order (see `Client`)."""
        sent, plan = prepare_batch(threads)
        if not sent:
            return merge_batch(plan, pb.ScoreThreadsResponse())
        response = await self._call("ScoreThreads", pb.ScoreThreadsRequest(threads=sent), timeout)
        return merge_batch(plan, response)

    async def score_comments(
        self, comments: Iterable[LooseCommentLike], *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT
    ) -> ScoreCommentsResult:
        """Score loose comments (no reply tree): one `CommentResult` per comment, in order."""
        request = pb.ScoreCommentsRequest(comments=[loose_comment_message(c) for c in comments])
        return ScoreCommentsResult.from_proto(await self._call("ScoreComments", request, timeout))

    async def model_info(self, *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT) -> ModelInfo:
        """The loaded model: version, encoder, backend, score definitions and limits."""
        return ModelInfo.from_proto(await self._call("GetModelInfo", pb.GetModelInfoRequest(), timeout))

    async def health(self, service: str = "", *, timeout: TimeoutTypes = USE_CLIENT_DEFAULT) -> HealthStatus:
        """The server's status from the standard gRPC health service ("" = the whole server)."""
        data = await self._call("Check", _health.serialize_request(service), timeout)
        return HealthStatus(_health.status_name(data))

    def stream(
        self,
        threads: Iterable[ThreadLike] | AsyncIterable[ThreadLike],
        *,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        timeout: TimeoutTypes = USE_CLIENT_DEFAULT,
    ) -> AsyncIterator[ThreadResult]:
        """Score any number of threads (an iterable or an async iterable) over one bidirectional
        stream; ``async for`` over the returned iterator yields one `ThreadResult` per thread, in
        input order. Same semantics as `Client.stream`."""
        book = StreamBook(max_in_flight)
        wait = self._settings.timeout_for(timeout).total
        if self._closed:
            raise closed_error()
        return self._stream(threads, book, wait)  # opens the channel on first iteration

    async def _stream(
        self, threads: Iterable[ThreadLike] | AsyncIterable[ThreadLike], book: StreamBook, wait: float | None
    ) -> AsyncIterator[ThreadResult]:
        if isinstance(threads, AsyncIterable):
            ait = aiter(threads)

            async def next_item() -> Any:
                return await anext(ait, _END)
        else:
            it = iter(threads)

            async def next_item() -> Any:
                return next(it, _END)

        self._open()
        policy = self._settings.retry
        attempt = 0
        while True:
            attempt += 1
            session = _AsyncStreamSession(self._stub, self._settings.metadata)
            try:
                for request in book.resend():
                    await session.send(request)
                if book.exhausted:
                    await session.done_writing()
                while True:
                    for local in book.pop_local_errors():
                        yield local
                    response = session.poll()
                    if response is None and book.can_send():
                        item = await next_item()
                        if item is _END:
                            book.exhausted = True
                            await session.done_writing()
                            continue
                        request = book.add(item)
                        if request is not None:
                            await session.send(request)
                        continue
                    if response is None:
                        if book.done():
                            return
                        response = await session.get(wait)
                    if response is _END:
                        if book.done():
                            return
                        raise stream_ended_early()
                    attempt = 0
                    yield book.resolve(response)
            except _StreamFailed as failed:
                err = failed.error
                delay = retry_delay(policy, err, max(attempt, 1), None)
                if delay is None or self._closed:
                    raise err from err.__cause__
            finally:
                session.cancel()
            await asyncio.sleep(delay)


class _StreamFailed(Exception):
    def __init__(self, error: ConvoscoreError) -> None:
        super().__init__(str(error))
        self.error = error


class _AsyncStreamSession:
    """One StreamScoreThreads call: written directly, read by a task into a queue."""

    def __init__(self, stub: pb_grpc.ConversationQualityStub, metadata: Sequence[tuple[str, str]]) -> None:
        self._call = stub.StreamScoreThreads(metadata=metadata)
        self._responses: asyncio.Queue = asyncio.Queue()
        self._half_closed = False
        self._broken = False  # a write failed: the call is over, its status comes through the reader
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        try:
            while True:
                response = await self._call.read()
                if response is grpc.aio.EOF:
                    break
                self._responses.put_nowait(response)
            self._responses.put_nowait(_END)
        except grpc.RpcError as exc:
            self._responses.put_nowait(exc)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - surfaced in the consumer
            self._responses.put_nowait(exc)

    async def _io(self, operation: Callable[[], Awaitable[Any]]) -> None:
        """Write or half-close. A failed write is not reported here: gRPC may report a write that
        races with the server's final status as INTERNAL ("Internal error from Core"), while the
        reader gets the true status; the threads of failed writes stay in flight and are sent again
        if the stream is retried."""
        if self._broken:
            return
        try:
            await operation()
        except (grpc.RpcError, asyncio.InvalidStateError):
            self._broken = True

    async def send(self, request: pb.ScoreThreadRequest) -> None:
        await self._io(lambda: self._call.write(request))

    async def done_writing(self) -> None:
        if not self._half_closed:
            self._half_closed = True
            await self._io(self._call.done_writing)

    def _check(self, item: Any) -> Any:
        if isinstance(item, grpc.RpcError):
            err = from_rpc_error(item)
            if self._broken and err.code == "INTERNAL" and err.message == _CORE_WRITE_FAILURE:
                # grpc.aio replaces the server's status by this one when a write races with the
                # end of the call; the stream did break, so report it as such (retryable).
                lost = UnavailableError("the stream ended while the client was sending; its status was lost")
                lost.__cause__ = item
                err = lost
            raise _StreamFailed(err)
        if isinstance(item, BaseException):
            raise item
        return item

    def poll(self) -> Any:
        try:
            return self._check(self._responses.get_nowait())
        except asyncio.QueueEmpty:
            return None

    async def get(self, wait: float | None) -> Any:
        try:
            item = await asyncio.wait_for(self._responses.get(), wait)
        except asyncio.TimeoutError:
            self.cancel()
            raise DeadlineExceededError(f"no stream result within {wait}s") from None
        return self._check(item)

    def cancel(self) -> None:
        self._call.cancel()
        self._reader.cancel()
