"""The gRPC server: `convoscore serve`.

Life of a server:
1. `Server.start()` binds the gRPC port (TLS or mutual TLS when configured) and the metrics port,
   registers the ConversationQuality servicer, standard `grpc.health.v1` health (NOT_SERVING)
   and server reflection, logs "listening on HOST:PORT" and writes `--port-file`. Calls to
   ConversationQuality are answered UNAVAILABLE while the model loads.
2. In the background it loads the text model (off the event loop), warms it up with a few
   batches, starts the scheduler's model worker, and only then sets health to SERVING.
3. `Server.stop()` (SIGTERM or SIGINT under `serve`): health goes NOT_SERVING and new calls are
   refused with UNAVAILABLE; calls already accepted are answered, for at most `grace_seconds`;
   then the transport closes (new calls fail UNAVAILABLE at the connection), health Watch
   streams and anything past the grace period are cancelled, the scheduler finishes and the
   process exits 0. A second signal cuts the grace period short.

`serve(config)` runs all of that until a signal; `main(args)` is the CLI entry point.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path

import grpc
import grpc.aio
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc
from scoring.engine import Engine
from scoring.text_model import ARTIFACTS_DIR, ENCODER_NAME, TextModel
from service import convert
from service.config import ServeConfig
from service.interceptors import AuthInterceptor, RpcInterceptor, ServingState
from service.metrics import ServerMetrics
from service.scheduler import Scheduler
from service.servicer import ConversationQualityServicer

log = logging.getLogger("convoscore.server")

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["ConversationQuality"].full_name
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING

# At shutdown: how long the gate keeps refusing new calls after the last accepted call is
# answered, before the transport closes; and how long the closed transport lets calls that
# slipped in reach the gate before the remaining streams (health Watch) are cancelled.
SETTLE_SECONDS = 0.5

# Warm-up texts: a short and a long batch, so the first real calls do not pay for allocation.
# The last text fills the model's whole 256-token window; its words differ because a repeated word
# is read only three times (scoring/repetition.py).
_WARMUP_TEXTS = ["warm-up", "a short warm-up comment", " ".join(f"word{i}" for i in range(300))]


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def _read(path: str | None) -> bytes | None:
    return Path(path).read_bytes() if path else None


def server_credentials(config: ServeConfig) -> grpc.ServerCredentials | None:
    """TLS credentials from the configured PEM files; mutual TLS when a client CA is given."""
    if not config.tls_cert:
        return None
    client_ca = _read(config.tls_client_ca)
    return grpc.ssl_server_credentials(
        [(_read(config.tls_key), _read(config.tls_cert))],
        root_certificates=client_ca,
        require_client_auth=client_ca is not None,
    )


def warm_up(model: TextModel) -> None:
    for batch in (_WARMUP_TEXTS[:2], _WARMUP_TEXTS):
        model.forward(model.tokenize(batch))


class Server:
    """One convoscore server on the running event loop.

    `text_model` lets several in-process servers (tests) share one loaded model; by default the
    server loads its own from `config`.
    """

    def __init__(self, config: ServeConfig, *, text_model: TextModel | None = None) -> None:
        config.check()
        self.config = config
        self.metrics = ServerMetrics()
        self.state = ServingState()
        self.health = health.aio.HealthServicer()
        self.servicer = ConversationQualityServicer(
            self.metrics, max_message_bytes=config.max_message_bytes, stream_window=config.stream_window
        )
        self.port: int | None = None
        self.metrics_port: int | None = None
        self.scheduler: Scheduler | None = None
        self.load_error: BaseException | None = None
        self._text_model = text_model
        self._grpc: grpc.aio.Server | None = None
        self._ready: asyncio.Event | None = None
        self._load_task: asyncio.Task | None = None
        self._stopping = False
        self._stopped: asyncio.Event | None = None

    @property
    def address(self) -> str:
        return _address(self.config.host, self.port or 0)

    # -- start --------------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind and start answering; the model loads in the background (see `wait_ready`)."""
        cfg = self.config
        self._ready = asyncio.Event()
        self._stopped = asyncio.Event()
        token = cfg.read_auth_token()
        interceptors: list[grpc.aio.ServerInterceptor] = [RpcInterceptor(self.state, self.metrics)]
        if token:
            interceptors.append(AuthInterceptor(token))
        server = grpc.aio.server(
            interceptors=interceptors,
            options=[
                ("grpc.max_receive_message_length", cfg.max_message_bytes),
                ("grpc.so_reuseport", 0),  # a port in use is an error, not a silent second listener
                # gRPC core's backlog of calls the event loop has not picked up yet; past its
                # (small) defaults core cancels calls unseen. Our admission answers them instead.
                ("grpc.server.max_pending_requests", cfg.max_pending_rpcs),
                ("grpc.server.max_pending_requests_hard_limit", cfg.max_pending_rpcs),
            ],
            maximum_concurrent_rpcs=cfg.max_concurrent_rpcs or None,
        )
        pb_grpc.add_ConversationQualityServicer_to_server(self.servicer, server)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, server)
        reflection.enable_server_reflection(
            (SERVICE_NAME, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME), server
        )
        for service in ("", SERVICE_NAME):
            await self.health.set(service, NOT_SERVING)

        target = _address(cfg.host, cfg.port)
        creds = server_credentials(cfg)
        try:
            port = server.add_secure_port(target, creds) if creds else server.add_insecure_port(target)
        except RuntimeError as exc:
            raise OSError(f"cannot bind {target}: {exc}") from None
        if port == 0:
            raise OSError(f"cannot bind {target}")
        self.port = port
        self._grpc = server
        await server.start()
        if cfg.metrics_port >= 0:
            self.metrics_port = self.metrics.start_http(cfg.metrics_host, cfg.metrics_port)
        scheme = "TLS" if creds else "plaintext"
        if cfg.tls_client_ca:
            scheme = "mutual TLS"
        metrics_at = f"http://{_address(cfg.metrics_host, self.metrics_port)}/metrics" if self.metrics_port else "off"
        log.info("listening on %s (%s, auth %s); metrics %s", self.address, scheme, "on" if token else "off", metrics_at)
        if cfg.port_file:
            tmp = f"{cfg.port_file}.tmp{os.getpid()}"
            Path(tmp).write_text(json.dumps({"port": self.port, "metrics_port": self.metrics_port}), encoding="utf-8")
            os.replace(tmp, cfg.port_file)
        self._load_task = asyncio.create_task(self._load())

    async def _load(self) -> None:
        cfg = self.config
        try:
            t0 = time.perf_counter()
            model = self._text_model
            if model is None:
                model = await asyncio.to_thread(self._build_model)
            rcfg = cfg.resolved(model.backend)
            engine = Engine(model, limits=cfg.limits())
            await asyncio.to_thread(warm_up, model)
            scheduler = Scheduler(
                model,
                self.metrics,
                max_batch_tokens=rcfg.max_batch_tokens,
                max_batch_size=rcfg.max_batch_size,
                max_wait_ms=rcfg.max_wait_ms,
                max_queue=rcfg.max_queue,
                tokenizer_threads=rcfg.tokenizer_threads,
            )
            scheduler.start()
            self.scheduler = scheduler
            self.servicer.attach(engine, scheduler)
            if self._stopping:
                return
            self.state.phase = "serving"
            for service in ("", SERVICE_NAME):
                await self.health.set(service, SERVING)
            self.metrics.serving.set(1)
            self.metrics.set_model(model.version, convert.backend_label(model.backend), ENCODER_NAME)
            log.info(
                "model %s ready on %s in %.1f s; batching: %d tokens, %d texts, %.1f ms wait, queue %d texts",
                model.version, convert.backend_label(model.backend), time.perf_counter() - t0,
                rcfg.max_batch_tokens, rcfg.max_batch_size, rcfg.max_wait_ms, rcfg.max_queue,
            )
        except Exception as exc:
            self.load_error = exc
            log.error("model failed to load: %s: %s", type(exc).__name__, exc)
        finally:
            self._ready.set()

    def _build_model(self) -> TextModel:
        cfg = self.config
        max_batch_tokens = cfg.max_batch_tokens
        backend = cfg.backend
        if max_batch_tokens is None:  # the scheduler's budget; TextModel.encode is not used here
            from scoring.text_model import resolve_backend

            max_batch_tokens = cfg.resolved(resolve_backend(backend)).max_batch_tokens
        heads = Path(cfg.heads_dir) if cfg.heads_dir else ARTIFACTS_DIR
        return TextModel(backend=backend, heads_dir=heads, max_batch_tokens=max_batch_tokens)

    async def wait_ready(self) -> None:
        """Wait until the model is loaded and warm (health SERVING); raise if loading failed."""
        await self._ready.wait()
        if self.load_error is not None:
            raise RuntimeError(f"model failed to load: {self.load_error}") from self.load_error

    # -- stop ---------------------------------------------------------------------------------

    async def stop(self, grace: float | None = None) -> None:
        """Drain and stop: NOT_SERVING, refuse new calls, answer accepted ones within `grace`
        seconds (default: the configured grace), then stop everything."""
        if self._stopping:
            await self._stopped.wait()
            return
        self._stopping = True
        grace = self.config.grace_seconds if grace is None else grace
        self.state.phase = "draining"
        self.metrics.serving.set(0)
        await self.health.enter_graceful_shutdown()
        log.info("draining: %d call(s) in flight, grace %.1f s", self.state.active, grace)
        # 1. Health says NOT_SERVING and the gate refuses new calls (UNAVAILABLE) while the calls
        #    already accepted are answered.
        end = time.monotonic() + grace
        while self.state.active > 0 and time.monotonic() < end and not self._force:
            await asyncio.sleep(0.02)
        if self.state.active > 0:
            log.warning("grace period over: cutting %d call(s) short", self.state.active)
        else:
            # Clients whose calls just finished often send the next one at once: the gate answers
            # it UNAVAILABLE (retry elsewhere), where a closing transport would answer CANCELLED.
            await asyncio.sleep(max(0.0, min(SETTLE_SECONDS, end - time.monotonic())))
        # 2. Close the transport: from here new calls fail at the connection (UNAVAILABLE).
        #    Calls that got in just before still meet the gate; then what is left (health Watch
        #    streams, calls past the grace period) is cancelled.
        if self._grpc is not None:
            closing = asyncio.ensure_future(self._grpc.stop(max(0.0, end - time.monotonic())))
            try:
                await asyncio.wait_for(asyncio.shield(closing), timeout=SETTLE_SECONDS)
            except asyncio.TimeoutError:
                await self._grpc.stop(0)
            await closing
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()
        if self.scheduler is not None:
            await asyncio.to_thread(self.scheduler.close, 10.0)
        self.metrics.stop_http()
        log.info("stopped")
        self._stopped.set()

    _force = False

    def force(self) -> None:
        """End the grace period now (a second signal)."""
        self._force = True


async def serve(config: ServeConfig, *, text_model: TextModel | None = None) -> int:
    """Run a server until SIGTERM or SIGINT, then drain and return the exit code (0)."""
    server = Server(config, text_model=text_model)
    try:
        await server.start()
    except (OSError, ValueError) as exc:
        log.error("cannot start: %s", exc)
        return 2
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def on_signal(signum: int) -> None:
        if stop.is_set():
            log.warning("%s again: ending the grace period now", signal.Signals(signum).name)
            server.force()
        else:
            log.info("%s: shutting down gracefully", signal.Signals(signum).name)
            stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, on_signal, signum)
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, server._load_task}, return_when=asyncio.FIRST_COMPLETED)
    if server.load_error is not None:
        waiter.cancel()
        await server.stop(0)
        return 1
    await waiter
    await server.stop()
    return 0


def configure_logging(level: str) -> None:
    """convoscore's loggers at `level`; everything else at WARNING or above, to stderr."""
    numeric = getattr(logging, level.upper())
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(numeric, logging.WARNING))
    logging.getLogger("convoscore").setLevel(numeric)


def main(args) -> int:
    """`convoscore serve`: args is the argparse namespace built by config.add_serve_arguments."""
    config = ServeConfig.from_args(args)
    try:
        config.check()
    except ValueError as exc:
        print(f"convoscore serve: {exc}", file=sys.stderr)
        return 2
    configure_logging(config.log_level)
    return asyncio.run(serve(config))
