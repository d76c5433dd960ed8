"""Which backend "auto" picks on a CPU: bf16 only where the CPU computes it natively.

On an AMD EPYC with AVX2 only, bf16 autocast is emulated and ran at 11 texts/s against fp32's 64-76
(2026-12-07; benchmarks/README.md), so a server left on its defaults there served at a sixth of its
speed and could not drain 40 calls of 19 comments in its 30-s grace (tests/test_reliability_drain.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from scoring.text_model import cpu_has_native_bf16, default_cpu_backend, resolve_backend

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
