"""The committed SDK modules must be exactly what scripts/generate_proto.py makes from proto/."""

from __future__ import annotations

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_generated_modules_are_fresh(tmp_path):
    spec = importlib.util.spec_from_file_location("generate_proto", ROOT / "scripts" / "generate_proto.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.generate(tmp_path)
    assert generated, "protoc produced nothing"
    for path in generated:
        committed = ROOT / "clients" / "python" / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} is missing: run python scripts/generate_proto.py"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed.relative_to(ROOT)} is stale against proto/: run python scripts/generate_proto.py"
        )
