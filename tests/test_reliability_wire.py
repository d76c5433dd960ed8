"""Malformed wire data against a real server: an error answer, never a crash or a hang.

One in-process server with the default limits (16 MiB messages). Raw request bytes go through a
channel's `unary_unary` / `stream_stream` with identity serializers, so nothing on the client side
repairs them. The oracle for every payload is protobuf itself: bytes that protobuf parses as the
method's request message must get a result or INVALID_ARGUMENT; bytes it refuses must get
INVALID_ARGUMENT too (bad input, like any other; a hang would show up as DEADLINE_EXCEEDED). After
each payload
the server must answer health SERVING, and good calls running beside the garbage must all succeed.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_harness import running_server

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc
from service.config import ServeConfig

EXAMPLES = int(os.environ.get("CONVOSCORE_FUZZ_EXAMPLES", "30"))
TIMEOUT = 60.0
MAX_BYTES = ServeConfig.max_message_bytes  # the default: 16 MiB
PREFIX = "/convoscore.v1.ConversationQuality/"
REQUEST_TYPES = {
    "ScoreThread": pb.ScoreThreadRequest,
    "ScoreThreads": pb.ScoreThreadsRequest,
    "ScoreComments": pb.ScoreCommentsRequest,
    "GetModelInfo": pb.GetModelInfoRequest,
    "StreamScoreThreads": pb.ScoreThreadRequest,
}
IDENT = dict(request_serializer=lambda b: b, response_deserializer=lambda b: b)
GOOD = pb.ScoreThreadRequest(thread=pb.Thread(id="good", post=pb.Post(id="p", text="A good post."),
                                              comments=[pb.Comment(id="c", text="A good reply.")]))
FIGURES: Counter = Counter()  # (test, code) -> calls


@pytest.fixture(scope="module")
def server(text_model_fp32):
    with running_server(text_model=text_model_fp32) as srv:
        assert srv.server.config.max_message_bytes == MAX_BYTES
        yield srv
    print("\nFIGURES test_reliability_wire (calls by test and status code):")
    for (test, code), n in sorted(FIGURES.items()):
        print(f"  {test:<36} {code:<20} {n}")


@pytest.fixture(scope="module")
def channel(server):
    with server.channel(options=[("grpc.max_send_message_length", -1)]) as ch:
        yield ch


@pytest.fixture(scope="module")
def healthy(channel):
    health = health_pb2_grpc.HealthStub(channel)

    def check() -> None:
        resp = health.Check(health_pb2.HealthCheckRequest(service="convoscore.v1.ConversationQuality"), timeout=10)
        assert resp.status == health_pb2.HealthCheckResponse.SERVING

    return check


def send(channel, method: str, raw: bytes, test: str) -> str:
    """Send `raw` as the request (for the stream: a good message, `raw`, a good message); return
    the status code name, tallied in FIGURES."""
    try:
        if method == "StreamScoreThreads":
            good = GOOD.SerializeToString()
            list(channel.stream_stream(PREFIX + method, **IDENT)(iter([good, raw, good]), timeout=TIMEOUT))
        else:
            channel.unary_unary(PREFIX + method, **IDENT)(raw, timeout=TIMEOUT)
        code = "OK"
    except grpc.RpcError as exc:
        code = exc.code().name
    FIGURES[test, code] += 1
    return code


def parses(method: str, raw: bytes) -> bool:
    try:
        REQUEST_TYPES[method].FromString(raw)
        return True
    except Exception:  # noqa: BLE001 - DecodeError, or RecursionError on deep nesting
        return False


def check_answer(method: str, raw: bytes, code: str, what: str) -> None:
    if parses(method, raw):
        assert code in ("OK", "INVALID_ARGUMENT"), (method, what, code)
    else:  # bad input like any other: a clear INVALID_ARGUMENT (it was UNKNOWN / INTERNAL before b2172d1)
        assert code == "INVALID_ARGUMENT", (method, what, code)


def tag(field: int, wire_type: int) -> bytes:
    return varint(field << 3 | wire_type)


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


VALID = GOOD.SerializeToString()
MALFORMED = {
    "truncated varint tag": b"\x80",
    "length past the end": tag(1, 2) + varint(100) + b"abc",
    "length near 2^62": tag(1, 2) + varint(2**62) + b"abc",
    "overlong 11-byte varint": tag(15, 0) + b"\xff" * 10 + b"\x01",
    "field number 0": tag(0, 2) + b"\x00",
    "end-group without start": tag(1, 4),
    "wire type 6": b"\x0e",
    "wire type 7": b"\x0f\x00",
    "known message field as a varint": tag(1, 0) + varint(5),
    "known message field as fixed32": tag(1, 5) + b"\x00\x00\x00\x00",
    "unterminated group": tag(15, 3) + tag(1, 0) + b"\x01",
    "10,000 nested unknown groups": tag(15, 3) * 10_000 + tag(15, 4) * 10_000,
    "200 nested unknown groups": tag(15, 3) * 200 + tag(15, 4) * 200,
    "valid message then garbage": VALID + b"\xff\xff",
    "valid message cut in half": VALID[: len(VALID) // 2],
    "all 0xFF": b"\xff" * 64,
    "all zero bytes": b"\x00" * 64,
    "text, not protobuf": b'{"thread": {"id": "json, not protobuf"}}',
}


@pytest.mark.parametrize("method", list(REQUEST_TYPES))
def test_handcrafted_malformed_messages(channel, healthy, method):
    """Truncated and overlong varints, lengths past the end, field 0, stray end-groups, invalid
    wire types, wrong wire types for known fields, 10,000-deep group nesting, trailing garbage:
    each answered (a result or INVALID_ARGUMENT if protobuf parses it, else INVALID_ARGUMENT)."""
    test = f"malformed/{method}"
    for what, raw in MALFORMED.items():
        code = send(channel, method, raw, test)
        check_answer(method, raw, code, what)
        healthy()
    answered = sum(n for (t, _), n in FIGURES.items() if t == test)
    print(f"\n{method}: sent {len(MALFORMED)}, answered {answered} "
          f"{ {c: n for (t, c), n in FIGURES.items() if t == test} }, lost {len(MALFORMED) - answered}")
    assert answered == len(MALFORMED)


def test_every_truncation_of_a_valid_message(channel, healthy):
    """A valid ScoreThreads request cut at every byte offset."""
    raw = pb.ScoreThreadsRequest(threads=[GOOD.thread, GOOD.thread]).SerializeToString()
    for cut in range(len(raw)):
        code = send(channel, "ScoreThreads", raw[:cut], "truncations")
        check_answer("ScoreThreads", raw[:cut], code, f"cut at {cut}")
    healthy()
    total = sum(n for (t, _), n in FIGURES.items() if t == "truncations")
    print(f"\ntruncations: sent {len(raw)}, answered {total}, lost {len(raw) - total}")
    assert total == len(raw)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=300), method=st.sampled_from(list(REQUEST_TYPES)))
def test_random_bytes(channel, healthy, raw, method):
    """Random bytes to a random method: protobuf's own verdict decides what answer is right."""
    code = send(channel, method, raw, "random_bytes")
    check_answer(method, raw, code, repr(raw[:40]))
    healthy()


def _padded(method: str, size: int) -> bytes:
    """A valid request of exactly `size` bytes: a small real request plus an unknown field 15."""
    base = {
        "ScoreThread": VALID,
        "StreamScoreThreads": VALID,
        "ScoreThreads": pb.ScoreThreadsRequest(threads=[GOOD.thread]).SerializeToString(),
        "ScoreComments": pb.ScoreCommentsRequest(comments=[pb.LooseComment(id="k", text="hi")]).SerializeToString(),
        "GetModelInfo": b"",
    }[method]
    room = size - len(base) - 1  # 1 byte of tag
    n = room - len(varint(room))
    while n + len(varint(n)) < room:
        n += 1
    out = base + tag(15, 2) + varint(n) + b"z" * n
    assert len(out) == size, (len(out), size)
    return out


@pytest.mark.parametrize("method", list(REQUEST_TYPES))
def test_message_size_limit_is_exact(channel, healthy, method):
    """A request of exactly the limit (16 MiB by default) is served; one byte more is
    RESOURCE_EXHAUSTED (for the stream: its second message), and the server keeps serving."""
    at = _padded(method, MAX_BYTES)
    assert parses(method, at)
    code = send(channel, method, at, "size_limit")
    assert code == "OK", (method, code)
    over = _padded(method, MAX_BYTES + 1)
    code = send(channel, method, over, "size_limit")
    assert code == "RESOURCE_EXHAUSTED", (method, code)
    healthy()
    assert send(channel, "ScoreThread", VALID, "size_limit") == "OK"


def test_malformed_traffic_beside_good_calls(server, channel, healthy):
    """Good calls on other connections keep succeeding while garbage (bad protobuf, oversize
    messages, raw non-HTTP/2 bytes on TCP) arrives: good calls sent = OK, failed 0."""
    stop = threading.Event()
    good = Counter()

    def good_caller() -> None:
        with server.channel() as ch:
            stub = pb_grpc.ConversationQualityStub(ch)
            while not stop.is_set():
                try:
                    stub.ScoreThread(GOOD, timeout=TIMEOUT)
                    good["OK"] += 1
                except grpc.RpcError as exc:
                    good[exc.code().name] += 1

    callers = [threading.Thread(target=good_caller) for _ in range(4)]
    for t in callers:
        t.start()
    try:
        garbage = 0
        for _round in range(3):
            for method in REQUEST_TYPES:
                for raw in (MALFORMED["all 0xFF"], MALFORMED["10,000 nested unknown groups"], _padded(method, MAX_BYTES + 1)):
                    send(channel, method, raw, "beside_good_calls")
                    garbage += 1
            for junk in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\xff" * 64,
                         os.urandom(4096), b"PRI * HTTP/2.0\r\n"):
                with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                    sock.sendall(junk)
                    sock.settimeout(5)
                    try:
                        sock.recv(1024)  # the server answers (GOAWAY / closes); it must not hang us
                    except (TimeoutError, ConnectionResetError):
                        pass
                garbage += 1
        time.sleep(0.5)
    finally:
        stop.set()
        for t in callers:
            t.join(60)
    healthy()
    print(f"\nbeside garbage: garbage payloads {garbage}, good calls sent {sum(good.values())}, "
          f"answered OK {good['OK']}, failed {sum(good.values()) - good['OK']} {dict(good)}")
    assert good["OK"] > 0 and set(good) == {"OK"}, dict(good)
