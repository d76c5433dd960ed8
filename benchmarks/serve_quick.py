"""Quick serving benchmark: comments/s and latency of `convoscore serve` at a few concurrencies,
beside the raw in-process throughput of the same backend.

    python benchmarks/serve_quick.py                      # backend auto, concurrency 1 8 64, 15 s each
    python benchmarks/serve_quick.py --backend fp32 --duration 10 --concurrency 1 8 64

1. raw: `TextModel.encode` over the texts (posts and comments) of the first `--raw-threads` of
   the same threads, in-process, as `convoscore score` runs them (all texts length-sorted into
   8192-token batches): texts/s, and comments/s counting only comments at that text rate.
   Best of two passes, run from the main thread (as `convoscore score` runs it) and from a
   worker thread (as the server's model worker runs it: on a busy 2-core machine torch ran 2-3x
   faster from a worker thread), measured before and after the served runs, so that drift of a
   shared machine shows.
2. served: `convoscore serve` in a child process on a free loopback port (its own batching
   defaults), loaded by this process with grpc.aio: c callers, each sending one ScoreThread
   after another (threads from benchmarks/workload.py, ~8 comments each) for `--duration`
   seconds after `--warmup`. Throughput counts the comments of the calls that finished inside
   the timed window, latency is that of those calls (keep the window well above the latency).

The load generator shares the machine with the server, so on a small CPU it takes part of the
cores the server would otherwise use. The result notes the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for p in (REPO, REPO / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402

from benchmarks.common import machine, markdown_table, percentile  # noqa: E402
from benchmarks.workload import CommentMix  # noqa: E402
from convoscore.v1 import convoscore_pb2 as pb  # noqa: E402
from convoscore.v1 import convoscore_pb2_grpc as pb_grpc  # noqa: E402


def raw_throughput(threads: list[dict], backend: str, repeats: int = 2) -> dict:
    """Best-of-`repeats` TextModel.encode rate over the threads' texts, run from the main thread
    (as `convoscore score` does) and from a worker thread (as the server's model worker does)."""
    import threading

    from scoring.text_model import TextModel

    model = TextModel(backend=backend)
    texts = [t["post"]["text"] for t in threads] + [c["text"] for t in threads for c in t["comments"]]
    n_comments = sum(len(t["comments"]) for t in threads)
    model.encode(texts[:64])  # warm-up

    def best() -> float:
        fastest = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            model.encode(texts)
            fastest = min(fastest, time.perf_counter() - t0)
        return fastest

    main_s = best()
    box: list[float] = []
    worker = threading.Thread(target=lambda: box.append(best()))
    worker.start()
    worker.join()
    thread_s = box[0]
    return {
        "backend": model.backend,
        "texts": len(texts),
        "main_thread_texts_per_s": round(len(texts) / main_s, 1),
        "worker_thread_texts_per_s": round(len(texts) / thread_s, 1),
        # The comments' share of those text rates:
        "main_thread_comments_per_s": round(n_comments / main_s, 1),
        "worker_thread_comments_per_s": round(n_comments / thread_s, 1),
    }


def _raw_line(raw: dict) -> str:
    return (f"{raw['main_thread_texts_per_s']} texts/s = {raw['main_thread_comments_per_s']} comments/s from the "
            f"main thread, {raw['worker_thread_texts_per_s']} texts/s = {raw['worker_thread_comments_per_s']} "
            f"comments/s from a worker thread")


async def load(address: str, requests: list[pb.ScoreThreadRequest], concurrency: int,
               warmup: float, duration: float) -> dict:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = pb_grpc.ConversationQualityStub(channel)
        start = time.perf_counter()
        t_begin, t_end = start + warmup, start + warmup + duration
        latencies: list[float] = []
        comments = 0
        errors: dict[str, int] = {}
        counter = iter(range(10**9))

        async def caller() -> None:
            nonlocal comments
            while True:
                now = time.perf_counter()
                if now >= t_end:
                    return
                req = requests[next(counter) % len(requests)]
                t0 = time.perf_counter()
                try:
                    resp = await stub.ScoreThread(req, timeout=120)
                except grpc.aio.AioRpcError as exc:
                    errors[exc.code().name] = errors.get(exc.code().name, 0) + 1
                    continue
                t1 = time.perf_counter()
                if t_begin <= t1 <= t_end:  # completions inside the timed window
                    latencies.append(t1 - t0)
                    comments += len(resp.comments)

        await asyncio.gather(*(caller() for _ in range(concurrency)))
    latencies.sort()
    return {
        "concurrency": concurrency,
        "calls": len(latencies),
        "comments_per_s": round(comments / duration, 1),
        "calls_per_s": round(len(latencies) / duration, 1),
        "p50_ms": round(1000 * percentile(latencies, 50), 1) if latencies else None,
        "p99_ms": round(1000 * percentile(latencies, 99), 1) if latencies else None,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 64])
    ap.add_argument("--duration", type=float, default=15.0)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=150, help="distinct threads to cycle through")
    ap.add_argument("--raw-threads", type=int, default=40, help="threads whose texts the raw measurement encodes")
    ap.add_argument("--source", default="auto", help="workload source: auto, iac, synthetic")
    ap.add_argument("--json", help="also write the results as JSON to this file")
    ap.add_argument("serve_args", nargs="*", help="extra `convoscore serve` flags (after --)")
    args = ap.parse_args(argv)

    from scoring.text_model import resolve_backend
    from server_harness import subprocess_server

    backend = resolve_backend(args.backend)
    mix = CommentMix(args.source)
    threads = mix.threads(args.threads)
    requests = [pb.ScoreThreadRequest(thread=json_format.ParseDict(t, pb.Thread())) for t in threads]
    env_before = machine()

    # Raw throughput before and after the served runs: on a shared CPU the two tell how much the
    # machine's load drifted meanwhile.
    raw_threads = threads[: args.raw_threads]
    raw = raw_throughput(raw_threads, backend)
    print(f"raw in-process TextModel.encode ({backend}): {_raw_line(raw)}", flush=True)

    served = []
    with subprocess_server("--backend", backend, "--log-level", "WARNING", *args.serve_args) as srv:
        for c in args.concurrency:
            row = asyncio.run(load(srv.address, requests, c, args.warmup, args.duration))
            served.append(row)
            print(f"concurrency {c}: {row['comments_per_s']} comments/s, p50 {row['p50_ms']} ms, "
                  f"p99 {row['p99_ms']} ms, errors {row['errors']}", flush=True)
        batch_text = srv.scrape()
    raw_after = raw_throughput(raw_threads, backend)
    print(f"raw again: {_raw_line(raw_after)}", flush=True)
    from server_harness import metric_value

    batches = metric_value(batch_text, "convoscore_batch_size_count")
    texts = metric_value(batch_text, "convoscore_batch_size_sum")
    padding = metric_value(batch_text, "convoscore_batch_padding_share_sum")
    tokens = metric_value(batch_text, "convoscore_batch_tokens_sum")
    result = {
        "machine": env_before,
        "load_avg_1m_after": round(os.getloadavg()[0], 2),
        "workload": {"source": mix.source, "threads": len(threads),
                     "comments": sum(len(t["comments"]) for t in threads)},
        "raw": raw,
        "raw_after": raw_after,
        "served": served,
        "mean_batch_texts": round(texts / batches, 1) if batches else None,
        "mean_batch_padded_tokens": round(tokens / batches) if batches else None,
        "mean_padding_share": round(padding / batches, 3) if batches else None,
    }
    rows = [[r["concurrency"], r["comments_per_s"], r["calls_per_s"], r["p50_ms"], r["p99_ms"]] for r in served]
    print()
    print(markdown_table(["concurrency", "comments/s", "calls/s", "p50 ms", "p99 ms"], rows))
    print(f"\nraw {backend} before: {_raw_line(raw)}")
    print(f"raw {backend} after:  {_raw_line(raw_after)}")
    print(f"served batches: mean {result['mean_batch_texts']} texts, {result['mean_batch_padded_tokens']} padded tokens, "
          f"padding share {result['mean_padding_share']}; load avg before {env_before.get('load_avg_1m')}, "
          f"after {result['load_avg_1m_after']} on {env_before.get('cores')} cores")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
