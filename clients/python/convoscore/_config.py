"""Client configuration: timeouts, retry policy, TLS, and how targets become a gRPC channel."""

from __future__ import annotations

import ipaddress
import os
import random
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Union

import grpc

__all__ = ["Timeout", "RetryPolicy", "TLSConfig", "DEFAULT_TIMEOUT", "DEFAULT_RETRY"]


@dataclass(frozen=True)
class Timeout:
    """How long a call may take.

    Args:
        total: seconds from the start of a call to its answer, retries and backoff included;
            ``None`` = no deadline. For `stream`, the longest wait for each next result while
            threads are in flight (a stream of any length has no overall deadline).
        attempt: optional cap in seconds on each single attempt (each attempt also stops at the
            total deadline); ``None`` = only the total deadline.

    A bare number anywhere a timeout is accepted means ``Timeout(total=number)``.
    """

    total: float | None = 30.0
    attempt: float | None = None

    def __post_init__(self) -> None:
        for name in ("total", "attempt"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ValueError(f"Timeout.{name} must be > 0 or None, got {value!r}")


TimeoutTypes = Union[Timeout, float, int, None]

DEFAULT_TIMEOUT = Timeout()


def as_timeout(value: TimeoutTypes) -> Timeout:
    if isinstance(value, Timeout):
        return value
    if value is None:
        return Timeout(total=None)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"timeout must be a Timeout, a number of seconds or None, not {type(value).__name__}")
    return Timeout(total=float(value))


@dataclass(frozen=True)
class RetryPolicy:
    """When and how a failed call is tried again.

    A call is retried when it fails with a code in `retry_on` (by default UNAVAILABLE and
    RESOURCE_EXHAUSTED, never INVALID_ARGUMENT), at most `max_attempts` attempts in all, and only
    while its total deadline leaves time. The wait before retry n (n = 1, 2, ...) is
    ``min(max_backoff, initial_backoff * multiplier ** (n - 1))`` scaled by a random factor in
    ``[1 - jitter, 1 + jitter]``. When the server sends trailing metadata ``grpc-retry-pushback-ms``
    its value replaces that wait; a negative or malformed pushback means "do not retry".

    Every RPC of convoscore is idempotent (scoring has no side effects), so retrying is safe.
    ``RetryPolicy(max_attempts=1)`` turns retries off.
    """

    max_attempts: int = 5
    initial_backoff: float = 0.2
    max_backoff: float = 5.0
    multiplier: float = 2.0
    jitter: float = 0.2
    retry_on: frozenset[str] = field(default_factory=lambda: frozenset({"UNAVAILABLE", "RESOURCE_EXHAUSTED"}))

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("RetryPolicy.max_attempts must be >= 1")
        if self.initial_backoff < 0 or self.max_backoff < 0 or self.multiplier < 1:
            raise ValueError("RetryPolicy backoffs must be >= 0 and multiplier >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("RetryPolicy.jitter must be in 0..1")
        codes = frozenset(c.name if isinstance(c, grpc.StatusCode) else str(c).upper() for c in self.retry_on)
        if "INVALID_ARGUMENT" in codes:
            raise ValueError("INVALID_ARGUMENT is never retried: the same input fails the same way")
        object.__setattr__(self, "retry_on", codes)

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1 = the first retry), jitter included."""
        base = min(self.max_backoff, self.initial_backoff * self.multiplier ** max(0, retry - 1))
        return max(0.0, base * random.uniform(1.0 - self.jitter, 1.0 + self.jitter))


DEFAULT_RETRY = RetryPolicy()
NO_RETRY = RetryPolicy(max_attempts=1)


def _read(value: bytes | str | os.PathLike | None) -> bytes | None:
    """PEM given as bytes, as PEM text, or as a path to a file."""
    if value is None or isinstance(value, bytes):
        return value
    text = os.fspath(value)
    if "-----BEGIN" in text:
        return text.encode()
    with open(text, "rb") as fh:
        return fh.read()


@dataclass(frozen=True)
class TLSConfig:
    """TLS settings. Each PEM may be bytes, PEM text or a file path.

    Args:
        ca_cert: root certificate(s) that sign the server's certificate; ``None`` = the system roots.
        client_cert: the client's certificate chain, for mutual TLS (with `client_key`).
        client_key: the client's private key, for mutual TLS.
        server_name: the name to verify the server's certificate against, when it differs from the
            target's host (e.g. connecting to an IP address with a certificate for a DNS name).
    """

    ca_cert: bytes | str | os.PathLike | None = None
    client_cert: bytes | str | os.PathLike | None = None
    client_key: bytes | str | os.PathLike | None = None
    server_name: str | None = None

    def __post_init__(self) -> None:
        if (self.client_cert is None) != (self.client_key is None):
            raise ValueError("mutual TLS needs both client_cert and client_key")

    def credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(
            root_certificates=_read(self.ca_cert),
            private_key=_read(self.client_key),
            certificate_chain=_read(self.client_cert),
        )

    def options(self) -> list[tuple[str, str]]:
        return [("grpc.ssl_target_name_override", self.server_name)] if self.server_name else []


# -- targets ----------------------------------------------------------------------------------


def _split_host_port(address: str) -> tuple[str, str]:
    if address.startswith("["):  # [v6]:port
        host, _, port = address[1:].partition("]")
        return host, port.lstrip(":")
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"address {address!r} is not HOST:PORT")
    return host, port


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def build_target(target: str | Sequence[str]) -> str:
    """One gRPC target for one address, a gRPC target URI, or several HOST:PORT addresses.

    - a string is used as is: ``"host:port"``, ``"dns:///name:port"`` (every address the name
      resolves to), ``"ipv4:10.0.0.1:50051,10.0.0.2:50051"``, ``"unix:/path"``...
    - a list of ``HOST:PORT`` becomes a static ``ipv4:``/``ipv6:`` address list; host names in it
      are resolved once, now.
    """
    if isinstance(target, str):
        if "," in target and "://" not in target and not target.startswith(("ipv4:", "ipv6:")):
            return build_target([t.strip() for t in target.split(",") if t.strip()])
        return target
    addresses = list(target)
    if not addresses:
        raise ValueError("no target address given")
    if len(addresses) == 1:
        return addresses[0]
    v4: list[str] = []
    v6: list[str] = []
    for address in addresses:
        host, port = _split_host_port(address)
        ip = _literal(host)
        ips = [ip] if ip is not None else [
            ipaddress.ip_address(info[4][0].split("%")[0])
            for info in socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
        ]
        for ip in dict.fromkeys(ips):
            (v4 if ip.version == 4 else v6).append(f"{ip}:{port}" if ip.version == 4 else f"[{ip}]:{port}")
    if v4 and v6:  # one gRPC target holds one family; IPv4 is the likelier to be reachable
        return "ipv4:" + ",".join(v4)
    return "ipv4:" + ",".join(v4) if v4 else "ipv6:" + ",".join(v6)


DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024 * 1024


def channel_options(
    load_balancing: str, tls: TLSConfig | None, extra: Sequence[tuple[str, object]] | None
) -> list[tuple[str, object]]:
    options: list[tuple[str, object]] = [
        ("grpc.lb_policy_name", load_balancing),
        ("grpc.max_receive_message_length", DEFAULT_MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", DEFAULT_MAX_MESSAGE_BYTES),
        # Reconnect quickly after a server restart; the SDK's own retries pace the calls.
        ("grpc.initial_reconnect_backoff_ms", 200),
        ("grpc.max_reconnect_backoff_ms", 5000),
        # The SDK retries by itself (with pushback); gRPC's transparent retries stay on.
        ("grpc.primary_user_agent", "convoscore-python"),
    ]
    if tls is not None:
        options += tls.options()
    if extra:
        names = {k for k, _ in extra}
        options = [(k, v) for k, v in options if k not in names] + list(extra)
    return options


def as_tls(tls: TLSConfig | bool | None) -> TLSConfig | None:
    if tls is True:
        return TLSConfig()
    if tls is False or tls is None:
        return None
    if isinstance(tls, TLSConfig):
        return tls
    raise TypeError("tls must be a TLSConfig, True, False or None")
