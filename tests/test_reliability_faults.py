"""Faults inside a real in-process server: inference errors, cancelled and disconnected clients,
expired deadlines. Nothing lost: every admitted text is either computed or dropped.

Fault injection wraps the REAL text model of the running server (the session's fp32 TextModel):
- `TextModel._run` (the torch part of `forward`) raises for any batch that holds a marker text,
  so the error takes the real path: `forward` turns it into a ModelError, the scheduler fails the
  calls of that batch, the interceptor answers INTERNAL;
- or `TextModel.forward` itself raises a non-ModelError (a bug), which the worker's catch-all
  handles.
The wrapper also records every batch (start time, token rows), so each test knows exactly which
calls shared a batch with the fault, and which texts were computed when.

The server has a small batch budget (512 padded tokens, 8 texts, 20 ms wait) so that a few dozen
calls make many batches.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter

import grpc
import pytest
from server_harness import metric_value, running_server, wait_until

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc

WORDS = ("budget committee reviewed the proposal and found several clear problems with the plan "
         "because costs rise while the schedule slips and nobody owns the risk register").split()
TIMEOUT = 120.0


def sentence(rng: random.Random, tag: str, words: int = 8) -> str:
    return f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(words))


def settle(futures, timeout: float = TIMEOUT + 10) -> None:
    """Wait until every grpc future is done (grpc futures are not concurrent.futures)."""
    for f in futures:
        f.exception(timeout=timeout)


@pytest.fixture(scope="module")
def server(text_model_fp32):
    with running_server(text_model=text_model_fp32, max_batch_tokens=512, max_batch_size=8, max_wait_ms=20,
                        max_queue=4096) as srv:
        yield srv


@pytest.fixture(scope="module")
def stub(server):
    return server.stub()


class BatchRecorder:
    """Wraps the model's `_run` (or `forward`): records each batch and raises for poisoned ones."""

    def __init__(self, model, *, poison: set[tuple[int, ...]] = frozenset(), error: type[BaseException] | None = None,
                 message: str = "injected fault: simulated out of memory", delay: float = 0.0,
                 gate: threading.Event | None = None) -> None:
        self.model = model
        self.delay = delay  # injected latency per batch, so that a fast machine still builds a queue
        self.gate = gate  # when given, every batch waits for it (the model "stalls")
        self.poison = set(poison)
        self.error = error
        self.message = message
        self.batches: list[dict] = []
        self.lock = threading.Lock()

    def _record(self, rows: list[tuple[int, ...]]) -> bool:
        failed = any(r in self.poison for r in rows)
        with self.lock:
            self.batches.append({"start": time.monotonic(), "rows": rows, "failed": failed})
        return failed

    def install_run(self, monkeypatch) -> None:
        real = self.model._run

        def run(ids, mask):
            lengths = mask.sum(dim=1).tolist()
            rows = [tuple(ids[i, : int(n)].tolist()) for i, n in enumerate(lengths)]
            if self.gate is not None:
                self.gate.wait(timeout=120)
            if self._record(rows):
                raise RuntimeError(self.message)
            if self.delay:
                time.sleep(self.delay)
            return real(ids, mask)

        monkeypatch.setattr(self.model, "_run", run)

    def install_forward(self, monkeypatch) -> None:
        real = self.model.forward

        def forward(batch):
            if self._record([tuple(e.input_ids) for e in batch]):
                raise self.error(self.message)
            return real(batch)

        monkeypatch.setattr(self.model, "forward", forward)

    def failed_rows(self) -> set[tuple[int, ...]]:
        return {r for b in self.batches if b["failed"] for r in b["rows"]}


def rows_of(model, texts: list[str]) -> list[tuple[int, ...]]:
    return [tuple(e.input_ids) for e in model.tokenize(texts)]


# -- the calls of one wave ----------------------------------------------------------------------------


def make_wave(rng: random.Random, wave: int, poison_at: set[int]) -> list[dict]:
    """24 calls: 18 ScoreThread, 3 ScoreThreads, 3 ScoreComments; `poison_at` = indices of the calls
    that carry one marker text. Every text is unique (no dedupe across calls)."""
    calls = []
    for k in range(24):
        tag = f"w{wave}c{k}"
        marker = f"poison marker {wave} {k} zqx" if k in poison_at else None
        if k < 18:
            texts = [sentence(rng, f"{tag} t{j}") for j in range(3)]
            if marker:
                texts[1] = marker
            req = pb.ScoreThreadRequest(thread=pb.Thread(id=tag, post=pb.Post(id="p", text=texts[0]), comments=[
                pb.Comment(id=f"c{j}", text=t) for j, t in enumerate(texts[1:])]))
            calls.append({"method": "ScoreThread", "request": req, "texts": texts, "marker": marker})
        elif k < 21:
            texts = [sentence(rng, f"{tag} t{j}") for j in range(4)]
            if marker:
                texts[3] = marker
            threads = [pb.Thread(id=f"{tag}-{i}", post=pb.Post(id="p", text=texts[2 * i]),
                                 comments=[pb.Comment(id="c", text=texts[2 * i + 1])]) for i in range(2)]
            calls.append({"method": "ScoreThreads", "request": pb.ScoreThreadsRequest(threads=threads), "texts": texts,
                          "marker": marker})
        else:
            texts = [sentence(rng, f"{tag} t{j}") for j in range(3)]
            if marker:
                texts[0] = marker
            req = pb.ScoreCommentsRequest(comments=[pb.LooseComment(id=tag, text=texts[0], parent_text=texts[1],
                                                                    context_text=texts[2])])
            calls.append({"method": "ScoreComments", "request": req, "texts": texts, "marker": marker})
    return calls


def stream_items(rng: random.Random, wave: int, poison_item: int) -> list[dict]:
    items = []
    for i in range(6):
        texts = [sentence(rng, f"w{wave}s{i} t{j}") for j in range(2)]
        if i == poison_item:
            texts[1] = f"poison marker stream {wave} {i} zqx"
        items.append({"texts": texts, "request": pb.ScoreThreadRequest(thread=pb.Thread(
            id=f"w{wave}s{i}", post=pb.Post(id="p", text=texts[0]), comments=[pb.Comment(id="c", text=texts[1])]))})
    return items


class LogCapture(logging.Handler):
    """Every record of the `convoscore` and `grpc` loggers at DEBUG, formatted with tracebacks."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def __enter__(self) -> "LogCapture":
        self._saved = []
        for name in ("convoscore", "grpc"):
            logger = logging.getLogger(name)
            self._saved.append((logger, logger.level))
            logger.setLevel(logging.DEBUG)
            logger.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for logger, level in self._saved:
            logger.removeHandler(self)
            logger.setLevel(level)

    def text(self) -> str:
        return "\n".join(self.lines)


def test_inference_error_fails_only_its_batch(server, stub, text_model_fp32, monkeypatch):
    """3 waves of 24 concurrent calls + a 6-thread stream, 2 calls and 1 stream item per wave with
    a marker text whose batch raises inside the model. Exactly the calls (and stream items) that had
    a text in a failed batch get INTERNAL with a message; every other call and item is scored; the
    next calls succeed; no comment text reaches the logs (DEBUG)."""
    model = text_model_fp32
    rng = random.Random(1)
    waves = [(make_wave(rng, w, {3 + w, 19 + w}), stream_items(rng, w, w + 1)) for w in range(3)]
    markers = [c["marker"] for calls, _ in waves for c in calls if c["marker"]]
    markers += [item["texts"][1] for _, items in waves for item in items if "poison" in item["texts"][1]]
    recorder = BatchRecorder(model, poison=set(rows_of(model, markers)))
    before = server.scrape()
    recorder.install_run(monkeypatch)
    figures: Counter = Counter()
    every_text: list[str] = []

    with LogCapture() as logs:
        outcomes = []
        for calls, items in waves:
            futures = [getattr(stub, c["method"]).future(c["request"], timeout=TIMEOUT) for c in calls]
            stream_results = list(stub.StreamScoreThreads(iter([it["request"] for it in items]), timeout=TIMEOUT))
            settle(futures)
            outcomes.append((calls, futures, items, stream_results))
            every_text += [t for c in calls for t in c["texts"]] + [t for it in items for t in it["texts"]]
        monkeypatch.undo()  # the fault is gone: the next calls must succeed
        after_calls = [stub.ScoreThread(c["request"], timeout=TIMEOUT) for c in waves[0][0][:3] if c["method"] == "ScoreThread"]

    failed_rows = recorder.failed_rows()
    n_failed_batches = sum(b["failed"] for b in recorder.batches)
    assert n_failed_batches >= 3 and len(recorder.batches) > n_failed_batches
    internal_unary = 0
    for calls, futures, items, stream_results in outcomes:
        for c, f in zip(calls, futures):
            hit = any(r in failed_rows for r in rows_of(model, c["texts"]))
            exc = f.exception()
            if hit:
                assert exc is not None and exc.code() == grpc.StatusCode.INTERNAL, (c["method"], exc)
                assert "model inference failed" in exc.details()
                figures["calls INTERNAL (shared a failed batch)"] += 1
                internal_unary += 1
                figures["  of which carried the marker"] += c["marker"] is not None
            else:
                assert exc is None, (c["method"], c["marker"], exc)
                figures["calls OK"] += 1
            figures["calls sent"] += 1
        assert [r.index for r in stream_results] == list(range(len(items)))
        for it, r in zip(items, stream_results):
            hit = any(row in failed_rows for row in rows_of(model, it["texts"]))
            assert r.WhichOneof("result") == ("error" if hit else "score"), (it["texts"], r)
            if hit:
                assert r.error.code == "INTERNAL" and r.error.message
            figures["stream items " + ("INTERNAL" if hit else "OK")] += 1
    assert figures["  of which carried the marker"] == 6  # each marked call failed
    assert len(after_calls) == 3 and all(len(r.comments) == 2 for r in after_calls)

    text = server.scrape()
    internal_server = sum(
        metric_value(text, "convoscore_rpcs_total", method=m, code="INTERNAL")
        - metric_value(before, "convoscore_rpcs_total", method=m, code="INTERNAL")
        for m in ("ScoreThread", "ScoreThreads", "ScoreComments"))
    assert internal_server == internal_unary  # the server counts exactly the failures the clients saw
    wait_until(lambda: server.metric("convoscore_queue_depth") == 0, "queue empty")
    assert server.health() == "SERVING"
    leaked = [t for t in every_text if t in logs.text()]
    figures["batches"] = len(recorder.batches)
    figures["failed batches"] = n_failed_batches
    figures["log lines (DEBUG)"] = len(logs.lines)
    figures["texts found in logs"] = len(leaked)
    figures["lost"] = figures["calls sent"] - figures["calls OK"] - figures["calls INTERNAL (shared a failed batch)"]
    print("\nFIGURES inference fault:", dict(figures))
    assert logs.lines, "no log line captured: the log check would prove nothing"
    assert not leaked, leaked[:3]
    assert figures["lost"] == 0


def test_unexpected_worker_error_fails_its_batch_and_the_worker_survives(server, stub, text_model_fp32, monkeypatch):
    """A bug (a non-ModelError) raised by TextModel.forward: the calls of that batch get INTERNAL,
    the model worker thread survives, the next calls succeed."""
    model = text_model_fp32
    rng = random.Random(2)
    calls = make_wave(rng, 9, {0, 5})
    recorder = BatchRecorder(model, poison=set(rows_of(model, [c["marker"] for c in calls if c["marker"]])),
                             error=KeyError, message="injected bug")
    recorder.install_forward(monkeypatch)
    futures = [getattr(stub, c["method"]).future(c["request"], timeout=TIMEOUT) for c in calls]
    settle(futures)
    monkeypatch.undo()
    failed_rows = recorder.failed_rows()
    codes = Counter()
    for c, f in zip(calls, futures):
        hit = any(r in failed_rows for r in rows_of(model, c["texts"]))
        exc = f.exception()
        codes["INTERNAL" if exc else "OK"] += 1
        assert (exc is not None and exc.code() == grpc.StatusCode.INTERNAL) if hit else exc is None
    assert server.server.scheduler.worker._thread.is_alive()
    assert len(stub.ScoreThread(calls[1]["request"], timeout=TIMEOUT).comments) == 2
    print(f"\nFIGURES worker bug: sent {len(calls)}, {dict(codes)}, failed batches "
          f"{sum(b['failed'] for b in recorder.batches)} of {len(recorder.batches)}, lost 0")
    assert codes["INTERNAL"] >= 2 and sum(codes.values()) == len(calls)


def test_unexpected_worker_error_does_not_log_its_message(server, stub, text_model_fp32, monkeypatch):
    """An unexpected error whose message quotes the input (as library errors often do) must not
    put that text in the logs. (The worker logged it with log.exception: fixed in b2172d1.)"""
    model = text_model_fp32
    secret = "secret comment text 7731 that must never be logged"
    recorder = BatchRecorder(model, poison=set(rows_of(model, [secret])), error=ValueError,
                             message=f"cannot handle input {secret!r}")
    recorder.install_forward(monkeypatch)
    req = pb.ScoreThreadRequest(thread=pb.Thread(id="s", post=pb.Post(id="p", text="post"),
                                                 comments=[pb.Comment(id="c", text=secret)]))
    with LogCapture() as logs:
        with pytest.raises(grpc.RpcError) as info:
            stub.ScoreThread(req, timeout=TIMEOUT)
    monkeypatch.undo()
    assert info.value.code() == grpc.StatusCode.INTERNAL
    assert logs.lines
    assert secret not in logs.text(), [line[:200] for line in logs.lines if secret in line]


# -- cancelled and disconnected clients --------------------------------------------------------------


def long_thread(rng: random.Random, tag: str, n: int = 20, words: int = 50) -> tuple[pb.ScoreThreadRequest, list[str]]:
    texts = [sentence(rng, f"{tag} t{j}", words) for j in range(n)]
    return pb.ScoreThreadRequest(thread=pb.Thread(id=tag, post=pb.Post(id="p", text=texts[0]), comments=[
        pb.Comment(id=f"c{j}", text=t) for j, t in enumerate(texts[1:])])), texts


def test_cancelled_and_disconnected_calls_leave_nothing_queued(server, text_model_fp32, monkeypatch):
    """24 admitted calls of 20 long texts while the model stalls: 8 kept, 8 cancelled by the client,
    8 whose channel is closed (a disconnect). Kept calls are scored; the queue depth returns to 0;
    every admitted text is either computed or dropped (lost 0); only the kept calls' 160 texts are
    computed (plus at most the batch the stalled worker held). Then streams cancelled and disconnected midway leave the queue empty too."""
    rng = random.Random(3)
    # The model stalls until the cancellations are done, so no call can finish early on any machine.
    gate = threading.Event()
    BatchRecorder(text_model_fp32, gate=gate).install_run(monkeypatch)
    before = server.scrape()
    channels = {kind: server.channel() for kind in ("kept", "cancelled", "disconnected")}
    for ch in channels.values():
        grpc.channel_ready_future(ch).result(timeout=30)
    calls, texts_sent = [], 0
    for kind, ch in channels.items():
        stub = pb_grpc.ConversationQualityStub(ch)
        for k in range(8):
            req, texts = long_thread(rng, f"{kind}{k}")
            calls.append((kind, stub.ScoreThread.future(req, timeout=TIMEOUT)))
            texts_sent += len(texts)
    finished_before = metric_value(before, "convoscore_rpcs_total", method="ScoreThread")
    wait_until(lambda: server.metric("convoscore_rpcs_in_flight", method="ScoreThread")
               + server.metric("convoscore_rpcs_total", method="ScoreThread") - finished_before == 24,
               "all 24 calls admitted", 60)
    for kind, f in calls:
        if kind == "cancelled":
            f.cancel()
    channels["disconnected"].close()
    wait_until(lambda: server.metric("convoscore_rpcs_in_flight", method="ScoreThread") == 8, "16 calls ended")
    gate.set()
    outcome = Counter()
    for kind, f in calls:
        if kind == "kept":
            assert len(f.result(timeout=TIMEOUT).comments) == 19
            outcome["kept: OK"] += 1
        elif kind == "cancelled":
            assert f.cancelled()
            outcome["cancelled by client"] += 1
        else:
            with pytest.raises(grpc.RpcError) as info:
                f.result(timeout=TIMEOUT)
            assert info.value.code() == grpc.StatusCode.CANCELLED
            outcome["disconnected"] += 1
    wait_until(lambda: server.metric("convoscore_queue_depth") == 0 and server.metric("convoscore_rpcs_in_flight") == 0,
               "queue empty and no call in flight")
    after = server.scrape()

    def delta(name, **labels):
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    encoded, dropped = delta("convoscore_texts_encoded_total"), delta("convoscore_dropped_total")
    figures = dict(outcome, calls_sent=24, texts_sent=texts_sent, texts_computed=int(encoded),
                   texts_dropped_cancelled=int(delta("convoscore_dropped_total", reason="cancelled")),
                   texts_lost=int(texts_sent - encoded - dropped), queue_depth=int(server.metric("convoscore_queue_depth")))
    print("\nFIGURES cancel/disconnect:", figures)
    assert sum(outcome.values()) == 24
    assert encoded + dropped == texts_sent  # nothing lost, nothing leaked
    # Only the kept calls' 160 texts were computed, plus at most the one batch (8 texts) the
    # stalled worker already held; all other abandoned work was dropped.
    assert 160 <= encoded <= 168
    assert delta("convoscore_rpcs_total", method="ScoreThread", code="CANCELLED") == 16

    # Streams: one cancelled midway, one whose channel closes midway.
    stream_figures = Counter()
    for how in ("cancel", "disconnect"):
        ch = server.channel()
        stub = pb_grpc.ConversationQualityStub(ch)
        requests = [long_thread(rng, f"s{how}{i}", 10)[0] for i in range(40)]
        call = stub.StreamScoreThreads(iter(requests), timeout=TIMEOUT)
        got = 0
        try:
            for _ in call:
                got += 1
                if got == 3:
                    call.cancel() if how == "cancel" else ch.close()
        except grpc.RpcError as exc:
            assert exc.code() == grpc.StatusCode.CANCELLED
        ch.close()
        stream_figures[f"stream {how}: results before the cut"] = got
        assert 3 <= got < 40
    wait_until(lambda: server.metric("convoscore_queue_depth") == 0 and server.metric("convoscore_rpcs_in_flight") == 0,
               "queue empty after the streams")
    monkeypatch.undo()
    print("FIGURES streams cut:", dict(stream_figures), "queue depth 0, in flight 0")
    assert server.health() == "SERVING"


def test_expired_calls_are_not_computed(server, stub, text_model_fp32, monkeypatch):
    """Behind a 200-long-text call (batches slowed to >= 50 ms), 30 calls with 0.3-1.5 s deadlines. No text is computed in a
    batch that starts after its call's deadline (50 ms slack for the clocks of client and server
    core); calls that expired in the queue were dropped, not computed."""
    model = text_model_fp32
    rng = random.Random(4)
    recorder = BatchRecorder(model, delay=0.05)  # >= 1.5 s for the big call on any machine
    recorder.install_run(monkeypatch)
    before = server.scrape()
    big, big_texts = long_thread(rng, "big", 200, 60)
    fut_big = stub.ScoreThread.future(big, timeout=TIMEOUT)
    wait_until(lambda: server.metric("convoscore_queue_depth") > 0, "the big call queued")
    small = []
    for k in range(30):
        req, texts = long_thread(rng, f"dl{k}", 5, 10)
        timeout = 0.3 + 1.2 * k / 29
        deadline = time.monotonic() + timeout
        small.append((texts, deadline, stub.ScoreThread.future(req, timeout=timeout)))
        time.sleep(0.03)
    assert len(fut_big.result(timeout=TIMEOUT).comments) == 199
    codes = Counter()
    for _, _, f in small:
        exc = f.exception(timeout=TIMEOUT)
        codes["OK" if exc is None else exc.code().name] += 1
    wait_until(lambda: server.metric("convoscore_queue_depth") == 0, "queue empty")
    monkeypatch.undo()

    row_owner = {}
    for i, (texts, deadline, _) in enumerate(small):
        for r in rows_of(model, texts):
            row_owner[r] = i
    late, computed_calls = [], set()
    for b in recorder.batches:
        for r in b["rows"]:
            i = row_owner.get(r)
            if i is None:
                continue
            computed_calls.add(i)
            if b["start"] > small[i][1] + 0.05:
                late.append((i, round(b["start"] - small[i][1], 3)))
    expired = [i for i, (_, _, f) in enumerate(small) if f.exception() is not None]
    never_computed = [i for i in expired if i not in computed_calls]
    dropped = server.metric("convoscore_dropped_total", reason="deadline") - metric_value(
        before, "convoscore_dropped_total", reason="deadline")
    print(f"\nFIGURES deadlines: sent 31, big OK 1, small {dict(codes)}, expired never computed "
          f"{len(never_computed)}, texts dropped (deadline) {int(dropped)}, computed after deadline {len(late)}, lost 0")
    assert not late, late[:5]
    assert set(codes) <= {"OK", "DEADLINE_EXCEEDED"} and sum(codes.values()) == 30
    assert codes["DEADLINE_EXCEEDED"] > 0 and never_computed and dropped > 0
