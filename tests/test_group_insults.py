"""Insults of people for who they are and calls for violence against them, read literally
(scoring/group_insults.py), and what the engine makes of them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.group_insults import GROUP_INSULT_TOXICITY, group_insult_phrase, group_violence_phrase
from scoring.thread_scores import HOSTILE, SCORE_DEFINITIONS
from scoring.threads import Comment, LooseComment, Post, Thread
from scoring.threats import THREAT_TOXICITY, threat_phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Muslims are all terrorists, every last one of them", "Muslims are all terrorists"),
        ("immigrants are parasites living off our taxes", "immigrants are parasites"),
        ("disabled people are a burden on society", "disabled people are a burden"),
        ("refugees are nothing but criminals and freeloaders", "refugees are nothing but criminals"),
        ("black people are just naturally more violent", "black people are just naturally more violent"),
        ("Honestly? These people are animals.", "These people are animals"),
        ("I think the Jews control the banks.", "the Jews control the banks"),
        ("feminists are ugly bitter hags who hate men", "feminists are ugly"),
        ("Africans are too stupid to run their own countries", "Africans are too stupid"),
        ("Indians smell and can't drive", "Indians smell"),
        ("They come here and breed like rats.", None),  # "they" names no group: left to the heads
        ("Liberals r brainwashed", "Liberals r brainwashed"),
        ("trans people are mentally ill, period", "trans people are mentally ill"),
    ],
)
def test_insults_of_a_group_are_found_and_quoted(text, phrase):
    assert group_insult_phrase(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        # what the group does or is, without an insult
        "Muslims are fasting this month, so the iftar dinners downtown are packed",
        "immigrants are a big part of why our town's economy grew",
        "refugees are often doctors and engineers back home",
        "atheists are just as moral as anyone else",
        # denials and comparisons
        "not all feminists hate men, that's a stereotype",
        "Not all Muslims are terrorists.",
        "poor people are not lazy, most work two jobs",
        "immigrants are no more criminals than anyone born here",
        "immigrants are less likely to be criminals, the study found",
        # reports, rebuttals, questions, quotes
        "saying Gypsies are thieves is plain racism",
        "He said Mexicans are rapists and the crowd cheered.",
        "Mexicans are rapists? That's the line he ran on.",
        "The idea that refugees are criminals is a myth.",
        "People who think immigrants are parasites should meet my neighbours.",
        "Refugees are criminals is a lie they keep repeating.",
        'The sign read "Jews are vermin" and the police took it down.',
        "still thinking Canadians are too dumb to notice",
        # what is done to the group
        "refugees are victims of criminals who run the boats",
        "women are called lazy for taking maternity leave",
        # people at large, animals and things
        "some people are idiots on the road",
        "people are dumb sometimes, me included",
        "ticks are parasites that carry Lyme disease",
        "raccoons are thieves, lock the bins",
        "the patients were guinea pigs for the new drug; Canadians are guinea pigs too",
        "the Democrats are practically their lap dogs",
        # the group as an object, or a part of it
        "violence against women are rising, the report says",
        "some immigrants are criminals, like some of everyone",
        "many men are idiots at twenty and wiser at forty",
        "",
    ],
)
def test_statements_denials_reports_and_look_alikes_are_not(text):
    assert group_insult_phrase(text) is None


PIECES = ["Muslims", "immigrants", "gay people", "these people", "are", "r", "all", "not", "just", "a", "burden",
          "animals", "terrorists", "filthy", "said", "?", ".", "\n", '"', "of", "no", "smell", "the", "is racist"]


@given(st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join))
def test_a_phrase_found_is_quoted_from_the_text(text):
    phrase = group_insult_phrase(text)
    assert phrase is None or (phrase and phrase in text)


# Written by hand before the reading and before any score (2026-11-30): the first pair guided it,
# this pair decided it (MODEL_CARD.md, "Insults of a group"). The heads alone put 9 of these 20
# at toxicity >= 0.5 and 1 of the 20 statements.
DECIDING_INSULTS = [
    "Jews are greedy, it's in their blood",
    "these immigrants are animals and should be sent back",
    "Muslims are a cancer on Europe",
    "gays are perverts",
    "women are only good for cooking and cleaning",
    "blacks are thugs, look at the crime stats",
    "Mexicans are dirty and lazy",
    "trans women are just men in dresses preying on girls",
    "Asians are all the same, they can't even speak English properly",
    "refugees are invaders and rapists",
    "Catholics are pedophiles protecting pedophiles",
    "Somalis are pirates and welfare cheats",
    "fat people are disgusting slobs with no self control",
    "conservatives are knuckle-dragging morons",
    "Romanians are beggars and pickpockets",
    "lesbians are just women who couldn't get a man",
    "Pakistanis are groomers",
    "Christians are brainwashed idiots",
    "Haitians are eating pets, they are filthy",
    "autistic people are retards",
]
DECIDING_STATEMENTS = [
    "Jews are a small minority in most of Europe today",
    "these immigrants are opening restaurants all over the east side",
    "Muslims are about a quarter of the world's population",
    "gays and lesbians marched in the parade on Sunday",
    "women are now the majority of new medical students",
    "black people are underrepresented in tech leadership",
    "Mexicans are celebrating Day of the Dead this weekend",
    "trans women are at high risk of violence, the report says",
    "Asians are the fastest growing group in the state",
    "refugees are waiting years for asylum decisions",
    "Catholics are gathering in Rome for the new pope",
    "Somalis are a big community in Minneapolis",
    "fat people are often treated badly by doctors",
    "conservatives are more likely to live in rural areas",
    "Romanians are the largest group of EU workers in Spain",
    "lesbians are often left out of health research",
    "Pakistanis are great at cricket",
    "Christians are celebrating Advent in December",
    "Haitians are rebuilding after the earthquake",
    "autistic people are often great at pattern recognition",
]


def test_insults_of_a_group_read_hostile_and_statements_about_it_do_not(engine_fp32):
    texts = DECIDING_INSULTS + DECIDING_STATEMENTS
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    tox = np.array([s.toxicity for s in scores])
    insults, statements = tox[: len(DECIDING_INSULTS)], tox[len(DECIDING_INSULTS):]
    heads = np.array([o.heads["toxicity"] for o in engine_fp32.text_model.encode(DECIDING_INSULTS)])
    assert (insults >= HOSTILE).sum() >= 14, insults  # measured: 14
    assert (insults >= HOSTILE).sum() >= (heads >= HOSTILE).sum() + 4, (insults, heads)
    assert (statements >= HOSTILE).sum() <= 2, statements  # measured: 1, as the heads alone
    assert all(group_insult_phrase(t) is None for t in DECIDING_STATEMENTS)


POST = "The town council approved a new housing project for refugee families on Elm Street."


def test_a_group_insult_reads_as_toxic_with_a_warning(engine_fp32):
    texts = ["The project adds 40 units; the council says the rents are capped at 30% of income.",
             "Refugees are nothing but criminals and freeloaders.",
             "Refugees are waiting years for homes like these, good news."]
    thread = Thread(id="t", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", author_id=f"u{i}", text=t) for i, t in enumerate(texts)])
    s = engine_fp32.score_thread(thread)
    insult, statement = s.comments[1], s.comments[2]
    assert insult.toxicity >= GROUP_INSULT_TOXICITY and insult.tags["offensive"] >= GROUP_INSULT_TOXICITY
    assert statement.toxicity < HOSTILE
    assert [w for w in s.warnings if w.startswith(
        "comment 'c1' insults people for who they are ('Refugees are nothing but criminals')")], s.warnings
    assert not [w for w in s.warnings if "'c2'" in w]
    assert any("hostile" in r for r in s.reasons), s.reasons
    heads = engine_fp32.text_model.encode(texts[1:2])[0].heads["toxicity"]
    assert heads < HOSTILE  # what the heads alone read: no rude word
    (loose,) = engine_fp32.score_comments([LooseComment(id="l", text="immigrants are vermin", parent_text=POST)])
    assert loose.toxicity >= GROUP_INSULT_TOXICITY


def test_the_score_definitions_say_group_insults_are_read():
    assert "insults people for who they are" in SCORE_DEFINITIONS["comment.toxicity"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Jews should be gassed", "Jews should be gassed"),
        ("immigrants should all be shot on sight", "immigrants should all be shot"),
        ("gays deserve to die", "gays deserve to die"),
        ("The Roma need to be wiped out.", "The Roma need to be wiped out"),
        ("disabled people should be put down at birth", "disabled people should be put down"),
        ("kill all the Jews", "kill all the Jews"),
        ("Honestly, just shoot the migrants at the fence", "just shoot the migrants"),
        ("we should hang all the liberals", "we should hang all the liberals"),
        ("death to all immigrants", "death to all immigrants"),
    ],
)
def test_calls_for_violence_against_a_group_are_found_and_quoted(text, phrase):
    assert group_violence_phrase(text) == phrase
    assert threat_phrase(text) is None  # threats.py reads threats at a person; this is the group's reader


@pytest.mark.parametrize(
    "text",
    [
        "the Nazis tried to kill all the Jews of Europe",  # history: the verb follows "tried to"
        "thousands of Armenians were killed in 1915",
        "Muslims should be able to pray without fear of being killed",
        "refugees need to be protected, not shot at",
        "my uncle believes immigrants should be shot, and we no longer talk",  # a report
        'the sign said "kill the Jews" and the police did nothing',
        "should gays be executed? of course not",
        "some soldiers should die in the film's last act, the critics say",
        "many men should die in the battle scene, the script says",  # a part of the group
        "we should kill all the weeds before spring",
        "death to the patriarchy, not to men",
        "",
    ],
)
def test_history_reports_quotes_and_look_alikes_are_no_calls(text):
    assert group_violence_phrase(text) is None


@given(st.lists(st.sampled_from(PIECES + ["should", "be", "shot", "kill", "death to", "deserve", "die"]), max_size=25)
       .map(" ".join))
def test_a_call_found_is_quoted_from_the_text(text):
    phrase = group_violence_phrase(text)
    assert phrase is None or (phrase and phrase in text)


# Written by hand before this reader and before any score (2026-11-30), after a first pair that a
# version inside threats.py caught (8 -> 20 of 20) while matching a report, a quote and "many men
# should die" in the shared data (MODEL_CARD.md). The engine before the reader put 6 of these calls
# and 1 of the look-alikes at toxicity >= 0.5.
DECIDING_CALLS = [
    "honestly all immigrants should be shot",
    "Muslims deserve to be exterminated",
    "round up the Jews and gas them",
    "lesbians should be burned at the stake",
    "the Roma need to be wiped out",
    "we should kill all the refugees",
    "hang all the liberals",
    "Haitians should be lynched, every one of them",
    "every trans person deserves a bullet",
    "kill the gays",
    "death to the Jews",
    "Arabs should all be killed",
    "disabled people should be put down at birth",
    "Chinese people deserve to die for covid",
    "just shoot the migrants at the fence",
    "Pakistanis need to be eradicated from this country",
    "conservatives should be executed for treason",
    "let's burn the mosques with the Muslims inside",
    "women who vote should be raped",
    "Africans should be exterminated",
]
DECIDING_LOOKALIKES = [
    "my grandfather said the Nazis wanted all the Jews to be gassed, and they nearly managed it",
    "some refugees should be shot? that's what he actually tweeted, unbelievable",
    "people who think immigrants should be shot need help",
    "\"Muslims should be exterminated\" was painted on the mosque door last night",
    "nobody is saying gays should be killed, calm down",
    "the report found that 40 Haitians were killed in the storm",
    "in the novel, the villagers decide the strangers should be hanged",
    "he was sentenced for saying Jews deserve to die",
    "thousands of Armenians were killed in 1915",
    "several migrants were shot at the border last week, the inquiry says",
    "the gays in my town should be proud of the new center",
    "Muslims should be able to pray without fear of being killed",
    "women should be safe walking home at night",
    "refugees need to be protected, not shot at",
    "if you think trans people should be put down, you are the problem",
    "the conservatives should be voted out, not executed",
    "death to the patriarchy, not to men",
    "some men should die trying, the story says, but not him",
    "they shouted \"kill the Jews\" and the police did nothing",
    "we should kill all the weeds in the garden before spring",
]


def test_calls_for_violence_against_a_group_read_hostile_and_look_alikes_do_not(engine_fp32):
    texts = DECIDING_CALLS + DECIDING_LOOKALIKES
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    tox = np.array([s.toxicity for s in scores])
    calls, lookalikes = tox[: len(DECIDING_CALLS)], tox[len(DECIDING_CALLS):]
    assert (calls >= HOSTILE).sum() >= 17, calls  # measured: 19
    assert (lookalikes >= HOSTILE).sum() <= 2, lookalikes  # measured: 1 ("thousands of Armenians were killed")
    assert all(group_violence_phrase(t) is None for t in DECIDING_LOOKALIKES)


def test_a_call_for_violence_against_a_group_reads_as_toxic_with_a_warning(engine_fp32):
    texts = ["Refugees should be shot at the border.", "Refugees need homes like these."]
    thread = Thread(id="t", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", author_id=f"u{i}", text=t) for i, t in enumerate(texts)])
    s = engine_fp32.score_thread(thread)
    assert s.comments[0].toxicity >= THREAT_TOXICITY and s.comments[1].toxicity < HOSTILE
    assert [w for w in s.warnings if w.startswith(
        "comment 'c0' calls for violence against people for who they are ('Refugees should be shot')")], s.warnings
    assert engine_fp32.text_model.encode(texts[:1])[0].heads["toxicity"] < HOSTILE  # the heads alone
