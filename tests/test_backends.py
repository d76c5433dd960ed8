"""Which backend "auto" picks on a CPU: bf16 only where the CPU computes it natively.

On an AMD EPYC with AVX2 only, bf16 autocast is emulated and ran at 11 texts/s against fp32's 64-76
(2026-12-07; benchmarks/README.md), so a server left on its defaults there served at a sixth of its
speed and could not drain 40 calls of 19 comments in its 30-s grace (tests/test_reliability_drain.py).
Training follows the same rule for its encoder passes, for the same reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from scoring.text_model import cpu_has_native_bf16, default_cpu_backend, resolve_backend
from scoring.training.train import PRECISION_ENV, autocast_for, feature_cache_key, training_precision

CPUINFO = Path("/proc/cpuinfo")


def _cpu_flags() -> set[str]:
    for line in CPUINFO.read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


@pytest.mark.skipif(not CPUINFO.exists() or not _cpu_flags(), reason="needs /proc/cpuinfo with x86 flags")
def test_native_bf16_is_what_the_kernel_says_the_cpu_has():
    flags = _cpu_flags()
    vector_flags = sorted(f for f in flags if "512" in f or "amx" in f)
    assert cpu_has_native_bf16() == bool(flags & {"avx512_bf16", "amx_bf16"}), vector_flags


def test_auto_is_bf16_on_a_cpu_with_native_bf16_and_fp32_otherwise():
    expected = "bf16" if cpu_has_native_bf16() else "fp32"
    assert default_cpu_backend() == expected
    if not torch.cuda.is_available():
        assert resolve_backend("auto") == expected


@pytest.mark.parametrize("name", ["fp32", "bf16"])
def test_a_named_cpu_backend_is_kept_whatever_the_cpu(name):
    assert resolve_backend(name) == name


def test_an_unknown_backend_is_refused_by_name():
    with pytest.raises(ValueError, match="fp16"):
        resolve_backend("fp16")


def test_training_on_a_cpu_uses_the_arithmetic_that_serving_picks_there():
    cpu = torch.device("cpu")
    assert training_precision(cpu) == default_cpu_backend()
    layer = torch.nn.Linear(8, 8)
    with autocast_for(cpu):
        out = layer(torch.ones(2, 8))
    # Emulated bf16 was what made training hours long on an AVX2-only CPU: there nothing is cast.
    assert out.dtype == (torch.bfloat16 if cpu_has_native_bf16() else torch.float32)


@pytest.mark.parametrize(("forced", "dtype"), [("fp32", torch.float32), ("bf16", torch.bfloat16)])
def test_training_arithmetic_can_be_forced_on_a_cpu(monkeypatch, forced, dtype):
    monkeypatch.setenv(PRECISION_ENV, forced)
    cpu = torch.device("cpu")
    assert training_precision(cpu) == forced
    with autocast_for(cpu):
        assert torch.nn.Linear(8, 8)(torch.ones(2, 8)).dtype == dtype


def test_an_unknown_training_arithmetic_is_refused_by_name(monkeypatch):
    monkeypatch.setenv(PRECISION_ENV, "fp16")
    with pytest.raises(ValueError, match=PRECISION_ENV):
        training_precision(torch.device("cpu"))


def test_hidden_states_cached_in_one_arithmetic_are_not_reused_by_a_run_in_the_other():
    texts = ["a reasoned reply with a source", "+1"]
    keys = {precision: feature_cache_key(texts, 2, precision) for precision in ("bf16", "fp32", "fp16")}
    assert len(set(keys.values())) == 3, keys
    assert feature_cache_key(texts, 2, "fp32") == keys["fp32"]
    assert feature_cache_key(texts[:1], 2, "fp32") != keys["fp32"]
