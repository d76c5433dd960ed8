"""Configuration of `convoscore serve`: command-line flags, each also an environment variable.

Every flag `--some-name` can be set as `CONVOSCORE_SOME_NAME`; a flag given on the command line
wins over the environment, the environment over the built-in default. `convoscore serve --help`
lists every flag with its variable and default.

Batching defaults depend on the backend (see `BATCHING_DEFAULTS`); a flag left at `auto` takes
the value for the backend in use:

| backend            | max batch tokens | max batch size | max wait | max queue (texts) |
|--------------------|------------------|----------------|----------|-------------------|
| CPU (bf16, fp32)   | 4096             | 128            | 5 ms     | 4096              |
| CUDA fp16          | 32768            | 512            | 2 ms     | 32768             |

Why: on a CPU a forward pass costs about (longest text x texts), and throughput stops improving
past a few thousand padded tokens per batch (on the 2-core dev machine, bf16, CPU time per text:
2048 and 4096 tokens the same, 8192 about 20 % worse), so a moderate budget keeps latency low;
waiting 5 ms for a batch to fill is small next to the 10-100 ms a batch takes. A GPU wants bigger batches and
finishes them in a few ms, so it waits less. The queue bound holds a few seconds of work on each
(benchmarks/serve_quick.py measures the rates); past it callers get RESOURCE_EXHAUSTED with a
retry hint instead of an ever longer wait.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from scoring.limits import Limits

ENV_PREFIX = "CONVOSCORE_"

# backend family -> (max_batch_tokens, max_batch_size, max_wait_ms, max_queue)
BATCHING_DEFAULTS: dict[str, dict[str, float]] = {
    "cpu": {"max_batch_tokens": 4096, "max_batch_size": 128, "max_wait_ms": 5.0, "max_queue": 4096},
    "cuda": {"max_batch_tokens": 32768, "max_batch_size": 512, "max_wait_ms": 2.0, "max_queue": 32768},
}

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass
class ServeConfig:
    """Everything `convoscore serve` can be told. Field names match the flags (`_` for `-`)."""

    host: str = "127.0.0.1"
    port: int = 50051
    port_file: str | None = None
    metrics_host: str = "127.0.0.1"
    metrics_port: int = 9464  # 0 = pick a free port; -1 = no metrics endpoint
    backend: str = "auto"
    heads_dir: str | None = None  # None = the packaged scoring/artifacts
    # Batching; None = the default for the backend in use (BATCHING_DEFAULTS).
    max_batch_tokens: int | None = None
    max_batch_size: int | None = None
    max_wait_ms: float | None = None
    max_queue: int | None = None
    tokenizer_threads: int = 1
    stream_window: int = 32
    # Admission and per-request limits.
    max_message_bytes: int = 16 * 1024 * 1024
    max_threads_per_request: int = Limits.max_threads_per_request
    max_comments_per_request: int = Limits.max_comments_per_request
    max_comments_per_thread: int = Limits.max_comments_per_thread
    max_text_chars: int = Limits.max_text_chars
    max_concurrent_rpcs: int = 0  # 0 = no limit beyond the queue
    max_pending_rpcs: int = 20_000  # calls gRPC core may hold while the event loop is busy
    # Lifecycle.
    grace_seconds: float = 20.0
    # Security.
    tls_cert: str | None = None
    tls_key: str | None = None
    tls_client_ca: str | None = None
    auth_token_file: str | None = None
    log_level: str = "INFO"
    # Not a flag: an auth token given directly (tests, embedding); wins over auth_token_file.
    auth_token: str | None = field(default=None, repr=False)

    # -- derived ------------------------------------------------------------------------------

    def limits(self) -> Limits:
        return Limits(
            max_comments_per_thread=self.max_comments_per_thread,
            max_text_chars=self.max_text_chars,
            max_threads_per_request=self.max_threads_per_request,
            max_comments_per_request=self.max_comments_per_request,
        )

    def resolved(self, backend: str) -> "ServeConfig":
        """A copy with every `auto` batching value filled in for `backend` (fp32, bf16, cuda-fp16)."""
        family = "cuda" if backend.startswith("cuda") else "cpu"
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, default in BATCHING_DEFAULTS[family].items():
            if values[name] is None:
                values[name] = type(default)(default) if name == "max_wait_ms" else int(default)
        return ServeConfig(**values)

    def read_auth_token(self) -> str | None:
        if self.auth_token is not None:
            return self.auth_token
        if not self.auth_token_file:
            return None
        token = Path(self.auth_token_file).read_text(encoding="utf-8").strip()
        if not token:
            raise ValueError(f"--auth-token-file {self.auth_token_file}: the file is empty")
        return token

    def check(self) -> None:
        """Raise ValueError on settings that cannot work together."""
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ValueError("--tls-cert and --tls-key go together")
        if self.tls_client_ca and not self.tls_cert:
            raise ValueError("--tls-client-ca (mutual TLS) needs --tls-cert and --tls-key")
        if self.log_level.upper() not in LOG_LEVELS:
            raise ValueError(f"--log-level must be one of {', '.join(LOG_LEVELS)}")
        for name in ("max_batch_tokens", "max_batch_size", "max_queue"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"--{name.replace('_', '-')} must be at least 1")
        if self.max_wait_ms is not None and self.max_wait_ms < 0:
            raise ValueError("--max-wait-ms must not be negative")
        if self.grace_seconds < 0:
            raise ValueError("--grace-seconds must not be negative")
        if self.max_message_bytes < 1024:
            raise ValueError("--max-message-bytes must be at least 1024")
        if self.max_pending_rpcs < 1:
            raise ValueError("--max-pending-rpcs must be at least 1")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "ServeConfig":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in vars(args).items() if k in names})


# -- flags --------------------------------------------------------------------------------------

def _auto_int(value: str) -> int | None:
    return None if value.strip().lower() == "auto" else int(value)


def _auto_float(value: str) -> float | None:
    return None if value.strip().lower() == "auto" else float(value)


def _optional_str(value: str) -> str | None:
    return value or None


# (flag, type, default, help). Defaults are ServeConfig's; `auto` ones depend on the backend.
_FLAGS: list[tuple[str, object, object, str]] = [
    ("host", str, ServeConfig.host, "address to bind the gRPC port to (0.0.0.0 = every interface)"),
    ("port", int, ServeConfig.port, "gRPC port; 0 = pick a free port (the bound port is logged and written to --port-file)"),
    ("port-file", _optional_str, None, "write {\"port\": P, \"metrics_port\": M} as JSON to this file once bound"),
    ("metrics-host", str, ServeConfig.metrics_host, "address of the Prometheus /metrics HTTP endpoint"),
    ("metrics-port", int, ServeConfig.metrics_port, "port of the /metrics endpoint; 0 = pick a free port, -1 = off"),
    ("backend", str, ServeConfig.backend, "inference backend: auto (cuda-fp16 with a GPU, else bf16 where the CPU "
     "has AVX512-BF16 or AMX, else fp32), bf16, fp32, cuda-fp16; `convoscore score` uses the same default"),
    ("heads-dir", _optional_str, None, "folder of the trained heads (default: the packaged scoring/artifacts)"),
    ("max-batch-tokens", _auto_int, "auto", "padded tokens per model batch (longest text x texts); auto = 4096 on CPU, 32768 on GPU"),
    ("max-batch-size", _auto_int, "auto", "texts per model batch at most; auto = 128 on CPU, 512 on GPU"),
    ("max-wait-ms", _auto_float, "auto", "longest wait for a batch to fill once a text is queued; auto = 5 on CPU, 2 on GPU"),
    ("max-queue", _auto_int, "auto", "texts (comments and posts) admitted and waiting for the model; past it calls get "
     "RESOURCE_EXHAUSTED with a retry hint; auto = 4096 on CPU, 32768 on GPU"),
    ("tokenizer-threads", int, ServeConfig.tokenizer_threads, "threads that tokenize requests off the event loop"),
    ("stream-window", int, ServeConfig.stream_window, "threads of one StreamScoreThreads call in flight at once"),
    ("max-message-bytes", int, ServeConfig.max_message_bytes, "largest request message accepted, in bytes"),
    ("max-threads-per-request", int, ServeConfig.max_threads_per_request, "threads in one ScoreThreads call at most"),
    ("max-comments-per-request", int, ServeConfig.max_comments_per_request,
     "comments in one call at most (all threads of a ScoreThreads call together; loose comments of ScoreComments)"),
    ("max-comments-per-thread", int, ServeConfig.max_comments_per_thread, "comments in one thread at most"),
    ("max-text-chars", int, ServeConfig.max_text_chars, "characters in one text at most"),
    ("max-concurrent-rpcs", int, ServeConfig.max_concurrent_rpcs, "RPCs handled at once; more get RESOURCE_EXHAUSTED; 0 = no limit"),
    ("max-pending-rpcs", int, ServeConfig.max_pending_rpcs, "calls gRPC core holds for the server while its event "
     "loop is busy (a stall, a burst); past it core cancels calls before the service sees them, so keep it well "
     "above any burst: the service's own admission answers them RESOURCE_EXHAUSTED instead"),
    ("grace-seconds", float, ServeConfig.grace_seconds, "on SIGTERM/SIGINT, time given to accepted calls to finish"),
    ("tls-cert", _optional_str, None, "PEM server certificate (chain); with --tls-key turns on TLS"),
    ("tls-key", _optional_str, None, "PEM private key of --tls-cert"),
    ("tls-client-ca", _optional_str, None, "PEM CA bundle; when set, clients must present a certificate it signed (mutual TLS)"),
    ("auth-token-file", _optional_str, None, "file holding a bearer token; when set, calls must send "
     "`authorization: Bearer <token>` metadata (health checks excepted)"),
    ("log-level", str, ServeConfig.log_level, "DEBUG, INFO, WARNING or ERROR; comment text is never logged"),
]


def env_name(flag: str) -> str:
    return ENV_PREFIX + flag.upper().replace("-", "_")


def add_serve_arguments(parser: argparse.ArgumentParser, environ: dict[str, str] | None = None) -> None:
    """Add every `convoscore serve` flag to `parser`; defaults come from CONVOSCORE_* variables."""
    env = os.environ if environ is None else environ
    for flag, kind, default, help_text in _FLAGS:
        var = env_name(flag)
        raw = env.get(var)
        if raw is not None:
            value, shown = raw, "%(default)s (from the environment)"
        elif default is None:
            # Unset: the flag is absent from the namespace and ServeConfig's default applies.
            value, shown = argparse.SUPPRESS, "unset"
        else:
            value, shown = default, "%(default)s"
        parser.add_argument(
            f"--{flag}",
            type=kind,
            default=value,
            metavar=flag.replace("-", "_").upper(),
            help=f"{help_text} [env {var}; default: {shown}]",
        )
