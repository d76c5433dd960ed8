"""Training's arithmetic on a CPU: the encoder passes of `convoscore train` in fp32 and in bf16.

    python benchmarks/train_bench.py            # 512 comments, 2 repeats, fp32 and bf16
    python benchmarks/train_bench.py --quick    # smoke run: 128 comments, one repeat

Training spends its time in two passes over the encoder (scoring/training/train.py), both timed
here with train.py's own functions on a fixed comment mix (benchmarks/workload.py):
- cache: the frozen embeddings and first layers over every text, without gradients
  (`cache_hidden`, token-budget batches of up to 8,192 padded tokens);
- steps: the tuned layers and heads forward and backward, then an AdamW step, on length-sorted
  batches of up to 4,096 tokens (`_forward_raw`; the loss is a stand-in, its cost is negligible).
The arithmetic is forced with CONVOSCORE_TRAIN_PRECISION; `auto` picks bf16 only on a CPU with
AVX512-BF16 or AMX, since elsewhere bf16 autocast is emulated. The best of `--repeats` runs is kept.

Writes benchmarks/results/train_bench.{json,md} (`--name` picks another name).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script or with -m

from benchmarks.common import machine, markdown_table, write_results  # noqa: E402
from benchmarks.workload import DEFAULT_SEED, CommentMix, describe  # noqa: E402


def run_precision(precision: str, texts: list[str], repeats: int) -> dict:
    import numpy as np
    import torch

    from scoring.batching import token_budget_batches
    from scoring.training import train as T
    from scoring.text_model import load_encoder

    os.environ[T.PRECISION_ENV] = precision
    cpu = torch.device("cpu")
    torch.manual_seed(DEFAULT_SEED)
    tokenizer, encoder = load_encoder(attention=T.TRAINING_ATTENTION)
    T.cache_hidden(tokenizer, encoder, texts[:8], T.SHARED_LAYERS, cpu)  # warm-up: kernel selection
    cache_times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        hidden = T.cache_hidden(tokenizer, encoder, texts, T.SHARED_LAYERS, cpu)
        cache_times.append(time.perf_counter() - t0)
    tokens = sum(len(h) for h in hidden)

    part = T.Part("bench", texts, {}, hidden)
    lengths = [len(h) for h in hidden]
    batches = [np.asarray(b) for b in token_budget_batches(lengths, T.BATCH_TOKENS, T.MAX_BATCH)]
    step_times = []
    for _ in range(repeats):
        module = T.build_module(encoder, T.SHARED_LAYERS, T.TUNED_LAYERS)
        module.train()
        opt = torch.optim.AdamW(module.parameters(), lr=T.LR_LAYERS)
        t0 = time.perf_counter()
        for batch in batches:
            raw = T._forward_raw(module, part, batch, cpu)
            loss = raw.float().square().mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        step_times.append(time.perf_counter() - t0)
    cache_s, steps_s = min(cache_times), min(step_times)
    return {
        "precision": T.training_precision(cpu),
        "tokens": tokens,
        "cache": {"seconds": round(cache_s, 2), "seconds_all": [round(t, 2) for t in cache_times],
                  "tokens_per_s": round(tokens / cache_s, 1)},
        "steps": {"batches": len(batches), "seconds": round(steps_s, 2),
                  "seconds_all": [round(t, 2) for t in step_times], "tokens_per_s": round(tokens / steps_s, 1)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--precisions", default="fp32,bf16", help="comma-separated: fp32, bf16")
    parser.add_argument("--comments", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--source", default="auto", help="auto, iac or synthetic (benchmarks/workload.py)")
    parser.add_argument("--quick", action="store_true", help="128 comments, one repeat")
    parser.add_argument("--name", default="train_bench", help="results file name, without extension")
    args = parser.parse_args(argv)
    if args.quick:
        args.comments, args.repeats = 128, 1
    from scoring.text_model import cpu_has_native_bf16

    mix = CommentMix(args.source)
    texts = mix.comments(args.comments)
    m = machine()  # before the runs: its load average says whether other work shared the CPU
    results = [run_precision(p.strip(), texts, args.repeats) for p in args.precisions.split(",") if p.strip()]
    data = {
        "machine": m,
        "native_bf16": cpu_has_native_bf16(),
        "workload": {"source": mix.source, **describe(texts)},
        "repeats": args.repeats,
        "results": results,
    }
    base = results[0]
    rows = [[r["precision"], r["tokens"], r["cache"]["seconds"], r["cache"]["tokens_per_s"],
             r["steps"]["batches"], r["steps"]["seconds"], r["steps"]["tokens_per_s"],
             round(base["steps"]["seconds"] / r["steps"]["seconds"], 2)] for r in results]
    table = markdown_table(
        ["precision", "tokens", "cache s", "cache tokens/s", "step batches", "steps s", "steps tokens/s",
         f"steps speed vs {base['precision']}"], rows)
    markdown = "\n".join([
        f"### Training arithmetic ({'quick smoke run' if args.quick else 'full run'})",
        "",
        f"{m['cpu']}, {m['cores']} cores, native bf16 {data['native_bf16']}, torch {m.get('torch')} "
        f"({m.get('torch_threads')} threads), load average {m.get('load_avg_1m')} at start, {m['date']}. "
        f"{len(texts)} comments from the `{mix.source}` mix (seed {DEFAULT_SEED}), best of {args.repeats}.",
        "",
        table,
    ])
    for path in write_results(args.name, data, markdown):
        print(f"wrote {path}")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
