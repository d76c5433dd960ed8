"""The baseline of the serving benchmark: a gRPC server with no scheduler and no cross-request batching.

    python benchmarks/naive_server.py --port 50061 [--backend bf16] [--workers 8]

It implements the same service (convoscore.v1.ConversationQuality, plus the gRPC health service)
with the same `Engine` as `convoscore serve`, the way one would write it first: a thread pool,
each request scored on its own (`Engine.score_threads` on that request's threads, which runs that
request's texts through the model in one go), one forward pass at a time (TextModel's lock).
A stream scores each thread as it arrives. No admission control, no metrics; a call cancelled
before a worker picks it up is skipped (so that a benchmark's cancelled calls do not linger).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from concurrent import futures
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script or with -m

import grpc  # noqa: E402
from grpc_health.v1 import health, health_pb2, health_pb2_grpc  # noqa: E402

from convoscore.v1 import convoscore_pb2 as pb  # noqa: E402
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc  # noqa: E402

SERVICE_NAME = "convoscore.v1.ConversationQuality"


class NaiveServicer(pb_grpc.ConversationQualityServicer):
    def __init__(self, engine) -> None:
        from service import convert
        from scoring.errors import InvalidInput

        self.engine = engine
        self.convert = convert
        self.InvalidInput = InvalidInput

    def _thread(self, msg: pb.Thread, path: str):
        return self.convert.thread_from_proto(msg, path)

    def ScoreThread(self, request, context):
        if not context.is_active():  # cancelled while it waited for a worker thread
            context.abort(grpc.StatusCode.CANCELLED, "cancelled")
        try:
            score = self.engine.score_thread(self._thread(request.thread, "thread"))
        except self.InvalidInput as exc:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
        return self.convert.thread_score_to_proto(score)

    def ScoreThreads(self, request, context):
        if not context.is_active():
            context.abort(grpc.StatusCode.CANCELLED, "cancelled")
        limits = self.engine.limits
        if len(request.threads) > limits.max_threads_per_request:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"threads: over the limit of {limits.max_threads_per_request}")
        threads, results = [], [None] * len(request.threads)
        for i, msg in enumerate(request.threads):
            try:
                threads.append((i, self._thread(msg, f"threads[{i}]")))
            except self.InvalidInput as exc:
                results[i] = pb.ThreadResult(index=i, id=msg.id, error=self.convert.item_error(exc))
        for (i, _), score in zip(threads, self.engine.score_threads([t for _, t in threads])):
            if isinstance(score, self.InvalidInput):
                results[i] = pb.ThreadResult(index=i, id=request.threads[i].id, error=self.convert.item_error(score))
            else:
                results[i] = pb.ThreadResult(index=i, id=score.id, score=self.convert.thread_score_to_proto(score))
        return pb.ScoreThreadsResponse(results=results)

    def StreamScoreThreads(self, request_iterator, context):
        for i, request in enumerate(request_iterator):
            if not context.is_active():
                return
            try:
                score = self.engine.score_thread(self._thread(request.thread, "thread"))
                yield pb.ThreadResult(index=i, id=score.id, score=self.convert.thread_score_to_proto(score))
            except self.InvalidInput as exc:
                yield pb.ThreadResult(index=i, id=request.thread.id, error=self.convert.item_error(exc))

    def ScoreComments(self, request, context):
        comments = [self.convert.loose_comment_from_proto(c) for c in request.comments]
        try:
            scores = self.engine.score_comments(comments)
        except self.InvalidInput as exc:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
        results = []
        for i, (msg, s) in enumerate(zip(request.comments, scores)):
            if isinstance(s, self.InvalidInput):
                results.append(pb.CommentResult(index=i, id=msg.id, error=self.convert.item_error(s)))
            else:
                results.append(pb.CommentResult(index=i, id=msg.id, score=self.convert.comment_score_to_proto(s)))
        return pb.ScoreCommentsResponse(results=results, model_version=self.engine.model_version)

    def GetModelInfo(self, request, context):
        tm = self.engine.text_model
        return pb.ModelInfo(
            model_version=self.engine.model_version,
            encoder="sentence-transformers/all-MiniLM-L6-v2",
            backend=f"cpu-{tm.backend}" if tm.backend in ("fp32", "bf16") else tm.backend,
            heads_loaded=tm.heads_loaded,
        )


def serve(host: str, port: int, backend: str, workers: int, port_file: str | None = None) -> None:
    from scoring.engine import Engine
    from scoring.text_model import TextModel

    engine = Engine(TextModel(backend=backend))
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers),
        options=[("grpc.max_receive_message_length", 16 * 1024 * 1024)],
    )
    pb_grpc.add_ConversationQualityServicer_to_server(NaiveServicer(engine), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    server.start()
    for name in ("", SERVICE_NAME):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    if port_file:
        tmp = Path(port_file + ".tmp")
        tmp.write_text(json.dumps({"port": bound}))
        tmp.replace(port_file)
    logging.info("naive server (%s) listening on %s:%d", engine.text_model.backend, host, bound)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    server.stop(grace=2).wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=50061, help="0 = a free port (see --port-file)")
    parser.add_argument("--port-file", help='write {"port": P} here once bound')
    parser.add_argument("--backend", default="auto", help="auto, fp32, bf16 or cuda-fp16")
    parser.add_argument("--workers", type=int, default=8, help="request threads (default 8)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    serve(args.host, args.port, args.backend, args.workers, args.port_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
