"""Serving benchmark: the service under a concurrency sweep, beside its ceiling and a naive baseline.

    python benchmarks/serve_bench.py              # full run: concurrency 1..128, unary, batch, stream
    python benchmarks/serve_bench.py --quick      # smoke run: concurrency 1,4,16, 4 s per point

In one run, on the same backend and the same threads (benchmarks/workload.py):
1. ceiling: the raw in-process pipeline, `Engine.score_threads` on chunks of threads (validation,
   tokenization, length-sorted batches, heads, thread scores; no gRPC, no protobuf); and the
   median latency of one raw inference of one thread (`Engine.score_threads([thread])`);
2. service: `convoscore serve` started here on a free loopback port;
3. naive: benchmarks/naive_server.py (same Engine, one request at a time, no scheduler).
Each server runs in its own process; its peak memory is its VmHWM from /proc/<pid>/status.

For every RPC kind and concurrency c, a load generator (grpc.aio, pre-serialized requests) keeps
c calls in flight for `--duration` seconds after `--warmup`:
- unary: c callers, each sending one ScoreThread after the other; latency per thread;
- batch: c callers, each sending ScoreThreads of `--batch-threads` threads; latency per request;
- stream: c StreamScoreThreads streams, each with `--stream-window` threads in flight; latency per
  thread, from its send to its result.
Throughput and latency count the successful results that completed inside the timed window
(comments, not posts); results that arrive after the window closes are not counted, and calls
still running `--drain` seconds later are cancelled (`cancelled_at_end` in the JSON).
Errors are counted by gRPC status code (a call's status; `item:` = an item error inside a batch or
stream result).

Writes benchmarks/results/serve_bench.{json,md,png}.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script or with -m

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402

from benchmarks.common import REPO, RESULTS_DIR, have_matplotlib, machine, markdown_table, percentile, write_results  # noqa: E402
from benchmarks.workload import DEFAULT_SEED, MIX, CommentMix, describe  # noqa: E402
from convoscore.v1 import convoscore_pb2 as pb  # noqa: E402

SERVICE = "/convoscore.v1.ConversationQuality/"
FULL_SWEEP = (1, 2, 4, 8, 16, 32, 64, 128)
QUICK_SWEEP = (1, 4, 16)
RPCS = ("unary", "batch", "stream")


# -- servers --------------------------------------------------------------------------------------

class ServerProcess:
    """A server started as a child process on a free loopback port."""

    def __init__(self, name: str, argv: list[str], startup_timeout: float) -> None:
        self.name = name
        self._dir = tempfile.TemporaryDirectory(prefix=f"convoscore-bench-{name}-")
        self.port_file = Path(self._dir.name) / "port.json"
        self.log_path = Path(self._dir.name) / "server.log"
        self._log = self.log_path.open("wb")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
        self.proc = subprocess.Popen(
            argv + ["--port-file", str(self.port_file)], cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT, env=env
        )
        self.port = self._wait_port(startup_timeout)
        self.address = f"127.0.0.1:{self.port}"
        self._wait_serving(startup_timeout)

    def _fail(self, why: str) -> None:
        self.stop()
        tail = self.log_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{self.name} server: {why}\n--- its log ---\n{tail}")

    def _wait_port(self, timeout: float) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                self._fail(f"exited with code {self.proc.returncode} before binding")
            try:
                return int(json.loads(self.port_file.read_text())["port"])
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        self._fail(f"no port file after {timeout:.0f} s")

    def _wait_serving(self, timeout: float) -> None:
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        end = time.monotonic() + timeout
        with grpc.insecure_channel(self.address) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while time.monotonic() < end:
                if self.proc.poll() is not None:
                    self._fail(f"exited with code {self.proc.returncode} while starting")
                try:
                    reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
                    if reply.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                time.sleep(0.3)
        self._fail(f"not SERVING after {timeout:.0f} s")

    def memory(self) -> dict:
        """VmHWM (peak resident set) and VmRSS of the server process, in MiB."""
        out = {}
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    out[key] = round(int(value.split()[0]) / 1024, 1)
        except (OSError, ValueError, IndexError):
            pass
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def service_argv(args) -> list[str]:
    return [
        sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", "0",
        "--metrics-port", "0", "--backend", args.backend, *args.server_arg,
    ]


def naive_argv(args) -> list[str]:
    return [sys.executable, str(REPO / "benchmarks" / "naive_server.py"), "--port", "0", "--backend", args.backend]


# -- workload -------------------------------------------------------------------------------------

class Workload:
    def __init__(self, threads: list[dict], batch_threads: int) -> None:
        self.dicts = threads
        self.messages = [json_format.ParseDict(t, pb.Thread()) for t in threads]
        self.unary = [pb.ScoreThreadRequest(thread=m).SerializeToString() for m in self.messages]
        self.comments = [len(m.comments) for m in self.messages]
        n = len(self.messages)
        self.batches = []
        for start in range(0, n, batch_threads):
            idx = [(start + k) % n for k in range(batch_threads)]
            req = pb.ScoreThreadsRequest(threads=[self.messages[i] for i in idx]).SerializeToString()
            self.batches.append((req, sum(self.comments[i] for i in idx), len(idx)))


# -- the ceiling ----------------------------------------------------------------------------------

def measure_ceiling(backend: str, workload: Workload, seconds: float, chunk: int, single: int) -> dict:
    """Raw in-process pipeline throughput and single-thread latency of `backend`."""
    from scoring.engine import Engine
    from scoring.text_model import TextModel
    from service.convert import thread_from_proto

    from benchmarks.model_bench import batching_defaults

    # The server's token budget for this backend: TextModel.encode batches with it.
    engine = Engine(TextModel(backend=backend, max_batch_tokens=batching_defaults(backend)["max_batch_tokens"]))
    threads = [thread_from_proto(m) for m in workload.messages]
    engine.score_threads(threads[:2])  # warm-up
    done_threads = done_comments = 0
    start = time.perf_counter()
    i = 0
    while True:
        part = [threads[(i + k) % len(threads)] for k in range(chunk)]
        engine.score_threads(part)
        done_threads += len(part)
        done_comments += sum(len(t.comments) for t in part)
        i += chunk
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    single_ms = []
    for t in threads[:single]:
        t0 = time.perf_counter()
        engine.score_threads([t])
        single_ms.append((time.perf_counter() - t0) * 1000)
    single_ms.sort()
    result = {
        "backend": engine.text_model.backend,
        "heads_loaded": engine.text_model.heads_loaded,
        "chunk_threads": chunk,
        "seconds": round(elapsed, 2),
        "comments_per_s": round(done_comments / elapsed, 1),
        "threads_per_s": round(done_threads / elapsed, 2),
        "single_thread_ms_p50": round(percentile(single_ms, 50), 2),
        "single_thread_samples": len(single_ms),
    }
    del engine
    gc.collect()
    return result


# -- load generation ------------------------------------------------------------------------------

class Point:
    """What one (rpc, concurrency) run observed."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.comments = 0
        self.threads = 0
        self.calls_ok = 0
        self.errors: collections.Counter = collections.Counter()

    def record(self, t_start: float, t_end: float, window: tuple[float, float], comments: int, threads: int) -> None:
        if window[0] <= t_end <= window[1]:
            self.comments += comments
            self.threads += threads
            self.latencies.append(t_end - t_start)

    def merge(self, other: "Point") -> None:
        self.latencies += other.latencies
        self.comments += other.comments
        self.threads += other.threads
        self.calls_ok += other.calls_ok
        self.errors.update(other.errors)

    def summary(self, rpc: str, concurrency: int, seconds: float, outstanding: int) -> dict:
        lat = sorted(self.latencies)
        return {
            "rpc": rpc,
            "concurrency": concurrency,
            "comments_per_s": round(self.comments / seconds, 1),
            "threads_per_s": round(self.threads / seconds, 2),
            "latency_ms": {q: round(percentile(lat, p) * 1000, 1) if lat else None for q, p in (("p50", 50), ("p95", 95), ("p99", 99))},
            "latency_samples": len(lat),
            "calls_ok": self.calls_ok,
            "errors": dict(self.errors),
            "cancelled_at_end": outstanding,
        }


def _code(exc: grpc.RpcError) -> str:
    try:
        return exc.code().name
    except Exception:  # noqa: BLE001 - a status we cannot read still counts
        return "UNKNOWN"


async def run_point(address: str, workload: Workload, rpc: str, concurrency: int, args, t0: float | None = None,
                    first: int = 0) -> tuple[Point, int]:
    """Run one point; the timed window opens `args.warmup` s after `t0` (a time.monotonic() value,
    shared by the client processes; now when None). Returns what was seen and how many calls
    were cancelled at the end."""
    channels = [
        grpc.aio.insecure_channel(
            address,
            options=[
                ("grpc.use_local_subchannel_pool", 1),  # one connection per channel
                ("grpc.max_receive_message_length", 64 * 1024 * 1024),
                ("grpc.max_send_message_length", 64 * 1024 * 1024),
            ],
        )
        for _ in range(min(args.channels, concurrency))
    ]
    unary = [c.unary_unary(SERVICE + "ScoreThread") for c in channels]
    batch = [c.unary_unary(SERVICE + "ScoreThreads", response_deserializer=pb.ScoreThreadsResponse.FromString) for c in channels]
    stream = [c.stream_stream(SERVICE + "StreamScoreThreads", response_deserializer=pb.ThreadResult.FromString) for c in channels]
    for c in channels:
        await c.channel_ready()

    point = Point()
    loop = asyncio.get_running_loop()  # loop.time() is time.monotonic()
    if t0 is None:
        t0 = loop.time()
    await asyncio.sleep(max(0.0, t0 - loop.time()))
    window = (t0 + args.warmup, t0 + args.warmup + args.duration)
    counter = iter(range(first, 10**12))
    outstanding = 0

    async def unary_worker(k: int) -> None:
        nonlocal outstanding
        call = unary[k % len(unary)]
        while loop.time() < window[1]:
            i = next(counter) % len(workload.unary)
            start = loop.time()
            outstanding += 1
            try:
                await call(workload.unary[i], timeout=args.deadline)
            except grpc.RpcError as exc:
                point.errors[_code(exc)] += 1
                continue
            finally:
                outstanding -= 1
            point.calls_ok += 1
            point.record(start, loop.time(), window, workload.comments[i], 1)

    async def batch_worker(k: int) -> None:
        nonlocal outstanding
        call = batch[k % len(batch)]
        while loop.time() < window[1]:
            req, comments, threads = workload.batches[next(counter) % len(workload.batches)]
            start = loop.time()
            outstanding += 1
            try:
                reply = await call(req, timeout=args.deadline)
            except grpc.RpcError as exc:
                point.errors[_code(exc)] += 1
                continue
            finally:
                outstanding -= 1
            point.calls_ok += 1
            bad = [r for r in reply.results if r.WhichOneof("result") != "score"]
            for r in bad:
                point.errors["item:" + (r.error.code or "MISSING")] += 1
            good_comments = sum(len(r.score.comments) for r in reply.results if r.WhichOneof("result") == "score")
            point.record(start, loop.time(), window, good_comments, threads - len(bad))

    async def stream_worker(k: int) -> None:
        nonlocal outstanding
        call = stream[k % len(stream)](timeout=args.deadline + args.warmup + args.duration)
        room = asyncio.Semaphore(args.stream_window)
        sent: collections.deque = collections.deque()

        async def writer() -> None:
            nonlocal outstanding
            while loop.time() < window[1]:
                await room.acquire()
                if loop.time() >= window[1]:
                    break
                i = next(counter) % len(workload.messages)
                sent.append((loop.time(), i))
                outstanding += 1
                await call.write(workload.unary[i])
            await call.done_writing()

        async def reader() -> None:
            nonlocal outstanding
            async for result in call:
                start, i = sent.popleft()
                outstanding -= 1
                room.release()
                if result.WhichOneof("result") == "score":
                    point.record(start, loop.time(), window, len(result.score.comments), 1)
                else:
                    point.errors["item:" + (result.error.code or "MISSING")] += 1

        try:
            await asyncio.gather(writer(), reader())
            point.calls_ok += 1
        except asyncio.CancelledError:
            call.cancel()
            raise
        except grpc.RpcError as exc:
            point.errors[_code(exc)] += 1
            outstanding -= len(sent)
            sent.clear()

    worker = {"unary": unary_worker, "batch": batch_worker, "stream": stream_worker}[rpc]
    tasks = [asyncio.ensure_future(worker(k)) for k in range(concurrency)]
    await asyncio.sleep(max(0.0, window[1] - loop.time()))
    # Give calls a moment to finish, then cancel what is still running: it is not counted.
    done, pending = await asyncio.wait(tasks, timeout=args.drain)
    left = outstanding
    for t in done:
        if t.exception() is not None:  # a bug of the load generator, not an RPC error: stop here
            for p in pending:
                p.cancel()
            raise t.exception()
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for c in channels:
        await c.close()
    return point, left


_WORKLOAD: Workload | None = None


def _client_init(workload: Workload) -> None:
    global _WORKLOAD
    _WORKLOAD = workload


def _client_point(address: str, rpc: str, concurrency: int, args, t0: float, first: int) -> tuple[Point, int]:
    return asyncio.run(run_point(address, _WORKLOAD, rpc, concurrency, args, t0, first))


def measure_point(address: str, workload: Workload, rpc: str, concurrency: int, args, pool) -> dict:
    """One point, its load spread over `args.client_processes` processes (pool) or run here."""
    if pool is None:
        point, left = asyncio.run(run_point(address, workload, rpc, concurrency, args))
    else:
        n = min(args.client_processes, concurrency)
        shares = [concurrency // n + (1 if k < concurrency % n else 0) for k in range(n)]
        t0 = time.monotonic() + 2.0  # time for every process to connect before the window opens
        futures = [pool.submit(_client_point, address, rpc, c, args, t0, k * 7919) for k, c in enumerate(shares)]
        point, left = Point(), 0
        for f in futures:
            p, l = f.result()
            point.merge(p)
            left += l
    time.sleep(args.settle)  # let the server drop the cancelled work
    return point.summary(rpc, concurrency, args.duration, left)


def sweep(name: str, address: str, workload: Workload, args, server: ServerProcess | None) -> dict:
    points = []
    pool = None
    if args.client_processes > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(
            args.client_processes, mp_context=multiprocessing.get_context("spawn"),
            initializer=_client_init, initargs=(workload,),
        )
    try:
        return _sweep(name, address, workload, args, server, pool, points)
    finally:
        if pool is not None:
            pool.shutdown()


def _sweep(name, address, workload, args, server, pool, points) -> dict:
    for rpc in args.rpcs:
        for c in args.concurrency:
            p = measure_point(address, workload, rpc, c, args, pool)
            if server is not None:
                p["server_memory_mib"] = server.memory()
            points.append(p)
            lat = p["latency_ms"]
            errs = ", ".join(f"{k} {v}" for k, v in sorted(p["errors"].items())) or "no errors"
            print(
                f"{name:>8} {rpc:>6} c={c:<4} {p['comments_per_s']:>9,.1f} comments/s  "
                f"p50 {lat['p50']} p95 {lat['p95']} p99 {lat['p99']} ms  {errs}",
                flush=True,
            )
    out = {"points": points}
    if server is not None:
        out["server_memory_mib"] = server.memory()
    return out


# -- report ---------------------------------------------------------------------------------------

def evaluate_targets(data: dict) -> list[dict]:
    """The issue's targets, each with its measured value and whether it was met."""
    targets = []
    ceiling = data.get("ceiling")
    service = data["targets"].get("service")
    naive = data["targets"].get("naive")
    best = lambda t: max((p["comments_per_s"] for p in t["points"]), default=0.0)  # noqa: E731
    if service and ceiling:
        ratio = best(service) / ceiling["comments_per_s"] if ceiling["comments_per_s"] else 0.0
        targets.append({"target": "service best >= 85% of raw in-process", "value": f"{ratio:.0%}", "met": ratio >= 0.85})
    if service and naive:
        ratio = best(service) / best(naive) if best(naive) else float("inf")
        targets.append({"target": "service best >= 2x naive server", "value": f"{ratio:.2f}x", "met": ratio >= 2.0})
    if service and ceiling:
        c1 = [p for p in service["points"] if p["rpc"] == "unary" and p["concurrency"] == 1 and p["latency_ms"]["p50"] is not None]
        if c1:
            diff = c1[0]["latency_ms"]["p50"] - ceiling["single_thread_ms_p50"]
            targets.append(
                {"target": "c=1 unary p50 within 5 ms of one raw inference", "value": f"{diff:+.1f} ms", "met": diff <= 5.0}
            )
    gpu = data["machine"].get("gpu")
    if service:
        bulk = max((p["comments_per_s"] for p in service["points"] if p["rpc"] in ("batch", "stream")), default=0.0)
        targets.append(
            {
                "target": ">= 20,000 comments/s via batch/stream on a GPU",
                "value": f"{bulk:,.0f}" if gpu else "no GPU on this machine: not measured",
                "met": (bulk >= 20_000) if gpu else None,
            }
        )
    return targets


def markdown(data: dict) -> str:
    m, w = data["machine"], data["workload"]
    lines = [
        f"### Serving benchmark ({'quick smoke run' if data['quick'] else 'full run'})",
        "",
        f"{m['cpu']}, {m['cores']} cores, {m.get('memory_gb')} GB, torch {m.get('torch')}"
        + (f", GPU {m['gpu']}" if m.get("gpu") else ", no GPU")
        + f"; load average {m.get('load_avg_1m')} at start; {m['date']}.",
        f"Backend `{data['backend']}`; {w['threads']} threads from the `{w['source']}` mix (seed {w['seed']}), "
        f"{w['comments']} comments, {w['comments_per_thread']:.1f} per thread; {data['settings']['duration']} s per point "
        f"after {data['settings']['warmup']} s warm-up; batch = {data['settings']['batch_threads']} threads per call, "
        f"stream window {data['settings']['stream_window']}.",
        "",
    ]
    if data.get("ceiling"):
        c = data["ceiling"]
        lines += [
            f"Ceiling (raw in-process `Engine.score_threads`, chunks of {c['chunk_threads']} threads): "
            f"**{c['comments_per_s']:,.1f} comments/s**; one thread alone: {c['single_thread_ms_p50']} ms median.",
            "",
        ]
    rows = []
    for name, t in data["targets"].items():
        mem = t.get("server_memory_mib", {}).get("VmHWM")
        for p in t["points"]:
            errs = ", ".join(f"{k} {v}" for k, v in sorted(p["errors"].items())) or "-"
            lat = p["latency_ms"]
            rows.append((name, p["rpc"], p["concurrency"], p["comments_per_s"], p["threads_per_s"],
                         lat["p50"], lat["p95"], lat["p99"], errs, mem if mem is not None else "-"))
    lines.append(markdown_table(
        ["server", "rpc", "conc.", "comments/s", "threads/s", "p50 ms", "p95 ms", "p99 ms", "errors", "peak MiB"], rows
    ))
    lines += ["", "Latency: per thread for unary and stream, per call for batch. Peak MiB = the server's VmHWM over its whole sweep.", ""]
    if data["quick"]:
        lines += ["Smoke run (`--quick`): a few seconds per point, so the checks below only show that the run "
                  "works; they are not a measurement.", ""]
    lines.append(markdown_table(
        ["target", "measured", "met"],
        [(t["target"], t["value"], {True: "yes", False: "**no**", None: "n/a"}[t["met"]]) for t in data["checks"]],
    ))
    return "\n".join(lines)


def plot(data: dict, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharex=True)
    styles = {"service": "-", "naive": ":"}
    colors = {"unary": "#1f77b4", "batch": "#d62728", "stream": "#2ca02c"}
    for ax, q in zip(axes, ("p50", "p99")):
        for name, t in data["targets"].items():
            for rpc in RPCS:
                pts = [p for p in t["points"] if p["rpc"] == rpc and p["latency_ms"][q] is not None]
                if not pts:
                    continue
                xs = [p["comments_per_s"] for p in pts]
                ys = [p["latency_ms"][q] for p in pts]
                ax.plot(xs, ys, styles.get(name, "--"), marker="o" if name == "service" else "s", color=colors[rpc],
                        label=f"{name} {rpc}")
                for p, x, y in zip(pts, xs, ys):
                    ax.annotate(str(p["concurrency"]), (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
        if data.get("ceiling"):
            ax.axvline(data["ceiling"]["comments_per_s"], color="k", lw=1, ls="--", label="raw in-process")
        ax.set_yscale("log")
        ax.set_xlabel("throughput (comments/s)")
        ax.set_ylabel(f"{q} latency (ms)")
        ax.set_title(f"{q} latency vs throughput (labels: concurrency)")
        ax.grid(True, which="both", alpha=0.3)
    axes[1].legend(fontsize=7, loc="best")
    fig.suptitle(f"convoscore serving, backend {data['backend']}, {data['machine']['cores']} cores", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


# -- main -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="auto",
                        help="auto (cuda-fp16 with a GPU, else bf16 where the CPU has AVX512-BF16 or AMX, else fp32), "
                        "bf16, fp32, cuda-fp16")
    parser.add_argument("--concurrency", help="comma-separated levels (default 1,2,4,...,128; --quick 1,4,16)")
    parser.add_argument("--rpcs", default=",".join(RPCS), help="comma-separated: unary,batch,stream")
    parser.add_argument("--servers", default="service,naive", help="which servers to sweep: service,naive")
    parser.add_argument("--address", help="sweep this already-running server instead of starting `convoscore serve`")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the in-process ceiling")
    parser.add_argument("--duration", type=float, default=10.0, help="timed seconds per point (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="untimed seconds before each point (default 2)")
    parser.add_argument("--drain", type=float, default=2.0, help="seconds calls may finish after a point before being cancelled")
    parser.add_argument("--settle", type=float, default=0.5, help="pause between points (default 0.5 s)")
    parser.add_argument("--deadline", type=float, default=30.0, help="deadline of each call, seconds (default 30)")
    parser.add_argument("--threads", type=int, default=512, help="distinct threads in the workload (default 512)")
    parser.add_argument("--batch-threads", type=int, default=16, help="threads per ScoreThreads call (default 16)")
    parser.add_argument("--stream-window", type=int, default=8, help="threads in flight per stream (default 8)")
    parser.add_argument("--channels", type=int, default=4, help="client connections per client process (default 4)")
    parser.add_argument("--client-processes", type=int, default=1,
                        help="load-generator processes (default 1; use 4+ on a GPU, where one Python client tops out)")
    parser.add_argument("--ceiling-seconds", type=float, default=20.0, help="timed seconds of the ceiling (default 20)")
    parser.add_argument("--ceiling-chunk", type=int, default=None, help="threads per in-process call (default 32 on CPU, 256 on GPU)")
    parser.add_argument("--single", type=int, default=50, help="threads timed alone for the raw latency (default 50)")
    parser.add_argument("--source", default="auto", help="auto, iac or synthetic (see benchmarks/workload.py)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--startup-timeout", type=float, default=300.0, help="seconds a server may take to be SERVING")
    parser.add_argument("--server-arg", action="append", default=[], help="extra flag for `convoscore serve` (repeatable)")
    parser.add_argument("--quick", action="store_true", help="smoke run: concurrency 1,4,16, 4 s points, 32 threads, batches of 4, small ceiling")
    parser.add_argument("--out", default=str(RESULTS_DIR), help="results folder (default benchmarks/results)")
    parser.add_argument("--name", default="serve_bench", help="results file name without suffix")
    args = parser.parse_args(argv)

    if args.quick:
        args.duration, args.warmup, args.drain, args.settle = min(args.duration, 4.0), min(args.warmup, 1.0), 1.0, 0.3
        args.threads, args.ceiling_seconds, args.single = min(args.threads, 32), min(args.ceiling_seconds, 4.0), min(args.single, 8)
        args.batch_threads, args.stream_window = min(args.batch_threads, 4), min(args.stream_window, 4)
    levels = args.concurrency or ",".join(map(str, QUICK_SWEEP if args.quick else FULL_SWEEP))
    args.concurrency = [int(x) for x in levels.split(",")]
    args.rpcs = [r for r in args.rpcs.split(",") if r]
    servers = [s for s in args.servers.split(",") if s]
    for r in args.rpcs:
        if r not in RPCS:
            parser.error(f"unknown rpc {r!r}")

    from scoring.text_model import resolve_backend

    args.backend = resolve_backend(args.backend)
    if args.ceiling_chunk is None:
        args.ceiling_chunk = 256 if args.backend.startswith("cuda") else 32
    mix = CommentMix(args.source, args.seed)
    workload = Workload(mix.threads(args.threads), args.batch_threads)
    texts = [c["text"] for t in workload.dicts for c in t["comments"]]
    data = {
        "benchmark": "serve_bench",
        "quick": args.quick,
        "backend": args.backend,
        "machine": machine(),
        "workload": {
            "source": mix.source, "seed": args.seed, "mix": dict(MIX), "threads": len(workload.dicts),
            "comments": len(texts), "comments_per_thread": len(texts) / max(1, len(workload.dicts)), **describe(texts),
        },
        "settings": {k: getattr(args, k) for k in (
            "concurrency", "rpcs", "duration", "warmup", "deadline", "batch_threads", "stream_window", "channels",
            "client_processes", "ceiling_chunk", "server_arg",
        )},
        "targets": {},
    }
    print(f"{len(workload.dicts)} threads, {len(texts)} comments ({mix.source}); backend {args.backend}", flush=True)

    if not args.no_ceiling:
        data["ceiling"] = measure_ceiling(args.backend, workload, args.ceiling_seconds, args.ceiling_chunk, args.single)
        c = data["ceiling"]
        print(f" ceiling {c['comments_per_s']:,.1f} comments/s in-process; one thread {c['single_thread_ms_p50']} ms p50", flush=True)

    for name in servers:
        if name == "service" and args.address:
            data["targets"]["service"] = sweep("service", args.address, workload, args, None)
            continue
        argv_ = {"service": service_argv, "naive": naive_argv}[name](args)
        server = ServerProcess(name, argv_, args.startup_timeout)
        try:
            data["targets"][name] = sweep(name, server.address, workload, args, server)
        finally:
            server.stop()

    data["checks"] = evaluate_targets(data)
    if args.quick:
        print("  (smoke run: the checks below are not a measurement)")
    for t in data["checks"]:
        print(f"  target: {t['target']}: {t['value']} ({ {True: 'met', False: 'MISSED', None: 'n/a'}[t['met']] })")
    out = Path(args.out)
    paths = write_results(args.name, data, markdown(data), out)
    if have_matplotlib():
        paths.append(plot(data, out / f"{args.name}.png"))
    else:
        print("matplotlib is not installed: no plot (pip install matplotlib)", file=sys.stderr)
    print("wrote " + ", ".join(str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in paths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
