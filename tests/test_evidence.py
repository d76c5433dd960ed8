"""Literal evidence in comment text: what counts as a link, a figure or a named source."""

from __future__ import annotations

import pytest

from scoring.evidence import FIGURE, LINK, SOURCE, evidence_kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("The full ruling is at https://example.org/ruling.pdf if you want to check.", (LINK,)),
        ("cbc.ca ran the numbers last week.", (LINK,)),
        ("Unemployment fell to 5.2% last year.", (FIGURE,)),
        ("The stadium cost $3 billion and seats 45,000.", (FIGURE,)),
        ("p99 latency dropped from 120 ms to 40 ms after the switch.", (FIGURE,)),
        ("A 2019 study in the Lancet found the opposite.", (SOURCE,)),
        ("Studies show the lanes cut injuries.", (SOURCE,)),
        ("Read section 4 of the act before you say that.", (SOURCE,)),
        ("According to Statistics Canada, 12,000 people moved here; see statcan.gc.ca.", (LINK, FIGURE, SOURCE)),
    ],
)
def test_links_figures_and_sources_are_named(text, kinds):
    assert evidence_kinds(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "I told you 2 times already.",  # a count of nothing in particular is not a figure
        "Since 2016 nothing has changed around here.",  # nor is a bare year
        "I back this 100%, no question.",  # emphasis, not a share of anything
        "According to your argument nobody could ever vote.",  # cites nobody
        "A survey would help before the council decides.",  # wished for, not cited
        "I think you are wrong and everyone knows it.",
        "lol",
        "+1",
        "",
        "Great point, thanks for sharing!",
    ],
)
def test_opinions_counts_and_reactions_carry_no_evidence(text):
    assert evidence_kinds(text) == ()
