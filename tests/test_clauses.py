"""Clauses and whether they address the reader (scoring/clauses.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scoring.clauses import ADDRESSED, split_clauses


@given(st.text(alphabet=st.sampled_from(list("ab ,.;:!?\n'")), max_size=40))
def test_clauses_and_their_marks_give_the_text_back(text):
    parts = split_clauses(text)
    assert "".join(parts) == text
    assert len(parts) % 2 == 1
    assert all(len(mark) == 1 and mark in ",.;:!?\n" for mark in parts[1::2])
    assert not any(mark in clause for clause in parts[::2] for mark in ",.;:!?\n")


def test_the_reader_is_addressed_by_you_and_its_forms_only():
    for text in ("you", "Your call", "thank u", "ur late", "y'all", "yourselves", "see ya"):
        assert ADDRESSED.search(text), text
    for text in ("young", "youth", "Yule", "tour", "bayou", "yacht"):
        assert not ADDRESSED.search(text), text
