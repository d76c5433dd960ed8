"""The engine's exceptions. The service maps them to gRPC status codes in one interceptor."""

from __future__ import annotations


class ScoringError(Exception):
    """Base class of every error the engine raises on purpose."""

    code = "INTERNAL"


class InvalidInput(ScoringError):
    """The input breaks the contract; `field` is the path of the offending field."""

    code = "INVALID_ARGUMENT"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.detail = message


class ModelError(ScoringError):
    """Inference failed; the batch that hit it fails, the service keeps running."""

    code = "INTERNAL"
