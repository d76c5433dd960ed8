"""`convoscore train|eval` with the offensiveness teacher read from a table made beforehand
(build_bundle.py), for machines without the teacher's exact scikit-learn.

    python benchmarks/device/teacher_table.py train --data DATA --out DIR
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from scoring.training import data as D  # noqa: E402


def text_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def table_lookup(path: Path):
    saved = np.load(path)
    table = dict(zip(saved["keys"].tolist(), saved["p"].tolist()))

    def offensive_probability(texts: list[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        missing = sum(k not in table for k in keys)
        if missing:
            raise SystemExit(f"the teacher table lacks {missing} of {len(keys)} texts: rebuild the bundle")
        return np.array([table[k] for k in keys])

    return offensive_probability


if __name__ == "__main__":
    D.offensive_probability = table_lookup(Path(os.environ["CONVOSCORE_TEACHER_TABLE"]))
    from service.cli import main

    raise SystemExit(main(sys.argv[1:]))
