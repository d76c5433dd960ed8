"""Clauses and whether they address the reader (scoring/clauses.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scoring.clauses import ADDRESSED, read_unaddressed_clauses, split_clauses


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


@given(st.lists(st.sampled_from(["a", "b", "you", "your", ",", ".", "!", "\n", " "]), max_size=20).map("".join))
def test_only_clauses_without_you_are_read(text):
    read = read_unaddressed_clauses(text, str.upper)
    for clause, read_clause in zip(split_clauses(text), split_clauses(read)):
        assert read_clause == (clause if ADDRESSED.search(clause) else clause.upper())


def test_a_reading_goes_clause_by_clause():
    text = "that sucks, sorry you're going through it, that sucks"
    read = read_unaddressed_clauses(text, lambda clause: clause.replace("sucks", "is bad"))
    assert read == "that is bad, sorry you're going through it, that is bad"
