"""Start a REAL convoscore server for tests: loopback only, a free port, health SERVING before use.

Two ways, one handle API:

    from server_harness import running_server, subprocess_server

    # In-process: the server runs on a background asyncio loop in this process. Starting one is
    # cheap when the text model is shared (pass `text_model=`, e.g. the session fixture
    # `text_model_fp32` from conftest.py, or let the harness load and cache one per backend).
    with running_server(backend="fp32", max_queue=256) as srv:
        stub = srv.stub()                         # ConversationQualityStub on a fresh channel
        stub.ScoreThread(request, timeout=30)
        srv.metric("convoscore_rpcs_total", method="ScoreThread", code="OK")   # scraped over HTTP

    # Subprocess: `python -m service.cli serve --port 0 --metrics-port 0 --port-file ...`, for
    # signals, exit codes and logs.
    with subprocess_server("--log-level", "DEBUG", "--grace-seconds", "30") as srv:
        ...
        srv.terminate()                           # SIGTERM
        assert srv.wait(timeout=60) == 0
        srv.stderr_text()                         # everything the server logged

Both yield a handle (`InProcessServer` / `SubprocessServer`, base `ServerHandle`) with:
    address        "127.0.0.1:PORT" (the port was picked by the OS: --port 0)
    port, metrics_port, metrics_url ("http://127.0.0.1:M/metrics", None when metrics are off)
    channel(**kw)  a grpc.Channel: TLS when `root_certificates=` (and client cert/key for mutual
                   TLS) are given, else plaintext; `token=` adds `authorization: Bearer` metadata
    stub(**kw)     ConversationQualityStub on `channel(**kw)`
    health(service="", **kw) -> the health status name ("SERVING", "NOT_SERVING", ...)
    scrape()       the /metrics text;  metric(name, **labels) -> float (sum over matching samples)

Keyword options of `running_server` are ServeConfig fields (service/config.py); host, port and
metrics_port default to 127.0.0.1, 0 and 0. Options of `subprocess_server` are CLI flags; the
child gets this environment minus every CONVOSCORE_* variable, plus `env=`.

Both wait (bounded, default 120 s) for health SERVING and raise `ServerStartError` with the
server's log when it does not come up (`subprocess_server(..., wait_serving=False)` returns once
the port is bound, model still loading; then call `srv.wait_serving()`). Other helpers:
`metric_value(text, name, **labels)`, `histogram_buckets(text, name, **labels)`,
`wait_for_serving(handle)`, `shared_text_model(backend)`. Leaving the `with` block stops the server (gracefully,
grace `stop_grace` seconds) and, for a subprocess, kills it if it does not exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client.parser import text_string_to_metric_families

from convoscore.v1 import convoscore_pb2_grpc as pb_grpc

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0


class ServerStartError(RuntimeError):
    """The server did not reach health SERVING."""


# -- handles ------------------------------------------------------------------------------------


class ServerHandle:
    """What a test needs to talk to a running server."""

    host = "127.0.0.1"
    port: int
    metrics_port: int | None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def metrics_url(self) -> str | None:
        return None if not self.metrics_port else f"http://{self.host}:{self.metrics_port}/metrics"

    def channel(
        self,
        *,
        root_certificates: bytes | None = None,
        private_key: bytes | None = None,
        certificate_chain: bytes | None = None,
        token: str | None = None,
        options: list[tuple[str, object]] | None = None,
    ) -> grpc.Channel:
        """A new channel to the server (close it, or use it as a context manager)."""
        opts = list(options or [])
        if root_certificates is None and token is None:
            return grpc.insecure_channel(self.address, options=opts)
        if root_certificates is None:
            # Token over plaintext: gRPC refuses call credentials on insecure channels, so the
            # metadata is added by an interceptor instead (loopback tests only).
            return grpc.intercept_channel(grpc.insecure_channel(self.address, options=opts), _BearerInterceptor(token))
        creds = grpc.ssl_channel_credentials(root_certificates, private_key, certificate_chain)
        if token is not None:
            creds = grpc.composite_channel_credentials(creds, grpc.access_token_call_credentials(token))
        return grpc.secure_channel(self.address, creds, options=opts)

    def stub(self, **channel_kw) -> pb_grpc.ConversationQualityStub:
        return pb_grpc.ConversationQualityStub(self.channel(**channel_kw))

    def health(self, service: str = "", timeout: float = 5.0, **channel_kw) -> str:
        with self.channel(**channel_kw) as ch:
            resp = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)

    def scrape(self) -> str:
        if not self.metrics_url:
            raise RuntimeError("this server runs without a metrics endpoint")
        with urllib.request.urlopen(self.metrics_url, timeout=10) as resp:
            return resp.read().decode("utf-8")

    def metric(self, name: str, **labels: str) -> float:
        """Sum of the samples called `name` whose labels include `labels` (0.0 when none)."""
        return metric_value(self.scrape(), name, **labels)


class _BearerInterceptor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                         grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    def __init__(self, token: str) -> None:
        self._md = ("authorization", f"Bearer {token}")

    def _details(self, details):
        md = list(details.metadata or []) + [self._md]
        return details._replace(metadata=md) if hasattr(details, "_replace") else _Details(details, md)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self._details(details), request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self._details(details), request_iterator)


class _Details(grpc.ClientCallDetails):
    def __init__(self, base, metadata) -> None:
        self.method = base.method
        self.timeout = base.timeout
        self.metadata = metadata
        self.credentials = base.credentials
        self.wait_for_ready = getattr(base, "wait_for_ready", None)
        self.compression = getattr(base, "compression", None)


def metric_value(text: str, name: str, **labels: str) -> float:
    """Sum of the samples called `name` in Prometheus text `text` whose labels include `labels`."""
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def histogram_buckets(text: str, name: str, **labels: str) -> dict[float, float]:
    """Cumulative bucket counts {upper bound: count} of histogram `name` (labels as in metric_value)."""
    out: dict[float, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == f"{name}_bucket" and all(sample.labels.get(k) == v for k, v in labels.items()):
                le = float(sample.labels["le"])
                out[le] = out.get(le, 0.0) + sample.value
    return dict(sorted(out.items()))


def wait_until(predicate, what: str, timeout: float = 60.0) -> None:
    """Poll `predicate` every 20 ms; fail the test naming `what` if it is not true within `timeout`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"never happened within {timeout} s: {what}")


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid` in MiB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def wait_for_serving(handle: ServerHandle, timeout: float = START_TIMEOUT, alive=lambda: True, **channel_kw) -> None:
    """Poll health Check (bounded) until SERVING; raise ServerStartError otherwise."""
    end = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < end and alive():
        try:
            last = handle.health(timeout=2.0, **channel_kw)
            if last == "SERVING":
                return
        except grpc.RpcError as exc:
            last = f"{exc.code().name}: {exc.details()}"
        time.sleep(0.05)
    raise ServerStartError(f"server at {handle.address} not SERVING: {last}")


# -- in-process ---------------------------------------------------------------------------------


class _LoopThread:
    """One asyncio loop in a daemon thread, shared by every in-process server of the process."""

    _instance: "_LoopThread | None" = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="server-harness-loop", daemon=True)
        self.thread.start()

    @classmethod
    def get(cls) -> "_LoopThread":
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def run(self, coro, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


_MODELS: dict[str, object] = {}
_MODELS_LOCK = threading.Lock()


def shared_text_model(backend: str = "fp32"):
    """A TextModel per backend, loaded once per process and shared by in-process servers."""
    from scoring.text_model import TextModel

    with _MODELS_LOCK:
        if backend not in _MODELS:
            _MODELS[backend] = TextModel(backend=backend)
        return _MODELS[backend]


class InProcessServer(ServerHandle):
    """A service.server.Server on the harness loop. `server` is the Server object itself."""

    def __init__(self, server, loop: _LoopThread) -> None:
        self.server = server
        self._loop = loop
        self.port = server.port
        self.metrics_port = server.metrics_port

    def stop(self, grace: float | None = None) -> None:
        self._loop.run(self.server.stop(grace), timeout=(grace or self.server.config.grace_seconds) + 60)

    def stop_async(self, grace: float | None = None):
        """Start a graceful stop and return a concurrent.futures.Future for its end."""
        return asyncio.run_coroutine_threadsafe(self.server.stop(grace), self._loop.loop)


@contextlib.contextmanager
def running_server(*, text_model=None, stop_grace: float = 5.0, start_timeout: float = START_TIMEOUT,
                   **options) -> Iterator[InProcessServer]:
    """An in-process server with ServeConfig `options`; shares a cached model of its backend
    unless `text_model` is given (heads_dir is then the model's own)."""
    from service.config import ServeConfig
    from service.server import Server

    options.setdefault("host", "127.0.0.1")
    options.setdefault("port", 0)
    options.setdefault("metrics_port", 0)
    options.setdefault("backend", "fp32")
    options.setdefault("grace_seconds", stop_grace)
    if text_model is None:
        text_model = shared_text_model(options["backend"])
    options["backend"] = text_model.backend
    config = ServeConfig(**options)
    loop = _LoopThread.get()
    server = Server(config, text_model=text_model)

    async def start():
        await server.start()
        await server.wait_ready()

    loop.run(start(), timeout=start_timeout)
    handle = InProcessServer(server, loop)
    try:
        yield handle
    finally:
        handle.stop(stop_grace)


# -- subprocess ---------------------------------------------------------------------------------


class SubprocessServer(ServerHandle):
    """`convoscore serve` in a child process; its stderr goes to a file (`stderr_text()`)."""

    def __init__(self, process: subprocess.Popen, stderr_path: Path, port: int, metrics_port: int | None) -> None:
        self.process = process
        self.stderr_path = stderr_path
        self.port = port
        self.metrics_port = metrics_port
        self._health_channel: dict = {}
        self._start_deadline = time.monotonic() + START_TIMEOUT
        self._final_log: str | None = None  # kept when the harness removes its working folder

    @property
    def pid(self) -> int:
        return self.process.pid

    def terminate(self) -> None:
        """Send SIGTERM (graceful shutdown)."""
        self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float = 60.0) -> int:
        return self.process.wait(timeout)

    def wait_serving(self, timeout: float | None = None) -> None:
        """Wait (bounded) for health SERVING; raise ServerStartError with the log otherwise."""
        limit = timeout if timeout is not None else max(1.0, self._start_deadline - time.monotonic())
        try:
            wait_for_serving(self, limit, alive=lambda: self.process.poll() is None, **self._health_channel)
        except ServerStartError as exc:
            raise ServerStartError(f"{exc}\n{self.stderr_text()}") from None

    def stderr_text(self) -> str:
        if self._final_log is not None:
            return self._final_log
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def subprocess_server(*args: str, env: dict[str, str] | None = None, start_timeout: float = START_TIMEOUT,
                      stop_grace: float = 30.0, health_channel: dict | None = None,
                      wait_serving: bool = True) -> Iterator[SubprocessServer]:
    """Run `python -m service.cli serve --host 127.0.0.1 --port 0 --metrics-port 0 --port-file F *args`.

    `health_channel`: channel() keywords for the readiness check (TLS servers).
    `wait_serving=False` yields as soon as the port is bound (the model may still be loading);
    call `handle.wait_serving()` before scoring."""
    workdir = Path(tempfile.mkdtemp(prefix="convoscore-server-"))
    port_file = workdir / "port.json"
    stderr_path = workdir / "stderr.log"
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("CONVOSCORE_")}
    child_env.update(env or {})
    cmd = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", "0",
           "--metrics-port", "0", "--port-file", str(port_file), *args]
    with open(stderr_path, "wb") as err:
        process = subprocess.Popen(cmd, cwd=REPO, env=child_env, stdout=subprocess.DEVNULL, stderr=err)
    handle: SubprocessServer | None = None
    try:
        end = time.monotonic() + start_timeout
        while not port_file.exists():
            if process.poll() is not None or time.monotonic() > end:
                raise ServerStartError(f"server did not bind (exit {process.poll()}):\n{stderr_path.read_text()}")
            time.sleep(0.05)
        ports = json.loads(port_file.read_text())
        handle = SubprocessServer(process, stderr_path, ports["port"], ports.get("metrics_port"))
        handle._health_channel = health_channel or {}
        handle._start_deadline = end
        if wait_serving:
            handle.wait_serving()
        yield handle
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(stop_grace + 30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        # A suite starts ~27 servers: without this each leaves a folder in /tmp.
        if handle is not None:
            handle._final_log = handle.stderr_text()
        shutil.rmtree(workdir, ignore_errors=True)
