"""Prometheus metrics of one server instance, on their own registry and HTTP port (`/metrics`).

Every name starts with `convoscore_`; counters end in `_total`, durations are in `_seconds`.
Each `ServerMetrics` owns a `CollectorRegistry`, so several servers can live in one process
(tests do). Labels hold only bounded values: method names, status code names, drop reasons,
platforms folded into `PLATFORMS` + "other", and the ~140 language codes that py3langid knows.
Comment text never becomes a label.

| name | type | labels | meaning |
|---|---|---|---|
| convoscore_rpcs_total | counter | method, code | finished RPCs by gRPC status code |
| convoscore_rpc_duration_seconds | histogram | method | RPC latency, start to last message |
| convoscore_rpcs_in_flight | gauge | method | RPCs being handled now |
| convoscore_queue_depth | gauge | | texts admitted and not yet in a model batch |
| convoscore_queue_wait_seconds | histogram | | per text: admission (after tokenization) to batch start |
| convoscore_tokenization_seconds | histogram | | per request: time to tokenize its texts |
| convoscore_inference_seconds | histogram | | per batch: one forward pass |
| convoscore_batch_size | histogram | | texts per model batch |
| convoscore_batch_tokens | histogram | | padded tokens per model batch (longest x texts) |
| convoscore_batch_padding_share | histogram | | share of a batch's token slots that are padding |
| convoscore_texts_encoded_total | counter | | texts run through the model (after de-duplication) |
| convoscore_comments_scored_total | counter | method | comments in successful results |
| convoscore_threads_scored_total | counter | platform | threads scored |
| convoscore_comments_other_language_total | counter | language | scored comments whose text reads as another language than English |
| convoscore_dropped_total | counter | reason | texts dropped before inference (cancelled, deadline, failed) |
| convoscore_rejected_total | counter | reason | calls refused at admission (queue_full, draining, loading) |
| convoscore_model_info | gauge (=1) | version, backend, encoder | the loaded model |
| convoscore_serving | gauge | | 1 while health is SERVING |
| convoscore_thread_quality / _depth / _passion / _value_added | histogram | platform | thread scores |
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.exposition import generate_latest

PLATFORMS = frozenset(
    {"twitter", "facebook", "instagram", "linkedin", "reddit", "youtube", "forum", "news", "enterprise"}
)
DROP_REASONS = ("cancelled", "deadline", "failed")

_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
_FAST_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
_TOKEN_BUCKETS = (16, 64, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536)
_SHARE_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
_SCORE_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def platform_label(platform: str) -> str:
    """The bounded `platform` label: a well-known platform name, else "other"."""
    p = platform.strip().lower()
    return p if p in PLATFORMS else "other"


class ServerMetrics:
    """The metrics of one server, on a dedicated registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        r = self.registry
        self.rpcs = Counter("convoscore_rpcs", "Finished RPCs by method and gRPC status code.", ["method", "code"], registry=r)
        self.rpc_duration = Histogram(
            "convoscore_rpc_duration_seconds", "RPC latency by method.", ["method"], buckets=_LATENCY_BUCKETS, registry=r
        )
        self.in_flight = Gauge("convoscore_rpcs_in_flight", "RPCs being handled now.", ["method"], registry=r)
        self.queue_depth = Gauge("convoscore_queue_depth", "Texts admitted and not yet in a model batch.", registry=r)
        self.queue_wait = Histogram(
            "convoscore_queue_wait_seconds", "Per text: time from queueing to the start of its batch.",
            buckets=_FAST_BUCKETS, registry=r,
        )
        self.tokenization = Histogram(
            "convoscore_tokenization_seconds", "Per request: time to tokenize its texts.", buckets=_FAST_BUCKETS, registry=r
        )
        self.inference = Histogram(
            "convoscore_inference_seconds", "Per model batch: one forward pass.", buckets=_FAST_BUCKETS, registry=r
        )
        self.batch_size = Histogram("convoscore_batch_size", "Texts per model batch.", buckets=_SIZE_BUCKETS, registry=r)
        self.batch_tokens = Histogram(
            "convoscore_batch_tokens", "Padded tokens per model batch (longest text x texts).", buckets=_TOKEN_BUCKETS, registry=r
        )
        self.padding_share = Histogram(
            "convoscore_batch_padding_share", "Share of a batch's token slots that hold padding.", buckets=_SHARE_BUCKETS, registry=r
        )
        self.texts_encoded = Counter(
            "convoscore_texts_encoded", "Texts run through the model (after de-duplication).", registry=r
        )
        self.comments_scored = Counter(
            "convoscore_comments_scored", "Comments in successful results, by method.", ["method"], registry=r
        )
        self.threads_scored = Counter("convoscore_threads_scored", "Threads scored, by platform.", ["platform"], registry=r)
        self.other_language = Counter(
            "convoscore_comments_other_language",
            "Scored comments whose text reads as another language than English (the model is trained on English), "
            "by ISO 639 code.", ["language"], registry=r,
        )
        self.dropped = Counter(
            "convoscore_dropped", "Texts dropped before inference: their call was cancelled or ran past its deadline.",
            ["reason"], registry=r,
        )
        self.rejected = Counter(
            "convoscore_rejected", "Calls refused at admission: queue_full, draining, loading.", ["reason"], registry=r
        )
        self.model_info = Gauge(
            "convoscore_model_info", "The loaded model (always 1).", ["version", "backend", "encoder"], registry=r
        )
        self.serving = Gauge("convoscore_serving", "1 while the health status is SERVING.", registry=r)
        self.thread_scores = {
            name: Histogram(
                f"convoscore_thread_{name}", f"Thread `{name}` scores by platform.", ["platform"],
                buckets=_SCORE_BUCKETS, registry=r,
            )
            for name in ("quality", "depth", "passion", "value_added")
        }
        for reason in DROP_REASONS:  # present at 0 from the start, so rates work
            self.dropped.labels(reason)
        self._http: WSGIServer | None = None
        self._http_thread: threading.Thread | None = None

    # -- recording ----------------------------------------------------------------------------

    def observe_thread(self, platform: str, quality: float, depth: float, passion: float, value_added: float) -> None:
        label = platform_label(platform)
        self.threads_scored.labels(label).inc()
        for name, value in (("quality", quality), ("depth", depth), ("passion", passion), ("value_added", value_added)):
            self.thread_scores[name].labels(label).observe(value)

    def count_other_languages(self, codes: Iterable[str]) -> None:
        """Count the comments of one result by their `other_language` ("" = English, not counted)."""
        for code in codes:
            if code:
                self.other_language.labels(code).inc()

    def set_model(self, version: str, backend: str, encoder: str) -> None:
        self.model_info.clear()
        self.model_info.labels(version, backend, encoder).set(1)

    # -- exposition ---------------------------------------------------------------------------

    def start_http(self, host: str, port: int) -> int:
        """Serve `/metrics` on host:port (0 = a free port) in a daemon thread; return the port."""
        self._http, self._http_thread = start_http_server(port, addr=host, registry=self.registry)
        return self._http.server_port

    def stop_http(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None

    def render(self) -> bytes:
        return generate_latest(self.registry)
