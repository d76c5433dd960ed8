"""The scoring engine: threads in, thread scores out. Plain Python types, no transport.

Scoring runs in two phases so that a server can pool the texts of many requests into shared
model batches:
    prepared = engine.prepare(thread)          # validate, tree, exact metrics, texts to encode
    outputs  = text_model.encode(prepared.texts)   # or the server's batcher
    score    = engine.finish(prepared, outputs)
`score_threads` does all three for a list of threads, encoding every distinct text once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

import numpy as np

from scoring import language
from scoring.addressing import without_addressing
from scoring.tone import merge_readings, reads_hostility_apart, without_tone
from scoring.context import novelty, relevance
from scoring.engagement import engagement_metrics
from scoring.errors import InvalidInput
from scoring.evidence import evidence_kinds
from scoring.group_insults import GROUP_INSULT_TOXICITY, exclusion_phrase, group_insult_phrase, group_violence_phrase
from scoring.limits import Limits
from scoring.quotes import own_words
from scoring.repetition import MAX_COPIES
from scoring.self_harm import SELF_HARM_TOXICITY, self_harm_phrase
from scoring.structure import structure_metrics
from scoring.text_model import TextModel, TextOutput
from scoring.threats import THREAT_TOXICITY, threat_phrase
from scoring.thread_scores import SCORE_DEFINITIONS, CommentSignals, thread_scores
from scoring.threads import CommentScore, Engagement, LooseComment, Structure, Thread, ThreadScore
from scoring.tree import ReplyTree, check_id, check_text, validate

HEAD_NAMES = ("substance", "passion", "toxicity", "low_effort")
TAG_PREFIX = "tag_"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class PreparedThread:
    """A validated thread waiting for its texts' model outputs (node 0 = the post).

    `texts` are what the model reads: of each node in order (`what_is_read`), then the content
    reading of each node with tone to read apart (fillers, "!!", swearing aimed at no one,
    self-mockery, laughter), at `texts[content_at[node]]` (scoring/tone.py). `quoted[i]` is how many
    characters of comment i quote its parent.
    """

    thread: Thread
    tree: ReplyTree
    structure: Structure
    engagement: Engagement
    texts: list[str]
    quoted: list[int]
    content_at: dict[int, int] = field(default_factory=dict)


@dataclass
class PreparedComments:
    """Loose comments waiting for model outputs.

    `errors[i]` is comment i's InvalidInput (None when valid); `texts` holds
    [own words of text, parent_text, context_text] for each valid comment, in order, then the
    content reading of each comment i with tone to read apart (scoring/tone.py), at
    `texts[content_at[i]]`; `quoted[i]` is the characters of comment i's text that quote its
    parent_text (scoring/quotes.py).
    """

    comments: list[LooseComment]
    errors: list[InvalidInput | None]
    texts: list[str]
    quoted: list[int]
    content_at: dict[int, int] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        """How many of the comments are scored (have no error)."""
        return sum(e is None for e in self.errors)


class Engine:
    """Scores threads with one text model. Safe to share between threads of execution."""

    def __init__(self, text_model: TextModel | None = None, limits: Limits | None = None) -> None:
        self.text_model = text_model if text_model is not None else TextModel()
        self.limits = limits or Limits()
        language.load()

    @property
    def model_version(self) -> str:
        return self.text_model.version

    # -- threads ----------------------------------------------------------------------------

    def prepare(self, thread: Thread, prefix: str = "thread") -> PreparedThread:
        """Validate `thread` and compute its exact metrics; raises InvalidInput."""
        tree = validate(thread, self.limits, prefix)
        said = [thread.post.text] + [c.text for c in thread.comments]
        own = [what_is_read(text, said[tree.parent[i]]) if i else (text, 0) for i, text in enumerate(said)]
        texts = [text for text, _ in own]
        content_at = _add_content_readings(texts, range(len(own)))
        return PreparedThread(
            thread, tree, structure_metrics(tree), engagement_metrics(thread),
            texts=texts, quoted=[n for _, n in own], content_at=content_at,
        )

    def finish(self, prepared: PreparedThread, outputs: Sequence[TextOutput]) -> ThreadScore:
        """Combine the model outputs of `prepared.texts` (same order) into the thread's scores."""
        thread, tree = prepared.thread, prepared.tree
        texts = prepared.texts[: tree.size]
        outputs = _with_content_readings(outputs, texts, prepared.content_at)
        worded = [has_text(t) for t in texts]
        outputs = [o if w else _nothing_to_read(o) for o, w in zip(outputs, worded)]
        harm = [harmful_phrase(t) if w else None for t, w in zip(texts, worded)]
        outputs = [_reads_harmful(o, h) if h else o for o, h in zip(outputs, harm)]
        emb = np.stack([o.embedding for o in outputs])
        rel = relevance(emb, tree.parent, worded)
        nov = novelty(emb, _time_order(thread), worded)

        result = ThreadScore(
            id=thread.id,
            engagement=prepared.engagement,
            structure=prepared.structure,
            warnings=list(tree.warnings),
            model_version=self.model_version,
        )
        for i, comment in enumerate(thread.comments, start=1):
            out = outputs[i]
            score = CommentScore(
                id=comment.id,
                depth=tree.depth[i],
                novelty=float(nov[i]),
                relevance=float(rel[i]),
                truncated=out.truncated,
                other_language=language.other_language(comment.text),
                repeated_copies=out.repeats,
                quoted_chars=prepared.quoted[i],
            )
            _fill_heads(score, out)
            result.comments.append(score)
            if out.truncated:
                result.warnings.append(
                    f"comment {comment.id!r} is longer than {self.text_model.max_tokens} tokens; "
                    "the model read only its start"
                )
            if out.repeats:
                result.warnings.append(_repeats_warning(f"comment {comment.id!r}", out.repeats))
            if harm[i]:
                result.warnings.append(_harm_warning(f"comment {comment.id!r}", harm[i]))
        if outputs[0].truncated:
            result.warnings.append(
                f"the post is longer than {self.text_model.max_tokens} tokens; the model read only its start"
            )
        if outputs[0].repeats:
            result.warnings.append(_repeats_warning("the post", outputs[0].repeats))
        if harm[0]:
            result.warnings.append(_harm_warning("the post", harm[0]))
        post_language = language.other_language(thread.post.text)
        comment_languages = [(c.id, c.other_language) for c in result.comments]
        result.warnings += language.language_warnings(thread.language, post_language, comment_languages)

        if self.text_model.heads_loaded:
            signals = CommentSignals(
                substance=_head(outputs, "substance"),
                passion=_head(outputs, "passion"),
                toxicity=_head(outputs, "toxicity"),
                low_effort=_head(outputs, "low_effort"),
                novelty=nov,
                relevance=rel,
                has_text=worded,
                tags=[_tags(o) for o in outputs],
                evidence=[evidence_kinds(t) if w else () for t, w in zip(texts, worded)],
            )
            scores = thread_scores(tree, signals, prepared.engagement, prepared.structure)
            result.quality = scores.quality
            result.depth = scores.depth
            result.passion = scores.passion
            result.value_added = scores.value_added
            result.toxicity = scores.toxicity
            result.explanation = scores.explanation
            result.reasons = scores.reasons
        return result

    def score_threads(self, threads: Sequence[Thread]) -> list[ThreadScore | InvalidInput]:
        """Score each thread; a thread that fails validation yields its InvalidInput in its place."""
        prepared: list[PreparedThread | InvalidInput] = []
        for thread in threads:
            try:
                prepared.append(self.prepare(thread))
            except InvalidInput as exc:
                prepared.append(exc)
        ready = [p for p in prepared if isinstance(p, PreparedThread)]
        outputs = self.encode_texts([t for p in ready for t in p.texts])
        results: list[ThreadScore | InvalidInput] = []
        offset = 0
        for p in prepared:
            if isinstance(p, InvalidInput):
                results.append(p)
                continue
            results.append(self.finish(p, outputs[offset : offset + len(p.texts)]))
            offset += len(p.texts)
        return results

    def score_thread(self, thread: Thread) -> ThreadScore:
        """Score one thread; raises InvalidInput."""
        result = self.score_threads([thread])[0]
        if isinstance(result, InvalidInput):
            raise result
        return result

    def encode_texts(self, texts: Sequence[str]) -> list[TextOutput]:
        """Model outputs for `texts`, running each distinct text once."""
        unique = list(dict.fromkeys(texts))
        by_text = dict(zip(unique, self.text_model.encode(unique)))
        return [by_text[t] for t in texts]

    # -- loose comments ---------------------------------------------------------------------

    def prepare_comments(self, comments: Sequence[LooseComment]) -> PreparedComments:
        """Check each comment; raises InvalidInput only when there are too many of them."""
        if len(comments) > self.limits.max_comments_per_request:
            raise InvalidInput(
                "comments",
                f"{len(comments)} comments, over the limit of {self.limits.max_comments_per_request}",
            )
        errors: list[InvalidInput | None] = []
        texts: list[str] = []
        quoted: list[int] = []
        for i, c in enumerate(comments):
            try:
                self.check_comment(c, f"comments[{i}]")
            except InvalidInput as exc:
                errors.append(exc)
                quoted.append(0)
                continue
            errors.append(None)
            own, n = what_is_read(c.text, c.parent_text)
            # The earlier texts only give embeddings to compare with, and embeddings are read
            # without fillers, as a thread's comments are.
            texts.extend([own, without_tone(c.parent_text), without_tone(c.context_text)])
            quoted.append(n)
        valid = [i for i, e in enumerate(errors) if e is None]
        where = _add_content_readings(texts, range(0, 3 * len(valid), 3))
        content_at = {i: where[3 * k] for k, i in enumerate(valid) if 3 * k in where}
        return PreparedComments(list(comments), errors, texts, quoted, content_at)

    def finish_comments(
        self, prepared: PreparedComments, outputs: Sequence[TextOutput]
    ) -> list[CommentScore | InvalidInput]:
        """Each comment's score from the outputs of `prepared.texts` (same order), or its error."""
        results: list[CommentScore | InvalidInput] = []
        offset = 0
        for i, (comment, error, quoted) in enumerate(zip(prepared.comments, prepared.errors, prepared.quoted)):
            if error is not None:
                results.append(error)
                continue
            own_text = prepared.texts[offset]  # [own words of text, parent_text, context_text]
            read = list(outputs[offset : offset + 3])
            if i in prepared.content_at:
                read[0] = merge_readings(read[0], outputs[prepared.content_at[i]], reads_hostility_apart(own_text))
            results.append(self.finish_comment(comment, read, own_text, quoted))
            offset += 3
        return results

    def check_comment(self, comment: LooseComment, field: str) -> None:
        """Raise InvalidInput when one loose comment breaks the limits (the same checks as a thread's)."""
        for name in ("text", "parent_text", "context_text"):
            check_text(f"{field}.{name}", getattr(comment, name), self.limits)
        check_id(f"{field}.id", comment.id, self.limits)

    def finish_comment(
        self, comment: LooseComment, outputs: Sequence[TextOutput], text: str | None = None, quoted: int = 0
    ) -> CommentScore:
        """Score one loose comment from the outputs of its [text, parent_text, context_text];
        `text` is what was read of it (its own words, `quoted` characters fewer), by default all."""
        text = comment.text if text is None else text
        own, parent, context = outputs
        if not has_text(text):
            score = CommentScore(id=comment.id, quoted_chars=quoted)
            _fill_heads(score, _nothing_to_read(own))
            return score
        score = CommentScore(
            id=comment.id,
            truncated=own.truncated,
            other_language=language.other_language(comment.text),
            repeated_copies=own.repeats,
            quoted_chars=quoted,
        )
        harm = harmful_phrase(text)
        _fill_heads(score, _reads_harmful(own, harm) if harm else own)
        earlier = [o for o, t in ((parent, comment.parent_text), (context, comment.context_text)) if has_text(t)]
        if earlier:
            target = parent if has_text(comment.parent_text) else context
            score.relevance = float(np.clip(own.embedding @ target.embedding, 0.0, 1.0))
            best = max(float(own.embedding @ o.embedding) for o in earlier)
            score.novelty = float(np.clip(1.0 - best, 0.0, 1.0))
        else:
            score.relevance = 0.5  # nothing to compare against: unknown, as for an image post
            score.novelty = 1.0
        return score

    def score_comments(self, comments: Sequence[LooseComment]) -> list[CommentScore | InvalidInput]:
        """Score each loose comment; one that breaks the limits yields its InvalidInput."""
        prepared = self.prepare_comments(comments)
        return self.finish_comments(prepared, self.encode_texts(prepared.texts))

    # -- description ------------------------------------------------------------------------

    def score_definitions(self) -> dict[str, str]:
        return dict(SCORE_DEFINITIONS)


def _add_content_readings(texts: list[str], at: Sequence[int]) -> dict[int, int]:
    """Append to `texts` the content reading (scoring/tone.py) of each `texts[i]`, i in
    `at`, that has tone to read apart; return where each went, {i: index in texts}."""
    where: dict[int, int] = {}
    for i in at:
        content = without_tone(texts[i])
        if content != texts[i]:
            where[i] = len(texts)
            texts.append(content)
    return where


def _with_content_readings(
    outputs: Sequence[TextOutput], texts: Sequence[str], content_at: dict[int, int]
) -> list[TextOutput]:
    """The outputs of `texts`, each with its content reading merged in where it has one."""
    merged = list(outputs[: len(texts)])
    for i, j in content_at.items():
        merged[i] = merge_readings(merged[i], outputs[j], reads_hostility_apart(texts[i]))
    return merged


def _head(outputs: Sequence[TextOutput], name: str) -> np.ndarray:
    return np.asarray([o.heads.get(name, 0.0) for o in outputs], dtype=np.float64)


def _tags(out: TextOutput) -> dict[str, float]:
    return {k[len(TAG_PREFIX) :]: v for k, v in out.heads.items() if k.startswith(TAG_PREFIX)}


def what_is_read(reply: str, parent: str) -> tuple[str, int]:
    """What the model reads of a reply, and how many characters of it quote `parent`: the reply in
    its own words (scoring/quotes.py), without the @handles that address it (scoring/addressing.py)."""
    return own_words(without_addressing(reply), parent)


def has_text(text: str) -> bool:
    """Whether `text` shows anything: a character that is neither white space nor an invisible
    format character (zero-width space and joiners, byte-order mark, soft hyphen: Unicode Cf)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def _nothing_to_read(out: TextOutput) -> TextOutput:
    """The heads of a text without words (an image, a sticker, a deleted comment).

    The model would still read its [CLS] [SEP] and answer, for instance toxicity 0.10 and passion
    0.45; a text without words carries no substance, passion or hostility, and as a reply it is a
    micro-contribution.
    """
    heads = {name: 0.0 for name in out.heads}
    if heads:
        heads["low_effort"] = 1.0
    return TextOutput(embedding=out.embedding, heads=heads, n_tokens=out.n_tokens, truncated=False)


@dataclass(frozen=True)
class HarmfulPhrase:
    """A phrase found in a text that makes it toxic whatever the heads say."""

    phrase: str
    says: str  # what the text does, for the warning: "threatens or wishes violence on someone"
    toxicity: float  # the least its toxicity reads


# Literal readers, in the order they are tried: the heads miss these phrases (no rude word, and
# none in C3), and a moderator removes each on sight.
_HARM_READERS = (
    (self_harm_phrase, "tells someone to kill or harm themselves", SELF_HARM_TOXICITY),
    (threat_phrase, "threatens or wishes violence on someone", THREAT_TOXICITY),
    (group_violence_phrase, "calls for violence against people for who they are", THREAT_TOXICITY),
    (group_insult_phrase, "insults people for who they are", GROUP_INSULT_TOXICITY),
    (exclusion_phrase, "tells people to leave for who they are", GROUP_INSULT_TOXICITY),
)


def harmful_phrase(text: str) -> HarmfulPhrase | None:
    """The first phrase of `text` that self_harm.py, threats.py or group_insults.py finds, or None."""
    for read, says, toxicity in _HARM_READERS:
        phrase = read(text)
        if phrase:
            return HarmfulPhrase(phrase, says, toxicity)
    return None


def _reads_harmful(out: TextOutput, harm: HarmfulPhrase) -> TextOutput:
    """The heads of a text with a harmful phrase (scoring/self_harm.py, scoring/threats.py,
    scoring/group_insults.py).

    Toxicity and its explicit reading get the phrase as one more way to qualify, as the heads'
    own readings combine: 1 - (1 - model) x (1 - harm.toxicity), never below the model's.
    """
    if not out.heads:
        return out
    heads = dict(out.heads)
    for name in ("toxicity", "tag_offensive"):
        if name in heads:
            heads[name] = 1.0 - (1.0 - heads[name]) * (1.0 - harm.toxicity)
    return replace(out, heads=heads)


def _fill_heads(score: CommentScore, out: TextOutput) -> None:
    if not out.heads:
        return
    for name in HEAD_NAMES:
        setattr(score, name, float(out.heads.get(name, 0.0)))
    score.tags = _tags(out)


def _time_order(thread: Thread) -> list[int]:
    """Node indices from earliest to latest: by created_at, ties in input order.

    Without any comment timestamp, input order. A post without a timestamp comes first; comments
    without one come after those that have one.
    """
    nodes = [thread.post] + list(thread.comments)
    stamps = [n.created_at for n in nodes]
    if all(s is None for s in stamps[1:]):
        return list(range(len(nodes)))

    def key(i: int) -> tuple[float, int]:
        s = stamps[i]
        if s is None:
            return (float("inf") if i else float("-inf"), i)
        aware = s if s.tzinfo else s.replace(tzinfo=timezone.utc)
        return ((aware - _EPOCH).total_seconds(), i)

    return sorted(range(len(nodes)), key=key)


def _harm_warning(what: str, harm: HarmfulPhrase) -> str:
    return f"{what} {harm.says} ({harm.phrase!r}); its toxicity reads at least {harm.toxicity}"


def _repeats_warning(what: str, copies: int) -> str:
    return f"{what} repeats one word or phrase {copies} times in a row; the model read it as {MAX_COPIES} copies"
