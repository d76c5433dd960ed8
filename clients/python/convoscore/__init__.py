"""Python client for the convoscore conversation-quality service.

    import convoscore

    with convoscore.Client("127.0.0.1:50051") as client:
        score = client.score_thread({"id": "t1", "post": {"text": "..."}, "comments": [...]})
        print(score.quality, score.comments[0].substance)

`Client` (blocking) and `AsyncClient` (asyncio) are twins with the same methods. Errors raise
subclasses of `ConvoscoreError`. The generated protobuf/gRPC modules are in `convoscore.v1`.
"""

from ._async_client import AsyncClient
from ._base import USE_CLIENT_DEFAULT
from ._client import Client
from ._config import RetryPolicy, Timeout, TLSConfig
from ._errors import (
    ClientClosedError,
    ConvoscoreError,
    DeadlineExceededError,
    InternalError,
    InvalidArgumentError,
    OverloadedError,
    PermissionDeniedError,
    RequestCancelledError,
    UnauthenticatedError,
    UnavailableError,
    UnimplementedError,
)
from ._types import (
    Comment,
    CommentResult,
    CommentScore,
    Engagement,
    Explanation,
    HealthStatus,
    ItemError,
    Limits,
    LooseComment,
    ModelInfo,
    Post,
    Reactions,
    ScoreCommentsResult,
    ScoreComponent,
    ScoreDefinition,
    Structure,
    Thread,
    ThreadResult,
    ThreadScore,
)

__version__ = "0.1.0"

__all__ = [
    # clients and their settings
    "Client",
    "AsyncClient",
    "Timeout",
    "RetryPolicy",
    "TLSConfig",
    "USE_CLIENT_DEFAULT",
    # inputs
    "Thread",
    "Post",
    "Comment",
    "Reactions",
    "LooseComment",
    # results
    "ThreadScore",
    "CommentScore",
    "Engagement",
    "Structure",
    "Explanation",
    "ScoreComponent",
    "ThreadResult",
    "CommentResult",
    "ScoreCommentsResult",
    "ItemError",
    "ModelInfo",
    "Limits",
    "ScoreDefinition",
    "HealthStatus",
    # errors
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
