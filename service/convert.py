"""Protobuf <-> engine types: the one place where the wire format meets the engine."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from google.protobuf import json_format

from convoscore.v1 import convoscore_pb2 as pb
from scoring import threads as t
from scoring.errors import InvalidInput


def _time(msg, field: str, path: str) -> datetime | None:
    if not msg.HasField(field):
        return None
    try:
        return getattr(msg, field).ToDatetime(tzinfo=timezone.utc)
    except (ValueError, OverflowError, OSError) as exc:
        raise InvalidInput(f"{path}.{field}", f"timestamp out of range ({exc})") from None


def _reactions(msg: pb.Reactions) -> t.Reactions:
    return t.Reactions(likes=msg.likes, shares=msg.shares, other=msg.other)


def thread_from_proto(msg: pb.Thread, path: str = "thread") -> t.Thread:
    post = msg.post
    return t.Thread(
        id=msg.id,
        platform=msg.platform,
        language=msg.language,
        post=t.Post(
            id=post.id,
            author_id=post.author_id,
            text=post.text,
            created_at=_time(post, "created_at", f"{path}.post"),
            reactions=_reactions(post.reactions),
            exposure=post.exposure if post.HasField("exposure") else None,
            engaged_users=post.engaged_users if post.HasField("engaged_users") else None,
        ),
        comments=[
            t.Comment(
                id=c.id,
                parent_id=c.parent_id,
                author_id=c.author_id,
                text=c.text,
                created_at=_time(c, "created_at", f"{path}.comments[{i}]"),
                reactions=_reactions(c.reactions),
            )
            for i, c in enumerate(msg.comments)
        ],
    )


def loose_comment_from_proto(msg: pb.LooseComment) -> t.LooseComment:
    return t.LooseComment(id=msg.id, text=msg.text, parent_text=msg.parent_text, context_text=msg.context_text)


def comment_score_to_proto(s: t.CommentScore) -> pb.CommentScore:
    return pb.CommentScore(
        id=s.id,
        depth=s.depth,
        substance=s.substance,
        passion=s.passion,
        toxicity=s.toxicity,
        low_effort=s.low_effort,
        novelty=s.novelty,
        relevance=s.relevance,
        tags=s.tags,
        truncated=s.truncated,
        other_language=s.other_language,
        repeated_copies=s.repeated_copies,
        quoted_chars=s.quoted_chars,
    )


def _components(items: list[t.ScoreComponent]) -> list[pb.ScoreComponent]:
    return [pb.ScoreComponent(name=c.name, value=c.value, weight=c.weight) for c in items]


U64_MAX = 2**64 - 1


def _u64(value: int) -> int:
    """Counts that pass uint64 (sums of huge reaction counts) saturate instead of failing."""
    return min(int(value), U64_MAX)


def thread_score_to_proto(s: t.ThreadScore) -> pb.ThreadScore:
    e, st, x = s.engagement, s.structure, s.explanation
    return pb.ThreadScore(
        id=s.id,
        quality=s.quality,
        depth=s.depth,
        passion=s.passion,
        value_added=s.value_added,
        toxicity=s.toxicity,
        engagement=pb.Engagement(
            engagement_rate=e.engagement_rate,
            conversation_rate=e.conversation_rate,
            amplification_rate=e.amplification_rate,
            applause_rate=e.applause_rate,
            exposure_known=e.exposure_known,
            engaged_users=_u64(e.engaged_users),
            total_likes=_u64(e.total_likes),
            total_shares=_u64(e.total_shares),
            total_other_reactions=_u64(e.total_other_reactions),
        ),
        structure=pb.Structure(
            comment_count=st.comment_count,
            max_depth=st.max_depth,
            mean_depth=st.mean_depth,
            max_width=st.max_width,
            participants=st.participants,
            reciprocity=st.reciprocity,
            structural_virality=st.structural_virality,
            longest_exchange=st.longest_exchange,
        ),
        comments=[comment_score_to_proto(c) for c in s.comments],
        reasons=s.reasons,
        warnings=s.warnings,
        model_version=s.model_version,
        explanation=pb.Explanation(
            quality=_components(x.quality),
            depth=_components(x.depth),
            passion=_components(x.passion),
            value_added=_components(x.value_added),
            toxicity=_components(x.toxicity),
        ),
    )


def item_error(exc: InvalidInput) -> pb.ItemError:
    return pb.ItemError(code=exc.code, message=str(exc), field=getattr(exc, "field", ""))


# -- JSON Lines (the `convoscore score` format: protobuf JSON mapping, proto field names) -------


def thread_from_json(line: str) -> pb.Thread:
    """Parse one JSON line into a Thread message; raises InvalidInput naming the problem."""
    try:
        return json_format.Parse(line, pb.Thread())
    except json_format.ParseError as exc:
        raise InvalidInput("", f"not a valid Thread in JSON: {exc}") from None


def message_to_json(msg) -> str:
    """One compact JSON line, every field present even when zero, proto field names kept, map keys sorted."""
    data = json_format.MessageToDict(
        msg, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    _sort_maps(msg, data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _sort_maps(msg, data: dict) -> None:
    """Sort the keys of every map field in `data` (MessageToDict of `msg`) in place.

    Protobuf maps have no order (upb iterates them in a per-process hash order), so without this
    the same input gives differently ordered `tags` from run to run; sorted, output files diff cleanly.
    """
    for field in msg.DESCRIPTOR.fields:
        value = data.get(field.name)
        if not isinstance(value, (dict, list)) or field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            data[field.name] = dict(sorted(value.items()))
        elif isinstance(value, list):
            for item_msg, item in zip(getattr(msg, field.name), value):
                if isinstance(item, dict):
                    _sort_maps(item_msg, item)
        else:
            _sort_maps(getattr(msg, field.name), value)


# -- batch results and model description (the server) -------------------------------------------


def thread_result(index: int, thread_id: str, result: t.ThreadScore | InvalidInput) -> pb.ThreadResult:
    """One entry of a ScoreThreads response or of the StreamScoreThreads stream."""
    if isinstance(result, InvalidInput):
        return pb.ThreadResult(index=index, id=thread_id, error=item_error(result))
    return pb.ThreadResult(index=index, id=thread_id, score=thread_score_to_proto(result))


def comment_result(index: int, comment_id: str, result: t.CommentScore | InvalidInput) -> pb.CommentResult:
    """One entry of a ScoreComments response."""
    if isinstance(result, InvalidInput):
        return pb.CommentResult(index=index, id=comment_id, error=item_error(result))
    return pb.CommentResult(index=index, id=comment_id, score=comment_score_to_proto(result))


def backend_label(backend: str) -> str:
    """The `ModelInfo.backend` name of a TextModel backend: cpu-bf16, cpu-fp32, cuda-fp16."""
    return backend if backend.startswith("cuda") else f"cpu-{backend}"


def model_info_to_proto(
    *,
    model_version: str,
    encoder: str,
    backend: str,
    definitions: dict[str, str],
    limits,
    max_message_bytes: int,
    max_tokens_per_text: int,
    heads_loaded: bool,
) -> pb.ModelInfo:
    """`limits` is a scoring.limits.Limits."""
    return pb.ModelInfo(
        model_version=model_version,
        encoder=encoder,
        backend=backend_label(backend),
        scores=[pb.ScoreDefinition(name=k, description=v) for k, v in definitions.items()],
        limits=pb.Limits(
            max_comments_per_thread=limits.max_comments_per_thread,
            max_text_chars=limits.max_text_chars,
            max_threads_per_request=limits.max_threads_per_request,
            max_comments_per_request=limits.max_comments_per_request,
            max_message_bytes=max_message_bytes,
            max_tokens_per_text=max_tokens_per_text,
        ),
        heads_loaded=heads_loaded,
    )
