"""The ConversationQuality servicer: a thin adapter, proto in -> engine -> proto out.

Each method converts its request (service/convert.py), runs the engine's first phase
(`Engine.prepare`: validation and exact metrics), hands the texts to the scheduler (which pools
them with every other call's texts into model batches), and finishes with `Engine.finish`.
Errors are raised, never answered here: the RpcInterceptor maps them to status codes. Errors of
one item in a batch or stream become that item's `ItemError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import grpc

from convoscore.v1 import convoscore_pb2 as pb
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc
from scoring.engine import Engine, PreparedComments, PreparedThread
from scoring.errors import InvalidInput, ModelError
from scoring.text_model import ENCODER_NAME
from scoring.threads import CommentScore, ThreadScore
from service import convert
from service.metrics import ServerMetrics
from service.scheduler import Scheduler

T = TypeVar("T")

# Work on more texts than this (validation, finishing the scores) leaves the event loop for a
# thread, so a 20,000-comment thread does not stall every other call.
OFFLOAD_TEXTS = 256


def _deadline(context: grpc.aio.ServicerContext) -> float | None:
    remaining = context.time_remaining()
    return None if remaining is None else time.monotonic() + remaining


async def _run(size: int, fn: Callable[..., T], *args) -> T:
    if size > OFFLOAD_TEXTS:
        return await asyncio.to_thread(fn, *args)
    return fn(*args)


class ConversationQualityServicer(pb_grpc.ConversationQualityServicer):
    """Serves convoscore.v1.ConversationQuality. `engine` and `scheduler` are set once the model
    is loaded; until then the RpcInterceptor answers UNAVAILABLE and no method runs."""

    def __init__(self, metrics: ServerMetrics, *, max_message_bytes: int, stream_window: int) -> None:
        self.metrics = metrics
        self.max_message_bytes = max_message_bytes
        self.stream_window = max(1, stream_window)
        self.engine: Engine | None = None
        self.scheduler: Scheduler | None = None

    def attach(self, engine: Engine, scheduler: Scheduler) -> None:
        self.engine, self.scheduler = engine, scheduler

    # -- helpers --------------------------------------------------------------------------------

    def _prepare(self, msg: pb.Thread, path: str) -> PreparedThread:
        return self.engine.prepare(convert.thread_from_proto(msg, path), path)

    def _finish(self, prepared: PreparedThread, outputs) -> ThreadScore:
        score = self.engine.finish(prepared, outputs)
        self.metrics.observe_thread(
            prepared.thread.platform, score.quality, score.depth, score.passion, score.value_added
        )
        self.metrics.count_other_languages(c.other_language for c in score.comments)
        return score

    def _check_comment_total(self, count: int, field: str) -> None:
        limit = self.engine.limits.max_comments_per_request
        if count > limit:
            raise InvalidInput(field, f"{count} comments in this call, over the limit of {limit} per request")

    # -- RPCs -----------------------------------------------------------------------------------

    async def ScoreThread(self, request: pb.ScoreThreadRequest, context) -> pb.ThreadScore:
        n = len(request.thread.comments)
        self._check_comment_total(n, "thread.comments")
        prepared = await _run(n, self._prepare, request.thread, "thread")
        outputs = await self.scheduler.encode(prepared.texts, deadline=_deadline(context))
        response = await _run(n, lambda: convert.thread_score_to_proto(self._finish(prepared, outputs)))
        self.metrics.comments_scored.labels("ScoreThread").inc(n)
        return response

    async def ScoreThreads(self, request: pb.ScoreThreadsRequest, context) -> pb.ScoreThreadsResponse:
        limit = self.engine.limits.max_threads_per_request
        if len(request.threads) > limit:
            raise InvalidInput("threads", f"{len(request.threads)} threads, over the limit of {limit} per request")
        total = sum(len(t.comments) for t in request.threads)
        self._check_comment_total(total, "threads")
        prepared = await _run(total, self._prepare_all, request.threads)
        ready = [p for p in prepared if isinstance(p, PreparedThread)]
        outputs = await self.scheduler.encode([t for p in ready for t in p.texts], deadline=_deadline(context))
        return await _run(total, self._finish_all, request.threads, prepared, outputs)

    def _prepare_all(self, threads) -> list[PreparedThread | InvalidInput]:
        out: list[PreparedThread | InvalidInput] = []
        for i, msg in enumerate(threads):
            try:
                out.append(self._prepare(msg, f"threads[{i}]"))
            except InvalidInput as exc:
                out.append(exc)
        return out

    def _finish_all(self, threads, prepared, outputs) -> pb.ScoreThreadsResponse:
        results, offset, scored = [], 0, 0
        for i, (msg, p) in enumerate(zip(threads, prepared)):
            if isinstance(p, InvalidInput):
                results.append(convert.thread_result(i, msg.id, p))
                continue
            score = self._finish(p, outputs[offset : offset + len(p.texts)])
            offset += len(p.texts)
            scored += len(msg.comments)
            results.append(convert.thread_result(i, msg.id, score))
        self.metrics.comments_scored.labels("ScoreThreads").inc(scored)
        return pb.ScoreThreadsResponse(results=results)

    async def StreamScoreThreads(
        self, request_iterator: AsyncIterator[pb.ScoreThreadRequest], context
    ) -> AsyncIterator[pb.ThreadResult]:
        # An open stream is admitted once; its threads then wait for room in the queue instead
        # of failing, and at most `stream_window` of them are in flight, so a fast sender is
        # slowed down by HTTP/2 flow control rather than flooding the queue.
        self.scheduler.check_room()
        deadline = _deadline(context)
        pending: asyncio.Queue = asyncio.Queue(maxsize=self.stream_window)
        done = object()

        async def read() -> None:
            index = 0
            try:
                async for request in request_iterator:
                    await pending.put(asyncio.ensure_future(self._stream_item(index, request.thread, deadline)))
                    index += 1
            except Exception as exc:  # noqa: BLE001 - handed to the writer below
                await pending.put(exc)
                return
            await pending.put(done)

        reader = asyncio.ensure_future(read())
        try:
            while True:
                item = await pending.get()
                if item is done:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield await item
        finally:
            if not reader.done():
                reader.cancel()
            while not pending.empty():
                item = pending.get_nowait()
                if isinstance(item, asyncio.Future):
                    item.cancel()
            with contextlib.suppress(BaseException):
                await reader

    async def _stream_item(self, index: int, msg: pb.Thread, deadline: float | None) -> pb.ThreadResult:
        n = len(msg.comments)
        try:
            self._check_comment_total(n, "thread.comments")
            prepared = await _run(n, self._prepare, msg, "thread")
        except InvalidInput as exc:
            return convert.thread_result(index, msg.id, exc)
        try:
            outputs = await self.scheduler.encode(prepared.texts, deadline=deadline, wait_for_room=True)
        except ModelError:
            return pb.ThreadResult(
                index=index, id=msg.id,
                error=pb.ItemError(code="INTERNAL", message="model inference failed for this thread; retry may succeed"),
            )
        result = await _run(n, lambda: convert.thread_result(index, msg.id, self._finish(prepared, outputs)))
        self.metrics.comments_scored.labels("StreamScoreThreads").inc(n)
        return result

    async def ScoreComments(self, request: pb.ScoreCommentsRequest, context) -> pb.ScoreCommentsResponse:
        n = len(request.comments)
        prepared = await _run(n, self._prepare_comments, request.comments)
        outputs = await self.scheduler.encode(prepared.texts, deadline=_deadline(context))
        return await _run(n, self._finish_comments, prepared, outputs)

    def _prepare_comments(self, messages) -> PreparedComments:
        # Raises when there are too many; one bad comment becomes that comment's error.
        return self.engine.prepare_comments([convert.loose_comment_from_proto(c) for c in messages])

    def _finish_comments(self, prepared: PreparedComments, outputs) -> pb.ScoreCommentsResponse:
        results = self.engine.finish_comments(prepared, outputs)
        self.metrics.comments_scored.labels("ScoreComments").inc(prepared.valid)
        self.metrics.count_other_languages(r.other_language for r in results if isinstance(r, CommentScore))
        return pb.ScoreCommentsResponse(
            results=[convert.comment_result(i, c.id, r) for i, (c, r) in enumerate(zip(prepared.comments, results))],
            model_version=self.engine.model_version,
        )

    async def GetModelInfo(self, request: pb.GetModelInfoRequest, context) -> pb.ModelInfo:
        engine = self.engine
        model = engine.text_model
        return convert.model_info_to_proto(
            model_version=engine.model_version,
            encoder=ENCODER_NAME,
            backend=model.backend,
            definitions=engine.score_definitions(),
            limits=engine.limits,
            max_message_bytes=self.max_message_bytes,
            max_tokens_per_text=model.max_tokens,
            heads_loaded=model.heads_loaded,
        )
