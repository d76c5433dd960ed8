"""Security under real servers: no comment text in the logs, tokens on every method, TLS and mutual
TLS handshakes with wrong certificates.

(tests/test_server_security.py covers the basic cases: wrong CA, no client certificate, a client
certificate of another CA, plaintext against TLS, a missing or wrong token on GetModelInfo and the
stream. This module adds what it does not.)

- Logs: a `convoscore serve` subprocess at --log-level DEBUG (the most verbose level; the server
  has no option to log comment text, and its --log-level help says so) gets marker texts through
  every outcome a client can cause: OK on every method, item errors, INVALID_ARGUMENT (bad
  threads, bad protobuf, invalid UTF-8, on unary calls and the stream), RESOURCE_EXHAUSTED (size),
  DEADLINE_EXCEEDED, UNAUTHENTICATED. No marker text may appear anywhere in its stderr. (Errors
  inside the model are checked in test_reliability_faults.py, which injects them.)
- Tokens: every method (and reflection) refuses a missing or wrong token, another scheme and
  another metadata key with UNAUTHENTICATED, and computes nothing for them.
- TLS: an expired server certificate, a server name that the certificate does not hold, and under
  mutual TLS an expired client certificate (signed by the trusted CA): the handshake fails
  (UNAVAILABLE), and the server keeps serving good clients.
"""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from server_harness import running_server, subprocess_server

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc

TOKEN = "reliability-token-5b1e"
TIMEOUT = 60.0


# -- logs ----------------------------------------------------------------------------------------------


def ld(field: int, payload: bytes) -> bytes:
    n, out = len(payload), bytearray()
    out.append(field << 3 | 2)
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out) + payload


def test_logs_hold_no_comment_text_at_debug(tmp_path):
    markers = [f"SECRETTEXT{i}QZX" for i in range(40)]
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    sent = {}

    def note(outcome: str, got: str) -> None:
        sent.setdefault(outcome, []).append(got)

    with subprocess_server("--log-level", "DEBUG", "--auth-token-file", str(token_file),
                           "--max-message-bytes", str(256 * 1024)) as srv:
        ch = srv.channel(token=TOKEN)
        stub = pb_grpc.ConversationQualityStub(ch)
        m = iter(markers)

        def thread(n: int = 2, **post) -> pb.Thread:
            return pb.Thread(id="t", post=pb.Post(id="p", text=f"post {next(m)} text", **post),
                             comments=[pb.Comment(id=f"c{i}", text=f"comment {next(m)} here") for i in range(n)])

        def run(outcome: str, fn, req) -> None:
            try:
                fn(req, timeout=TIMEOUT)
                note(outcome, "OK")
            except grpc.RpcError as exc:
                note(outcome, exc.code().name)

        run("OK", stub.ScoreThread, pb.ScoreThreadRequest(thread=thread()))
        run("OK", stub.ScoreThreads, pb.ScoreThreadsRequest(threads=[thread(1), thread(1)]))
        run("OK", stub.ScoreComments, pb.ScoreCommentsRequest(comments=[pb.LooseComment(
            id="k", text=next(m), parent_text=next(m), context_text=next(m))]))
        note("OK", "OK" if len(list(stub.StreamScoreThreads(iter([pb.ScoreThreadRequest(thread=thread())]),
                                                            timeout=TIMEOUT))) == 1 else "?")
        dup = thread(2)
        dup.comments[1].id = "c0"
        run("INVALID_ARGUMENT", stub.ScoreThread, pb.ScoreThreadRequest(thread=dup))
        run("OK (an item INVALID_ARGUMENT)", stub.ScoreComments, pb.ScoreCommentsRequest(comments=[pb.LooseComment(
            id="k", text=next(m) + "x" * 20_001)]))
        # Reaction totals past uint64 max (once an unexpected error inside the server: INTERNAL).
        big = thread(1, reactions=pb.Reactions(likes=2**64 - 1))
        big.comments[0].reactions.likes = 1
        run("OK (totals saturate)", stub.ScoreThread, pb.ScoreThreadRequest(thread=big))
        raw = ch.unary_unary("/convoscore.v1.ConversationQuality/ScoreThread",
                             request_serializer=lambda b: b, response_deserializer=lambda b: b)
        bad_utf8 = ld(1, ld(4, ld(3, f"post {next(m)} \xff".encode("latin-1"))))
        run("INVALID_ARGUMENT (invalid UTF-8)", raw, bad_utf8)
        run("INVALID_ARGUMENT (garbage)", raw, next(m).encode() + b"\xff\xff\xff")
        stream_raw = ch.stream_stream("/convoscore.v1.ConversationQuality/StreamScoreThreads",
                                      request_serializer=lambda b: b, response_deserializer=lambda b: b)
        run("INVALID_ARGUMENT (bad stream message)", lambda r, timeout: list(stream_raw(iter([r]), timeout=timeout)), bad_utf8)
        run("RESOURCE_EXHAUSTED (size)", stub.ScoreThread, pb.ScoreThreadRequest(thread=pb.Thread(
            post=pb.Post(text=next(m) + " word" * 60_000))))
        run("DEADLINE_EXCEEDED", lambda r, timeout: stub.ScoreThread(r, timeout=0.001), pb.ScoreThreadRequest(thread=thread(8)))
        with srv.channel(token="wrong") as wrong:
            run("UNAUTHENTICATED", pb_grpc.ConversationQualityStub(wrong).ScoreThread, pb.ScoreThreadRequest(thread=thread()))
        used = markers.index(next(m))
        ch.close()
        srv.terminate()
        assert srv.wait(60) == 0
        log = srv.stderr_text()
    # The harness removes its working folder and keeps the log on the handle.
    assert not srv.stderr_path.parent.exists()
    assert srv.stderr_text() == log

    leaked = [mk for mk in markers[:used] if mk in log]
    lines = log.splitlines()
    print(f"\nFIGURES logs: marker texts sent {used}, calls by expected outcome and code "
          f"{ {k: v for k, v in sent.items()} }, log lines {len(lines)} "
          f"(DEBUG access lines {sum(' rpc ' in ln for ln in lines)}, ERROR {sum(' ERROR ' in ln for ln in lines)}), "
          f"marker texts found in the log {len(leaked)}")
    for outcome, codes in sent.items():
        assert all(outcome.startswith(c) for c in codes), (outcome, codes)
    # The log really was verbose: an access line per call that reached the service.
    for code in ("OK", "INVALID_ARGUMENT", "UNAUTHENTICATED"):
        assert f"code={code}" in log, code
    assert sum(" rpc " in ln for ln in lines) >= 10
    assert not leaked, [ln[:200] for ln in lines if any(mk in ln for mk in leaked)][:5]


# -- tokens -----------------------------------------------------------------------------------------------


GOOD = pb.Thread(id="g", post=pb.Post(id="p", text="A post."), comments=[pb.Comment(id="c", text="A reply.")])
METHODS = {
    "ScoreThread": lambda stub, **kw: stub.ScoreThread(pb.ScoreThreadRequest(thread=GOOD), **kw),
    "ScoreThreads": lambda stub, **kw: stub.ScoreThreads(pb.ScoreThreadsRequest(threads=[GOOD]), **kw),
    "ScoreComments": lambda stub, **kw: stub.ScoreComments(
        pb.ScoreCommentsRequest(comments=[pb.LooseComment(id="k", text="hi")]), **kw),
    "StreamScoreThreads": lambda stub, **kw: list(stub.StreamScoreThreads(iter([pb.ScoreThreadRequest(thread=GOOD)]), **kw)),
    "GetModelInfo": lambda stub, **kw: stub.GetModelInfo(pb.GetModelInfoRequest(), **kw),
}
BAD_METADATA = {
    "none": [],
    "wrong token": [("authorization", "Bearer not-the-token")],
    "token with a suffix": [("authorization", f"Bearer {TOKEN}x")],
    "Basic scheme": [("authorization", f"Basic {TOKEN}")],
    "bare token": [("authorization", TOKEN)],
    "other key": [("x-api-key", TOKEN)],
    "empty bearer": [("authorization", "Bearer ")],
}


def test_every_method_needs_the_token_and_computes_nothing_without(text_model_fp32):
    with running_server(text_model=text_model_fp32, auth_token=TOKEN) as srv, srv.channel() as ch:
        stub = pb_grpc.ConversationQualityStub(ch)
        encoded = srv.metric("convoscore_texts_encoded_total")
        refused = 0
        for method, call in METHODS.items():
            for what, md in BAD_METADATA.items():
                with pytest.raises(grpc.RpcError) as info:
                    call(stub, metadata=md, timeout=TIMEOUT)
                assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED, (method, what)
                refused += 1
        reflection = reflection_pb2_grpc.ServerReflectionStub(ch)
        with pytest.raises(grpc.RpcError) as info:
            list(reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                                                 timeout=TIMEOUT))
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        refused += 1
        assert srv.metric("convoscore_texts_encoded_total") == encoded  # nothing was computed
        ok = 0
        for method, call in METHODS.items():
            call(stub, metadata=[("authorization", f"Bearer {TOKEN}")], timeout=TIMEOUT)
            ok += 1
        assert srv.metric("convoscore_texts_encoded_total") > encoded
        print(f"\nFIGURES tokens: refused {refused} of {refused} bad calls (5 methods x {len(BAD_METADATA)} kinds + "
              f"reflection), UNAUTHENTICATED {refused}, texts computed for them 0; good token OK {ok}/5")


# -- TLS --------------------------------------------------------------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(cn: str, key, issuer_name, issuer_key, *, ca: bool = False, server: bool = False,
          valid_days: tuple[int, int] = (-1, 1)) -> x509.Certificate:
    now = datetime.datetime.now(datetime.timezone.utc)
    b = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer_name).public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(now + datetime.timedelta(days=valid_days[0]))
         .not_valid_after(now + datetime.timedelta(days=valid_days[1]))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                          crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    else:
        usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
        b = b.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if server:
        b = b.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _pem(cert=None, key=None) -> bytes:
    if cert is not None:
        return cert.public_bytes(serialization.Encoding.PEM)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict:
    """A CA; good and expired server and client certificates it signed; PEM bytes and file paths."""
    d: Path = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("reliability CA", ca_key, _name("reliability CA"), ca_key, ca=True, valid_days=(-30, 30))
    out = {"ca": _pem(ca)}
    for name, server, days in (("server", True, (-1, 1)), ("expired_server", True, (-10, -1)),
                               ("client", False, (-1, 1)), ("expired_client", False, (-10, -1))):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(name, key, ca.subject, ca_key, server=server, valid_days=days)
        out[name], out[f"{name}_key"] = _pem(cert), _pem(key=key)
    for k, v in list(out.items()):
        (d / f"{k}.pem").write_bytes(v)
        out[f"{k}_path"] = str(d / f"{k}.pem")
    return out


def _code(srv, **kw) -> str:
    try:
        with srv.channel(**kw) as ch:
            pb_grpc.ConversationQualityStub(ch).GetModelInfo(pb.GetModelInfoRequest(), timeout=10)
        return "OK"
    except grpc.RpcError as exc:
        return exc.code().name


def test_tls_with_wrong_certificates_fails(pki, text_model_fp32):
    results = {}
    with running_server(text_model=text_model_fp32, tls_cert=pki["expired_server_path"],
                        tls_key=pki["expired_server_key_path"], metrics_port=-1) as srv:
        results["expired server certificate"] = _code(srv, root_certificates=pki["ca"])
    with running_server(text_model=text_model_fp32, tls_cert=pki["server_path"], tls_key=pki["server_key_path"],
                        metrics_port=-1) as srv:
        results["good (control)"] = _code(srv, root_certificates=pki["ca"])
        results["server name not in the certificate"] = _code(
            srv, root_certificates=pki["ca"], options=[("grpc.ssl_target_name_override", "not-this-server.example")])
        results["good after the failures"] = _code(srv, root_certificates=pki["ca"])
    with running_server(text_model=text_model_fp32, tls_cert=pki["server_path"], tls_key=pki["server_key_path"],
                        tls_client_ca=pki["ca_path"], metrics_port=-1) as srv:
        results["mTLS good client (control)"] = _code(srv, root_certificates=pki["ca"], private_key=pki["client_key"],
                                                      certificate_chain=pki["client"])
        results["mTLS expired client certificate"] = _code(srv, root_certificates=pki["ca"],
                                                           private_key=pki["expired_client_key"],
                                                           certificate_chain=pki["expired_client"])
        results["mTLS good client after the failures"] = _code(srv, root_certificates=pki["ca"],
                                                               private_key=pki["client_key"],
                                                               certificate_chain=pki["client"])
    print("\nFIGURES TLS:", results)
    for what, code in results.items():
        assert code == ("OK" if "good" in what else "UNAVAILABLE"), (what, code)
