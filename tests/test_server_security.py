"""TLS, mutual TLS and bearer-token auth accept and reject as they should (real servers)."""

from __future__ import annotations

import grpc
import pytest
from certs import CertPaths, make_certs
from server_harness import running_server

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc

TOKEN = "s3cret-token-for-tests"
INFO = pb.GetModelInfoRequest()


@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> CertPaths:
    return make_certs(tmp_path_factory.mktemp("certs"))


def tls(certs: CertPaths, client: str | None = None) -> dict:
    kw = {"root_certificates": certs.pem(certs.ca_cert)}
    if client == "good":
        kw.update(private_key=certs.pem(certs.client_key), certificate_chain=certs.pem(certs.client_cert))
    elif client == "rogue":
        kw.update(private_key=certs.pem(certs.rogue_client_key), certificate_chain=certs.pem(certs.rogue_client_cert))
    return kw


def call_code(srv, **channel_kw) -> grpc.StatusCode:
    with srv.channel(**channel_kw) as ch:
        try:
            stub = pb_grpc.ConversationQualityStub(ch)
            stub.GetModelInfo(INFO, timeout=10)
            return grpc.StatusCode.OK
        except grpc.RpcError as exc:
            return exc.code()


def test_tls(certs, text_model_fp32):
    with running_server(text_model=text_model_fp32, tls_cert=str(certs.server_cert), tls_key=str(certs.server_key),
                        metrics_port=-1) as srv:
        assert call_code(srv, **tls(certs)) == grpc.StatusCode.OK
        assert srv.health(**tls(certs)) == "SERVING"
        assert call_code(srv) == grpc.StatusCode.UNAVAILABLE  # plaintext client: no handshake
        # A client that does not trust the server's CA refuses the connection.
        assert call_code(srv, root_certificates=certs.pem(certs.rogue_client_cert)) == grpc.StatusCode.UNAVAILABLE


def test_mutual_tls(certs, text_model_fp32):
    with running_server(text_model=text_model_fp32, tls_cert=str(certs.server_cert), tls_key=str(certs.server_key),
                        tls_client_ca=str(certs.ca_cert), metrics_port=-1) as srv:
        assert call_code(srv, **tls(certs, "good")) == grpc.StatusCode.OK
        assert call_code(srv, **tls(certs)) == grpc.StatusCode.UNAVAILABLE  # no client certificate
        assert call_code(srv, **tls(certs, "rogue")) == grpc.StatusCode.UNAVAILABLE  # signed by another CA
        assert call_code(srv) == grpc.StatusCode.UNAVAILABLE


def test_bearer_token(tmp_path, text_model_fp32):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    with running_server(text_model=text_model_fp32, auth_token_file=str(token_file)) as srv:
        assert call_code(srv, token=TOKEN) == grpc.StatusCode.OK
        assert call_code(srv) == grpc.StatusCode.UNAUTHENTICATED
        assert call_code(srv, token=TOKEN + "x") == grpc.StatusCode.UNAUTHENTICATED
        assert call_code(srv, token=TOKEN[:-1]) == grpc.StatusCode.UNAUTHENTICATED
        assert call_code(srv, token="") == grpc.StatusCode.UNAUTHENTICATED
        # Streams are checked too.
        with srv.channel() as ch:
            stub = pb_grpc.ConversationQualityStub(ch)
            with pytest.raises(grpc.RpcError) as info:
                list(stub.StreamScoreThreads(iter([pb.ScoreThreadRequest(thread=pb.Thread(id="t"))]), timeout=10))
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        # Health checks need no token (orchestrators probe without one).
        assert srv.health() == "SERVING"
        assert srv.metric("convoscore_rpcs_total", method="GetModelInfo", code="UNAUTHENTICATED") == 4


def test_token_over_tls(certs, tmp_path, text_model_fp32):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    with running_server(text_model=text_model_fp32, tls_cert=str(certs.server_cert), tls_key=str(certs.server_key),
                        auth_token_file=str(token_file), metrics_port=-1) as srv:
        assert call_code(srv, token=TOKEN, **tls(certs)) == grpc.StatusCode.OK
        assert call_code(srv, **tls(certs)) == grpc.StatusCode.UNAUTHENTICATED
