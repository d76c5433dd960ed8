"""The SDK against REAL convoscore servers on loopback (tests/server_harness.py).

Every method of both clients, per-item errors, no retry on bad input, a retry across a server
restart on the same port, round robin over two servers, TLS, mutual TLS and bearer tokens, the
`convoscore-client score` command against `convoscore score`, and the README example.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from certs import make_certs
from server_harness import running_server, subprocess_server

import convoscore
from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc

REPO = Path(__file__).resolve().parents[1]
SDK_README = REPO / "clients" / "python" / "README.md"
SERVICE = "convoscore.v1.ConversationQuality"
TOL = 1e-4

GOOD = convoscore.Thread(
    id="t1",
    platform="reddit",
    post=convoscore.Post(id="p1", author_id="A", text="Is remote work here to stay?", exposure=1000,
                         reactions=convoscore.Reactions(likes=12, shares=3)),
    comments=[
        convoscore.Comment(id="c1", author_id="B", text="Yes: our output rose after we moved to four remote days."),
        convoscore.Comment(id="c2", parent_id="c1", author_id="A", text="How did you measure output?"),
        convoscore.Comment(id="c3", parent_id="c2", author_id="B", text="Tickets closed per sprint, over two years."),
    ],
)
AS_DICT = {"id": "t2", "platform": "forum", "post": {"text": "Which database for a side project?"},
           "comments": [{"id": "a", "text": "Postgres, with the right indexes."}, {"id": "b", "parent_id": "a", "text": "lol"}]}
# Two comments with one id: the server refuses this thread and names the field.
BAD = {"id": "bad", "post": {"id": "p"}, "comments": [{"id": "x", "text": "one"}, {"id": "x", "text": "two"}]}
# Not even a Thread: the SDK refuses it before any call.
MALFORMED = {"id": "m", "bogus": 1}


@pytest.fixture(scope="module")
def srv(text_model_fp32):
    with running_server(text_model=text_model_fp32) as server:
        yield server


def _rpcs(server, method: str, code: str | None = None) -> float:
    labels = {"method": method} if code is None else {"method": method, "code": code}
    return server.metric("convoscore_rpcs_total", **labels)


def _check_score(score: convoscore.ThreadScore, thread_id: str, n_comments: int) -> None:
    assert isinstance(score, convoscore.ThreadScore)
    assert score.id == thread_id
    assert len(score.comments) == n_comments
    for value in (score.quality, score.depth, score.passion, score.value_added, score.toxicity):
        assert 0.0 <= value <= 1.0
    assert score.model_version
    d = score.to_dict()
    assert d["id"] == thread_id and len(d["comments"]) == n_comments
    assert set(d["structure"]) == {f.name for f in pb.Structure.DESCRIPTOR.fields}


# -- every method, both clients -------------------------------------------------------------------


def test_sync_client_every_method(srv):
    with convoscore.Client(srv.address) as client:
        assert client.health() is convoscore.HealthStatus.SERVING
        assert client.health(SERVICE) == "SERVING"

        info = client.model_info()
        assert info.model_version and info.backend == "cpu-fp32"
        assert info.limits.max_threads_per_request > 0 and info.scores

        score = client.score_thread(GOOD)
        _check_score(score, "t1", 3)
        assert score.structure.max_depth == 3 and score.structure.comment_count == 3
        assert score.engagement.exposure_known and score.engagement.total_likes == 12
        assert [c.id for c in score.comments] == ["c1", "c2", "c3"]
        assert score.comments[2].depth == 3
        _check_score(client.score_thread(AS_DICT), "t2", 2)

        batch = client.score_threads([GOOD, BAD, MALFORMED, AS_DICT])
        assert [r.index for r in batch] == [0, 1, 2, 3]
        assert [r.ok for r in batch] == [True, False, False, True]
        assert batch[0].score.id == "t1" and batch[3].score.id == "t2"
        assert batch[1].id == "bad" and batch[1].error.code == "INVALID_ARGUMENT"
        assert "comments[1]" in batch[1].error.field and batch[1].error.message
        assert batch[2].error.code == "INVALID_ARGUMENT" and "bogus" in batch[2].error.message
        with pytest.raises(convoscore.InvalidArgumentError):
            batch[1].unwrap()

        threads = [dict(AS_DICT, id=f"s{i}") for i in range(25)]
        threads[7] = dict(BAD, id="bad7")
        threads[11] = MALFORMED
        results = list(client.stream(iter(threads), max_in_flight=4))
        assert [r.index for r in results] == list(range(25))
        assert [r.ok for r in results] == [i not in (7, 11) for i in range(25)]
        assert [r.id for r in results if r.ok] == [f"s{i}" for i in range(25) if i not in (7, 11)]
        assert results[7].error.code == "INVALID_ARGUMENT" and results[7].id == "bad7"

        comments = client.score_comments([
            convoscore.LooseComment(id="l1", text="Use a queue with backpressure.", parent_text="How do I avoid overload?"),
            {"id": "l2", "text": "+1"},
        ])
        assert [r.id for r in comments] == ["l1", "l2"] and all(r.ok for r in comments)
        assert comments.model_version == info.model_version
        assert 0 <= comments[0].score.relevance <= 1
        assert [r.score.other_language for r in comments] == ["", ""]
        (french,) = client.score_comments([{"id": "fr", "text": "Je pense que cette décision est une erreur."}])
        assert french.score.other_language == "fr"
        (spam,) = client.score_comments([{"id": "spam", "text": "so true " * 40}])
        assert spam.score.repeated_copies == 40 and [r.score.repeated_copies for r in comments] == [0, 0]
        asked = "How do I avoid overload when every client retries at once?"
        (quoting,) = client.score_comments([{"id": "q", "text": f"> {asked}\n\nJittered backoff.", "parent_text": asked}])
        assert quoting.score.quoted_chars == len(asked) + 3 and [r.score.quoted_chars for r in comments] == [0, 0]


def test_health_of_an_unknown_service(srv):
    with convoscore.Client(srv.address) as client:
        with pytest.raises(convoscore.ConvoscoreError) as info:
            client.health("no.such.Service")
    assert info.value.code == "NOT_FOUND"


def test_async_client_every_method(srv):
    async def run():
        async with convoscore.AsyncClient(srv.address) as client:
            assert await client.health() == "SERVING"
            info = await client.model_info()
            score = await client.score_thread(GOOD)
            batch = await client.score_threads([GOOD, BAD, AS_DICT])

            async def source():
                for i in range(12):
                    yield BAD if i == 5 else dict(AS_DICT, id=f"a{i}")

            streamed = [r async for r in client.stream(source(), max_in_flight=3)]
            comments = await client.score_comments([{"id": "l1", "text": "Because the cache was cold."}])
            with pytest.raises(convoscore.InvalidArgumentError) as bad:
                await client.score_thread(BAD)
            return info, score, batch, streamed, comments, bad.value

    info, score, batch, streamed, comments, bad = asyncio.run(run())
    assert info.backend == "cpu-fp32"
    _check_score(score, "t1", 3)
    assert [r.ok for r in batch] == [True, False, True]
    assert [r.index for r in streamed] == list(range(12))
    assert [r.ok for r in streamed] == [i != 5 for i in range(12)]
    assert comments[0].ok and comments[0].id == "l1"
    assert bad.field and "comments[1]" in bad.field


def test_long_streams_with_the_default_window(srv):
    """More threads than the server's stream window and the client's max_in_flight, both clients."""
    threads = [{"id": f"w{i}", "post": {"text": f"post {i}"}, "comments": [{"id": "c", "text": f"reply {i % 7}"}]}
               for i in range(150)]
    with convoscore.Client(srv.address) as client:
        assert [r.id for r in client.stream(threads) if r.ok] == [t["id"] for t in threads]

    async def run():
        async with convoscore.AsyncClient(srv.address) as client:
            return [r.id async for r in client.stream(threads, max_in_flight=200)]

    assert asyncio.run(run()) == [t["id"] for t in threads]


def test_sdk_results_equal_the_raw_stub(srv):
    with convoscore.Client(srv.address) as client, srv.channel() as channel:
        stub = pb_grpc.ConversationQualityStub(channel)
        raw = stub.ScoreThread(pb.ScoreThreadRequest(thread=GOOD.to_proto()), timeout=60)
        typed = client.score_thread(GOOD)
    assert typed == convoscore.ThreadScore.from_proto(raw)
    assert typed.to_proto() == raw
    for a, b in zip(typed.comments, raw.comments):
        assert math.isclose(a.substance, b.substance) and math.isclose(a.novelty, b.novelty)


def test_per_call_timeout(srv):
    with convoscore.Client(srv.address, timeout=60) as client:
        with pytest.raises(convoscore.DeadlineExceededError):
            client.score_thread(GOOD, timeout=0.0005)
        assert client.score_thread(GOOD, timeout=60).id == "t1"


def test_bad_input_is_not_retried(srv):
    before = _rpcs(srv, "ScoreThread", "INVALID_ARGUMENT")
    with convoscore.Client(srv.address, retry=convoscore.RetryPolicy(max_attempts=5, initial_backoff=0.01)) as client:
        with pytest.raises(convoscore.InvalidArgumentError) as info:
            client.score_thread(BAD)
    assert info.value.code == "INVALID_ARGUMENT" and info.value.status.name == "INVALID_ARGUMENT"
    assert "comments[1]" in info.value.message
    assert _rpcs(srv, "ScoreThread", "INVALID_ARGUMENT") - before == 1  # one attempt, not five


def _big(k: int) -> dict:
    return {"id": f"big{k}", "post": {"text": "p"},
            "comments": [{"id": f"c{i}", "text": f"comment {i} of thread {k}"} for i in range(6)]}


def test_overload_is_retried_after_the_servers_pushback(text_model_fp32):
    """A server with a tiny queue sheds most of 30 concurrent calls (RESOURCE_EXHAUSTED with
    grpc-retry-pushback-ms); with retries every call succeeds."""

    async def burst(address, retry):
        async with convoscore.AsyncClient(address, retry=retry, timeout=120) as client:
            return await asyncio.gather(*(client.score_thread(_big(k)) for k in range(30)), return_exceptions=True)

    with running_server(text_model=text_model_fp32, max_queue=8) as srv:
        shed = [r for r in asyncio.run(burst(srv.address, None)) if isinstance(r, Exception)]
        assert shed, "the burst should overload a queue of 8 texts"
        assert all(isinstance(e, convoscore.OverloadedError) for e in shed), shed
        assert all(e.code == "RESOURCE_EXHAUSTED" and e.retry_after and e.retry_after > 0 for e in shed)

        rejected = srv.metric("convoscore_rejected_total")
        patient = convoscore.RetryPolicy(max_attempts=100, initial_backoff=0.05, max_backoff=0.5)
        results = asyncio.run(burst(srv.address, patient))
        assert [r.id for r in results] == [f"big{k}" for k in range(30)]  # no exception among them
        assert srv.metric("convoscore_rejected_total") > rejected  # some attempts were shed and retried

        from concurrent.futures import ThreadPoolExecutor

        with convoscore.Client(srv.address, retry=patient, timeout=120) as client, ThreadPoolExecutor(12) as pool:
            ids = list(pool.map(lambda k: client.score_thread(_big(k)).id, range(24)))
        assert ids == [f"big{k}" for k in range(24)]


def test_dns_target(srv):
    with convoscore.Client(f"dns:///localhost:{srv.port}") as client:
        assert client.health() == "SERVING"
        assert client.score_thread(AS_DICT).id == "t2"


# -- retry across a restart -------------------------------------------------------------------------


def test_retry_succeeds_after_the_server_restarts():
    """A server process stops; another starts on the same port; a call made in between succeeds."""
    patient = convoscore.RetryPolicy(max_attempts=1000, initial_backoff=0.1, max_backoff=1.0)
    with subprocess_server() as first:
        port = first.port
        client = convoscore.Client(first.address, retry=patient, timeout=240)
        try:
            assert client.score_thread(GOOD).id == "t1"
            first.terminate()
            assert first.wait(60) == 0
            with convoscore.Client(first.address, retry=None, timeout=10) as impatient:
                with pytest.raises(convoscore.UnavailableError):
                    impatient.model_info()

            second_server: list = []
            release = threading.Event()
            failure: list[BaseException] = []

            def restart() -> None:
                try:
                    time.sleep(1.0)  # the call below starts while nothing listens
                    with subprocess_server("--port", str(port)) as second:
                        second_server.append(second)
                        release.wait(300)
                except BaseException as exc:  # noqa: BLE001 - reported below
                    failure.append(exc)
                    release.set()

            restarter = threading.Thread(target=restart, daemon=True)
            restarter.start()
            try:
                start = time.monotonic()
                score = client.score_thread(GOOD)  # UNAVAILABLE (no listener, then loading) ... OK
                elapsed = time.monotonic() - start
                assert not failure, failure
                assert score.id == "t1" and elapsed >= 1.0
                second = second_server[0]
                assert second.port == port
                assert _rpcs(second, "ScoreThread", "OK") == 1
            finally:
                release.set()
                restarter.join(120)
        finally:
            client.close()


# -- round robin -------------------------------------------------------------------------------------


def test_round_robin_over_two_servers(text_model_fp32):
    with running_server(text_model=text_model_fp32) as a, running_server(text_model=text_model_fp32) as b:
        for target in ([a.address, b.address], f"{a.address},{b.address}"):
            before = (_rpcs(a, "GetModelInfo"), _rpcs(b, "GetModelInfo"))
            with convoscore.Client(target) as client:
                client.health()
                time.sleep(0.5)  # round_robin connects to every address; let both get READY
                for _ in range(40):
                    client.model_info()
            counts = (_rpcs(a, "GetModelInfo") - before[0], _rpcs(b, "GetModelInfo") - before[1])
            assert sum(counts) == 40
            assert min(counts) >= 10, counts  # both replicas share the load

        async def run():
            async with convoscore.AsyncClient([a.address, b.address]) as client:
                await client.health()
                await asyncio.sleep(0.5)
                await asyncio.gather(*(client.model_info() for _ in range(40)))

        before = (_rpcs(a, "GetModelInfo"), _rpcs(b, "GetModelInfo"))
        asyncio.run(run())
        counts = (_rpcs(a, "GetModelInfo") - before[0], _rpcs(b, "GetModelInfo") - before[1])
        assert sum(counts) == 40 and min(counts) >= 10, counts

        # A replica that stops is skipped: calls keep succeeding on the other.
        with convoscore.Client([a.address, b.address]) as client:
            client.model_info()
            b.stop(0.1)
            for _ in range(10):
                assert client.score_thread(AS_DICT).id == "t2"


def test_round_robin_over_two_server_processes():
    """Two `convoscore serve` processes behind one client: both serve calls."""
    with subprocess_server("--backend", "fp32") as a, subprocess_server("--backend", "fp32") as b:
        with convoscore.Client([a.address, b.address]) as client:
            client.health()
            time.sleep(0.5)  # round_robin connects to every address; let both get READY
            results = [client.score_thread(AS_DICT) for _ in range(20)]
        assert all(r.id == "t2" for r in results)
        counts = (_rpcs(a, "ScoreThread", "OK"), _rpcs(b, "ScoreThread", "OK"))
        assert sum(counts) == 20 and min(counts) >= 5, counts


# -- TLS, mutual TLS, tokens ----------------------------------------------------------------------------


def test_tls_and_bearer_token(text_model_fp32, tmp_path):
    certs = make_certs(tmp_path)
    with running_server(text_model=text_model_fp32, tls_cert=str(certs.server_cert), tls_key=str(certs.server_key),
                        auth_token="s3cret-token") as srv:
        tls = convoscore.TLSConfig(ca_cert=certs.ca_cert)
        with convoscore.Client(srv.address, tls=tls, token="s3cret-token") as client:
            assert client.score_thread(GOOD).id == "t1"
        # PEM bytes work too, and a host name checked through server_name.
        tls_bytes = convoscore.TLSConfig(ca_cert=certs.ca_cert.read_bytes(), server_name="localhost")
        with convoscore.Client(f"localhost:{srv.port}", tls=tls_bytes, token="s3cret-token") as client:
            assert client.model_info().model_version

        with convoscore.Client(srv.address, tls=tls, retry=None) as anonymous:
            assert anonymous.health() == "SERVING"  # health is exempt from the token
            with pytest.raises(convoscore.UnauthenticatedError):
                anonymous.score_thread(GOOD)
        with convoscore.Client(srv.address, tls=tls, token="wrong", retry=None) as wrong:
            with pytest.raises(convoscore.UnauthenticatedError) as info:
                wrong.model_info()
        assert info.value.code == "UNAUTHENTICATED"

        async def run():
            async with convoscore.AsyncClient(srv.address, tls=tls, token="s3cret-token") as client:
                ok = await client.score_threads([GOOD])
            async with convoscore.AsyncClient(srv.address, tls=tls, retry=None) as client:
                with pytest.raises(convoscore.UnauthenticatedError):
                    await client.model_info()
            return ok

        assert asyncio.run(run())[0].ok

        # Plaintext against a TLS server fails, and is not retried forever.
        with convoscore.Client(srv.address, token="s3cret-token", retry=None, timeout=10) as plaintext:
            with pytest.raises(convoscore.UnavailableError):
                plaintext.model_info()
        # A server certificate from an unknown CA is refused.
        with convoscore.Client(srv.address, tls=convoscore.TLSConfig(ca_cert=certs.client_cert), retry=None,
                               timeout=10) as untrusting:
            with pytest.raises(convoscore.UnavailableError):
                untrusting.model_info()


def test_mutual_tls(text_model_fp32, tmp_path):
    certs = make_certs(tmp_path)
    with running_server(text_model=text_model_fp32, tls_cert=str(certs.server_cert), tls_key=str(certs.server_key),
                        tls_client_ca=str(certs.ca_cert)) as srv:
        good = convoscore.TLSConfig(ca_cert=certs.ca_cert, client_cert=certs.client_cert, client_key=certs.client_key)
        with convoscore.Client(srv.address, tls=good) as client:
            assert client.score_thread(GOOD).id == "t1"
            assert [r.ok for r in client.stream([GOOD, AS_DICT])] == [True, True]
        for tls in (
            convoscore.TLSConfig(ca_cert=certs.ca_cert),  # no client certificate
            convoscore.TLSConfig(ca_cert=certs.ca_cert, client_cert=certs.rogue_client_cert,
                                 client_key=certs.rogue_client_key),  # one from another CA
        ):
            with convoscore.Client(srv.address, tls=tls, retry=None, timeout=10) as client:
                with pytest.raises(convoscore.UnavailableError):
                    client.model_info()


# -- the command ------------------------------------------------------------------------------------------


def _jsonl_input(path: Path) -> list[str]:
    lines = [
        json.dumps(GOOD.to_dict()),
        "",
        "{not json",
        json.dumps(BAD),
        json.dumps(AS_DICT),
        json.dumps({"id": "u", "post": {"text": "unknown field"}, "extra": 1}),
    ] + [json.dumps(dict(AS_DICT, id=f"r{i}")) for i in range(9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def _assert_same_lines(got: list[str], expected: list[str]) -> None:
    """Same lines as `convoscore score`: errors identical, scores equal within TOL."""
    assert len(got) == len(expected)

    def close(a, b):
        if isinstance(a, dict):
            return isinstance(b, dict) and a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
        if isinstance(a, list):
            return isinstance(b, list) and len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
        if isinstance(a, float) or isinstance(b, float):
            return math.isclose(a, b, abs_tol=TOL)
        return a == b

    for g, e in zip(got, expected):
        gj, ej = json.loads(g), json.loads(e)
        if "error" in ej:
            assert g == e
        else:
            assert close(gj, ej), (g, e)


def test_cli_score_matches_convoscore_score(srv, engine_fp32, tmp_path, capsys):
    from convoscore import cli
    from service import bulk

    src = tmp_path / "in.jsonl"
    lines = _jsonl_input(src)
    expected = [out for out, _ in bulk.score_lines(engine_fp32, lines)]

    out = tmp_path / "out.jsonl"
    rc = cli.main(["score", str(src), "--target", srv.address, "-o", str(out), "--batch-size", "3", "--concurrency", "2"])
    assert rc == 1  # three lines failed
    got = out.read_text(encoding="utf-8").splitlines()
    _assert_same_lines(got, expected)
    scored = [json.loads(g) for g in got if '"error"' not in g]
    assert all(list(c["tags"]) == sorted(c["tags"]) for t in scored for c in t["comments"])
    errors = [json.loads(g) for g in got if '"error"' in g]
    assert [e["line"] for e in errors] == [3, 4, 6]
    assert all(e["error"]["code"] == "INVALID_ARGUMENT" for e in errors)
    assert "3 line(s) failed" in capsys.readouterr().err


def test_cli_as_a_command(srv, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(dict(AS_DICT, id=f"k{i}")) for i in range(5)) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "convoscore.cli", "score", str(src), "--target", srv.address],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [f"k{i}" for i in range(5)]
    assert done.stderr == ""  # no progress line when stderr is not a terminal
    for line in done.stdout.splitlines():  # every field present, proto field names
        assert set(json.loads(line)) == {f.name for f in pb.ThreadScore.DESCRIPTOR.fields}
    health = subprocess.run([sys.executable, "-m", "convoscore.cli", "health", "--target", srv.address],
                            capture_output=True, text=True, timeout=120)
    assert (health.returncode, health.stdout.strip()) == (0, "SERVING")
    down = subprocess.run([sys.executable, "-m", "convoscore.cli", "score", str(src), "--target", "127.0.0.1:1",
                           "--max-attempts", "1", "--timeout", "5"], capture_output=True, text=True, timeout=120)
    assert down.returncode == 2 and "UNAVAILABLE" in down.stderr


# -- the README example ------------------------------------------------------------------------------------


def readme_example() -> str:
    """The first ```python block of the SDK README."""
    match = re.search(r"```python\n(.*?)```", SDK_README.read_text(encoding="utf-8"), re.S)
    assert match, "no python example in clients/python/README.md"
    return match.group(1)


def test_readme_example_runs(srv):
    code = readme_example()
    assert "127.0.0.1:50051" in code and 5 <= len(code.strip().splitlines()) <= 10
    done = subprocess.run([sys.executable, "-c", code.replace("127.0.0.1:50051", srv.address)],
                          capture_output=True, text=True, timeout=120, cwd=os.path.dirname(SDK_README))
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"quality=\d\.\d\d substance=\d\.\d\d\n", done.stdout), done.stdout
