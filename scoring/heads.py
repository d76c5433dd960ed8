"""Trained heads. Placeholder until the model issue lands: no artifacts means no heads."""

from __future__ import annotations

from pathlib import Path


def load_heads(directory: Path):
    return None
