"""Threats and wishes of violence, read literally (scoring/threats.py), and what the engine makes of them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.threads import Comment, LooseComment, Post, Thread
from scoring.threats import THREAT_TOXICITY, threat_phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I will kill you if you post that again.", "I will kill you"),
        ("i'm gonna kill u", "i'm gonna kill u"),
        ("I’ll personally hunt you down", "I’ll personally hunt you down"),
        ("We're going to burn your shop down.", "We're going to burn your shop"),
        ("Say that again and I'll break your legs.", "I'll break your legs"),
        ("I'd love to see you bleed.", "I'd love to see you bleed"),
        ("I want to punch you in the face", "I want to punch you"),
        ("hope you die lol", "hope you die"),
        ("I hope someone shoots you.", "hope someone shoots you"),
        ("I hope you get hit by a bus.", "hope you get hit by a"),
        ("Hope your house burns down with you in it.", "Hope your house burns"),
        ("I hope he is executed tomorrow", "hope he is executed"),
        ("You deserve to die for what you did.", "You deserve to die"),
        ("People like you should be hanged.", "People like you should be hanged"),
        ("These protesters should all be shot", "These protesters should all be shot"),
        ("Traitors like him deserve a rope.", "deserve a rope"),
        ("Die in a fire.", "Die in a fire"),
        ("I know where you live.", "I know where you live"),
        ("Touch my car again and you're dead.", "you're dead"),
        ("Someone should put a bullet in that mayor's head.", "put a bullet in"),
        ("Somebody needs to run these protesters over.", "run these protesters over"),
        ("They should all be lined up against a wall and shot.", "against a wall and shot"),
    ],
)
def test_threats_are_found_and_quoted(text, phrase):
    assert threat_phrase(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "This traffic will kill me, I've been stuck for an hour.",
        "I'm gonna kill it at the interview tomorrow.",
        "I'll shoot you an email with the figures.",
        "I'll never hurt you, I promise.",
        "I don't want to hurt you, but the answer is no.",
        "I'll beat you at chess next time.",
        "That will break your heart, the ending is so sad.",
        "I hope you never die, grandpa.",
        "Hope you feel better soon!",
        "I hope your plane lands on time.",
        "The painting should be hanged in the main hall.",
        "They should hang the picture lower.",
        "The climbers need a rope for the last pitch.",
        "The dog should be put down humanely, the vet said.",  # an animal, not a person
        "I'd rather die in a ditch than vote for that deal.",
        "You're dead wrong about the budget: it rose 4%.",
        "Watch your back when lifting heavy boxes.",
        "The council voted to exterminate the rats in the subway.",
        "He was shot in 1968 and the case is still open.",
        "",
    ],
)
def test_look_alikes_negations_and_reports_are_not(text):
    assert threat_phrase(text) is None


PIECES = ["I", "I'll", "we're going to", "kill", "you", "hope", "someone", "shoots", "die", "people like",
          "should be", "hanged", "never", "not", "!", ".", "\n", "your", "legs", "break", "dead", "fire", "in a"]


@given(st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join))
def test_a_phrase_found_is_quoted_from_the_text(text):
    phrase = threat_phrase(text)
    assert phrase is None or (phrase and phrase in text)


POST = "The council voted to close the library branch on Elm Street."


def test_a_threat_reads_as_toxic_with_a_warning(engine_fp32):
    texts = ["The branch had 40,000 visits last year; closing it saves $300k.", "I know where you live.",
             "I'll shoot you an email with the visit figures."]
    thread = Thread(id="t", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", author_id=f"u{i}", text=t) for i, t in enumerate(texts)])
    s = engine_fp32.score_thread(thread)
    threat, email = s.comments[1], s.comments[2]
    assert threat.toxicity >= THREAT_TOXICITY and threat.tags["offensive"] >= THREAT_TOXICITY
    assert email.toxicity < 0.5
    assert [w for w in s.warnings
            if w.startswith("comment 'c1' threatens or wishes violence on someone ('I know where you live')")]
    assert not [w for w in s.warnings if "'c2'" in w]
    assert any("hostile" in r for r in s.reasons), s.reasons
    heads = engine_fp32.text_model.encode(texts[1:2])[0].heads["toxicity"]
    assert heads < 0.5  # what the heads alone read: no rude word
    (loose,) = engine_fp32.score_comments([LooseComment(id="l", text="hope you die lol", parent_text=POST)])
    assert loose.toxicity >= THREAT_TOXICITY
