"""Graceful shutdown and log hygiene.

- In-process: a stop drains (health NOT_SERVING, new calls UNAVAILABLE) while the call already
  accepted is answered.
- Subprocess (`convoscore serve` at DEBUG, default backend): comment text never reaches the log,
  and SIGTERM under load loses no accepted call and exits 0.
"""

from __future__ import annotations

import re
import threading
import time

import grpc
import pytest
from server_harness import running_server, subprocess_server

from convoscore.v1 import convoscore_pb2 as pb

MARKER = "ZQXV-marker-7731"  # must never appear in a log


def thread(tid: str, texts: list[str]) -> pb.Thread:
    return pb.Thread(id=tid, platform="news", post=pb.Post(id="p", text=texts[0]),
                     comments=[pb.Comment(id=f"c{i}", text=t) for i, t in enumerate(texts[1:])])


def wait_until(predicate, what: str, tries: int = 500, pause: float = 0.02) -> None:
    for _ in range(tries):
        if predicate():
            return
        time.sleep(pause)
    raise AssertionError(f"never happened: {what}")


def test_in_process_stop_drains(text_model_fp32):
    with running_server(text_model=text_model_fp32, max_batch_tokens=512, stop_grace=60) as srv:
        stub = srv.stub()
        long_call = stub.ScoreThread.future(
            pb.ScoreThreadRequest(thread=thread("A", [f"text {i} " + " ".join(f"word{j}" for j in range(60)) for i in range(120)])), timeout=300
        )
        wait_until(lambda: srv.metric("convoscore_rpcs_in_flight", method="ScoreThread") == 1, "A accepted")
        stopping = srv.stop_async(grace=60)
        wait_until(lambda: srv.health() == "NOT_SERVING", "health NOT_SERVING while draining")
        with pytest.raises(grpc.RpcError) as info:
            stub.GetModelInfo(pb.GetModelInfoRequest(), timeout=10)
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        assert "shutting down" in info.value.details()
        assert len(long_call.result().comments) == 119  # the accepted call is answered
        stopping.result(timeout=120)


@pytest.fixture(scope="module")
def server():
    with subprocess_server("--log-level", "DEBUG", "--grace-seconds", "60", wait_serving=False) as srv:
        # The port is bound before the model loads: look at the server while it loads.
        srv.while_loading = (srv.health(), _code_and_details(srv))
        srv.wait_serving()
        yield srv


def _code_and_details(srv) -> tuple[str, str]:
    try:
        srv.stub().GetModelInfo(pb.GetModelInfoRequest(), timeout=10)
        return "OK", ""
    except grpc.RpcError as exc:
        return exc.code().name, exc.details()


def test_not_serving_and_unavailable_while_loading(server):
    health, (code, details) = server.while_loading
    assert health == "NOT_SERVING"
    assert code == "UNAVAILABLE" and "loading" in details
    assert server.health() == "SERVING"
    assert server.health("convoscore.v1.ConversationQuality") == "SERVING"


def test_scores_texts_carrying_a_marker(server):
    stub = server.stub()
    texts = [f"{MARKER} post", f"{MARKER} first comment", f"reply {MARKER}", "x" * 10 + MARKER]
    assert len(stub.ScoreThread(pb.ScoreThreadRequest(thread=thread("m1", texts)), timeout=60).comments) == 3
    bad = pb.Thread(id="m2", comments=[pb.Comment(id="d", text=MARKER), pb.Comment(id="d", text=MARKER)])
    resp = stub.ScoreThreads(pb.ScoreThreadsRequest(threads=[thread("m3", texts), bad]), timeout=60)
    assert resp.results[1].error.code == "INVALID_ARGUMENT"
    too_long = pb.Thread(id="m4", post=pb.Post(id="p", text=MARKER * 2000))
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreThread(pb.ScoreThreadRequest(thread=too_long), timeout=60)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    comments = [pb.LooseComment(id="l1", text=MARKER, parent_text=f"{MARKER} parent", context_text=f"{MARKER} ctx")]
    assert stub.ScoreComments(pb.ScoreCommentsRequest(comments=comments), timeout=60).results[0].HasField("score")
    results = list(stub.StreamScoreThreads(iter([pb.ScoreThreadRequest(thread=thread("m5", texts))]), timeout=60))
    assert results[0].HasField("score")


def test_sigterm_under_load_loses_no_accepted_call(server):
    stub = server.stub()
    calls: list[tuple[float, float, str]] = []  # (start, end, code)
    lock = threading.Lock()

    def caller(k: int) -> None:
        for n in range(300):  # bounded
            req = pb.ScoreThreadsRequest(threads=[
                thread(f"{k}-{n}-{j}", [f"{MARKER} caller {k} call {n} thread {j} text {i}" for i in range(8)])
                for j in range(2)
            ])
            start = time.monotonic()
            try:
                stub.ScoreThreads(req, timeout=120)
                code = "OK"
            except grpc.RpcError as exc:
                code = exc.code().name
            with lock:
                calls.append((start, time.monotonic(), code))
            if code != "OK":  # refused while draining, or the server is gone
                return

    workers = [threading.Thread(target=caller, args=(k,)) for k in range(12)]
    for w in workers:
        w.start()
    wait_until(lambda: len(calls) >= 12, "load running", tries=3000)
    sigterm_at = time.monotonic()
    server.terminate()
    assert server.wait(timeout=180) == 0
    for w in workers:
        w.join(timeout=180)
    assert not any(w.is_alive() for w in workers)

    codes = {code for _, _, code in calls}
    assert codes <= {"OK", "UNAVAILABLE"}, codes
    answered_while_draining = [c for c in calls if c[2] == "OK" and c[1] > sigterm_at]
    log = server.stderr_text()
    draining = re.search(r"draining: (\d+) call\(s\) in flight", log)
    assert draining, log[-2000:]
    assert int(draining.group(1)) >= 1
    assert len(answered_while_draining) >= int(draining.group(1))
    assert "code=CANCELLED" not in log and "cutting" not in log
    assert "stopped" in log


def test_no_comment_text_in_logs(server):
    log = server.stderr_text()
    assert re.search(r"listening on 127\.0\.0\.1:\d+", log)
    assert "rpc ScoreThread code=OK" in log
    assert "rpc ScoreThread code=INVALID_ARGUMENT" in log  # errors are logged, by field only
    assert "batch:" in log  # DEBUG batch lines: counts and timings
    assert MARKER not in log
