"""Raw in-process throughput of each text-model backend, padded in arrival order versus length-sorted.

    python benchmarks/model_bench.py            # full run (fp32, bf16, cuda-fp16 when a GPU is there)
    python benchmarks/model_bench.py --quick    # smoke run: 256 comments, one repeat

For each backend it tokenizes a fixed comment mix (benchmarks/workload.py) once, then times only
the forward passes (`TextModel.forward`), batched two ways under the server's budget for that backend (service/config.py: 8192 padded tokens
and 128 texts per batch on CPU, 32768 and 512 on a GPU):
- arrival: texts in the order they came, a batch closed when the next text would push its padded
  size (longest x count) past the budget: what a server without length sorting does;
- sorted: shortest first (`scoring.batching.token_budget_batches`, what `TextModel.encode` does).
comments/s = texts / forward time; tokens/s counts real tokens, not padding. The best of
`--repeats` runs is kept (the least disturbed by other work on the machine).

Writes benchmarks/results/model_bench.{json,md} (and .png with matplotlib).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script or with -m

from benchmarks.common import REPO, RESULTS_DIR, have_matplotlib, machine, markdown_table, write_results  # noqa: E402
from benchmarks.workload import DEFAULT_SEED, MIX, CommentMix, describe


def arrival_batches(lengths: list[int], max_batch_tokens: int, max_batch_size: int = 256) -> list[list[int]]:
    """Batches in arrival order under the same padded-size budget as the sorted batcher."""
    batches, current, widest = [], [], 0
    for i, n in enumerate(lengths):
        wider = max(widest, n)
        if current and (wider * (len(current) + 1) > max_batch_tokens or len(current) >= max_batch_size):
            batches.append(current)
            current, wider = [], n
        current.append(i)
        widest = wider
    if current:
        batches.append(current)
    return batches


def batching_defaults(backend: str) -> dict:
    """The server's batching budget for `backend` (service/config.py), so that both benchmarks agree."""
    from service.config import BATCHING_DEFAULTS

    d = BATCHING_DEFAULTS["cuda" if backend.startswith("cuda") else "cpu"]
    return {"max_batch_tokens": int(d["max_batch_tokens"]), "max_batch_size": int(d["max_batch_size"])}


def run_backend(backend: str, texts: list[str], repeats: int, max_batch_tokens: int | None) -> dict:
    import torch

    from scoring.batching import token_budget_batches
    from scoring.text_model import TextModel

    budget = batching_defaults(backend)
    if max_batch_tokens is not None:
        budget["max_batch_tokens"] = max_batch_tokens
    t0 = time.perf_counter()
    model = TextModel(backend=backend, max_batch_tokens=budget["max_batch_tokens"])
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    encoded = model.tokenize(texts)
    tokenize_s = time.perf_counter() - t0
    lengths = [e.n_tokens for e in encoded]
    real_tokens = sum(lengths)

    model.forward(encoded[:8])  # warm-up: first-call allocations, oneDNN kernel selection
    result = {
        "backend": model.backend,
        "heads_loaded": model.heads_loaded,
        "max_batch_tokens": model.max_batch_tokens,
        "max_batch_size": budget["max_batch_size"],
        "load_s": round(load_s, 2),
        "tokenize_comments_per_s": round(len(texts) / tokenize_s, 1),
        "tokens": real_tokens,
        "truncated": sum(e.truncated for e in encoded),
        "orders": {},
    }
    for order, batches in (
        ("arrival", arrival_batches(lengths, model.max_batch_tokens, budget["max_batch_size"])),
        ("sorted", token_budget_batches(lengths, model.max_batch_tokens, budget["max_batch_size"])),
    ):
        padded = sum(max(lengths[i] for i in b) * len(b) for b in batches)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for batch in batches:
                model.forward([encoded[i] for i in batch])
            if model.device.type == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
        best = min(times)
        result["orders"][order] = {
            "batches": len(batches),
            "padding_share": round(1 - real_tokens / padded, 3),
            "seconds": round(best, 3),
            "seconds_all": [round(t, 3) for t in times],
            "comments_per_s": round(len(texts) / best, 1),
            "tokens_per_s": round(real_tokens / best, 1),
        }
    result["sorted_speedup"] = round(result["orders"]["sorted"]["comments_per_s"] / result["orders"]["arrival"]["comments_per_s"], 2)
    del model
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", help="comma-separated: fp32,bf16,cuda-fp16 (default: all this machine has)")
    parser.add_argument("--comments", type=int, default=2048, help="comments in the mix (default 2048)")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per order; the best counts (default 3)")
    parser.add_argument("--source", default="auto", help="auto, iac (../shared/data/iac_4forums_threads) or synthetic")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--max-batch-tokens", type=int, default=None,
                        help="padded-token budget per batch (default: the server's for the backend, 8192 CPU / 32768 GPU)")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: torch's choice)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 256 comments, 1 repeat")
    parser.add_argument("--out", default=str(RESULTS_DIR), help="results folder (default benchmarks/results)")
    parser.add_argument("--name", default="model_bench", help="results file name without suffix")
    args = parser.parse_args(argv)

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    if args.quick:
        args.comments, args.repeats = min(args.comments, 256), 1
    backends = args.backends.split(",") if args.backends else ["fp32", "bf16"] + (["cuda-fp16"] if torch.cuda.is_available() else [])

    mix = CommentMix(args.source, args.seed)
    texts = mix.comments(args.comments)
    data = {
        "benchmark": "model_bench",
        "quick": args.quick,
        "machine": machine(),
        "workload": {"source": mix.source, "seed": args.seed, "mix": dict(MIX), **describe(texts)},
        "results": [],
    }
    print(f"{len(texts)} comments ({mix.source}), backends {', '.join(backends)}", flush=True)
    for backend in backends:
        r = run_backend(backend, texts, args.repeats, args.max_batch_tokens)
        data["results"].append(r)
        for order, o in r["orders"].items():
            print(
                f"{r['backend']:>9} {order:>7}: {o['comments_per_s']:>9,.1f} comments/s "
                f"{o['tokens_per_s']:>11,.0f} tokens/s  padding {o['padding_share']:.0%}",
                flush=True,
            )

    rows = [
        (r["backend"], order, o["comments_per_s"], o["tokens_per_s"], f"{o['padding_share']:.0%}", o["batches"])
        for r in data["results"]
        for order, o in r["orders"].items()
    ]
    m = data["machine"]
    md = "\n".join(
        [
            f"### Model benchmark ({'quick smoke run' if args.quick else 'full run'})",
            "",
            f"{m['cpu']}, {m['cores']} cores, torch {m.get('torch')} ({m.get('torch_threads')} threads), "
            f"load average {m.get('load_avg_1m')} at start, {m['date']}. "
            f"{len(texts)} comments from the `{mix.source}` mix (seed {args.seed}), forward passes only, best of {args.repeats}.",
            "",
            markdown_table(["backend", "order", "comments/s", "tokens/s", "padding", "batches"], rows),
        ]
    )
    out = Path(args.out)
    paths = write_results(args.name, data, md, out)
    if have_matplotlib():
        paths.append(plot(data, out / f"{args.name}.png"))
    print("wrote " + ", ".join(str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p) for p in paths))
    return 0


def plot(data: dict, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    labels, values = [], []
    for r in data["results"]:
        for order, o in r["orders"].items():
            labels.append(f"{r['backend']}\n{order}")
            values.append(o["comments_per_s"])
    ax.bar(labels, values, color=["#999", "#36c"] * (len(values) // 2))
    ax.set_ylabel("comments/s")
    ax.set_title("Text model throughput, in-process")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
