"""Draining: SIGTERM to a real `convoscore serve` subprocess under load.

1. 40 ScoreThread calls of 20 long texts and one open stream are in flight; SIGTERM. Every
   accepted call is answered OK (the stream keeps sending after the signal and every thread it sends
   is answered); once health says NOT_SERVING, new calls get UNAVAILABLE, on the old connection and
   on new ones; the process exits 0 before the grace period (30 s) ends.
2. A stream that never ends holds the drain: with --grace-seconds 2 the process still exits 0
   about 2 s after SIGTERM, cutting that stream short (the client gets an error, not a hang).
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections import Counter

import grpc
from server_harness import subprocess_server, wait_until

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc

WORDS = ("when the server drains it answers what it accepted and refuses what comes after so callers "
         "can retry elsewhere without losing a single scored thread").split()
TIMEOUT = 120.0


def request(rng: random.Random, tag: str, n: int, words: int = 40) -> pb.ScoreThreadRequest:
    texts = [f"{tag} {j} " + " ".join(rng.choice(WORDS) for _ in range(words)) for j in range(n)]
    return pb.ScoreThreadRequest(thread=pb.Thread(id=tag, post=pb.Post(id="p", text=texts[0]), comments=[
        pb.Comment(id=f"c{j}", text=t) for j, t in enumerate(texts[1:])]))


class OpenStream:
    """A StreamScoreThreads call fed from a queue, read in a thread."""

    _END = object()

    def __init__(self, stub) -> None:
        self._q: queue.Queue = queue.Queue()
        self.results: list[pb.ThreadResult] = []
        self.error: grpc.RpcError | None = None
        self.sent = 0
        self._call = stub.StreamScoreThreads(iter(self._q.get, self._END), timeout=TIMEOUT)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for r in self._call:
                self.results.append(r)
        except grpc.RpcError as exc:
            self.error = exc

    def send(self, req: pb.ScoreThreadRequest) -> None:
        self.sent += 1
        self._q.put(req)

    def close(self) -> None:
        self._q.put(self._END)

    def join(self, timeout: float) -> None:
        self._reader.join(timeout)
        assert not self._reader.is_alive(), "the stream never ended"


def code_of(fn) -> str:
    try:
        fn()
        return "OK"
    except grpc.RpcError as exc:
        return exc.code().name


def test_sigterm_under_load_answers_every_accepted_call():
    rng = random.Random(8)
    grace = 30.0
    with subprocess_server("--grace-seconds", str(grace), "--log-level", "INFO") as srv:
        channel = srv.channel()
        stub = pb_grpc.ConversationQualityStub(channel)
        stub.ScoreThread(request(rng, "warm", 3), timeout=TIMEOUT)
        futures = [stub.ScoreThread.future(request(rng, f"load{i}", 20), timeout=TIMEOUT) for i in range(40)]
        stream = OpenStream(stub)
        for i in range(3):
            stream.send(request(rng, f"s-before{i}", 3))
        # Accepted = in flight or finished (a fast machine may finish some before the last arrives).
        wait_until(lambda: srv.metric("convoscore_rpcs_in_flight", method="ScoreThread")
                   + srv.metric("convoscore_rpcs_total", method="ScoreThread") == 41
                   and srv.metric("convoscore_rpcs_in_flight", method="StreamScoreThreads") == 1,
                   "40 calls accepted (+ the warm-up call) and the stream open")
        depth_at_signal = srv.metric("convoscore_queue_depth")

        t0 = time.monotonic()
        srv.terminate()
        # The stream was accepted before the signal: it may go on sending.
        for i in range(3):
            stream.send(request(rng, f"s-after{i}", 3))
        health_seen = Counter()

        def not_serving() -> bool:
            try:
                status = srv.health(timeout=2)
            except grpc.RpcError as exc:
                status = exc.code().name
            health_seen[status] += 1
            return status != "SERVING"

        wait_until(not_serving, "health leaves SERVING", 10)
        new_calls = Counter()
        while srv.process.poll() is None and sum(new_calls.values()) < 30:
            new_calls[code_of(lambda: stub.ScoreThread(request(rng, "new", 2), timeout=10))] += 1
            with srv.channel() as fresh:
                new_calls[code_of(lambda: pb_grpc.ConversationQualityStub(fresh).GetModelInfo(
                    pb.GetModelInfoRequest(), timeout=10))] += 1
            if sum(new_calls.values()) == 10:
                stream.close()
            time.sleep(0.05)
        stream.close()

        answered = Counter()
        for f in futures:
            exc = f.exception(timeout=TIMEOUT)
            answered["OK" if exc is None else exc.code().name] += 1
            if exc is None:
                assert len(f.result().comments) == 19
        stream.join(TIMEOUT)
        rc = srv.wait(grace + 30)
        exit_s = time.monotonic() - t0
        channel.close()
        log = srv.stderr_text()

    figures = {
        "accepted before SIGTERM": 40, "answered": dict(answered),
        "stream threads sent / answered OK": [stream.sent, sum(r.WhichOneof("result") == "score" for r in stream.results)],
        "stream error": stream.error and stream.error.code().name,
        "queue depth at SIGTERM": int(depth_at_signal), "health after SIGTERM": dict(health_seen),
        "new calls after NOT_SERVING": dict(new_calls), "exit code": rc,
        "SIGTERM to exit s": round(exit_s, 2), "grace s": grace,
        "lost": 40 - answered["OK"] + stream.sent - len(stream.results),
    }
    print("\nFIGURES drain:", figures)
    assert answered == Counter({"OK": 40})
    assert stream.error is None and [r.index for r in stream.results] == list(range(stream.sent)) and stream.sent == 6
    assert all(r.WhichOneof("result") == "score" for r in stream.results)
    assert sum(new_calls.values()) >= 2 and set(new_calls) == {"UNAVAILABLE"}, new_calls
    assert "SERVING" not in health_seen or health_seen["SERVING"] < sum(health_seen.values())
    assert rc == 0 and exit_s < grace, figures
    assert figures["lost"] == 0
    assert "draining: " in log and "stopped" in log and "grace period over" not in log


def test_grace_period_cuts_a_call_that_never_ends():
    rng = random.Random(9)
    grace = 2.0
    with subprocess_server("--grace-seconds", str(grace), "--log-level", "INFO") as srv:
        stub = srv.stub()
        stream = OpenStream(stub)
        stream.send(request(rng, "endless", 2))
        wait_until(lambda: len(stream.results) == 1, "the first stream result")
        t0 = time.monotonic()
        srv.terminate()
        rc = srv.wait(grace + 30)
        exit_s = time.monotonic() - t0
        stream.join(30)
        log = srv.stderr_text()
    print(f"\nFIGURES grace: exit code {rc}, SIGTERM to exit {exit_s:.2f} s (grace {grace} s), "
          f"open stream ended with {stream.error and stream.error.code().name} after {len(stream.results)} result(s)")
    assert rc == 0
    assert grace - 0.2 <= exit_s < grace + 10  # waited for the grace period, then stopped promptly
    assert stream.error is not None and stream.error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED)
    assert "grace period over: cutting 1 call(s) short" in log
