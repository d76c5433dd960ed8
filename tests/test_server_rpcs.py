"""Every RPC of the contract against a real in-process server on a free loopback port.

Scores must equal in-process `convoscore score` (service.bulk with an Engine on the same backend,
fp32 here) within 1e-4, even though the server pools the texts of concurrent calls into shared,
differently padded batches.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from google.protobuf import json_format
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from server_harness import histogram_buckets, metric_value, running_server

from convoscore.v1 import convoscore_pb2 as pb
from scoring.engine import Engine
from scoring.limits import Limits
from service import bulk, convert

TOL = 1e-4
LIMITS = dict(max_threads_per_request=8, max_comments_per_request=40, max_message_bytes=64 * 1024)

THREADS = [
    {
        "id": "t1", "platform": "reddit",
        "post": {"id": "p1", "author_id": "A", "text": "Is remote work here to stay?", "exposure": "1000",
                 "reactions": {"likes": 12, "shares": 3}, "created_at": "2024-05-01T10:00:00Z"},
        "comments": [
            {"id": "c1", "author_id": "B", "text": "Yes: our team's output rose after we moved to four remote days.",
             "created_at": "2024-05-01T10:05:00Z", "reactions": {"likes": 4}},
            {"id": "c2", "parent_id": "c1", "author_id": "A", "text": "How did you measure output?",
             "created_at": "2024-05-01T10:07:00Z"},
            {"id": "c3", "parent_id": "c2", "author_id": "B", "text": "Tickets closed per sprint, over two years.",
             "created_at": "2024-05-01T10:09:00Z"},
            {"id": "c4", "author_id": "C", "text": "lol", "created_at": "2024-05-01T10:06:00Z"},
            {"id": "c5", "parent_id": "nope", "author_id": "D", "text": ""},
        ],
    },
    {"id": "t2", "platform": "Twitter", "post": {"id": "p2", "text": "📸"}, "comments": []},
    {
        "id": "t3", "platform": "some-forum",
        "post": {"id": "p3", "author_id": "X", "text": "Which database for a small analytics side project?"},
        "comments": [
            {"id": "a", "author_id": "Y", "text": "Postgres. " + " ".join(f"Point {i}: it handles analytics queries well with the right indexes." for i in range(40))},
            {"id": "b", "parent_id": "a", "author_id": "X", "text": "Even for columnar scans?"},
            {"id": "c", "parent_id": "b", "author_id": "Y", "text": "Try DuckDB for that; it reads Parquet directly."},
            {"id": "d", "parent_id": "c", "author_id": "Z", "text": "lol"},
            {"id": "e", "author_id": "W", "text": "Ces bases de données sont toutes bonnes, ça dépend."},
        ],
    },
]
BAD_THREAD = {"id": "bad", "post": {"id": "p"}, "comments": [{"id": "x", "text": "one"}, {"id": "x", "text": "two"}]}


def thread_msg(d: dict) -> pb.Thread:
    return json_format.ParseDict(d, pb.Thread())


def assert_close(got, want, path="") -> None:
    """Equal structure; numbers equal within TOL."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), f"{path}: keys {sorted(got)} != {sorted(want)}"
        for k in want:
            assert_close(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: lengths differ"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{path}[{i}]")
    elif isinstance(want, float) or isinstance(got, float):
        assert math.isclose(float(got), float(want), abs_tol=TOL), f"{path}: {got} != {want}"
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


def as_dict(msg) -> dict:
    return json.loads(convert.message_to_json(msg))


@pytest.fixture(scope="module")
def server(text_model_fp32):
    with running_server(text_model=text_model_fp32, **LIMITS) as srv:
        yield srv


@pytest.fixture(scope="module")
def stub(server):
    return server.stub()


@pytest.fixture(scope="module")
def reference(text_model_fp32) -> dict[str, dict]:
    """What `convoscore score` (same engine code, same backend) writes for each thread."""
    engine = Engine(text_model_fp32, limits=Limits(**{k: v for k, v in LIMITS.items() if k != "max_message_bytes"}))
    lines = [json.dumps(t) for t in THREADS]
    return {json.loads(out)["id"]: json.loads(out) for out, ok in bulk.score_lines(engine, lines) if ok}


def test_health_serving_and_reflection_lists_services(server):
    assert server.health() == "SERVING"
    assert server.health("convoscore.v1.ConversationQuality") == "SERVING"
    with server.channel() as ch:
        stub = reflection_pb2_grpc.ServerReflectionStub(ch)
        responses = list(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")])))
    names = {s.name for s in responses[0].list_services_response.service}
    assert {"convoscore.v1.ConversationQuality", "grpc.health.v1.Health"} <= names


def test_get_model_info(stub, text_model_fp32):
    info = stub.GetModelInfo(pb.GetModelInfoRequest(), timeout=10)
    assert info.model_version == text_model_fp32.version
    assert info.backend == "cpu-fp32"
    assert info.encoder == "sentence-transformers/all-MiniLM-L6-v2"
    assert info.heads_loaded == text_model_fp32.heads_loaded
    assert {s.name: s.description for s in info.scores} == Engine(text_model_fp32).score_definitions()
    assert info.limits.max_threads_per_request == 8
    assert info.limits.max_comments_per_request == 40
    assert info.limits.max_message_bytes == 64 * 1024
    assert info.limits.max_tokens_per_text == text_model_fp32.max_tokens
    assert info.limits.max_text_chars == Limits().max_text_chars


def test_score_thread_concurrently_equals_cli(stub, reference):
    # Concurrent calls so that their texts share model batches.
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(stub.ScoreThread, pb.ScoreThreadRequest(thread=thread_msg(t)), timeout=60)
                   for t in THREADS * 3]
        results = [f.result() for f in futures]
    for t, got in zip(THREADS * 3, results):
        assert_close(as_dict(got), reference[t["id"]], t["id"])
    t1 = as_dict(results[0])
    assert any("unknown parent" in w for w in t1["warnings"])
    assert results[2].comments[0].truncated  # the long comment was cut for the model


def test_score_threads_with_a_bad_item(stub, reference):
    req = pb.ScoreThreadsRequest(threads=[thread_msg(THREADS[0]), thread_msg(BAD_THREAD), thread_msg(THREADS[2])])
    resp = stub.ScoreThreads(req, timeout=60)
    assert [r.index for r in resp.results] == [0, 1, 2]
    assert [r.id for r in resp.results] == ["t1", "bad", "t3"]
    assert [r.WhichOneof("result") for r in resp.results] == ["score", "error", "score"]
    err = resp.results[1].error
    assert err.code == "INVALID_ARGUMENT" and err.field == "threads[1].comments[1].id"
    assert "duplicate comment id" in err.message
    assert_close(as_dict(resp.results[0].score), reference["t1"])
    assert_close(as_dict(resp.results[2].score), reference["t3"])


def test_stream_with_a_bad_item(stub, reference):
    sent = [THREADS[0], BAD_THREAD, THREADS[1], THREADS[2], THREADS[0]]
    results = list(stub.StreamScoreThreads(iter([pb.ScoreThreadRequest(thread=thread_msg(t)) for t in sent]), timeout=60))
    assert [r.index for r in results] == list(range(len(sent)))
    assert [r.id for r in results] == [t["id"] for t in sent]
    assert results[1].WhichOneof("result") == "error"
    assert results[1].error.field == "thread.comments[1].id"
    for t, r in zip(sent, results):
        if t is not BAD_THREAD:
            assert_close(as_dict(r.score), reference[t["id"]], t["id"])


def test_empty_stream_and_empty_batch(stub):
    assert list(stub.StreamScoreThreads(iter([]), timeout=10)) == []
    assert len(stub.ScoreThreads(pb.ScoreThreadsRequest(), timeout=10).results) == 0


def test_score_comments_with_a_bad_item(server, stub, text_model_fp32):
    comments = [
        pb.LooseComment(id="k1", text="Use a cache in front of the API.", parent_text="Our API is slow under load."),
        pb.LooseComment(id="k2", text="x" * (Limits().max_text_chars + 1)),
        pb.LooseComment(id="k3", text="Agreed!", context_text="A post about caching."),
        pb.LooseComment(id="k4", text="Standalone remark with no context."),
        # Read twice, whole and without their fillers (scoring/tone.py): four texts a comment.
        pb.LooseComment(id="k5", text="lol ngl a cache cut our p99 from 900 ms to 40 ms tbh",
                        parent_text="Our API is slow under load."),
        pb.LooseComment(id="k6", text="omg we had this, the pool size was 5 connections"),
        pb.LooseComment(id="k7", text="haha same here, a CDN fixed it for us fr"),
    ]
    before = metric_value(server.scrape(), "convoscore_comments_scored_total", method="ScoreComments")
    resp = stub.ScoreComments(pb.ScoreCommentsRequest(comments=comments), timeout=60)
    assert [r.id for r in resp.results] == ["k1", "k2", "k3", "k4", "k5", "k6", "k7"]
    assert [r.WhichOneof("result") for r in resp.results] == ["score", "error"] + ["score"] * 5
    assert resp.results[1].error.field == "comments[1].text"
    assert resp.model_version == text_model_fp32.version
    after = metric_value(server.scrape(), "convoscore_comments_scored_total", method="ScoreComments")
    assert after - before == 6
    want = Engine(text_model_fp32).score_comments([convert.loose_comment_from_proto(c) for c in comments])
    for i in (0, 2, 3, 4, 5, 6):
        assert_close(as_dict(resp.results[i].score), as_dict(convert.comment_score_to_proto(want[i])))
    assert resp.results[3].score.relevance == pytest.approx(0.5)


def test_invalid_thread_is_invalid_argument_naming_the_field(stub):
    cyclic = {"id": "cyc", "comments": [{"id": "a", "parent_id": "b"}, {"id": "b", "parent_id": "a"}]}
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreThread(pb.ScoreThreadRequest(thread=thread_msg(cyclic)), timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "thread.comments[" in info.value.details() and "parent_id" in info.value.details()


def test_per_request_limits(stub):
    small = thread_msg({"id": "s", "post": {"id": "p", "text": "hi"}, "comments": [{"id": "c", "text": "yo"}]})
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreThreads(pb.ScoreThreadsRequest(threads=[small] * 9), timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and info.value.details().startswith("threads:")
    many = pb.Thread(id="m", comments=[pb.Comment(id=f"c{i}", text="ok") for i in range(41)])
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreThread(pb.ScoreThreadRequest(thread=many), timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "thread.comments" in info.value.details()
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreComments(pb.ScoreCommentsRequest(comments=[pb.LooseComment(id="c", text="a")] * 41), timeout=10)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and info.value.details().startswith("comments:")


def test_message_size_limit(stub, server):
    huge = pb.Thread(id="h", post=pb.Post(id="p", text="y" * (70 * 1024)))
    with pytest.raises(grpc.RpcError) as info:
        stub.ScoreThread(pb.ScoreThreadRequest(thread=huge), timeout=10)
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert server.health() == "SERVING"


def test_metrics_endpoint(server, stub):
    stub.ScoreThread(pb.ScoreThreadRequest(thread=thread_msg(THREADS[0])), timeout=60)
    text = server.scrape()
    assert metric_value(text, "convoscore_rpcs_total", method="ScoreThread", code="OK") >= 1
    assert metric_value(text, "convoscore_rpcs_total", method="ScoreThread", code="INVALID_ARGUMENT") >= 1
    assert metric_value(text, "convoscore_rpc_duration_seconds_count", method="ScoreThread") >= 1
    assert metric_value(text, "convoscore_model_info", backend="cpu-fp32") == 1
    assert metric_value(text, "convoscore_serving") == 1
    assert metric_value(text, "convoscore_thread_quality_count", platform="reddit") >= 1
    assert metric_value(text, "convoscore_thread_depth_count", platform="twitter") >= 1  # "Twitter" folded
    assert metric_value(text, "convoscore_thread_passion_count", platform="other") >= 1  # "some-forum"
    assert metric_value(text, "convoscore_thread_value_added_count", platform="reddit") >= 1
    assert metric_value(text, "convoscore_comments_scored_total", method="ScoreThread") >= 5
    assert metric_value(text, "convoscore_texts_encoded_total") > 0
    assert metric_value(text, "convoscore_queue_depth") == 0
    assert metric_value(text, "convoscore_rpcs_in_flight") == 0
    for name in ("convoscore_queue_wait_seconds", "convoscore_tokenization_seconds", "convoscore_inference_seconds",
                 "convoscore_batch_size", "convoscore_batch_tokens", "convoscore_batch_padding_share"):
        assert histogram_buckets(text, name), name
    assert metric_value(text, "convoscore_dropped_total", reason="cancelled") == 0
    assert "convoscore_rpcs_in_flight" in text


def _ld(field: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field (payloads here are < 128 bytes)."""
    assert len(payload) < 128
    return bytes([field << 3 | 2, len(payload)]) + payload


def test_request_that_does_not_parse_is_invalid_argument(server):
    bad_post = _ld(1, _ld(4, _ld(3, b"caf\xc3")))  # ScoreThreadRequest.thread.post.text: cut UTF-8
    ident = dict(request_serializer=lambda b: b, response_deserializer=lambda b: b)
    good = pb.ScoreThreadRequest(thread=thread_msg(THREADS[1])).SerializeToString()
    with server.channel() as ch:
        with pytest.raises(grpc.RpcError) as info:
            ch.unary_unary("/convoscore.v1.ConversationQuality/ScoreThread", **ident)(bad_post, timeout=30)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        with pytest.raises(grpc.RpcError) as info:
            list(ch.stream_stream("/convoscore.v1.ConversationQuality/StreamScoreThreads", **ident)(
                iter([good, bad_post]), timeout=30))
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert server.health() == "SERVING"


def test_reaction_totals_saturate_at_uint64_max(stub):
    big = pb.Thread(id="u", post=pb.Post(id="p", text="t", reactions=pb.Reactions(likes=2**64 - 1)),
                    comments=[pb.Comment(id="c", text="x", reactions=pb.Reactions(likes=5))])
    score = stub.ScoreThread(pb.ScoreThreadRequest(thread=big), timeout=30)
    assert score.engagement.total_likes == 2**64 - 1


def test_comments_in_other_languages_are_counted_by_language(server, stub):
    def counts() -> tuple[float, float]:
        text = server.scrape()
        return (metric_value(text, "convoscore_comments_other_language_total", language="es"),
                metric_value(text, "convoscore_comments_other_language_total", language="fr"))

    before = counts()
    spanish = "No estoy de acuerdo, los datos del año pasado muestran lo contrario."
    french = "Je pense que cette décision est une erreur, surtout pour les petites entreprises."
    thread = pb.Thread(id="lang", post=pb.Post(id="p", text="Should the city build more bike lanes?"), comments=[
        pb.Comment(id="es1", text=spanish), pb.Comment(id="en", text="Yes, the lanes on Main Street cut accidents."),
        pb.Comment(id="es2", parent_id="es1", text=spanish + " De verdad."),
    ])
    score = stub.ScoreThread(pb.ScoreThreadRequest(thread=thread), timeout=60)
    assert [c.other_language for c in score.comments] == ["es", "", "es"]
    stub.ScoreComments(pb.ScoreCommentsRequest(comments=[
        pb.LooseComment(id="fr", text=french), pb.LooseComment(id="bad", text="x" * (Limits().max_text_chars + 1)),
    ]), timeout=60)
    after = counts()
    assert (after[0] - before[0], after[1] - before[1]) == (2, 1)
