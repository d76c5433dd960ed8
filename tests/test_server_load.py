"""Batching, admission, cancellation and deadlines under load, seen through the real /metrics.

One in-process server with a small queue (256 texts) and a small batch budget (1024 padded
tokens), so that a single call of 240 long texts keeps the model busy for dozens of batches.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from server_harness import histogram_buckets, metric_value, running_server

from convoscore.v1 import convoscore_pb2 as pb

MAX_QUEUE = 256
WORDS = ("the data model shows a clear trend across every region we studied in the last quarter and "
         "our team thinks this matters because costs keep rising while output stays flat").split()


def long_text(rng: random.Random, tag: str, words: int = 150) -> str:
    return f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(words))


def thread(tid: str, texts: list[str]) -> pb.ScoreThreadRequest:
    return pb.ScoreThreadRequest(thread=pb.Thread(
        id=tid, platform="forum", post=pb.Post(id="p", text=texts[0]),
        comments=[pb.Comment(id=f"c{i}", text=t) for i, t in enumerate(texts[1:])],
    ))


def wait_until(predicate, what: str, tries: int = 500, pause: float = 0.02) -> None:
    for _ in range(tries):
        if predicate():
            return
        time.sleep(pause)
    raise AssertionError(f"never happened: {what}")


@pytest.fixture(scope="module")
def server(text_model_fp32):
    with running_server(text_model=text_model_fp32, max_queue=MAX_QUEUE, max_batch_tokens=1024,
                        max_batch_size=64, max_wait_ms=20) as srv:
        yield srv


@pytest.fixture(scope="module")
def stub(server):
    return server.stub()


def test_64_concurrent_callers_share_batches(server, stub):
    before = histogram_buckets(server.scrape(), "convoscore_batch_size")

    def caller(k: int) -> int:
        done = 0
        for round_ in range(2):
            texts = [f"caller {k} round {round_} text {j}: a short comment about the topic" for j in range(4)]
            resp = stub.ScoreThread(thread(f"t{k}-{round_}", texts), timeout=120)
            done += len(resp.comments) == 3
        return done

    with ThreadPoolExecutor(64) as pool:
        assert sum(pool.map(caller, range(64))) == 128
    after = histogram_buckets(server.scrape(), "convoscore_batch_size")
    batches = after[float("inf")] - before.get(float("inf"), 0)
    single = after[1.0] - before.get(1.0, 0)
    up_to_one_call = after[4.0] - before.get(4.0, 0)  # one call holds 4 texts
    assert batches - single > 0, "no batch held more than one text"
    assert batches - up_to_one_call > 0, "no batch pooled the texts of several calls"


def test_overload_cancel_and_deadline(server, stub):
    rng = random.Random(7)
    # A fills the queue with ~15 batches of work; C and D queue behind it (the oldest text always
    # goes first), C gets cancelled and D's deadline passes long before A is done.
    big = [long_text(rng, f"big{i}", 60) for i in range(240)]
    before = server.scrape()

    fut_a = stub.ScoreThread.future(thread("A", big), timeout=300)
    wait_until(lambda: server.metric("convoscore_queue_depth") > 0, "call A queued")
    fut_c = stub.ScoreThread.future(thread("C", [f"C text {i} {rng.random()}" for i in range(5)]), timeout=300)
    wait_until(lambda: server.metric("convoscore_rpcs_in_flight", method="ScoreThread") == 2, "C accepted")
    fut_d = stub.ScoreThread.future(thread("D", [f"D text {i} {rng.random()}" for i in range(5)]), timeout=0.5)

    # Overload: 200 more texts do not fit while A's texts wait.
    overflow = pb.ScoreThreadsRequest(threads=[thread("B", [long_text(rng, f"b{i}") for i in range(200)]).thread])
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreThreads(overflow, timeout=30)
    err = info.value
    assert err.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    pushback = dict(err.trailing_metadata() or ()).get("grpc-retry-pushback-ms")
    assert pushback is not None and int(pushback) > 0
    assert server.health() == "SERVING"
    assert server.health("convoscore.v1.ConversationQuality") == "SERVING"

    fut_c.cancel()
    result = fut_a.result()
    assert len(result.comments) == 239
    assert fut_c.cancelled()
    with pytest.raises(grpc.RpcError) as info:
        fut_d.result()
    assert info.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED

    def delta(name: str, **labels) -> float:
        return server.metric(name, **labels) - metric_value(before, name, **labels)

    wait_until(lambda: delta("convoscore_dropped_total") == 10, "C's and D's texts dropped")
    assert delta("convoscore_dropped_total", reason="cancelled") == 5
    assert delta("convoscore_dropped_total", reason="deadline") == 5
    # Only A's 240 texts reached the model; C and D were never computed.
    assert delta("convoscore_texts_encoded_total") == 240
    assert delta("convoscore_comments_scored_total", method="ScoreThread") == 239
    assert delta("convoscore_rpcs_total", method="ScoreThreads", code="RESOURCE_EXHAUSTED") == 1
    assert delta("convoscore_rejected_total", reason="queue_full") == 1
    assert server.metric("convoscore_queue_depth") == 0
    # Still fine afterwards.
    assert len(stub.ScoreThread(thread("E", ["after", "the storm"]), timeout=60).comments) == 1


def test_stream_waits_for_room_instead_of_failing(server, stub):
    """A stream is admitted once; its threads wait for queue room (backpressure), none fails."""
    rng = random.Random(11)
    # 10 threads of 30 texts, all in flight at once (window 32): more than the queue's 256.
    requests = [thread(f"s{i}", [long_text(rng, f"s{i}-{j}", 20) for j in range(30)]) for i in range(10)]
    results = list(stub.StreamScoreThreads(iter(requests), timeout=300))
    assert [r.id for r in results] == [f"s{i}" for i in range(10)]
    assert all(r.WhichOneof("result") == "score" for r in results)


def test_cancelled_stream_is_cleaned_up(server, stub):
    """A client that cancels a stream mid-way leaves nothing behind: no call in flight, no text queued."""
    import threading

    release = threading.Event()
    first_sent = threading.Event()

    def requests():
        yield thread("x0", ["first thread of a stream", "a reply"])
        first_sent.set()
        release.wait(30)  # the client holds the stream open, then cancels it

    def booked() -> dict[str, float]:
        return {c: server.metric("convoscore_rpcs_total", method="StreamScoreThreads", code=c)
                for c in ("OK", "CANCELLED", "UNKNOWN", "INTERNAL", "UNAVAILABLE")}

    before = booked()
    call = stub.StreamScoreThreads(requests(), timeout=60)
    first = next(call)
    assert first.id == "x0" and first.WhichOneof("result") == "score"
    call.cancel()
    release.set()
    wait_until(lambda: server.metric("convoscore_rpcs_in_flight", method="StreamScoreThreads") == 0, "stream ended")
    wait_until(lambda: sum(booked().values()) == sum(before.values()) + 1, "the stream booked once")
    after = booked()
    # Booked as CANCELLED, or as OK where grpc.aio ends the request stream before it cancels the
    # handler: a race in grpc itself (12-15 of 20 client cancels in a bare grpc.aio stream handler
    # ended as a normal end of requests, 2026-11-30; 2 of 38 runs of this test failed when it took
    # CANCELLED alone).
    assert after["CANCELLED"] == before["CANCELLED"] + 1 or after["OK"] == before["OK"] + 1, (before, after)
    assert server.metric("convoscore_queue_depth") == 0
    assert server.health() == "SERVING"
