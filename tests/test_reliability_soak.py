"""Soak: sustained load at about 70% of capacity against a real `convoscore serve` subprocess.

First the capacity is measured briefly (closed loop, 32 callers, 4 s, the same call mix) and up to
200 calls are sent at once (a burst: see below), then calls arrive open-loop at 70% of it for
CONVOSCORE_SOAK_SECONDS (default 20 s in CI; run e.g.
`CONVOSCORE_SOAK_SECONDS=600 pytest tests/test_reliability_soak.py -s` for a real soak). Every
text is new (no call repeats another), the mix is 80% ScoreThread (2-8 texts), 10% ScoreThreads
(2 threads), 10% ScoreComments (2 comments).

The server runs its default backend (auto: bf16 on a CPU with native bf16, else fp32);
CONVOSCORE_SOAK_BACKEND picks another. The soak runs once (a module fixture); two tests check it:
- no call fails: sent = OK, lost 0, the server's counters agree, the queue ends empty;
- the server's resident memory (VmRSS, sampled every 0.5 s) does not keep growing: the least sample
  of the last quarter of the run is within max(48 MB, 7.5%) of the least of the second quarter (the
  first quarter is warm-up). Every new padded batch shape keeps ~3 MB of oneDNN kernels on bf16;
  `TextModel.forward` rounds shapes up to a bounded set (`padded_shape`), so memory levels off.
  Resident memory also keeps the high-water mark of the largest batches and of the most server
  threads busy at once: a spell of a busy host in the middle of the run (the queue fills, batches
  grow to the token budget) raises it for good, the likeliest cause of a 39-MB reading that once
  failed this test (a 240-s soak without the burst: level at 706-736 MB for 75 s, a spell with 49
  calls outstanding, then level at 747-784 MB for 160 s). The burst before the run sets that mark
  first. Until 2026-12-08 the test compared the quarters' medians against 32 MB (5%); that day 14
  runs on this host, of this code and of the code before it, read the medians' growth from -70 to
  +50 MB (4 above 32 MB, one of them the code before): a large batch holds tens of MB for a second
  or two, and the allocator returns memory to the system and takes it back (a series every 2 s: 652,
  618, 663, 676, 688). A quarter's least sample skips the batches in flight; on 6 of those runs its
  growth read -54 to +27 MB (their medians' -54 to +39). 48 MB still fails a leak of 5 MB/s (about
  0.7 MB a call at this load) within the 20 s; the long soak above is the test for a slow one.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from server_harness import metric_value, rss_mb, subprocess_server

from convoscore.v1 import convoscore_pb2 as pb

SOAK_SECONDS = float(os.environ.get("CONVOSCORE_SOAK_SECONDS", "20"))
# The server's backend: "auto" (its default: bf16 on a CPU with native bf16, else fp32) unless
# CONVOSCORE_SOAK_BACKEND says e.g. fp32.
BACKEND = os.environ.get("CONVOSCORE_SOAK_BACKEND", "auto")
LOAD_SHARE = 0.7
# Calls sent at once before the soak (see `burst`): at most this many, and no more than the
# server answers in BURST_SECONDS at the measured capacity, so that a slow host still answers
# them all well within TIMEOUT.
BURST_CALLS = 200
BURST_SECONDS = 8.0
TIMEOUT = 60.0
WORDS = ("a steady stream of ordinary conversations about software budgets schools weather sport and "
         "politics where people agree disagree ask questions and share experience").split()


class CallMix:
    """Fresh calls of the soak mix; every text is unique."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0
        self.lock = threading.Lock()

    def _text(self) -> str:
        self.n += 1
        return f"#{self.n} " + " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(3, 40)))

    def next(self, stub):
        """(callable returning a future) for the next call."""
        with self.lock:
            roll = self.rng.random()
            if roll < 0.8:
                texts = [self._text() for _ in range(self.rng.randint(2, 8))]
                req = pb.ScoreThreadRequest(thread=pb.Thread(id=f"t{self.n}", post=pb.Post(id="p", text=texts[0]),
                                                             comments=[pb.Comment(id=f"c{j}", text=t) for j, t in enumerate(texts[1:])]))
                return stub.ScoreThread.future, req
            if roll < 0.9:
                threads = [pb.Thread(id=f"t{self.n}-{k}", post=pb.Post(id="p", text=self._text()),
                                     comments=[pb.Comment(id="c", text=self._text())]) for k in range(2)]
                return stub.ScoreThreads.future, pb.ScoreThreadsRequest(threads=threads)
            comments = [pb.LooseComment(id=f"k{k}", text=self._text(), parent_text=self._text()) for k in range(2)]
            return stub.ScoreComments.future, pb.ScoreCommentsRequest(comments=comments)


def capacity(stub, mix: CallMix, seconds: float, workers: int = 32) -> float:
    def worker(_):
        n, end = 0, time.monotonic() + seconds
        while time.monotonic() < end:
            call, req = mix.next(stub)
            call(req, timeout=TIMEOUT).result()
            n += 1
        return n

    t0 = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        total = sum(pool.map(worker, range(workers)))
    return total / (time.monotonic() - t0)


def burst(stub, mix: CallMix, calls: int) -> None:
    """Send `calls` calls at once and wait for them all: the queue fills, batches run at the token
    budget and many server threads are busy at once, which sets the resident memory's high-water
    mark that a spell of a busy host would otherwise set in the middle of the measured run."""
    futures = []
    for _ in range(calls):
        call, req = mix.next(stub)
        futures.append(call(req, timeout=TIMEOUT))
    for f in futures:
        f.result()


@pytest.fixture(scope="module")
def soak() -> dict:
    """Run the soak once; the tests below check its figures."""
    with subprocess_server("--log-level", "WARNING", "--backend", BACKEND) as srv:
        stub = srv.stub()
        mix = CallMix(10)
        capacity(stub, mix, 1.0, 8)  # warm-up
        cap = capacity(stub, mix, 4.0)
        burst(stub, mix, min(BURST_CALLS, int(BURST_SECONDS * cap)))
        rate = LOAD_SHARE * cap
        before = srv.scrape()

        futures, sent_at, done_at = [], [], {}
        rss: list[tuple[float, float]] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                rss.append((time.monotonic(), rss_mb(srv.pid)))
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        t0 = time.monotonic()
        max_outstanding = 0
        while (now := time.monotonic()) < t0 + SOAK_SECONDS:
            due = t0 + len(futures) / rate
            if now < due:
                time.sleep(min(due - now, 0.01))
                continue
            call, req = mix.next(stub)
            i = len(futures)
            sent_at.append(time.monotonic())
            f = call(req, timeout=TIMEOUT)
            f.add_done_callback(lambda _f, i=i: done_at.__setitem__(i, time.monotonic()))
            futures.append(f)
            if i % 50 == 0:
                max_outstanding = max(max_outstanding, sum(not x.done() for x in futures[-500:]))
        codes: Counter = Counter()
        for f in futures:
            exc = f.exception(timeout=TIMEOUT + 10)
            codes["OK" if exc is None else exc.code().name] += 1
        elapsed = time.monotonic() - t0
        time.sleep(0.6)
        stop.set()
        sampler.join()
        after = srv.scrape()
        depth = srv.metric("convoscore_queue_depth")

    latencies = sorted(done_at[i] - sent_at[i] for i in done_at)
    values = [v for _, v in rss]
    q = max(1, len(values) // 4)
    second_quarter, last_quarter = statistics.median(values[q: 2 * q]), statistics.median(values[-q:])
    second_floor, last_floor = min(values[q: 2 * q]), min(values[-q:])
    server_failed = sum(
        metric_value(after, "convoscore_rpcs_total", method=m, code=c) - metric_value(before, "convoscore_rpcs_total", method=m, code=c)
        for m in ("ScoreThread", "ScoreThreads", "ScoreComments")
        for c in ("CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "INTERNAL", "UNAVAILABLE"))
    server_ok = sum(
        metric_value(after, "convoscore_rpcs_total", method=m, code="OK") - metric_value(before, "convoscore_rpcs_total", method=m, code="OK")
        for m in ("ScoreThread", "ScoreThreads", "ScoreComments"))
    figures = {
        "soak s": SOAK_SECONDS, "capacity calls/s": round(cap, 1), "offered calls/s": round(rate, 1),
        "achieved calls/s": round(len(futures) / elapsed, 1), "calls sent": len(futures), "answered": dict(codes),
        "lost": len(futures) - sum(codes.values()), "server OK / failed": [int(server_ok), int(server_failed)],
        "latency p50/p99/max s": [round(latencies[int(p * (len(latencies) - 1))], 3) for p in (0.5, 0.99, 1.0)],
        "max outstanding (sampled)": max_outstanding,
        "rss MB min/q2 median/last-quarter median/max": [round(min(values)), round(second_quarter), round(last_quarter), round(max(values))],
        "rss MB q2 floor/last-quarter floor": [round(second_floor), round(last_floor)],
        "rss samples": len(values), "queue depth at end": int(depth),
    }
    print("\nFIGURES soak:", figures)
    print("  RSS MB every 2 s:", [round(v) for v in values[::4]])
    return dict(figures, codes=codes, calls=len(futures), rate=rate, server_ok=server_ok, server_failed=server_failed,
                depth=depth, q2=second_floor, q4=last_floor)


def test_soak_no_call_fails(soak):
    """Every call of the soak is answered OK (sent = OK, lost 0), the server's counters agree, the
    queue ends empty, and the load was really offered."""
    assert soak["codes"] == Counter({"OK": soak["calls"]}), soak
    assert soak["server_ok"] == soak["calls"] and soak["server_failed"] == 0, soak
    assert soak["depth"] == 0
    assert soak["calls"] >= 0.5 * soak["rate"] * SOAK_SECONDS, soak


def test_soak_memory_does_not_keep_growing(soak):
    """After the first quarter (warm-up), the least RSS of the last quarter is within max(48 MB,
    7.5%) of the second quarter's."""
    growth = soak["q4"] - soak["q2"]
    print(f"\nRSS floor growth from the second to the last quarter: {growth:.0f} MB")
    assert growth < max(48.0, 0.075 * soak["q2"]), soak
