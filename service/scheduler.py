"""Cross-request batching: one queue of texts for every call, one model worker.

Three pieces, one job each (the shape of text-embeddings-inference's queue / batcher / backend):

- `TextQueue`: admission and waiting. A call reserves room for its distinct texts at once or is
  refused (`Overloaded`, with a retry hint); its texts are tokenized off the event loop and then
  wait in arrival order. The bound counts texts (posts, comments, parent/context texts), from
  admission until they enter a model batch, so a few huge calls cannot hide behind a call count.
  A call larger than the whole bound is still admitted when the queue is empty, so every call
  that passes the per-request limits can be served.
- `select_batch`: which waiting texts run together. It takes a window from the front of the
  queue, sorts it by token length, cuts it into padded-token-budget batches and picks the batch
  that holds the oldest text: similar lengths share a batch (little padding) and the oldest text
  always goes next (no starvation of long texts). A batch that would pad a few short texts to a
  long one is cut in two when the padding costs more than another forward pass.
- `ModelWorker`: one thread that takes a batch when the budget is full, when `max_wait` has
  passed since the oldest waiting text arrived, at once when no admitted call is still being
  tokenized (no text is about to join), or at once when the queue is closing; it drops the
  texts of calls that were cancelled or ran past their deadline *before* inference, runs each
  distinct text of the batch once through `TextModel.forward`, and hands results back to the
  event loop.

The scheduler decides *when* the text model runs, never *how* it computes: it calls only
`TextModel.tokenize` and `TextModel.forward`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field

from scoring.batching import padding_share, token_budget_batches
from scoring.errors import ModelError
from scoring.text_model import EncodedText, TextModel, TextOutput
from service.metrics import ServerMetrics

log = logging.getLogger("convoscore.scheduler")

WINDOW_FACTOR = 4  # select_batch looks at up to this many batches' worth of the queue's front
# Extra forward pass, in padded tokens, against which select_batch weighs padding: a sixteenth
# of the batch budget (512 tokens on CPU, 2048 on GPU, where small batches cost little more).
SPLIT_COST_FRACTION = 1 / 16
# gRPC cancels a call at its deadline by its own clock; a cancellation this close to the deadline
# we computed counts as expired.
DEADLINE_SLACK_S = 0.05
MIN_PUSHBACK_MS = 50
MAX_PUSHBACK_MS = 30_000


class Overloaded(Exception):
    """The queue is full; retry after `retry_after_ms`."""

    def __init__(self, waiting: int, cost: int, limit: int, retry_after_ms: int) -> None:
        super().__init__(
            f"server overloaded: {waiting} texts waiting, this call adds {cost}, the queue holds {limit}; "
            f"retry in about {retry_after_ms} ms"
        )
        self.retry_after_ms = retry_after_ms


class DeadlineExpired(Exception):
    """The call's deadline passed before its texts reached the model."""


class SchedulerClosed(Exception):
    """The scheduler is shutting down and takes no new work."""


@dataclass(eq=False)
class _Request:
    """One call's distinct texts on their way through the queue."""

    loop: asyncio.AbstractEventLoop
    future: asyncio.Future
    size: int
    deadline: float | None  # time.monotonic() value
    outputs: list[TextOutput | None] = field(default_factory=list)
    remaining: int = 0
    dead: str | None = None  # why its texts are dropped: cancelled, deadline, failed

    def expired(self, now: float) -> bool:
        return self.deadline is not None and now >= self.deadline


@dataclass(eq=False)
class _Item:
    request: _Request
    slot: int
    text: str
    encoded: EncodedText
    enqueued: float

    @property
    def n_tokens(self) -> int:
        return self.encoded.n_tokens


def select_batch(
    lengths: Sequence[int], max_batch_tokens: int, max_batch_size: int, split_cost_tokens: int = 0
) -> list[int]:
    """Indices (into `lengths`, the queue in arrival order) of the next batch.

    Looks at a window from the front, sorts it by length, cuts it into budget batches and returns
    the one that holds index 0, the oldest text; with `split_cost_tokens` > 0 that batch is cut
    once more where padding costs more than another forward pass (`_cut_padding`).
    """
    if not lengths:
        return []
    window, tokens = 0, 0
    for n in lengths:
        window += 1
        tokens += n
        if tokens >= WINDOW_FACTOR * max_batch_tokens or window >= WINDOW_FACTOR * max_batch_size:
            break
    for batch in token_budget_batches(list(lengths[:window]), max_batch_tokens, max_batch_size):
        if 0 in batch:
            return sorted(_cut_padding(batch, lengths, split_cost_tokens))
    raise AssertionError("token_budget_batches lost index 0")  # pragma: no cover


def _cut_padding(batch: list[int], lengths: Sequence[int], split_cost_tokens: int) -> list[int]:
    """The part of `batch` (indices sorted by length) that holds index 0, after cutting it where
    two length-homogeneous batches cost less than one padded batch.

    Cost model: padded tokens (longest x texts), plus `split_cost_tokens` for each extra forward
    pass. A few short texts and a few long ones from one call, say, run as two batches instead
    of padding every short text to the longest. The rest stays queued for the next batch.
    """
    n = len(batch)
    if n < 2 or split_cost_tokens <= 0:
        return batch
    lens = [lengths[i] for i in batch]
    whole = n * lens[-1]
    best_cost, best_k = whole, 0
    for k in range(1, n):
        cost = k * lens[k - 1] + (n - k) * lens[-1] + split_cost_tokens
        if cost < best_cost:
            best_cost, best_k = cost, k
    if best_k == 0:
        return batch
    head, tail = batch[:best_k], batch[best_k:]
    return head if 0 in head else tail


class TextQueue:
    """Admission and the waiting texts of all calls. Thread-safe."""

    def __init__(self, max_queue: int, max_batch_tokens: int, max_batch_size: int, max_wait_s: float,
                 metrics: ServerMetrics) -> None:
        self.max_queue = max_queue
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_s
        self._metrics = metrics
        self._cond = threading.Condition()
        self._items: list[_Item] = []
        self._tokens = 0  # sum of n_tokens of self._items
        self._reserved = 0  # texts admitted and not yet taken into a batch or dropped
        self._closed = False
        self._check_dead = False  # a call was cancelled: scan for its texts
        self._next_deadline = float("inf")

    @property
    def depth(self) -> int:
        return self._reserved

    @property
    def closed(self) -> bool:
        return self._closed

    # -- admission (event loop side) -----------------------------------------------------------

    def has_room(self, cost: int = 1) -> bool:
        with self._cond:
            return self._fits(cost)

    def _fits(self, cost: int) -> bool:
        return self._reserved == 0 or self._reserved + cost <= self.max_queue

    def try_reserve(self, cost: int) -> bool:
        with self._cond:
            if self._closed:
                raise SchedulerClosed("the server is shutting down")
            if not self._fits(cost):
                return False
            self._reserved += cost
            self._metrics.queue_depth.set(self._reserved)
            return True

    def release(self, count: int) -> None:
        with self._cond:
            self._reserved -= count
            self._metrics.queue_depth.set(self._reserved)
            self._cond.notify()

    def put(self, items: list[_Item]) -> None:
        with self._cond:
            self._items.extend(items)
            self._tokens += sum(it.n_tokens for it in items)
            deadline = items[0].request.deadline if items else None
            if deadline is not None:
                self._next_deadline = min(self._next_deadline, deadline)
            self._cond.notify()

    def kill(self, request: _Request, reason: str) -> None:
        """Drop the waiting texts of `request` (its call was cancelled)."""
        with self._cond:
            if request.dead is None:
                request.dead = reason
            self._check_dead = True
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    # -- batching (worker side) ----------------------------------------------------------------

    def take(self) -> list[_Item] | None:
        """Block until the next batch is due and return it; None once closed and empty."""
        with self._cond:
            while True:
                now = time.monotonic()
                if self._check_dead or now >= self._next_deadline:
                    self._drop_dead(now)
                if not self._items:
                    # Closed: finish once no admitted call is still being tokenized.
                    if self._closed and self._reserved == 0:
                        return None
                    self._cond.wait()
                    continue
                due = self._items[0].enqueued + self.max_wait_s
                # Nothing mid-tokenization means no text is about to join: waiting for the batch
                # to fill would only add latency (at concurrency 1, the whole max_wait).
                if (
                    self._closed
                    or self._reserved == len(self._items)
                    or now >= due
                    or self._tokens >= self.max_batch_tokens
                    or len(self._items) >= self.max_batch_size
                ):
                    return self._pop_batch()
                self._cond.wait(timeout=min(due, self._next_deadline) - now)

    def _pop_batch(self) -> list[_Item]:
        chosen = select_batch(
            [it.n_tokens for it in self._items], self.max_batch_tokens, self.max_batch_size,
            int(self.max_batch_tokens * SPLIT_COST_FRACTION),
        )
        picked = set(chosen)
        batch = [self._items[i] for i in chosen]
        self._items = [it for i, it in enumerate(self._items) if i not in picked]
        self._tokens -= sum(it.n_tokens for it in batch)
        self._reserved -= len(batch)
        self._metrics.queue_depth.set(self._reserved)
        return batch

    def _drop_dead(self, now: float) -> None:
        keep: list[_Item] = []
        dropped: dict[str, int] = {}
        expired: list[_Request] = []
        next_deadline = float("inf")
        for it in self._items:
            req = it.request
            if req.dead is None and req.expired(now):
                req.dead = "deadline"
                expired.append(req)
            if req.dead is not None:
                dropped[req.dead] = dropped.get(req.dead, 0) + 1
                continue
            keep.append(it)
            if req.deadline is not None and req.deadline < next_deadline:
                next_deadline = req.deadline
        if dropped:
            n = sum(dropped.values())
            self._items = keep
            self._tokens = sum(it.n_tokens for it in keep)
            self._reserved -= n
            self._metrics.queue_depth.set(self._reserved)
            for reason, count in dropped.items():
                self._metrics.dropped.labels(reason).inc(count)
            log.debug("dropped %d queued texts before inference: %s", n, dropped)
        self._check_dead = False
        self._next_deadline = next_deadline
        for req in expired:
            _post(req, DeadlineExpired("the call's deadline passed while its texts were queued"))


def exception_frames(exc: BaseException) -> str:
    """The stack frames of `exc`, without its message: messages of library errors often quote
    their input, and comment text must never reach the logs."""
    return "".join(traceback.format_tb(exc.__traceback__))


def _settle(future: asyncio.Future, value: object) -> None:
    if future.done():
        return
    if isinstance(value, BaseException):
        future.set_exception(value)
    else:
        future.set_result(value)


def _post(req: _Request, value: object) -> None:
    """Resolve `req.future` on its event loop, from any thread."""
    try:
        req.loop.call_soon_threadsafe(_settle, req.future, value)
    except RuntimeError:  # the loop is closed: nobody waits any more
        pass


class ModelWorker:
    """The one thread that runs model batches, taken from a `TextQueue`."""

    def __init__(self, model: TextModel, queue: TextQueue, metrics: ServerMetrics) -> None:
        self._model = model
        self._queue = queue
        self._metrics = metrics
        self._thread = threading.Thread(target=self._run, name="convoscore-model-worker", daemon=True)
        self.rate = 0.0  # texts per second, moving average over recent batches

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            batch = self._queue.take()
            if batch is None:
                return
            try:
                self._run_batch(batch)
            except Exception as exc:  # never let one batch kill the worker
                log.error("model worker: unexpected %s on a batch of %d texts\n%s", type(exc).__name__, len(batch),
                          exception_frames(exc))
                for req in {it.request for it in batch}:
                    req.dead = req.dead or "failed"
                    _post(req, ModelError("internal error while scoring"))

    def _run_batch(self, batch: list[_Item]) -> None:
        m = self._metrics
        start = time.monotonic()
        for it in batch:
            m.queue_wait.observe(start - it.enqueued)
        # The same text twice in one batch (a repeated "+1", one post in several calls) runs once.
        index: dict[str, int] = {}
        unique: list[EncodedText] = []
        where: list[int] = []
        for it in batch:
            k = index.get(it.text)
            if k is None:
                k = index[it.text] = len(unique)
                unique.append(it.encoded)
            where.append(k)
        t0 = time.perf_counter()
        try:
            outputs = self._model.forward(unique)
        except ModelError as exc:
            log.error("model batch of %d texts failed: %s", len(unique), type(exc).__name__)
            for req in {it.request for it in batch}:
                self._queue.kill(req, "failed")
                _post(req, exc)
            return
        elapsed = time.perf_counter() - t0
        lengths = [e.n_tokens for e in unique]
        m.inference.observe(elapsed)
        m.batch_size.observe(len(unique))
        m.batch_tokens.observe(max(lengths) * len(lengths))
        m.padding_share.observe(padding_share(lengths))
        m.texts_encoded.inc(len(unique))
        rate = len(unique) / max(elapsed, 1e-6)
        self.rate = rate if self.rate == 0 else 0.8 * self.rate + 0.2 * rate
        for it, k in zip(batch, where):
            req = it.request
            if req.dead is not None:
                continue
            req.outputs[it.slot] = outputs[k]
            req.remaining -= 1
            if req.remaining == 0:
                _post(req, req.outputs)
        log.debug("batch: %d texts (%d distinct), %d padded tokens, %.1f ms", len(batch), len(unique),
                  max(lengths) * len(lengths), elapsed * 1000)


class Scheduler:
    """The queue, the batcher and the model worker, behind one async call: `encode`."""

    def __init__(
        self,
        model: TextModel,
        metrics: ServerMetrics,
        *,
        max_batch_tokens: int,
        max_batch_size: int,
        max_wait_ms: float,
        max_queue: int,
        tokenizer_threads: int = 1,
    ) -> None:
        self.model = model
        self.metrics = metrics
        self.queue = TextQueue(max_queue, max_batch_tokens, max_batch_size, max_wait_ms / 1000.0, metrics)
        self.worker = ModelWorker(model, self.queue, metrics)
        self._tokenizer = concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, tokenizer_threads), thread_name_prefix="convoscore-tokenizer"
        )

    def start(self) -> None:
        self.worker.start()

    def close(self, timeout: float | None = None) -> bool:
        """Stop taking work, finish what is admitted, stop the worker; True when it stopped in time.

        Blocks: from a coroutine call it through `asyncio.to_thread`, since admitted calls still
        being tokenized need the event loop to reach the queue.
        """
        self.queue.close()
        stopped = self.worker.join(timeout)
        self._tokenizer.shutdown(wait=False, cancel_futures=True)
        return stopped

    @property
    def depth(self) -> int:
        return self.queue.depth

    def retry_after_ms(self) -> int:
        """A guess at when the queue will have room: its depth over the recent throughput."""
        rate = self.worker.rate or 100.0
        return int(min(MAX_PUSHBACK_MS, max(MIN_PUSHBACK_MS, 1000.0 * self.queue.depth / rate)))

    def check_room(self, cost: int = 1) -> None:
        """Raise `Overloaded` when a call of `cost` texts would be refused now."""
        if self.queue.closed:
            raise SchedulerClosed("the server is shutting down")
        if not self.queue.has_room(cost):
            self.metrics.rejected.labels("queue_full").inc()
            raise Overloaded(self.queue.depth, cost, self.queue.max_queue, self.retry_after_ms())

    async def encode(
        self, texts: Sequence[str], *, deadline: float | None = None, wait_for_room: bool = False
    ) -> list[TextOutput]:
        """Model outputs of `texts` (in order), each distinct text computed once.

        `deadline` is a time.monotonic() value: texts still queued past it are dropped. Without
        room in the queue this raises `Overloaded` at once, or with `wait_for_room` waits for
        room (streams use it: their caller is already admitted, and waiting pushes back on it).
        Cancelling the awaiting task drops the call's queued texts.
        """
        if not texts:
            return []
        unique = list(dict.fromkeys(texts))
        cost = len(unique)
        if wait_for_room:
            await self._reserve_when_room(cost, deadline)
        elif not self.queue.try_reserve(cost):
            self.metrics.rejected.labels("queue_full").inc()
            raise Overloaded(self.queue.depth, cost, self.queue.max_queue, self.retry_after_ms())

        loop = asyncio.get_running_loop()
        req = _Request(loop, loop.create_future(), cost, deadline, [None] * cost, cost)
        queued = False
        try:
            t0 = time.perf_counter()
            encoded = await loop.run_in_executor(self._tokenizer, self.model.tokenize, unique)
            self.metrics.tokenization.observe(time.perf_counter() - t0)
            if deadline is not None and time.monotonic() >= deadline:
                raise DeadlineExpired("the call's deadline passed while its texts were tokenized")
            now = time.monotonic()
            self.queue.put([_Item(req, i, t, e, now) for i, (t, e) in enumerate(zip(unique, encoded))])
            queued = True
            outputs = await req.future
        except BaseException as exc:
            expired = deadline is not None and time.monotonic() >= deadline - DEADLINE_SLACK_S
            reason = "deadline" if expired else "cancelled"
            if isinstance(exc, ModelError):
                reason = "failed"
            if queued:
                self.queue.kill(req, reason)
            else:
                self.queue.release(cost)
                self.metrics.dropped.labels(reason).inc(cost)
            raise
        by_text = dict(zip(unique, outputs))
        return [by_text[t] for t in texts]

    async def _reserve_when_room(self, cost: int, deadline: float | None) -> None:
        delay = 0.002
        while not self.queue.try_reserve(cost):
            if deadline is not None and time.monotonic() >= deadline:
                raise DeadlineExpired("the call's deadline passed while waiting for room in the queue")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)
