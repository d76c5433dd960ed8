"""Shared fixtures. Tests never read ../shared: every input is written here or in the test."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def text_model_fp32():
    """One fp32 TextModel for the session (loading takes a few seconds)."""
    from scoring.text_model import TextModel

    return TextModel(backend="fp32")


@pytest.fixture(scope="session")
def engine_fp32(text_model_fp32):
    from scoring.engine import Engine

    return Engine(text_model_fp32)
