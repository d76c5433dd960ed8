"""Typed inputs (helper constructors) and typed results of the convoscore API.

Inputs: a thread may be given as a `Thread` built with the helpers below, as a plain dict in the
protobuf JSON mapping (proto field names, e.g. ``{"id": "t1", "post": {"text": "..."},
"comments": [{"id": "c1", "text": "..."}]}``; `datetime` values are accepted for ``created_at``),
or as a generated ``convoscore.v1.convoscore_pb2.Thread`` message.

Results are frozen dataclasses with attribute access (``result.quality``,
``result.comments[0].substance``); ``to_dict()`` gives plain Python values under proto field names,
every field present, and ``to_proto()`` gives the generated message back.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar, Union

from google.protobuf import json_format
from google.protobuf.message import Message

from convoscore.v1 import convoscore_pb2 as pb

from ._errors import ConvoscoreError, InvalidArgumentError, make_error

__all__ = [
    "Reactions", "Post", "Comment", "Thread", "LooseComment",
    "ItemError", "Engagement", "Structure", "CommentScore", "ScoreComponent", "Explanation",
    "ThreadScore", "ThreadResult", "CommentResult", "ScoreCommentsResult",
    "ScoreDefinition", "Limits", "ModelInfo", "HealthStatus",
]


# =============================================================================================
# Inputs
# =============================================================================================

def _timestamp_json(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    raise TypeError(f"created_at must be a datetime, an RFC 3339 string or None, not {type(value).__name__}")


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


class _Input:
    """Shared behaviour of the input helpers: `to_dict()` (JSON mapping) and `to_proto()`."""

    _PB: ClassVar[type[Message]]

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_proto(self) -> Message:
        return json_format.ParseDict(self.to_dict(), self._PB())


@dataclass(frozen=True)
class Reactions(_Input):
    """Counts of reactions: likes (and hearts, upvotes...), shares (reposts...), other."""

    likes: int = 0
    shares: int = 0
    other: int = 0
    _PB: ClassVar = pb.Reactions

    def to_dict(self) -> dict[str, Any]:
        return {"likes": self.likes, "shares": self.shares, "other": self.other}


def _reactions(value: Reactions | Mapping[str, int] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, Reactions):
        return value.to_dict()
    return dict(value)


@dataclass(frozen=True)
class Post(_Input):
    """The original post of a thread. `exposure` and `engaged_users` are None when unknown."""

    text: str = ""
    id: str = ""
    author_id: str = ""
    created_at: datetime | str | None = None
    reactions: Reactions | Mapping[str, int] | None = None
    exposure: int | None = None
    engaged_users: int | None = None
    _PB: ClassVar = pb.Post

    def to_dict(self) -> dict[str, Any]:
        return _drop_none({
            "id": self.id,
            "author_id": self.author_id,
            "text": self.text,
            "created_at": _timestamp_json(self.created_at),
            "reactions": _reactions(self.reactions),
            "exposure": self.exposure,
            "engaged_users": self.engaged_users,
        })


@dataclass(frozen=True)
class Comment(_Input):
    """One reply. `parent_id` empty = a reply to the post."""

    id: str
    text: str = ""
    parent_id: str = ""
    author_id: str = ""
    created_at: datetime | str | None = None
    reactions: Reactions | Mapping[str, int] | None = None
    _PB: ClassVar = pb.Comment

    def to_dict(self) -> dict[str, Any]:
        return _drop_none({
            "id": self.id,
            "parent_id": self.parent_id,
            "author_id": self.author_id,
            "text": self.text,
            "created_at": _timestamp_json(self.created_at),
            "reactions": _reactions(self.reactions),
        })


@dataclass(frozen=True)
class Thread(_Input):
    """A conversation: a post and its replies, in any order (`parent_id` links them).

    `post` may be a `Post`, a dict, or a string (the post's text).
    Example: ``Thread(id="t1", post="Is Rust worth learning?",
    comments=[Comment(id="c1", text="Yes, for ...")])``.
    """

    id: str = ""
    post: Post | Mapping[str, Any] | str | None = None
    comments: tuple[Comment | Mapping[str, Any], ...] | list[Comment | Mapping[str, Any]] = ()
    platform: str = ""
    language: str = ""
    _PB: ClassVar = pb.Thread

    def to_dict(self) -> dict[str, Any]:
        post = self.post
        if isinstance(post, str):
            post = Post(text=post)
        return _drop_none({
            "id": self.id,
            "platform": self.platform,
            "language": self.language,
            "post": post.to_dict() if isinstance(post, Post) else (_jsonable(post) if post is not None else None),
            "comments": [c.to_dict() if isinstance(c, Comment) else _jsonable(c) for c in self.comments],
        })


@dataclass(frozen=True)
class LooseComment(_Input):
    """A comment without a reply tree, for `score_comments`."""

    id: str = ""
    text: str = ""
    parent_text: str = ""
    context_text: str = ""
    _PB: ClassVar = pb.LooseComment

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "parent_text": self.parent_text, "context_text": self.context_text}


def _jsonable(value: Any) -> Any:
    """Dicts from callers may hold datetimes and helper objects; make them JSON-mapping values."""
    if isinstance(value, _Input):
        return value.to_dict()
    if isinstance(value, datetime):
        return _timestamp_json(value)
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


ThreadLike = Union[Thread, Mapping[str, Any], pb.Thread]
LooseCommentLike = Union[LooseComment, Mapping[str, Any], pb.LooseComment]


def _to_message(value: Any, kind: type[Message], helper: type[_Input], what: str) -> Message:
    if isinstance(value, kind):
        return value
    if isinstance(value, helper):
        data = value.to_dict()
    elif isinstance(value, Mapping):
        data = _jsonable(value)
    else:
        raise TypeError(f"a {what} must be a convoscore.{helper.__name__}, a dict or a {kind.__name__} message, "
                        f"not {type(value).__name__}")
    try:
        return json_format.ParseDict(data, kind())
    except json_format.ParseError as exc:
        raise InvalidArgumentError(f"not a valid {kind.__name__}: {exc}") from None


def thread_message(value: ThreadLike) -> pb.Thread:
    """A `Thread` helper, dict or message as a `pb.Thread`; InvalidArgumentError when malformed."""
    return _to_message(value, pb.Thread, Thread, "thread")  # type: ignore[return-value]


def loose_comment_message(value: LooseCommentLike) -> pb.LooseComment:
    return _to_message(value, pb.LooseComment, LooseComment, "loose comment")  # type: ignore[return-value]


# =============================================================================================
# Results
# =============================================================================================

class _Result:
    """Shared behaviour of the result types."""

    _PB: ClassVar[type[Message]]

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values under proto field names, every field present."""
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    def to_proto(self) -> Message:
        """The generated protobuf message with the same content."""
        return json_format.ParseDict(self.to_dict(), self._PB())


@dataclass(frozen=True)
class ItemError(_Result):
    """The error of one item of a batch or stream."""

    code: str
    message: str
    field: str = ""
    _PB: ClassVar = pb.ItemError

    @classmethod
    def from_proto(cls, m: pb.ItemError) -> ItemError:
        return cls(code=m.code, message=m.message, field=m.field)

    def to_exception(self, index: int | None = None) -> ConvoscoreError:
        """This error as an exception of the SDK's hierarchy (e.g. `InvalidArgumentError`)."""
        return make_error(self.code or "UNKNOWN", self.message, field=self.field, index=index)


@dataclass(frozen=True)
class Engagement(_Result):
    """Exact engagement metrics (see the proto for each definition)."""

    engagement_rate: float = 0.0
    conversation_rate: float = 0.0
    amplification_rate: float = 0.0
    applause_rate: float = 0.0
    exposure_known: bool = False
    engaged_users: int = 0
    total_likes: int = 0
    total_shares: int = 0
    total_other_reactions: int = 0
    _PB: ClassVar = pb.Engagement

    @classmethod
    def from_proto(cls, m: pb.Engagement) -> Engagement:
        return cls(**{f.name: getattr(m, f.name) for f in dataclasses.fields(cls)})


@dataclass(frozen=True)
class Structure(_Result):
    """Exact structural metrics of the reply tree."""

    comment_count: int = 0
    max_depth: int = 0
    mean_depth: float = 0.0
    max_width: int = 0
    participants: int = 0
    reciprocity: float = 0.0
    structural_virality: float = 0.0
    longest_exchange: int = 0
    _PB: ClassVar = pb.Structure

    @classmethod
    def from_proto(cls, m: pb.Structure) -> Structure:
        return cls(**{f.name: getattr(m, f.name) for f in dataclasses.fields(cls)})


@dataclass(frozen=True)
class CommentScore(_Result):
    """Scores of one comment, each in 0..1; `tags` maps reason tags to probabilities;
    `other_language` is the ISO 639 code of the text's language when it is not English ("" when it is);
    `repeated_copies` counts the copies of a phrase repeated more than three times in a row, which
    the model read as three (0 when none); `quoted_chars` counts the characters quoted verbatim from
    the comment it replies to, which were not read (0 when none)."""

    id: str = ""
    depth: int = 0
    substance: float = 0.0
    passion: float = 0.0
    toxicity: float = 0.0
    low_effort: float = 0.0
    novelty: float = 0.0
    relevance: float = 0.0
    tags: dict[str, float] = field(default_factory=dict)
    truncated: bool = False
    other_language: str = ""
    repeated_copies: int = 0
    quoted_chars: int = 0
    _PB: ClassVar = pb.CommentScore

    @classmethod
    def from_proto(cls, m: pb.CommentScore) -> CommentScore:
        values = {f.name: getattr(m, f.name) for f in dataclasses.fields(cls) if f.name != "tags"}
        return cls(tags=dict(sorted(m.tags.items())), **values)


@dataclass(frozen=True)
class ScoreComponent(_Result):
    """One named number that went into a score, with its weight."""

    name: str = ""
    value: float = 0.0
    weight: float = 0.0
    _PB: ClassVar = pb.ScoreComponent

    @classmethod
    def from_proto(cls, m: pb.ScoreComponent) -> ScoreComponent:
        return cls(name=m.name, value=m.value, weight=m.weight)


@dataclass(frozen=True)
class Explanation(_Result):
    """The numbers behind each thread score."""

    quality: list[ScoreComponent] = field(default_factory=list)
    depth: list[ScoreComponent] = field(default_factory=list)
    passion: list[ScoreComponent] = field(default_factory=list)
    value_added: list[ScoreComponent] = field(default_factory=list)
    toxicity: list[ScoreComponent] = field(default_factory=list)
    _PB: ClassVar = pb.Explanation

    @classmethod
    def from_proto(cls, m: pb.Explanation) -> Explanation:
        return cls(**{f.name: [ScoreComponent.from_proto(c) for c in getattr(m, f.name)] for f in dataclasses.fields(cls)})


@dataclass(frozen=True)
class ThreadScore(_Result):
    """The scores of one thread: ``quality``, ``depth``, ``passion``, ``value_added``, ``toxicity``
    (0..1), exact ``engagement`` and ``structure`` metrics, one `CommentScore` per comment in input
    order, ``reasons``, ``warnings``, ``model_version`` and the ``explanation``."""

    id: str = ""
    quality: float = 0.0
    depth: float = 0.0
    passion: float = 0.0
    value_added: float = 0.0
    toxicity: float = 0.0
    engagement: Engagement = field(default_factory=Engagement)
    structure: Structure = field(default_factory=Structure)
    comments: list[CommentScore] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    model_version: str = ""
    explanation: Explanation = field(default_factory=Explanation)
    _PB: ClassVar = pb.ThreadScore

    @classmethod
    def from_proto(cls, m: pb.ThreadScore) -> ThreadScore:
        return cls(
            id=m.id,
            quality=m.quality,
            depth=m.depth,
            passion=m.passion,
            value_added=m.value_added,
            toxicity=m.toxicity,
            engagement=Engagement.from_proto(m.engagement),
            structure=Structure.from_proto(m.structure),
            comments=[CommentScore.from_proto(c) for c in m.comments],
            reasons=list(m.reasons),
            warnings=list(m.warnings),
            model_version=m.model_version,
            explanation=Explanation.from_proto(m.explanation),
        )


class _ItemResult(_Result):
    index: int
    id: str
    score: Any
    error: ItemError | None

    @property
    def ok(self) -> bool:
        """True when the item was scored."""
        return self.error is None

    def unwrap(self):
        """The score; raises the item's error as a `ConvoscoreError` subclass when it failed."""
        if self.error is not None:
            raise self.error.to_exception(self.index)
        return self.score

    def to_dict(self) -> dict[str, Any]:
        """``{"index", "id", "score"}`` or ``{"index", "id", "error"}`` (the oneof's JSON shape)."""
        out: dict[str, Any] = {"index": self.index, "id": self.id}
        if self.error is not None:
            out["error"] = self.error.to_dict()
        else:
            out["score"] = self.score.to_dict()
        return out


@dataclass(frozen=True)
class ThreadResult(_ItemResult):
    """The result of one thread of a batch or stream: `score` or `error` (the other is None)."""

    index: int
    id: str
    score: ThreadScore | None = None
    error: ItemError | None = None
    _PB: ClassVar = pb.ThreadResult

    @classmethod
    def from_proto(cls, m: pb.ThreadResult, index: int | None = None) -> ThreadResult:
        which = m.WhichOneof("result")
        return cls(
            index=m.index if index is None else index,
            id=m.id,
            score=ThreadScore.from_proto(m.score) if which == "score" else None,
            error=ItemError.from_proto(m.error) if which == "error" else (
                None if which == "score" else ItemError("INTERNAL", "the server sent neither a score nor an error")
            ),
        )


@dataclass(frozen=True)
class CommentResult(_ItemResult):
    """The result of one loose comment: `score` or `error` (the other is None)."""

    index: int
    id: str
    score: CommentScore | None = None
    error: ItemError | None = None
    _PB: ClassVar = pb.CommentResult

    @classmethod
    def from_proto(cls, m: pb.CommentResult) -> CommentResult:
        which = m.WhichOneof("result")
        return cls(
            index=m.index,
            id=m.id,
            score=CommentScore.from_proto(m.score) if which == "score" else None,
            error=ItemError.from_proto(m.error) if which == "error" else (
                None if which == "score" else ItemError("INTERNAL", "the server sent neither a score nor an error")
            ),
        )


@dataclass(frozen=True)
class ScoreCommentsResult(_Result):
    """The answer of `score_comments`: one `CommentResult` per comment, in order, and the model
    version. Iterating, indexing and ``len()`` go through `results`."""

    results: list[CommentResult] = field(default_factory=list)
    model_version: str = ""
    _PB: ClassVar = pb.ScoreCommentsResponse

    @classmethod
    def from_proto(cls, m: pb.ScoreCommentsResponse) -> ScoreCommentsResult:
        return cls(results=[CommentResult.from_proto(r) for r in m.results], model_version=m.model_version)

    def __iter__(self) -> Iterator[CommentResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, i: int) -> CommentResult:
        return self.results[i]

    def to_dict(self) -> dict[str, Any]:
        return {"results": [r.to_dict() for r in self.results], "model_version": self.model_version}


@dataclass(frozen=True)
class ScoreDefinition(_Result):
    """What one score means."""

    name: str = ""
    description: str = ""
    _PB: ClassVar = pb.ScoreDefinition


@dataclass(frozen=True)
class Limits(_Result):
    """Limits the server enforces on each call."""

    max_comments_per_thread: int = 0
    max_text_chars: int = 0
    max_threads_per_request: int = 0
    max_comments_per_request: int = 0
    max_message_bytes: int = 0
    max_tokens_per_text: int = 0
    _PB: ClassVar = pb.Limits

    @classmethod
    def from_proto(cls, m: pb.Limits) -> Limits:
        return cls(**{f.name: getattr(m, f.name) for f in dataclasses.fields(cls)})


@dataclass(frozen=True)
class ModelInfo(_Result):
    """The loaded model: version, encoder, backend, score definitions, limits."""

    model_version: str = ""
    encoder: str = ""
    backend: str = ""
    scores: list[ScoreDefinition] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    heads_loaded: bool = False
    _PB: ClassVar = pb.ModelInfo

    @classmethod
    def from_proto(cls, m: pb.ModelInfo) -> ModelInfo:
        return cls(
            model_version=m.model_version,
            encoder=m.encoder,
            backend=m.backend,
            scores=[ScoreDefinition(name=s.name, description=s.description) for s in m.scores],
            limits=Limits.from_proto(m.limits),
            heads_loaded=m.heads_loaded,
        )


class HealthStatus(enum.StrEnum):
    """Serving status from the standard gRPC health service (grpc.health.v1)."""

    UNKNOWN = "UNKNOWN"
    SERVING = "SERVING"
    NOT_SERVING = "NOT_SERVING"
    SERVICE_UNKNOWN = "SERVICE_UNKNOWN"
