"""Plain-Python types for threads and their scores: what the engine reads and returns.

They mirror proto/convoscore/v1/convoscore.proto field by field; service/convert.py maps between
the two. The engine never sees protobuf.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Reactions:
    likes: int = 0
    shares: int = 0
    other: int = 0


@dataclass
class Post:
    id: str = ""
    author_id: str = ""
    text: str = ""
    created_at: datetime | None = None
    reactions: Reactions = field(default_factory=Reactions)
    exposure: int | None = None
    engaged_users: int | None = None


@dataclass
class Comment:
    id: str = ""
    parent_id: str = ""
    author_id: str = ""
    text: str = ""
    created_at: datetime | None = None
    reactions: Reactions = field(default_factory=Reactions)


@dataclass
class Thread:
    id: str = ""
    platform: str = ""
    language: str = ""
    post: Post = field(default_factory=Post)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class LooseComment:
    id: str = ""
    text: str = ""
    parent_text: str = ""
    context_text: str = ""


@dataclass
class Engagement:
    engagement_rate: float = 0.0
    conversation_rate: float = 0.0
    amplification_rate: float = 0.0
    applause_rate: float = 0.0
    exposure_known: bool = False
    engaged_users: int = 0
    total_likes: int = 0
    total_shares: int = 0
    total_other_reactions: int = 0


@dataclass
class Structure:
    comment_count: int = 0
    max_depth: int = 0
    mean_depth: float = 0.0
    max_width: int = 0
    participants: int = 0
    reciprocity: float = 0.0
    structural_virality: float = 0.0
    longest_exchange: int = 0


@dataclass
class CommentScore:
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


@dataclass
class ScoreComponent:
    name: str
    value: float
    weight: float


@dataclass
class Explanation:
    quality: list[ScoreComponent] = field(default_factory=list)
    depth: list[ScoreComponent] = field(default_factory=list)
    passion: list[ScoreComponent] = field(default_factory=list)
    value_added: list[ScoreComponent] = field(default_factory=list)
    toxicity: list[ScoreComponent] = field(default_factory=list)


@dataclass
class ThreadScore:
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
