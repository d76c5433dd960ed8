"""Do two backends give the same scores? `ref` writes one backend's outputs for a fixed synthetic
workload (512 texts, 64 threads); `check` scores the same on another backend, compares, and also
compares batched with one-by-one scoring there. Used to check `cuda-fp16` against CPU fp32.

    python benchmarks/backend_check.py ref ref.npz --backend fp32
    python benchmarks/backend_check.py check ref.npz --backend cuda-fp16 --out check.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from google.protobuf import json_format

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "clients" / "python")]

from benchmarks.workload import CommentMix  # noqa: E402
from convoscore.v1 import convoscore_pb2 as pb  # noqa: E402
from scoring.engine import Engine  # noqa: E402
from scoring.text_model import TextModel  # noqa: E402
from service.convert import thread_from_proto  # noqa: E402

THREAD_SCORES = ("quality", "depth", "passion", "value_added", "toxicity")


def score(backend: str) -> tuple[TextModel, list[str], dict[str, np.ndarray]]:
    mix = CommentMix(source="synthetic", seed=20240611)
    texts = mix.comments(512)
    threads = [thread_from_proto(json_format.ParseDict(t, pb.Thread())) for t in mix.threads(64)]
    model = TextModel(backend=backend)
    outs = model.encode(texts)
    names = sorted(outs[0].heads)
    scores = Engine(model).score_threads(threads)
    return model, texts, {
        "names": np.array(names),
        "heads": np.array([[o.heads[n] for n in names] for o in outs]),
        "embeddings": np.array([o.embedding for o in outs], dtype=np.float32),
        "threads": np.array([[getattr(s, f) for f in THREAD_SCORES] for s in scores]),
    }


def compare(ref: dict[str, np.ndarray], got: dict[str, np.ndarray]) -> dict:
    names = [str(n) for n in got["names"]]
    assert [str(n) for n in ref["names"]] == names, "the two runs have different heads"
    e, r = got["embeddings"], ref["embeddings"]
    cosine = (e * r).sum(1) / np.linalg.norm(e, axis=1) / np.linalg.norm(r, axis=1)
    return {
        "heads_max_abs_diff": {n: float(np.abs(got["heads"][:, i] - ref["heads"][:, i]).max()) for i, n in enumerate(names)},
        "embedding_min_cosine": float(cosine.min()),
        "thread_scores_max_abs_diff": dict(zip(THREAD_SCORES, np.abs(got["threads"] - ref["threads"]).max(0).tolist())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("ref", "check"))
    parser.add_argument("ref", type=Path, help="the reference outputs (.npz)")
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--out", type=Path, help="where `check` writes its JSON")
    args = parser.parse_args()
    model, texts, got = score(args.backend)
    if args.mode == "ref":
        np.savez_compressed(args.ref, **got)
        print(f"wrote {args.ref}: {model.backend}, {len(texts)} texts, {len(got['threads'])} threads")
        return 0
    result = {"backend": model.backend, "model": model.version, "texts": len(texts), "threads": len(got["threads"])}
    result |= compare(dict(np.load(args.ref)), got)
    names = [str(n) for n in got["names"]]
    alone = np.array([[model.encode([t])[0].heads[n] for n in names] for t in texts[:128]])
    result["batched_vs_alone_max_abs_diff"] = float(np.abs(alone - got["heads"][:128]).max())
    start = time.perf_counter()
    model.encode(texts * 8)
    result["encode_seconds_4096_texts"] = round(time.perf_counter() - start, 3)
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
