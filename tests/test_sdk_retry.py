"""Retries, pushback, deadlines and stream bookkeeping of both clients, against a scripted server.

A real server cannot be made to shed load or fail a stream on cue, so these tests run a small
in-process gRPC server whose answers the test scripts (the real server's tests are in
test_sdk_server.py).
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from concurrent import futures

import grpc
import pytest

import convoscore
from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc


class Scripted(pb_grpc.ConversationQualityServicer):
    """Answers from a script: a list of (code, pushback) failures to give before succeeding."""

    def __init__(self) -> None:
        self.failures: list[tuple[grpc.StatusCode, str | None]] = []
        self.calls: list[float] = []
        self.delays: list[float] = []  # seconds to sleep, one per call, before answering
        self.stream_fail_after: list[int] = []  # per stream call: fail with UNAVAILABLE after N results
        self.stream_requests: list[str] = []
        self.max_unanswered = 0
        self.lock = threading.Lock()

    def _gate(self, context) -> None:
        with self.lock:
            self.calls.append(time.monotonic())
            failure = self.failures.pop(0) if self.failures else None
            delay = self.delays.pop(0) if self.delays else 0.0
        if delay:
            time.sleep(delay)
        if failure is not None:
            code, pushback = failure
            if pushback is not None:
                context.set_trailing_metadata((("grpc-retry-pushback-ms", pushback),))
            context.abort(code, f"scripted {code.name}")

    def GetModelInfo(self, request, context):
        self._gate(context)
        return pb.ModelInfo(model_version="scripted")

    def ScoreThread(self, request, context):
        self._gate(context)
        return pb.ThreadScore(id=request.thread.id, quality=0.5)

    def StreamScoreThreads(self, request_iterator, context):
        with self.lock:
            fail_after = self.stream_fail_after.pop(0) if self.stream_fail_after else None
        # Read on a side thread; answer what has arrived once the client pauses for 50 ms, so a
        # client that sent too much would show it in `max_unanswered`.
        inbox: queue.SimpleQueue = queue.SimpleQueue()

        def read():
            try:
                for r in request_iterator:
                    inbox.put(r)
            except grpc.RpcError:  # the call ended (aborted below, or cancelled by the client)
                pass
            inbox.put(None)

        threading.Thread(target=read, daemon=True).start()
        sent = 0
        ended = False
        while not ended:
            batch = [inbox.get()]
            while True:
                try:
                    batch.append(inbox.get(timeout=0.05))
                except queue.Empty:
                    break
            if None in batch:
                batch.remove(None)
                ended = True
            with self.lock:
                self.max_unanswered = max(self.max_unanswered, len(batch))
                self.stream_requests += [r.thread.id for r in batch]
            for r in batch:
                if fail_after is not None and sent >= fail_after:
                    context.abort(grpc.StatusCode.UNAVAILABLE, "scripted stream failure")
                yield pb.ThreadResult(index=sent, id=r.thread.id, score=pb.ThreadScore(id=r.thread.id))
                sent += 1


@pytest.fixture()
def scripted():
    servicer = Scripted()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    pb_grpc.add_ConversationQualityServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    servicer.target = f"127.0.0.1:{port}"
    yield servicer
    server.stop(0)


FAST = convoscore.RetryPolicy(max_attempts=4, initial_backoff=0.05, max_backoff=0.2, jitter=0.1)


def _both(scripted, fn_sync, fn_async, **client_kwargs):
    """Run a scenario with Client and AsyncClient; return both results."""
    with convoscore.Client(scripted.target, **client_kwargs) as client:
        a = fn_sync(client)

    async def run():
        async with convoscore.AsyncClient(scripted.target, **client_kwargs) as client:
            return await fn_async(client)

    return a, asyncio.run(run())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_overload_retried_after_the_servers_pushback(scripted, kind):
    scripted.failures = [(grpc.StatusCode.RESOURCE_EXHAUSTED, "300"), (grpc.StatusCode.RESOURCE_EXHAUSTED, "300")]
    policy = convoscore.RetryPolicy(max_attempts=4, initial_backoff=0.01, jitter=0)
    if kind == "sync":
        with convoscore.Client(scripted.target, retry=policy) as client:
            info = client.model_info()
    else:
        async def run():
            async with convoscore.AsyncClient(scripted.target, retry=policy) as client:
                return await client.model_info()

        info = asyncio.run(run())
    assert info.model_version == "scripted"
    gaps = [b - a for a, b in zip(scripted.calls, scripted.calls[1:])]
    assert len(gaps) == 2 and all(g >= 0.28 for g in gaps), gaps  # 300 ms pushback, not the 10 ms backoff


def test_negative_pushback_means_no_retry(scripted):
    scripted.failures = [(grpc.StatusCode.RESOURCE_EXHAUSTED, "-1")] * 2

    def sync(c):
        with pytest.raises(convoscore.OverloadedError) as info:
            c.model_info()
        return info.value

    async def aio(c):
        with pytest.raises(convoscore.OverloadedError) as info:
            await c.model_info()
        return info.value

    e1, e2 = _both(scripted, sync, aio, retry=FAST)
    assert len(scripted.calls) == 2  # one attempt each
    assert e1.code == e2.code == "RESOURCE_EXHAUSTED"
    assert isinstance(e1.__cause__, grpc.RpcError)


def test_invalid_argument_is_never_retried(scripted):
    scripted.failures = [(grpc.StatusCode.INVALID_ARGUMENT, None)] * 2

    def sync(c):
        with pytest.raises(convoscore.InvalidArgumentError):
            c.score_thread({"id": "t"})

    async def aio(c):
        with pytest.raises(convoscore.InvalidArgumentError):
            await c.score_thread({"id": "t"})

    _both(scripted, sync, aio, retry=FAST)
    assert len(scripted.calls) == 2


def test_unavailable_retried_up_to_max_attempts(scripted):
    scripted.failures = [(grpc.StatusCode.UNAVAILABLE, None)] * 8

    def sync(c):
        with pytest.raises(convoscore.UnavailableError):
            c.model_info()

    async def aio(c):
        with pytest.raises(convoscore.UnavailableError):
            await c.model_info()

    _both(scripted, sync, aio, retry=FAST)
    assert len(scripted.calls) == 2 * FAST.max_attempts


def test_unavailable_then_success(scripted):
    def sync(c):
        scripted.failures = [(grpc.StatusCode.UNAVAILABLE, None)] * 3
        return c.score_thread({"id": "x"})

    async def aio(c):
        scripted.failures = [(grpc.StatusCode.UNAVAILABLE, None)] * 3
        return await c.score_thread({"id": "y"})

    a, b = _both(scripted, sync, aio, retry=FAST)
    assert (a.id, b.id) == ("x", "y")
    assert len(scripted.calls) == 8  # 3 failures + 1 success, twice


def test_no_retry_policy(scripted):
    scripted.failures = [(grpc.StatusCode.UNAVAILABLE, None)]
    with convoscore.Client(scripted.target, retry=None) as client:
        with pytest.raises(convoscore.UnavailableError):
            client.model_info()
    assert len(scripted.calls) == 1


def test_default_timeout_and_per_call_override(scripted):
    scripted.delays = [1.0, 1.0, 0.3]

    def sync(c):
        start = time.monotonic()
        with pytest.raises(convoscore.DeadlineExceededError):
            c.model_info()  # the client's default: 0.2 s
        assert time.monotonic() - start < 0.9
        return c.model_info(timeout=5).model_version  # overridden for one call

    async def aio(c):
        with pytest.raises(TimeoutError):  # DeadlineExceededError is a TimeoutError
            await c.model_info()
        return "-"

    assert _both(scripted, sync, aio, timeout=0.2, retry=FAST) == ("scripted", "-")


def test_attempt_cap_retries_a_slow_attempt(scripted):
    scripted.delays = [1.0]  # the first attempt hangs; the second answers at once
    with convoscore.Client(scripted.target, retry=FAST) as client:
        start = time.monotonic()
        info = client.model_info(timeout=convoscore.Timeout(total=5, attempt=0.3))
    assert info.model_version == "scripted" and time.monotonic() - start < 1.0
    assert len(scripted.calls) == 2


def _threads(n):
    return [{"id": f"t{i}"} for i in range(n)]


def test_stream_keeps_in_flight_bounded(scripted):
    with convoscore.Client(scripted.target) as client:
        ids = [r.id for r in client.stream(_threads(20), max_in_flight=3)]
    assert ids == [f"t{i}" for i in range(20)]
    assert 1 <= scripted.max_unanswered <= 3


def test_async_stream_keeps_in_flight_bounded(scripted):
    async def gen():
        for t in _threads(20):
            yield t

    async def run():
        async with convoscore.AsyncClient(scripted.target) as client:
            return [(r.index, r.id) async for r in client.stream(gen(), max_in_flight=3)]

    assert asyncio.run(run()) == [(i, f"t{i}") for i in range(20)]
    assert 1 <= scripted.max_unanswered <= 3


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_stream_resends_unanswered_threads_after_a_failure(scripted, kind):
    scripted.stream_fail_after = [5, 3]  # two broken streams, then a good one
    inputs = _threads(12)
    inputs[7] = {"id": "t7", "bogus": True}  # a local error keeps its place
    if kind == "sync":
        with convoscore.Client(scripted.target, retry=FAST) as client:
            results = list(client.stream(inputs, max_in_flight=4))
    else:
        async def run():
            async with convoscore.AsyncClient(scripted.target, retry=FAST) as client:
                return [r async for r in client.stream(inputs, max_in_flight=4)]

        results = asyncio.run(run())
    assert [r.index for r in results] == list(range(12))
    assert [r.id for r in results] == [f"t{i}" for i in range(12)]
    assert [r.ok for r in results] == [i != 7 for i in range(12)]
    assert results[7].error.code == "INVALID_ARGUMENT"
    # Every good thread was answered exactly once, though some were sent twice.
    assert set(scripted.stream_requests) == {f"t{i}" for i in range(12) if i != 7}


def test_stream_gives_up_after_max_attempts(scripted):
    scripted.stream_fail_after = [0] * 10
    with convoscore.Client(scripted.target, retry=FAST) as client:
        with pytest.raises(convoscore.UnavailableError):
            list(client.stream(_threads(3)))


def test_leaving_a_stream_early_cancels_it(scripted):
    with convoscore.Client(scripted.target) as client:
        stream = client.stream(iter(_threads(10_000)), max_in_flight=8)
        first = [next(stream) for _ in range(5)]
        stream.close()
        assert [r.id for r in first] == [f"t{i}" for i in range(5)]
        assert client.model_info().model_version == "scripted"  # the channel is still fine
    assert len(scripted.stream_requests) < 100  # the endless input was not drained


def test_async_client_made_outside_the_event_loop(scripted):
    client = convoscore.AsyncClient(scripted.target)  # no running loop here

    async def run():
        async with client:
            info = await client.model_info()
            ids = [r.id async for r in client.stream(_threads(3))]
        with pytest.raises(convoscore.ClientClosedError):
            await client.model_info()
        return info.model_version, ids

    assert asyncio.run(run()) == ("scripted", ["t0", "t1", "t2"])
