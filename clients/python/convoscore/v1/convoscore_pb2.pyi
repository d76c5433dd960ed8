import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Reactions(_message.Message):
    __slots__ = ("likes", "shares", "other")
    LIKES_FIELD_NUMBER: _ClassVar[int]
    SHARES_FIELD_NUMBER: _ClassVar[int]
    OTHER_FIELD_NUMBER: _ClassVar[int]
    likes: int
    shares: int
    other: int
    def __init__(self, likes: _Optional[int] = ..., shares: _Optional[int] = ..., other: _Optional[int] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ("id", "author_id", "text", "created_at", "reactions", "exposure", "engaged_users")
    ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    EXPOSURE_FIELD_NUMBER: _ClassVar[int]
    ENGAGED_USERS_FIELD_NUMBER: _ClassVar[int]
    id: str
    author_id: str
    text: str
    created_at: _timestamp_pb2.Timestamp
    reactions: Reactions
    exposure: int
    engaged_users: int
    def __init__(self, id: _Optional[str] = ..., author_id: _Optional[str] = ..., text: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reactions: _Optional[_Union[Reactions, _Mapping]] = ..., exposure: _Optional[int] = ..., engaged_users: _Optional[int] = ...) -> None: ...

class Comment(_message.Message):
    __slots__ = ("id", "parent_id", "author_id", "text", "created_at", "reactions")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent_id: str
    author_id: str
    text: str
    created_at: _timestamp_pb2.Timestamp
    reactions: Reactions
    def __init__(self, id: _Optional[str] = ..., parent_id: _Optional[str] = ..., author_id: _Optional[str] = ..., text: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reactions: _Optional[_Union[Reactions, _Mapping]] = ...) -> None: ...

class Thread(_message.Message):
    __slots__ = ("id", "platform", "language", "post", "comments")
    ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    platform: str
    language: str
    post: Post
    comments: _containers.RepeatedCompositeFieldContainer[Comment]
    def __init__(self, id: _Optional[str] = ..., platform: _Optional[str] = ..., language: _Optional[str] = ..., post: _Optional[_Union[Post, _Mapping]] = ..., comments: _Optional[_Iterable[_Union[Comment, _Mapping]]] = ...) -> None: ...

class ScoreThreadRequest(_message.Message):
    __slots__ = ("thread",)
    THREAD_FIELD_NUMBER: _ClassVar[int]
    thread: Thread
    def __init__(self, thread: _Optional[_Union[Thread, _Mapping]] = ...) -> None: ...

class ScoreThreadsRequest(_message.Message):
    __slots__ = ("threads",)
    THREADS_FIELD_NUMBER: _ClassVar[int]
    threads: _containers.RepeatedCompositeFieldContainer[Thread]
    def __init__(self, threads: _Optional[_Iterable[_Union[Thread, _Mapping]]] = ...) -> None: ...

class LooseComment(_message.Message):
    __slots__ = ("id", "text", "parent_text", "context_text")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    PARENT_TEXT_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_TEXT_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    parent_text: str
    context_text: str
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ..., parent_text: _Optional[str] = ..., context_text: _Optional[str] = ...) -> None: ...

class ScoreCommentsRequest(_message.Message):
    __slots__ = ("comments",)
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    comments: _containers.RepeatedCompositeFieldContainer[LooseComment]
    def __init__(self, comments: _Optional[_Iterable[_Union[LooseComment, _Mapping]]] = ...) -> None: ...

class GetModelInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ItemError(_message.Message):
    __slots__ = ("code", "message", "field")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    field: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ..., field: _Optional[str] = ...) -> None: ...

class Engagement(_message.Message):
    __slots__ = ("engagement_rate", "conversation_rate", "amplification_rate", "applause_rate", "exposure_known", "engaged_users", "total_likes", "total_shares", "total_other_reactions")
    ENGAGEMENT_RATE_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_RATE_FIELD_NUMBER: _ClassVar[int]
    AMPLIFICATION_RATE_FIELD_NUMBER: _ClassVar[int]
    APPLAUSE_RATE_FIELD_NUMBER: _ClassVar[int]
    EXPOSURE_KNOWN_FIELD_NUMBER: _ClassVar[int]
    ENGAGED_USERS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_LIKES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SHARES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_OTHER_REACTIONS_FIELD_NUMBER: _ClassVar[int]
    engagement_rate: float
    conversation_rate: float
    amplification_rate: float
    applause_rate: float
    exposure_known: bool
    engaged_users: int
    total_likes: int
    total_shares: int
    total_other_reactions: int
    def __init__(self, engagement_rate: _Optional[float] = ..., conversation_rate: _Optional[float] = ..., amplification_rate: _Optional[float] = ..., applause_rate: _Optional[float] = ..., exposure_known: _Optional[bool] = ..., engaged_users: _Optional[int] = ..., total_likes: _Optional[int] = ..., total_shares: _Optional[int] = ..., total_other_reactions: _Optional[int] = ...) -> None: ...

class Structure(_message.Message):
    __slots__ = ("comment_count", "max_depth", "mean_depth", "max_width", "participants", "reciprocity", "structural_virality", "longest_exchange")
    COMMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    MAX_DEPTH_FIELD_NUMBER: _ClassVar[int]
    MEAN_DEPTH_FIELD_NUMBER: _ClassVar[int]
    MAX_WIDTH_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    RECIPROCITY_FIELD_NUMBER: _ClassVar[int]
    STRUCTURAL_VIRALITY_FIELD_NUMBER: _ClassVar[int]
    LONGEST_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    comment_count: int
    max_depth: int
    mean_depth: float
    max_width: int
    participants: int
    reciprocity: float
    structural_virality: float
    longest_exchange: int
    def __init__(self, comment_count: _Optional[int] = ..., max_depth: _Optional[int] = ..., mean_depth: _Optional[float] = ..., max_width: _Optional[int] = ..., participants: _Optional[int] = ..., reciprocity: _Optional[float] = ..., structural_virality: _Optional[float] = ..., longest_exchange: _Optional[int] = ...) -> None: ...

class CommentScore(_message.Message):
    __slots__ = ("id", "depth", "substance", "passion", "toxicity", "low_effort", "novelty", "relevance", "tags", "truncated", "other_language", "repeated_copies", "quoted_chars")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    SUBSTANCE_FIELD_NUMBER: _ClassVar[int]
    PASSION_FIELD_NUMBER: _ClassVar[int]
    TOXICITY_FIELD_NUMBER: _ClassVar[int]
    LOW_EFFORT_FIELD_NUMBER: _ClassVar[int]
    NOVELTY_FIELD_NUMBER: _ClassVar[int]
    RELEVANCE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    OTHER_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    REPEATED_COPIES_FIELD_NUMBER: _ClassVar[int]
    QUOTED_CHARS_FIELD_NUMBER: _ClassVar[int]
    id: str
    depth: int
    substance: float
    passion: float
    toxicity: float
    low_effort: float
    novelty: float
    relevance: float
    tags: _containers.ScalarMap[str, float]
    truncated: bool
    other_language: str
    repeated_copies: int
    quoted_chars: int
    def __init__(self, id: _Optional[str] = ..., depth: _Optional[int] = ..., substance: _Optional[float] = ..., passion: _Optional[float] = ..., toxicity: _Optional[float] = ..., low_effort: _Optional[float] = ..., novelty: _Optional[float] = ..., relevance: _Optional[float] = ..., tags: _Optional[_Mapping[str, float]] = ..., truncated: _Optional[bool] = ..., other_language: _Optional[str] = ..., repeated_copies: _Optional[int] = ..., quoted_chars: _Optional[int] = ...) -> None: ...

class ScoreComponent(_message.Message):
    __slots__ = ("name", "value", "weight")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: float
    weight: float
    def __init__(self, name: _Optional[str] = ..., value: _Optional[float] = ..., weight: _Optional[float] = ...) -> None: ...

class Explanation(_message.Message):
    __slots__ = ("quality", "depth", "passion", "value_added", "toxicity")
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    PASSION_FIELD_NUMBER: _ClassVar[int]
    VALUE_ADDED_FIELD_NUMBER: _ClassVar[int]
    TOXICITY_FIELD_NUMBER: _ClassVar[int]
    quality: _containers.RepeatedCompositeFieldContainer[ScoreComponent]
    depth: _containers.RepeatedCompositeFieldContainer[ScoreComponent]
    passion: _containers.RepeatedCompositeFieldContainer[ScoreComponent]
    value_added: _containers.RepeatedCompositeFieldContainer[ScoreComponent]
    toxicity: _containers.RepeatedCompositeFieldContainer[ScoreComponent]
    def __init__(self, quality: _Optional[_Iterable[_Union[ScoreComponent, _Mapping]]] = ..., depth: _Optional[_Iterable[_Union[ScoreComponent, _Mapping]]] = ..., passion: _Optional[_Iterable[_Union[ScoreComponent, _Mapping]]] = ..., value_added: _Optional[_Iterable[_Union[ScoreComponent, _Mapping]]] = ..., toxicity: _Optional[_Iterable[_Union[ScoreComponent, _Mapping]]] = ...) -> None: ...

class ThreadScore(_message.Message):
    __slots__ = ("id", "quality", "depth", "passion", "value_added", "toxicity", "engagement", "structure", "comments", "reasons", "warnings", "model_version", "explanation")
    ID_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    PASSION_FIELD_NUMBER: _ClassVar[int]
    VALUE_ADDED_FIELD_NUMBER: _ClassVar[int]
    TOXICITY_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    STRUCTURE_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    quality: float
    depth: float
    passion: float
    value_added: float
    toxicity: float
    engagement: Engagement
    structure: Structure
    comments: _containers.RepeatedCompositeFieldContainer[CommentScore]
    reasons: _containers.RepeatedScalarFieldContainer[str]
    warnings: _containers.RepeatedScalarFieldContainer[str]
    model_version: str
    explanation: Explanation
    def __init__(self, id: _Optional[str] = ..., quality: _Optional[float] = ..., depth: _Optional[float] = ..., passion: _Optional[float] = ..., value_added: _Optional[float] = ..., toxicity: _Optional[float] = ..., engagement: _Optional[_Union[Engagement, _Mapping]] = ..., structure: _Optional[_Union[Structure, _Mapping]] = ..., comments: _Optional[_Iterable[_Union[CommentScore, _Mapping]]] = ..., reasons: _Optional[_Iterable[str]] = ..., warnings: _Optional[_Iterable[str]] = ..., model_version: _Optional[str] = ..., explanation: _Optional[_Union[Explanation, _Mapping]] = ...) -> None: ...

class ThreadResult(_message.Message):
    __slots__ = ("index", "id", "score", "error")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    index: int
    id: str
    score: ThreadScore
    error: ItemError
    def __init__(self, index: _Optional[int] = ..., id: _Optional[str] = ..., score: _Optional[_Union[ThreadScore, _Mapping]] = ..., error: _Optional[_Union[ItemError, _Mapping]] = ...) -> None: ...

class ScoreThreadsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ThreadResult]
    def __init__(self, results: _Optional[_Iterable[_Union[ThreadResult, _Mapping]]] = ...) -> None: ...

class CommentResult(_message.Message):
    __slots__ = ("index", "id", "score", "error")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    index: int
    id: str
    score: CommentScore
    error: ItemError
    def __init__(self, index: _Optional[int] = ..., id: _Optional[str] = ..., score: _Optional[_Union[CommentScore, _Mapping]] = ..., error: _Optional[_Union[ItemError, _Mapping]] = ...) -> None: ...

class ScoreCommentsResponse(_message.Message):
    __slots__ = ("results", "model_version")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CommentResult]
    model_version: str
    def __init__(self, results: _Optional[_Iterable[_Union[CommentResult, _Mapping]]] = ..., model_version: _Optional[str] = ...) -> None: ...

class ScoreDefinition(_message.Message):
    __slots__ = ("name", "description")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class Limits(_message.Message):
    __slots__ = ("max_comments_per_thread", "max_text_chars", "max_threads_per_request", "max_comments_per_request", "max_message_bytes", "max_tokens_per_text")
    MAX_COMMENTS_PER_THREAD_FIELD_NUMBER: _ClassVar[int]
    MAX_TEXT_CHARS_FIELD_NUMBER: _ClassVar[int]
    MAX_THREADS_PER_REQUEST_FIELD_NUMBER: _ClassVar[int]
    MAX_COMMENTS_PER_REQUEST_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGE_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_TOKENS_PER_TEXT_FIELD_NUMBER: _ClassVar[int]
    max_comments_per_thread: int
    max_text_chars: int
    max_threads_per_request: int
    max_comments_per_request: int
    max_message_bytes: int
    max_tokens_per_text: int
    def __init__(self, max_comments_per_thread: _Optional[int] = ..., max_text_chars: _Optional[int] = ..., max_threads_per_request: _Optional[int] = ..., max_comments_per_request: _Optional[int] = ..., max_message_bytes: _Optional[int] = ..., max_tokens_per_text: _Optional[int] = ...) -> None: ...

class ModelInfo(_message.Message):
    __slots__ = ("model_version", "encoder", "backend", "scores", "limits", "heads_loaded")
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    ENCODER_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    HEADS_LOADED_FIELD_NUMBER: _ClassVar[int]
    model_version: str
    encoder: str
    backend: str
    scores: _containers.RepeatedCompositeFieldContainer[ScoreDefinition]
    limits: Limits
    heads_loaded: bool
    def __init__(self, model_version: _Optional[str] = ..., encoder: _Optional[str] = ..., backend: _Optional[str] = ..., scores: _Optional[_Iterable[_Union[ScoreDefinition, _Mapping]]] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ..., heads_loaded: _Optional[bool] = ...) -> None: ...
