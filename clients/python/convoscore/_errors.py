"""The SDK's exceptions: one hierarchy, rooted at `ConvoscoreError`.

```
ConvoscoreError                      every error the SDK raises on purpose
├── InvalidArgumentError             INVALID_ARGUMENT, OUT_OF_RANGE: the input breaks the contract
├── OverloadedError                  RESOURCE_EXHAUSTED: the server sheds load (retried)
├── UnavailableError                 UNAVAILABLE: no server reachable or it is stopping (retried)
├── DeadlineExceededError            DEADLINE_EXCEEDED (also a builtin `TimeoutError`)
├── UnauthenticatedError             UNAUTHENTICATED: no or bad credentials
├── PermissionDeniedError            PERMISSION_DENIED
├── InternalError                    INTERNAL, UNKNOWN, DATA_LOSS: a server-side failure
├── UnimplementedError               UNIMPLEMENTED: the server does not offer this method
├── RequestCancelledError            CANCELLED
└── ClientClosedError                the client was used after `close()` (code CANCELLED)
```

Every error carries `code` (the gRPC status code name, e.g. ``"INVALID_ARGUMENT"``), `status`
(the `grpc.StatusCode`), `message` and, for errors of one item in a batch, `field` (the path of the
offending field) and `index`. Codes with no class of their own (NOT_FOUND, FAILED_PRECONDITION, ...)
raise `ConvoscoreError` itself.
"""

from __future__ import annotations

import re

import grpc

__all__ = [
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

_CODES_BY_NAME: dict[str, grpc.StatusCode] = {c.name: c for c in grpc.StatusCode}


class ConvoscoreError(Exception):
    """Base class of every error the SDK raises on purpose.

    Attributes:
        code: gRPC status code name, e.g. ``"UNAVAILABLE"``.
        message: the server's (or the SDK's) message.
        field: path of the offending field, e.g. ``"thread.comments[3].id"`` (for an error of a
            whole call, read from the server's ``"<field>: <problem>"`` message), else empty.
        index: position of the item in its batch or stream, when the error belongs to one item.
        retry_after: seconds the server asked the client to wait (``grpc-retry-pushback-ms``).
    """

    default_code = "UNKNOWN"
    _pushback: float | None = None  # raw pushback: -1.0 = the server asked not to retry

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str = "",
        index: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code: str = code or self.default_code
        self.message: str = message
        self.field: str = field
        self.index: int | None = index
        self.retry_after: float | None = retry_after

    @property
    def status(self) -> grpc.StatusCode:
        """The code as a `grpc.StatusCode` (UNKNOWN for a name gRPC does not know)."""
        return _CODES_BY_NAME.get(self.code, grpc.StatusCode.UNKNOWN)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"

    def __reduce__(self):  # keep the keyword-only attributes through pickling
        return (_rebuild, (type(self), self.message, self.__dict__))


def _rebuild(cls, message, state):
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(state)
    return exc


class InvalidArgumentError(ConvoscoreError):
    """The input breaks the contract (INVALID_ARGUMENT); never retried. `field` names the field."""

    default_code = "INVALID_ARGUMENT"


class OverloadedError(ConvoscoreError):
    """The server is at capacity and shed the call (RESOURCE_EXHAUSTED); retried with backoff."""

    default_code = "RESOURCE_EXHAUSTED"


class UnavailableError(ConvoscoreError):
    """No server could be reached, or it is shutting down (UNAVAILABLE); retried with backoff."""

    default_code = "UNAVAILABLE"


class DeadlineExceededError(ConvoscoreError, TimeoutError):
    """The call's deadline passed before an answer came (DEADLINE_EXCEEDED)."""

    default_code = "DEADLINE_EXCEEDED"


class UnauthenticatedError(ConvoscoreError):
    """The call carried no credentials or wrong ones (UNAUTHENTICATED)."""

    default_code = "UNAUTHENTICATED"


class PermissionDeniedError(ConvoscoreError):
    """The credentials are valid but may not make this call (PERMISSION_DENIED)."""

    default_code = "PERMISSION_DENIED"


class InternalError(ConvoscoreError):
    """The server failed while handling the call (INTERNAL, UNKNOWN, DATA_LOSS)."""

    default_code = "INTERNAL"


class UnimplementedError(ConvoscoreError):
    """The server does not implement the method (UNIMPLEMENTED): an older server or another service."""

    default_code = "UNIMPLEMENTED"


class RequestCancelledError(ConvoscoreError):
    """The call was cancelled (CANCELLED), by the caller or the server."""

    default_code = "CANCELLED"


class ClientClosedError(ConvoscoreError):
    """The client was used after `close()` or outside its `with` block."""

    default_code = "CANCELLED"


_CLASS_BY_CODE: dict[str, type[ConvoscoreError]] = {
    "INVALID_ARGUMENT": InvalidArgumentError,
    "OUT_OF_RANGE": InvalidArgumentError,
    "RESOURCE_EXHAUSTED": OverloadedError,
    "UNAVAILABLE": UnavailableError,
    "DEADLINE_EXCEEDED": DeadlineExceededError,
    "UNAUTHENTICATED": UnauthenticatedError,
    "PERMISSION_DENIED": PermissionDeniedError,
    "INTERNAL": InternalError,
    "UNKNOWN": InternalError,
    "DATA_LOSS": InternalError,
    "UNIMPLEMENTED": UnimplementedError,
    "CANCELLED": RequestCancelledError,
}


def error_class(code: str) -> type[ConvoscoreError]:
    """The exception class for a status code name."""
    return _CLASS_BY_CODE.get(code, ConvoscoreError)


def make_error(
    code: str, message: str, *, field: str = "", index: int | None = None, retry_after: float | None = None
) -> ConvoscoreError:
    """An exception of the right class for a status code name."""
    return error_class(code)(message, code=code, field=field, index=index, retry_after=retry_after)


PUSHBACK_KEY = "grpc-retry-pushback-ms"
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w.]*(?:\[\d+\][\w.]*)*): ")


def pushback_seconds(metadata) -> float | None:
    """The server's retry pushback in seconds; -1.0 when it says "do not retry"; None when absent.

    Follows gRFC A6: a non-negative integer is a delay in milliseconds; anything else (a negative
    number, garbage) means the server asks the client not to retry.
    """
    for key, value in metadata or ():
        if key.lower() != PUSHBACK_KEY:
            continue
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        try:
            ms = int(str(value).strip())
        except ValueError:
            return -1.0
        return ms / 1000.0 if ms >= 0 else -1.0
    return None


def from_rpc_error(exc: grpc.RpcError) -> ConvoscoreError:
    """Translate a gRPC error (sync or aio) into the SDK's hierarchy, keeping it as `__cause__`."""
    try:
        status = exc.code()
    except Exception:  # noqa: BLE001 - a bare RpcError without a status
        status = grpc.StatusCode.UNKNOWN
    try:
        details = exc.details() or ""
    except Exception:  # noqa: BLE001
        details = str(exc)
    try:
        trailing = exc.trailing_metadata()
    except Exception:  # noqa: BLE001
        trailing = None
    code = status.name if isinstance(status, grpc.StatusCode) else "UNKNOWN"
    pushback = pushback_seconds(trailing)
    field = ""
    if code == "INVALID_ARGUMENT":  # the server writes "<field path>: <problem>"
        match = _FIELD_PREFIX.match(details)
        field = match.group(1) if match else ""
    err = make_error(code, details or code, field=field,
                     retry_after=pushback if pushback is not None and pushback >= 0 else None)
    err._pushback = pushback
    err.__cause__ = exc
    return err
