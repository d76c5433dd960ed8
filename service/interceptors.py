"""Server interceptors: the one place where exceptions become gRPC status codes, plus auth,
RPC metrics and the access log.

- `RpcInterceptor` wraps every convoscore.v1 method: it refuses calls while the server loads or
  drains (UNAVAILABLE), counts in-flight calls, maps exceptions to status codes (`status_for`),
  records `convoscore_rpcs_total{method,code}` and the latency histogram, and writes one access
  log line per call at DEBUG (method, code, duration, request size, peer, offending field);
  server-side errors (INTERNAL) are logged at ERROR with the exception type and stack frames.
- `AuthInterceptor` checks `authorization: Bearer <token>` metadata with a constant-time
  comparison and answers UNAUTHENTICATED otherwise. Health checks are exempt, so load balancers
  and orchestrators can probe without the token.

Logs carry method names, status codes, field paths, counts, sizes and timings; never comment
text, and never exception messages of unexpected errors (they might quote input).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable

import grpc
import grpc.aio

from scoring.errors import InvalidInput, ModelError, ScoringError
from service.metrics import ServerMetrics
from service.scheduler import DeadlineExpired, Overloaded, SchedulerClosed, exception_frames

log = logging.getLogger("convoscore.rpc")

SERVICE_PREFIX = "/convoscore.v1."
HEALTH_PREFIX = "/grpc.health.v1.Health/"
RETRY_PUSHBACK_KEY = "grpc-retry-pushback-ms"


class NotServing(Exception):
    """The server is loading its model or draining; `reason` is "loading" or "draining"."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "the server is loading its model; retry shortly" if reason == "loading"
            else "the server is shutting down; retry on another instance"
        )
        self.reason = reason


class ServingState:
    """Whether convoscore calls are accepted: "loading" -> "serving" -> "draining"."""

    def __init__(self) -> None:
        self.phase = "loading"
        self.active = 0  # accepted convoscore calls in flight (event-loop thread only)

    def check(self) -> None:
        if self.phase != "serving":
            raise NotServing(self.phase)


def status_for(exc: BaseException) -> tuple[grpc.StatusCode, str, tuple[tuple[str, str], ...]]:
    """The status code, details and trailing metadata that answer `exc`. The one mapping."""
    if isinstance(exc, InvalidInput):
        return grpc.StatusCode.INVALID_ARGUMENT, str(exc), ()
    if isinstance(exc, Overloaded):
        return grpc.StatusCode.RESOURCE_EXHAUSTED, str(exc), ((RETRY_PUSHBACK_KEY, str(exc.retry_after_ms)),)
    if isinstance(exc, (NotServing, SchedulerClosed)):
        return grpc.StatusCode.UNAVAILABLE, str(exc), ()
    if isinstance(exc, DeadlineExpired):
        return grpc.StatusCode.DEADLINE_EXCEEDED, str(exc), ()
    if isinstance(exc, ModelError):
        return grpc.StatusCode.INTERNAL, "model inference failed; the server keeps running, retry may succeed", ()
    if isinstance(exc, ScoringError):
        return grpc.StatusCode.INTERNAL, "scoring failed", ()
    return grpc.StatusCode.INTERNAL, "internal error", ()


def _log_unexpected(method: str, exc: BaseException) -> None:
    # Frames only: an exception's message may quote the input.
    log.error("%s: unexpected %s\n%s", method, type(exc).__name__, exception_frames(exc))


def _request_size(request: object) -> int:
    size = getattr(request, "ByteSize", None)
    return size() if callable(size) else -1


class Undecodable:
    """Stands for a request message that did not parse (e.g. invalid UTF-8 in a string field).

    gRPC answers a failing deserializer with UNKNOWN before any handler runs; the RpcInterceptor
    deserializes leniently instead and answers this with INVALID_ARGUMENT, like any bad input.
    """

    def __init__(self, error: BaseException) -> None:
        self.error_type = type(error).__name__

    def invalid(self) -> InvalidInput:
        return InvalidInput("", "the request is not a valid protobuf message of its type "
                                "(is a string field invalid UTF-8?)")


def _lenient(deserializer: Callable[[bytes], object] | None) -> Callable[[bytes], object] | None:
    if deserializer is None:
        return None

    def deserialize(data: bytes) -> object:
        try:
            return deserializer(data)
        except Exception as exc:  # protobuf's DecodeError and kin
            return Undecodable(exc)

    return deserialize


def _checked(request: object) -> object:
    if isinstance(request, Undecodable):
        raise request.invalid()
    return request


async def _checked_stream(requests):
    async for request in requests:
        yield _checked(request)


def _wrap(handler: grpc.RpcMethodHandler, unary: Callable, streaming: Callable,
          lenient: bool = False) -> grpc.RpcMethodHandler:
    """A copy of `handler` whose behavior is passed through `unary` or `streaming` (for
    response-streaming methods), keeping its serializer; with `lenient`, requests that do not
    parse reach the behavior as `Undecodable`."""
    deserializer = _lenient(handler.request_deserializer) if lenient else handler.request_deserializer
    kw = {"request_deserializer": deserializer, "response_serializer": handler.response_serializer}
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(unary(handler.unary_unary), **kw)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(unary(handler.stream_unary), **kw)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(streaming(handler.unary_stream), **kw)
    return grpc.stream_stream_rpc_method_handler(streaming(handler.stream_stream), **kw)


class _Call:
    """Book-keeping of one RPC: gate, metrics, status mapping, access log."""

    def __init__(self, owner: "RpcInterceptor", method: str, context: grpc.aio.ServicerContext) -> None:
        self.owner, self.method, self.context = owner, method, context
        self.code = "OK"
        self.accepted = False  # passed the gate: counts in ServingState.active
        self.start = time.perf_counter()
        self.size = -1
        self.field = ""  # the offending field of an INVALID_ARGUMENT answer
        self.ended = False

    def begin(self, request: object) -> None:
        self.owner.metrics.in_flight.labels(self.method).inc()
        self.size = _request_size(request)
        try:
            self.owner.state.check()
        except NotServing as exc:
            self.owner.metrics.rejected.labels(exc.reason).inc()
            raise
        self.accepted = True
        self.owner.state.active += 1

    async def fail(self, exc: BaseException) -> None:
        """Answer `exc` with its status code (raises grpc's AbortError, or re-raises)."""
        if isinstance(exc, asyncio.CancelledError):
            remaining = self.context.time_remaining()
            self.code = "DEADLINE_EXCEEDED" if remaining is not None and remaining <= 0 else "CANCELLED"
            raise exc
        if isinstance(exc, grpc.aio.AbortError):  # someone aborted already
            code = self.context.code()
            self.code = code.name if isinstance(code, grpc.StatusCode) else "UNKNOWN"
            raise exc
        code, details, trailers = status_for(exc)
        self.code = code.name
        self.field = getattr(exc, "field", "")
        if code is grpc.StatusCode.INTERNAL:
            if isinstance(exc, ScoringError):
                log.error("%s: %s", self.method, type(exc).__name__)
            else:
                _log_unexpected(self.method, exc)
        # abort() sends the status before it raises, so the call is booked first: a client that
        # scrapes the metrics right after its error then always finds its call counted.
        self.end()
        await self.context.abort(code, details, trailing_metadata=trailers)

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        m = self.owner.metrics
        elapsed = time.perf_counter() - self.start
        if self.accepted:
            self.owner.state.active -= 1
        m.in_flight.labels(self.method).dec()
        m.rpcs.labels(self.method, self.code).inc()
        m.rpc_duration.labels(self.method).observe(elapsed)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("rpc %s code=%s %.1f ms request_bytes=%d peer=%s%s", self.method, self.code, elapsed * 1000,
                      self.size, self.context.peer(), f" field={self.field}" if self.field else "")


class RpcInterceptor(grpc.aio.ServerInterceptor):
    """Gate, status mapping, metrics and access log for every convoscore.v1 method."""

    def __init__(self, state: ServingState, metrics: ServerMetrics) -> None:
        self.state = state
        self.metrics = metrics

    async def intercept_service(
        self, continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        full = handler_call_details.method
        if handler is None or not full.startswith(SERVICE_PREFIX):
            return handler
        method = full.rsplit("/", 1)[-1]
        streamed_requests = handler.request_streaming

        def checked(behavior, request):
            if getattr(behavior, "refuses_all", False):  # AuthInterceptor's refusal comes first
                return request
            return _checked_stream(request) if streamed_requests else _checked(request)

        def unary(behavior):
            async def run(request, context):
                call = _Call(self, method, context)
                try:
                    call.begin(request)
                    return await behavior(checked(behavior, request), context)
                except BaseException as exc:
                    await call.fail(exc)
                finally:
                    call.end()
            return run

        def streaming(behavior):
            async def run(request, context):
                call = _Call(self, method, context)
                try:
                    call.begin(request)
                    async for response in behavior(checked(behavior, request), context):
                        yield response
                except BaseException as exc:
                    if isinstance(exc, GeneratorExit):
                        call.code = "CANCELLED"
                        raise
                    await call.fail(exc)
                finally:
                    call.end()
            return run

        return _wrap(handler, unary, streaming, lenient=True)


class AuthInterceptor(grpc.aio.ServerInterceptor):
    """Requires `authorization: Bearer <token>`; health checks are exempt."""

    def __init__(self, token: str) -> None:
        self._expected = f"Bearer {token}".encode("utf-8")

    def _authorized(self, metadata) -> bool:
        presented = b""
        for key, value in metadata or ():
            if key.lower() == "authorization":
                presented = value if isinstance(value, bytes) else str(value).encode("utf-8")
                break
        # compare_digest's time does not depend on where the strings differ.
        return hmac.compare_digest(presented, self._expected)

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None or handler_call_details.method.startswith(HEALTH_PREFIX):
            return handler
        if self._authorized(handler_call_details.invocation_metadata):
            return handler

        async def deny(request, context):
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or wrong bearer token")

        async def deny_stream(request, context):
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or wrong bearer token")
            yield  # pragma: no cover - makes this an async generator

        deny.refuses_all = deny_stream.refuses_all = True

        return _wrap(handler, lambda _: deny, lambda _: deny_stream)
