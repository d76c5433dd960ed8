"""Packing and running the GPU checks on a lent machine (README.md)."""
