"""Bad input through a real server: every input gets a result or a clear INVALID_ARGUMENT.

Property-based (hypothesis, bounded examples, no deadline) against ONE in-process server with the
default limits (service/config.py, scoring/limits.py):
- random reply trees: deep chains, wide stars, forests of orphans, cycles, duplicate and empty
  ids, posts whose id collides with a comment id; checked against an independent oracle (which
  threads are valid, the depth of every comment, the unknown-parent warnings, and for invalid ones
  that the field named is one that is really wrong), through ScoreThread, ScoreThreads (between
  two good threads, which must still score) and StreamScoreThreads;
- random Unicode in every string field (emoji and ZWJ sequences, right-to-left and bidi
  overrides, zero-width, stacked combining marks, NUL, noncharacters), through ScoreThread and
  ScoreComments: always scored, ids echoed exactly;
- extreme reaction counts (uint64 max), exposure, and timestamps (the min and max Timestamp,
  seconds and nanos out of range);
- empty and huge texts, ids and threads at and one past each limit;
- invalid UTF-8 in string fields, hand-encoded on the wire (protobuf refuses to serialize a str
  holding a lone surrogate, so the bytes are written by hand).

After every input the server must still answer health SERVING. Figures (calls sent, answered by
code, lost) are printed at the end of the module and asserted per test.
"""

from __future__ import annotations

import math
import os
import random
from collections import Counter

import grpc
import pytest
from google.protobuf import timestamp_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_harness import running_server

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc
from scoring.limits import Limits

EXAMPLES = int(os.environ.get("CONVOSCORE_FUZZ_EXAMPLES", "30"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TIMEOUT = 60.0  # per call: a hang shows up as DEADLINE_EXCEEDED, which no test accepts
LIMITS = Limits()
U64 = 2**64 - 1
TS_MIN = -62135596800  # 0001-01-01T00:00:00Z
TS_MAX = 253402300799  # 9999-12-31T23:59:59Z
METHOD = "/convoscore.v1.ConversationQuality/"

# calls by (test, code name); "lost" = sent - answered, always 0 (a call that never returns would
# hang the test, and DEADLINE_EXCEEDED is counted as an answer no test accepts).
FIGURES: Counter = Counter()


@pytest.fixture(scope="module")
def server(text_model_fp32):
    with running_server(text_model=text_model_fp32) as srv:
        yield srv
    print("\nFIGURES test_reliability_input (calls by test and status code):")
    for (test, code), n in sorted(FIGURES.items()):
        print(f"  {test:<40} {code:<18} {n}")


@pytest.fixture(scope="module")
def channel(server):
    # A 20,000-comment thread's response (~4.5 MB) passes gRPC's 4 MiB default receive limit; the
    # SDK raises it, and so must a raw client (README.md, "Input rules").
    with server.channel(options=[("grpc.max_receive_message_length", 64 * 1024 * 1024)]) as ch:
        yield ch


@pytest.fixture(scope="module")
def stub(channel):
    return pb_grpc.ConversationQualityStub(channel)


@pytest.fixture(scope="module")
def healthy(channel):
    health = health_pb2_grpc.HealthStub(channel)

    def check() -> None:
        resp = health.Check(health_pb2.HealthCheckRequest(service="convoscore.v1.ConversationQuality"), timeout=10)
        assert resp.status == health_pb2.HealthCheckResponse.SERVING

    return check


def call(test: str, fn, request):
    """(code name, response or details) of one call; tallied in FIGURES."""
    try:
        resp = fn(request, timeout=TIMEOUT)
        code = "OK"
    except grpc.RpcError as exc:
        resp, code = exc.details(), exc.code().name
    FIGURES[test, code] += 1
    return code, resp


def field_of(details: str) -> str:
    return details.split(": ", 1)[0]


def assert_scores_in_range(score: pb.ThreadScore) -> None:
    for name in ("quality", "depth", "passion", "value_added", "toxicity"):
        v = getattr(score, name)
        assert math.isfinite(v) and 0.0 <= v <= 1.0, (name, v)
    for c in score.comments:
        for name in ("substance", "passion", "toxicity", "low_effort", "novelty", "relevance"):
            v = getattr(c, name)
            assert math.isfinite(v) and 0.0 <= v <= 1.0, (c.id, name, v)
    s = score.structure
    assert math.isfinite(s.mean_depth) and math.isfinite(s.structural_virality)
    assert 0.0 <= s.reciprocity <= 1.0


# -- reply trees and their oracle -----------------------------------------------------------------

TEXTS = ["", "lol", "+1", "👍", "Great point about the costs.", "I disagree: the data says otherwise.",
         "مرحبا بالعالم", "e\u0301\u0301", "Why?"]
AUTHORS = ["", "A", "B", "C"]


def _stamp(kind: str, rng: random.Random) -> tuple[int, int] | None:
    if kind == "none":
        return None
    if kind == "valid":
        return rng.choice([TS_MIN, TS_MAX, 0, rng.randint(TS_MIN, TS_MAX)]), rng.choice([0, 999_999_999, rng.randint(0, 999_999_999)])
    return rng.choice([(TS_MIN - 1, 0), (TS_MAX + 1, 0), (2**63 - 1, 0), (-(2**63), 0), (0, -1), (0, 10**9)])


@st.composite
def reply_trees(draw) -> dict:
    """A thread as plain data: shape-driven comments, ids, parents, authors, stamps, reactions."""
    rng = draw(st.randoms(use_true_random=False))
    shape = draw(st.sampled_from(["random", "chain", "star", "forest", "cycle"]))
    post_id = draw(st.sampled_from(["p", "", "c0"]))  # "c0" collides with the first comment's id
    comments: list[dict] = []
    if shape == "random":
        n = draw(st.integers(0, 30))
        for i in range(n):
            comments.append({"id": f"c{i}"})
        for i, c in enumerate(comments):
            kind = rng.choice(["post", "post", "post_id", "earlier", "earlier", "any", "self", "ghost"])
            if kind == "post":
                c["parent"] = ""
            elif kind == "post_id":
                c["parent"] = post_id
            elif kind == "earlier" and i:
                c["parent"] = f"c{rng.randrange(i)}"
            elif kind == "any":
                c["parent"] = f"c{rng.randrange(n)}"
            elif kind == "self":
                c["parent"] = c["id"]
            else:
                c["parent"] = f"ghost{rng.randrange(3)}"
        for c in comments:  # a few broken ids
            roll = rng.random()
            if roll < 0.04:
                c["id"] = ""
            elif roll < 0.08 and n > 1:
                c["id"] = f"c{rng.randrange(n)}"
    elif shape == "chain":
        n = draw(st.integers(1, 400))
        comments = [{"id": f"c{i}", "parent": f"c{i - 1}" if i else ""} for i in range(n)]
        if draw(st.booleans()):
            rng.shuffle(comments)  # any input order: parent links make the tree
    elif shape == "star":
        n = draw(st.integers(1, 400))
        comments = [{"id": f"c{i}", "parent": rng.choice(["", post_id])} for i in range(n)]
    elif shape == "forest":
        k = draw(st.integers(1, 6))
        for r in range(k):  # each tree hangs from a parent that is not in the thread (an orphan)
            size = rng.randint(1, 15)
            base = len(comments)
            comments.append({"id": f"c{base}", "parent": f"missing-{r}"})
            for j in range(1, size):
                comments.append({"id": f"c{base + j}", "parent": f"c{base + rng.randrange(j)}"})
    else:  # cycle, with tails hanging off it and normal comments beside it
        length = draw(st.integers(1, 40))
        comments = [{"id": f"c{i}", "parent": f"c{(i - 1) % length}"} for i in range(length)]
        for j in range(rng.randint(0, 10)):
            comments.append({"id": f"c{length + j}", "parent": rng.choice(["", f"c{rng.randrange(length + j)}"])})
        rng.shuffle(comments)
    stamps = draw(st.sampled_from(["none", "none", "valid", "valid", "some_invalid"]))
    for c in comments:
        c["author"] = rng.choice(AUTHORS)
        c["text"] = rng.choice(TEXTS)
        c["likes"] = rng.choice([0, 0, 1, rng.randrange(2**54)])
        kind = stamps if stamps != "some_invalid" else rng.choice(["valid", "none", "invalid"])
        c["stamp"] = _stamp(kind, rng) if kind != "none" else None
    if stamps == "some_invalid" and not any(c["stamp"] and not _stamp_ok(c["stamp"]) for c in comments):
        post_stamp = _stamp("invalid", rng)
    else:
        post_stamp = _stamp(rng.choice(["none", "valid"]), rng)
    return {"id": f"t-{shape}", "post_id": post_id, "post_stamp": post_stamp, "comments": comments,
            "likes": rng.choice([0, rng.randrange(2**54)])}


def _stamp_ok(stamp: tuple[int, int] | None) -> bool:
    return stamp is None or (TS_MIN <= stamp[0] <= TS_MAX and 0 <= stamp[1] <= 999_999_999)


def to_proto(t: dict) -> pb.Thread:
    def ts(stamp):
        return None if stamp is None else timestamp_pb2.Timestamp(seconds=stamp[0], nanos=stamp[1])

    return pb.Thread(
        id=t["id"], platform="forum",
        post=pb.Post(id=t["post_id"], author_id="A", text="What do you think about remote work?",
                     created_at=ts(t["post_stamp"]), reactions=pb.Reactions(likes=t["likes"])),
        comments=[pb.Comment(id=c["id"], parent_id=c["parent"], author_id=c["author"], text=c["text"],
                             created_at=ts(c["stamp"]), reactions=pb.Reactions(likes=c["likes"], shares=1))
                  for c in t["comments"]],
    )


def oracle(t: dict) -> dict:
    """What the contract says about thread `t`, computed independently of scoring/tree.py.

    Invalid: {"valid": False, "fields": paths that are really wrong (any may be named)}.
    Valid: {"valid": True, "depths": per comment, "unknown_parents": count}.
    """
    comments = t["comments"]
    wrong: set[str] = set()
    if not _stamp_ok(t["post_stamp"]):
        wrong.add("thread.post.created_at")
    seen: set[str] = set()
    ids_ok = True
    for i, c in enumerate(comments):
        if not _stamp_ok(c["stamp"]):
            wrong.add(f"thread.comments[{i}].created_at")
        if not c["id"] or c["id"] in seen:
            wrong.add(f"thread.comments[{i}].id")
            ids_ok = False
        seen.add(c["id"])
    if not ids_ok:
        return {"valid": False, "fields": wrong}
    index = {c["id"]: i for i, c in enumerate(comments)}
    parent: list[int | None] = []  # None = the post
    unknown = 0
    for c in comments:
        pid = c["parent"]
        if pid and pid in index:
            parent.append(index[pid])
        else:
            parent.append(None)
            unknown += bool(pid) and pid != t["post_id"]
    depths = []
    for i in range(len(comments)):
        node, steps, visited = i, 0, set()
        while node is not None and node not in visited:
            visited.add(node)
            node = parent[node]
            steps += 1
        if node is not None:  # walked into a cycle: every node on it is wrong
            cycle, k = {node}, parent[node]
            while k != node:
                cycle.add(k)
                k = parent[k]
            wrong.update(f"thread.comments[{j}].parent_id" for j in cycle)
        depths.append(steps)
    if wrong:
        return {"valid": False, "fields": wrong}
    return {"valid": True, "depths": depths, "unknown_parents": unknown}


def check_scored(score: pb.ThreadScore, t: dict, want: dict) -> None:
    assert score.id == t["id"]
    assert [c.id for c in score.comments] == [c["id"] for c in t["comments"]]
    assert [c.depth for c in score.comments] == want["depths"]
    assert score.structure.comment_count == len(t["comments"])
    assert score.structure.max_depth == max(want["depths"], default=0)
    assert sum("unknown parent" in w for w in score.warnings) == want["unknown_parents"]
    assert score.engagement.total_likes == t["likes"] + sum(c["likes"] for c in t["comments"])
    assert score.engagement.total_shares == len(t["comments"])
    assert_scores_in_range(score)


GOOD = pb.Thread(id="good", post=pb.Post(id="gp", text="A good post."),
                 comments=[pb.Comment(id="g1", text="A good reply.")])


@SETTINGS
@given(t=reply_trees())
def test_random_reply_trees(stub, healthy, t):
    """Chains (<= 400 deep), stars (<= 400 wide), orphan forests, cycles, duplicate/empty ids,
    bad timestamps: ScoreThread, ScoreThreads (between good threads) and the stream all agree
    with the oracle; the server stays SERVING."""
    name = "random_reply_trees"
    want = oracle(t)
    msg = to_proto(t)

    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=msg))
    if want["valid"]:
        assert code == "OK", resp
        check_scored(resp, t, want)
    else:
        assert code == "INVALID_ARGUMENT", (code, resp)
        assert field_of(resp) in want["fields"], (resp, want["fields"])

    code, resp = call(name, stub.ScoreThreads, pb.ScoreThreadsRequest(threads=[GOOD, msg, GOOD]))
    assert code == "OK", resp
    assert [r.WhichOneof("result") for r in resp.results[::2]] == ["score", "score"]
    item = resp.results[1]
    assert item.index == 1 and item.id == t["id"]
    if want["valid"]:
        check_scored(item.score, t, want)
    else:
        assert item.error.code == "INVALID_ARGUMENT"
        assert item.error.field.replace("threads[1].", "thread.", 1) in want["fields"], item.error

    code, resp = call(name, lambda r, timeout: list(stub.StreamScoreThreads(iter(r), timeout=timeout)),
                      [pb.ScoreThreadRequest(thread=msg), pb.ScoreThreadRequest(thread=GOOD)])
    assert code == "OK", resp
    assert [r.index for r in resp] == [0, 1] and resp[1].WhichOneof("result") == "score"
    if want["valid"]:
        check_scored(resp[0].score, t, want)
    else:
        assert resp[0].error.code == "INVALID_ARGUMENT" and resp[0].error.field in want["fields"]
    healthy()


# -- Unicode ------------------------------------------------------------------------------------------

WEIRD = [
    "👩‍👩‍👧‍👦", "🇺🇦🏳️‍🌈", "👍🏽", "مرحبا بالعالم", "שלום עולם", "\u202eevil\u202c", "\u2066isolate\u2069",
    "\u200b\u200c\u200d\u2060\ufeff", "Z" + "\u0351\u0352\u0353\u0354\u0355" * 20, "\x00", "\x01\x7f", "\r\n\t",
    "\u2028\u2029", "\uffff\ufffe", "\U0010ffff", "\ue000", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﷺ", "İß", "漢字かなカナ", "ไทย", "\u3000",
]
unicode_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from(WEIRD), max_size=6).map("".join),
    st.sampled_from(["", " ", "\u3000\u200b"]),
)
unicode_id = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20)


@st.composite
def unicode_threads(draw) -> pb.Thread:
    n = draw(st.integers(0, 6))
    comments = []
    for i in range(n):
        parent = draw(st.sampled_from(["", "prev"])) if i else ""
        comments.append(pb.Comment(
            id=f"{draw(unicode_id)}#{i}", parent_id=comments[-1].id if parent == "prev" else "",
            author_id=draw(unicode_id), text=draw(unicode_text),
        ))
    return pb.Thread(id=draw(unicode_id), platform=draw(unicode_id), language=draw(unicode_id),
                     post=pb.Post(id=draw(unicode_id), author_id=draw(unicode_id), text=draw(unicode_text)),
                     comments=comments)


@SETTINGS
@given(thread=unicode_threads(), loose=st.lists(st.tuples(unicode_id, unicode_text, unicode_text, unicode_text),
                                                 max_size=4))
def test_random_unicode_is_scored(stub, healthy, thread, loose):
    """Any valid Unicode in any string field is scored (never an error), ids echoed exactly."""
    name = "random_unicode"
    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=thread))
    assert code == "OK", resp
    assert resp.id == thread.id
    assert [c.id for c in resp.comments] == [c.id for c in thread.comments]
    assert_scores_in_range(resp)

    comments = [pb.LooseComment(id=i, text=a, parent_text=b, context_text=c) for i, a, b, c in loose]
    code, resp = call(name, stub.ScoreComments, pb.ScoreCommentsRequest(comments=comments))
    assert code == "OK", resp
    assert [r.id for r in resp.results] == [c.id for c in comments]
    assert all(r.WhichOneof("result") == "score" for r in resp.results)
    healthy()


# -- extreme numbers ------------------------------------------------------------------------------------


def _thread(post_reactions=None, comment_reactions=None, exposure=None, engaged=None, stamps=(None, None)):
    def ts(s):
        return None if s is None else timestamp_pb2.Timestamp(seconds=s[0], nanos=s[1])

    return pb.Thread(
        id="x", post=pb.Post(id="p", text="A post.", reactions=post_reactions, exposure=exposure,
                             engaged_users=engaged, created_at=ts(stamps[0])),
        comments=[pb.Comment(id="c", text="A reply.", reactions=comment_reactions, created_at=ts(stamps[1])),
                  pb.Comment(id="d", text="Another.", created_at=ts((0, 0)))],
    )


def test_extreme_counts(stub, healthy):
    """uint64 max in one count, exposure and engaged users: scored with exact totals."""
    name = "extreme_counts"
    cases = [
        (_thread(post_reactions=pb.Reactions(likes=U64, shares=U64, other=U64)), (U64, U64, U64)),
        (_thread(comment_reactions=pb.Reactions(likes=U64)), (U64, 0, 0)),
        (_thread(exposure=U64, engaged=U64), (0, 0, 0)),
        (_thread(exposure=1, engaged=U64), (0, 0, 0)),
        (_thread(exposure=0, engaged=0), (0, 0, 0)),
    ]
    for msg, (likes, shares, other) in cases:
        code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=msg))
        assert code == "OK", resp
        e = resp.engagement
        assert (e.total_likes, e.total_shares, e.total_other_reactions) == (likes, shares, other)
        assert all(math.isfinite(v) for v in (e.engagement_rate, e.conversation_rate, e.applause_rate))
        assert e.exposure_known == (msg.post.exposure > 0)
        healthy()
    print(f"\nextreme counts: sent {len(cases)}, OK {FIGURES[name, 'OK']}")
    assert FIGURES[name, "OK"] == len(cases)


def test_reaction_totals_past_uint64_max(stub, healthy):
    """Counts that are each valid but whose thread totals pass uint64 max: a result (totals
    saturate at uint64 max) or a clear INVALID_ARGUMENT, never INTERNAL. (Was INTERNAL: fixed in
    b2172d1.)"""
    msg = _thread(post_reactions=pb.Reactions(likes=U64), comment_reactions=pb.Reactions(likes=1))
    code, resp = call("reaction_totals_overflow", stub.ScoreThread, pb.ScoreThreadRequest(thread=msg))
    healthy()
    assert code in ("OK", "INVALID_ARGUMENT"), (code, resp)
    if code == "OK":
        assert resp.engagement.total_likes == U64  # saturated, not wrapped


@pytest.mark.parametrize("stamp, ok", [
    ((TS_MIN, 0), True), ((TS_MAX, 999_999_999), True), ((0, 0), True), ((-1, 999_999_999), True),
    ((TS_MIN - 1, 0), False), ((TS_MAX + 1, 0), False), ((2**63 - 1, 0), False), ((-(2**63), 0), False),
    ((0, -1), False), ((0, 10**9), False), ((TS_MAX, 2**31 - 1), False), ((0, -(2**31)), False),
])
@pytest.mark.parametrize("where", ["post", "comment"])
def test_extreme_timestamps(stub, healthy, stamp, ok, where):
    """The min and max Timestamp score; seconds or nanos out of range are INVALID_ARGUMENT naming
    the field."""
    stamps = (stamp, None) if where == "post" else (None, stamp)
    code, resp = call("extreme_timestamps", stub.ScoreThread, pb.ScoreThreadRequest(thread=_thread(stamps=stamps)))
    healthy()
    if ok:
        assert code == "OK", resp
        assert len(resp.comments) == 2
    else:
        assert code == "INVALID_ARGUMENT", (code, resp)
        assert field_of(resp) == ("thread.post.created_at" if where == "post" else "thread.comments[0].created_at")


# -- sizes at and past the limits ------------------------------------------------------------------------


def distinct_words(n: int, stem: str) -> str:
    """Exactly `n` characters of words that never repeat (the model reads a repeated word 3 times)."""
    return " ".join(f"{stem}{i}" for i in range(n))[:n]


def distinct_emoji(n: int) -> str:
    """Exactly `n` characters: emoji and spaces, 64 different emoji in turn (no phrase repeats)."""
    return "".join(chr(0x1F600 + i % 64) + " " for i in range(n // 2))


def test_empty_and_huge_texts_and_ids(stub, healthy):
    """Empty everything scores; texts and ids at their limits score, one past is INVALID_ARGUMENT
    naming the field; the thread-level comment limit likewise."""
    name = "sizes_at_limits"
    n = LIMITS.max_text_chars
    empty = pb.Thread()
    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=empty))
    assert code == "OK" and len(resp.comments) == 0, resp

    at_limit = pb.Thread(id="i" * LIMITS.max_id_chars, post=pb.Post(id="p" * LIMITS.max_id_chars, text=distinct_words(n, "w")),
                         comments=[pb.Comment(id="c" * LIMITS.max_id_chars, text=distinct_emoji(n)),
                                   pb.Comment(id="e", text="")])
    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=at_limit))
    assert code == "OK", resp
    assert resp.comments[0].truncated and not resp.comments[1].truncated
    assert any("tokens" in w for w in resp.warnings)

    over = [
        (pb.Thread(post=pb.Post(text="x" * (n + 1))), "thread.post.text"),
        (pb.Thread(comments=[pb.Comment(id="a"), pb.Comment(id="b", text="😀" * (n + 1))]), "thread.comments[1].text"),
        (pb.Thread(id="i" * (LIMITS.max_id_chars + 1)), "thread.id"),
        (pb.Thread(post=pb.Post(id="p" * (LIMITS.max_id_chars + 1))), "thread.post.id"),
        (pb.Thread(comments=[pb.Comment(id="c" * (LIMITS.max_id_chars + 1))]), "thread.comments[0].id"),
    ]
    for msg, field in over:
        code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=msg))
        assert code == "INVALID_ARGUMENT" and field_of(resp) == field, (code, resp)
        healthy()

    loose = [pb.LooseComment(id="ok", text=distinct_words(n, "x"), parent_text="", context_text=""),
             pb.LooseComment(id="bad", text="fine", parent_text="y" * (n + 1))]
    code, resp = call(name, stub.ScoreComments, pb.ScoreCommentsRequest(comments=loose))
    assert code == "OK", resp
    assert resp.results[0].WhichOneof("result") == "score" and resp.results[0].score.truncated
    assert resp.results[1].error.field == "comments[1].parent_text"
    healthy()


def test_threads_at_the_comment_limit(stub, healthy):
    """A 10,000-deep chain and a 20,000-wide star (the per-thread limit) score with exact
    structure; 20,001 comments are INVALID_ARGUMENT."""
    name = "comment_limit"
    deep = 10_000
    chain = pb.Thread(id="chain", post=pb.Post(id="p", text="root"),
                      comments=[pb.Comment(id=f"c{i}", parent_id=f"c{i - 1}" if i else "", author_id="AB"[i % 2])
                                for i in range(deep)])
    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=chain))
    assert code == "OK", resp
    assert resp.structure.max_depth == deep and resp.structure.longest_exchange == deep
    healthy()

    wide = LIMITS.max_comments_per_thread
    star = pb.Thread(id="star", post=pb.Post(id="p", text="root"),
                     comments=[pb.Comment(id=f"c{i}") for i in range(wide)])
    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=star))
    assert code == "OK", resp
    assert resp.structure.max_width == wide and resp.structure.max_depth == 1
    healthy()

    star.comments.append(pb.Comment(id="one-too-many"))
    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=star))
    assert code == "INVALID_ARGUMENT" and field_of(resp) == "thread.comments", (code, resp)
    healthy()


# -- invalid UTF-8, hand-encoded ------------------------------------------------------------------------


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def ld(field: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2): strings, bytes, messages."""
    return varint(field << 3 | 2) + varint(len(payload)) + payload


# Byte strings that are not UTF-8: a lone high and a lone low surrogate (as CESU/WTF-8 writes them),
# a surrogate pair encoded separately, a stray continuation byte, 0xFF, an overlong "/", a truncated
# sequence, and a code point past U+10FFFF.
BAD_UTF8 = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xed\xa0\xbd\xed\xb8\x80", b"\x80", b"\xff", b"\xc0\xaf",
            b"caf\xc3", b"\xf4\x90\x80\x80"]


def thread_bytes(text: bytes = b"fine", comment_id: bytes = b"c1", thread_id: bytes = b"t", author: bytes = b"A",
                 parent: bytes = b"") -> bytes:
    """Thread{id, post{id, text}, comments[{id, parent_id, author_id, text}]}, written by hand."""
    post = ld(1, b"p") + ld(3, b"post text")
    comment = ld(1, comment_id) + ld(2, parent) + ld(3, author) + ld(4, text)
    return ld(1, thread_id) + ld(4, post) + ld(5, comment)


def bad_utf8_requests() -> list[tuple[str, str, bytes]]:
    """(method, where, raw request bytes) with invalid UTF-8 in one string field each."""
    out = []
    for i, bad in enumerate(BAD_UTF8):
        for where, thread in (
            ("comment.text", thread_bytes(text=b"ok " + bad)),
            ("comment.id", thread_bytes(comment_id=bad)),
            ("thread.id", thread_bytes(thread_id=bad)),
            ("comment.author_id", thread_bytes(author=bad)),
            ("comment.parent_id", thread_bytes(parent=bad)),
        ):
            if (i + len(where)) % 2 == 0 or where == "comment.text":  # every field, not every pair
                out.append(("ScoreThread", where, ld(1, thread)))
        out.append(("ScoreThreads", "threads[1].comment.text", ld(1, thread_bytes()) + ld(1, thread_bytes(text=bad))))
        loose_field = 2 + i % 3  # text, parent_text, context_text
        out.append(("ScoreComments", f"loose field {loose_field}", ld(1, ld(1, b"k") + ld(loose_field, bad))))
        out.append(("StreamScoreThreads", "2nd message comment.text", ld(1, thread_bytes(text=bad))))
    return out


def send_raw(channel, method: str, raw: bytes):
    """(code name, details) of a call whose request bytes are `raw`."""
    ident = dict(request_serializer=lambda b: b, response_deserializer=lambda b: b)
    try:
        if method == "StreamScoreThreads":
            good = pb.ScoreThreadRequest(thread=GOOD).SerializeToString()
            out = list(channel.stream_stream(METHOD + method, **ident)(iter([good, raw, good]), timeout=TIMEOUT))
            return "OK", out
        return "OK", channel.unary_unary(METHOD + method, **ident)(raw, timeout=TIMEOUT)
    except grpc.RpcError as exc:
        return exc.code().name, exc.details()


def test_hand_encoder_is_right():
    """The hand encoder writes what protobuf itself reads (so the bad-UTF-8 tests test the server)."""
    msg = pb.ScoreThreadRequest.FromString(ld(1, thread_bytes(text="héllo".encode(), parent=b"p")))
    assert msg.thread.comments[0].text == "héllo" and msg.thread.comments[0].parent_id == "p"
    assert msg.thread.post.text == "post text" and msg.thread.id == "t"
    for bad in BAD_UTF8:
        with pytest.raises(Exception):
            pb.ScoreThreadRequest.FromString(ld(1, thread_bytes(text=bad)))


def test_invalid_utf8_is_refused_and_server_keeps_serving(channel, stub, healthy):
    """Every request with invalid UTF-8 in a string field is answered with an error (never OK,
    never a hang), and the server keeps serving."""
    name = "invalid_utf8"
    requests = bad_utf8_requests()
    codes: Counter = Counter()
    for method, where, raw in requests:
        code, details = send_raw(channel, method, raw)
        codes[code] += 1
        FIGURES[name, code] += 1
        assert code not in ("OK", "DEADLINE_EXCEEDED"), (method, where, details)
        healthy()
    code, resp = call(name, stub.ScoreThread, pb.ScoreThreadRequest(thread=GOOD))
    assert code == "OK"
    print(f"\ninvalid UTF-8: sent {len(requests)}, answered {sum(codes.values())} {dict(codes)}, lost 0")
    assert sum(codes.values()) == len(requests)


def test_invalid_utf8_is_invalid_argument(channel):
    """Invalid UTF-8 is bad input: the contract answers bad input with INVALID_ARGUMENT (the SDK
    turns UNKNOWN/INTERNAL into InternalError, a server fault). (Was UNKNOWN for unary methods and
    INTERNAL for the stream: fixed in b2172d1.)"""
    got = Counter()
    for method, where, raw in bad_utf8_requests():
        code, details = send_raw(channel, method, raw)
        got[method, code] += 1
    print(f"\ninvalid UTF-8 by method and code: {dict(got)}")
    assert {code for _, code in got} == {"INVALID_ARGUMENT"}, dict(got)
    assert sum(got.values()) == len(bad_utf8_requests())
