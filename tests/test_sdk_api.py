"""The SDK's public surface and its pure parts: no server needed."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone

import grpc
import pytest

import convoscore
from convoscore import _config, _errors
from convoscore._base import Deadline, retry_delay
from convoscore._types import loose_comment_message, thread_message
from convoscore.v1 import convoscore_pb2 as pb

PUBLIC_API = [
    "Client",
    "AsyncClient",
    "Timeout",
    "RetryPolicy",
    "TLSConfig",
    "USE_CLIENT_DEFAULT",
    "Thread",
    "Post",
    "Comment",
    "Reactions",
    "LooseComment",
    "ThreadScore",
    "CommentScore",
    "Engagement",
    "Structure",
    "Explanation",
    "ScoreComponent",
    "ThreadResult",
    "CommentResult",
    "ScoreCommentsResult",
    "ItemError",
    "ModelInfo",
    "Limits",
    "ScoreDefinition",
    "HealthStatus",
    "ConvoscoreError",
    "InvalidArgumentError",
    "OverloadedError",
    "UnavailableError",
    "DeadlineExceededError",
    "UnauthenticatedError",
    "PermissionDeniedError",
    "InternalError",
    "UnimplementedError",
    "RequestCancelledError",
    "ClientClosedError",
]

CLIENT_METHODS = ["score_thread", "score_threads", "stream", "score_comments", "model_info", "health", "close"]


def test_public_api_is_pinned():
    assert convoscore.__all__ == PUBLIC_API
    for name in PUBLIC_API:
        assert hasattr(convoscore, name), name
    assert convoscore.__version__ == "0.1.0"


def test_public_names_are_documented():
    for name in PUBLIC_API:
        obj = getattr(convoscore, name)
        if isinstance(obj, type):
            assert obj.__doc__ and obj.__doc__.strip(), name


def test_clients_are_twins():
    import inspect

    for name in CLIENT_METHODS:
        sync, async_ = getattr(convoscore.Client, name), getattr(convoscore.AsyncClient, name)
        assert inspect.signature(sync).parameters.keys() == inspect.signature(async_).parameters.keys(), name
        if name != "stream":
            assert inspect.iscoroutinefunction(async_), name
    assert inspect.signature(convoscore.Client).parameters == inspect.signature(convoscore.AsyncClient).parameters


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, cls",
    [
        ("INVALID_ARGUMENT", convoscore.InvalidArgumentError),
        ("OUT_OF_RANGE", convoscore.InvalidArgumentError),
        ("RESOURCE_EXHAUSTED", convoscore.OverloadedError),
        ("UNAVAILABLE", convoscore.UnavailableError),
        ("DEADLINE_EXCEEDED", convoscore.DeadlineExceededError),
        ("UNAUTHENTICATED", convoscore.UnauthenticatedError),
        ("PERMISSION_DENIED", convoscore.PermissionDeniedError),
        ("INTERNAL", convoscore.InternalError),
        ("UNKNOWN", convoscore.InternalError),
        ("DATA_LOSS", convoscore.InternalError),
        ("UNIMPLEMENTED", convoscore.UnimplementedError),
        ("CANCELLED", convoscore.RequestCancelledError),
        ("NOT_FOUND", convoscore.ConvoscoreError),
        ("FAILED_PRECONDITION", convoscore.ConvoscoreError),
    ],
)
def test_error_classes_by_code(code, cls):
    err = _errors.make_error(code, "boom", field="thread.id", index=3)
    assert type(err) is cls
    assert isinstance(err, convoscore.ConvoscoreError)
    assert (err.code, err.message, err.field, err.index) == (code, "boom", "thread.id", 3)
    assert err.status is getattr(grpc.StatusCode, code)
    assert str(err) == f"{code}: boom"
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is cls and clone.code == code and clone.field == "thread.id"


def test_deadline_error_is_a_timeout_error():
    assert issubclass(convoscore.DeadlineExceededError, TimeoutError)


@pytest.mark.parametrize(
    "metadata, expected",
    [
        ((("grpc-retry-pushback-ms", "250"),), 0.25),
        ((("Grpc-Retry-Pushback-Ms", b"0"),), 0.0),
        ((("grpc-retry-pushback-ms", "-1"),), -1.0),
        ((("grpc-retry-pushback-ms", "soon"),), -1.0),
        ((("other", "1"),), None),
        (None, None),
    ],
)
def test_pushback_parsing(metadata, expected):
    assert _errors.pushback_seconds(metadata) == expected


# -- configuration ----------------------------------------------------------------------------


def test_timeout_forms():
    assert _config.as_timeout(5) == convoscore.Timeout(total=5.0)
    assert _config.as_timeout(None) == convoscore.Timeout(total=None)
    t = convoscore.Timeout(total=10, attempt=2)
    assert _config.as_timeout(t) is t
    with pytest.raises(ValueError):
        convoscore.Timeout(total=0)
    with pytest.raises(TypeError):
        _config.as_timeout("5")


def test_retry_policy_never_retries_invalid_argument():
    with pytest.raises(ValueError):
        convoscore.RetryPolicy(retry_on=frozenset({"INVALID_ARGUMENT"}))
    policy = convoscore.RetryPolicy(retry_on=frozenset({grpc.StatusCode.UNAVAILABLE}))
    assert policy.retry_on == frozenset({"UNAVAILABLE"})
    err = _errors.make_error("INVALID_ARGUMENT", "bad")
    assert retry_delay(convoscore.RetryPolicy(), err, 1, None) is None


def test_backoff_grows_with_jitter_and_is_capped():
    policy = convoscore.RetryPolicy(initial_backoff=0.1, multiplier=2, max_backoff=1.0, jitter=0.2)
    for retry, base in [(1, 0.1), (2, 0.2), (3, 0.4), (4, 0.8), (5, 1.0), (9, 1.0)]:
        samples = [policy.backoff(retry) for _ in range(200)]
        assert all(base * 0.8 - 1e-9 <= s <= base * 1.2 + 1e-9 for s in samples)
        assert len(set(samples)) > 1  # jitter


def test_retry_delay_decisions():
    policy = convoscore.RetryPolicy(max_attempts=3, initial_backoff=0.1, jitter=0)
    unavailable = _errors.make_error("UNAVAILABLE", "down")
    assert retry_delay(policy, unavailable, 1, None) == pytest.approx(0.1)
    assert retry_delay(policy, unavailable, 2, None) == pytest.approx(0.2)
    assert retry_delay(policy, unavailable, 3, None) is None  # attempts used up
    overloaded = _errors.make_error("RESOURCE_EXHAUSTED", "full")
    overloaded._pushback = 1.5
    assert retry_delay(policy, overloaded, 1, None) == 1.5  # the server's pushback wins
    overloaded._pushback = -1.0
    assert retry_delay(policy, overloaded, 1, None) is None  # the server said: do not retry
    assert retry_delay(policy, _errors.make_error("INTERNAL", "x"), 1, None) is None
    short = Deadline(convoscore.Timeout(total=0.05))
    assert retry_delay(policy, unavailable, 1, short) is None  # no time left for the backoff
    capped = Deadline(convoscore.Timeout(total=10, attempt=1))
    assert retry_delay(policy, _errors.make_error("DEADLINE_EXCEEDED", "x"), 1, capped) == pytest.approx(0.1)
    assert retry_delay(policy, _errors.make_error("DEADLINE_EXCEEDED", "x"), 1, Deadline(convoscore.Timeout(10))) is None


def test_targets():
    assert _config.build_target("127.0.0.1:50051") == "127.0.0.1:50051"
    assert _config.build_target("dns:///scorer:50051") == "dns:///scorer:50051"
    assert _config.build_target(["127.0.0.1:1", "127.0.0.2:2"]) == "ipv4:127.0.0.1:1,127.0.0.2:2"
    assert _config.build_target("127.0.0.1:1, 127.0.0.2:2") == "ipv4:127.0.0.1:1,127.0.0.2:2"
    assert _config.build_target(["[::1]:1", "[::1]:2"]) == "ipv6:[::1]:1,[::1]:2"
    assert _config.build_target(["localhost:7", "127.0.0.1:8"]).startswith("ipv4:127.0.0.1:7")
    with pytest.raises(ValueError):
        _config.build_target(["nohost", "x:1"])


def test_client_options():
    client = convoscore.Client(["127.0.0.1:1", "127.0.0.1:2"], token="abc", metadata=[("X-Team", "a")])
    try:
        assert client.target == "ipv4:127.0.0.1:1,127.0.0.1:2"
        assert ("authorization", "Bearer abc") in client._settings.metadata
        assert ("x-team", "a") in client._settings.metadata
        assert ("grpc.lb_policy_name", "round_robin") in client._settings.options
    finally:
        client.close()
    with pytest.raises(ValueError):
        convoscore.Client(token="a\nb")
    with pytest.raises(ValueError):
        convoscore.TLSConfig(client_cert=b"x")


def test_closed_client_refuses_calls():
    client = convoscore.Client("127.0.0.1:1")
    client.close()
    client.close()  # idempotent
    with pytest.raises(convoscore.ClientClosedError):
        client.model_info()
    with pytest.raises(convoscore.ClientClosedError):
        with client:
            pass


# -- inputs -----------------------------------------------------------------------------------


def test_thread_helpers_build_the_message():
    when = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    thread = convoscore.Thread(
        id="t1",
        platform="reddit",
        post=convoscore.Post(text="hello", author_id="a", exposure=100, reactions=convoscore.Reactions(likes=2)),
        comments=[
            convoscore.Comment(id="c1", text="hi", author_id="b", created_at=when),
            {"id": "c2", "parent_id": "c1", "text": "yo", "created_at": datetime(2024, 5, 1, 13, 0)},
        ],
    )
    msg = thread_message(thread)
    assert msg.id == "t1" and msg.platform == "reddit"
    assert msg.post.exposure == 100 and msg.post.HasField("exposure") and not msg.post.HasField("engaged_users")
    assert msg.post.reactions.likes == 2
    assert msg.comments[0].created_at.ToDatetime(tzinfo=timezone.utc) == when
    assert msg.comments[1].parent_id == "c1"
    assert msg.comments[1].created_at.seconds == int(datetime(2024, 5, 1, 13, 0, tzinfo=timezone.utc).timestamp())


def test_thread_from_dict_and_message_and_text_post():
    as_dict = {"id": "t", "post": {"text": "p"}, "comments": [{"id": "c", "text": "x"}]}
    assert thread_message(as_dict) == thread_message(convoscore.Thread(id="t", post="p", comments=[convoscore.Comment(id="c", text="x")]))
    msg = pb.Thread(id="t")
    assert thread_message(msg) is msg
    assert loose_comment_message({"id": "l", "text": "x", "parent_text": "y"}).parent_text == "y"


def test_malformed_dict_is_invalid_argument():
    with pytest.raises(convoscore.InvalidArgumentError, match="bogus"):
        thread_message({"id": "t", "bogus": 1})
    with pytest.raises(TypeError):
        thread_message(42)


# -- results ----------------------------------------------------------------------------------


def _score_message() -> pb.ThreadScore:
    return pb.ThreadScore(
        id="t1",
        quality=0.75,
        depth=0.5,
        engagement=pb.Engagement(engagement_rate=0.1, exposure_known=True, engaged_users=3),
        structure=pb.Structure(comment_count=1, max_depth=1),
        comments=[pb.CommentScore(id="c1", depth=1, substance=0.25, tags={"evidence": 0.5})],
        reasons=["r"],
        warnings=["w"],
        model_version="m1",
        explanation=pb.Explanation(quality=[pb.ScoreComponent(name="depth", value=0.5, weight=0.4)]),
    )


def test_results_have_attributes_dicts_and_protos():
    score = convoscore.ThreadScore.from_proto(_score_message())
    assert score.quality == 0.75
    assert score.comments[0].substance == 0.25
    assert score.comments[0].tags == {"evidence": 0.5}
    assert score.engagement.exposure_known is True
    assert score.explanation.quality[0].name == "depth"
    d = score.to_dict()
    assert d["comments"][0]["substance"] == 0.25
    assert d["engagement"]["engaged_users"] == 3
    assert set(d) == {f.name for f in pb.ThreadScore.DESCRIPTOR.fields}
    assert set(d["structure"]) == {f.name for f in pb.Structure.DESCRIPTOR.fields}
    assert score.to_proto() == _score_message()
    with pytest.raises(AttributeError):
        score.quality = 1.0  # frozen


def test_thread_result_score_or_error():
    ok = convoscore.ThreadResult.from_proto(pb.ThreadResult(index=0, id="t1", score=_score_message()))
    assert ok.ok and ok.error is None and ok.unwrap().quality == 0.75
    assert ok.to_dict()["score"]["id"] == "t1" and "error" not in ok.to_dict()
    bad = convoscore.ThreadResult.from_proto(
        pb.ThreadResult(index=4, id="t2", error=pb.ItemError(code="INVALID_ARGUMENT", message="m", field="thread.id"))
    )
    assert not bad.ok and bad.score is None
    assert bad.to_dict() == {"index": 4, "id": "t2", "error": {"code": "INVALID_ARGUMENT", "message": "m", "field": "thread.id"}}
    with pytest.raises(convoscore.InvalidArgumentError) as info:
        bad.unwrap()
    assert info.value.field == "thread.id" and info.value.index == 4


def test_model_info_and_comment_results():
    info = convoscore.ModelInfo.from_proto(
        pb.ModelInfo(model_version="m", scores=[pb.ScoreDefinition(name="quality", description="d")],
                     limits=pb.Limits(max_threads_per_request=7), heads_loaded=True)
    )
    assert info.limits.max_threads_per_request == 7 and info.scores[0].name == "quality"
    assert info.to_dict()["limits"]["max_threads_per_request"] == 7
    res = convoscore.ScoreCommentsResult.from_proto(
        pb.ScoreCommentsResponse(results=[pb.CommentResult(index=0, id="x", score=pb.CommentScore(id="x"))], model_version="m")
    )
    assert len(res) == 1 and res[0].score.id == "x" and [r.id for r in res] == ["x"]
    assert res.to_dict()["model_version"] == "m"
    assert convoscore.HealthStatus("SERVING") == "SERVING"
