"""Swearing aimed at no one ("holy shit", "fucking amazing") reads as tone, not hostility
(scoring/swearing.py, scoring/tone.py); swearing at someone stays hostile."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from scoring import swearing
from scoring.swearing import UNAIMED_SHARE, has_unaimed_swearing, may_swear, without_unaimed_swearing
from scoring.text_model import TextOutput
from scoring.thread_scores import HOSTILE, SCORE_DEFINITIONS
from scoring.threads import Comment, LooseComment, Post, Thread
from scoring.tone import HOSTILITY_HEADS, merge_readings, without_tone
from test_heads import _auc

# Written by hand on 2026-11-30, before the reading and before any score on them was read:
# swearing as cheer, surprise or emphasis, and swearing aimed at a person or a group. The engine
# before the reading put 19 of the first list at toxicity 0.5 or more (all 20 of the second).
CHEERING = [
    "fucking finally, the update fixed my battery drain",
    "holy crap that's a huge fish",
    "damn this soup is good",
    "what the fuck, the game sold out in 2 minutes",
    "oh shit, it's snowing already",
    "hell no I'm not driving in this weather",
    "that sunset is so fucking pretty",
    "goddamnit I missed the bus again",
    "this pizza is damn near perfect",
    "shit that was close, glad everyone's ok",
    "bloody hell, 3 hours for a passport photo",
    "the crowd was loud as fuck tonight",
    "fuck yeah, new personal best",
    "damn, didn't expect that ending",
    "freaking love this song",
    "holy fuck the new trailer looks good",
    "the line at the DMV was insane as hell",
    "hell yes, pizza Friday",
    "oh fuck, I left the oven on",
    "this hike is so damn beautiful",
]
AIMED = [
    "you're a fucking idiot",
    "what the fuck is wrong with you",
    "damn you and your lies",
    "holy shit you are dumb",
    "go fuck yourself",
    "this fucking clown should resign",
    "hell no, you don't get to lecture me, hypocrite",
    "shut your damn mouth",
    "fuck off back to twitter",
    "what the hell were you thinking, moron",
    "you damn fool",
    "oh shit, another braindead take from you",
    "he's a goddamn liar",
    "fucking morons running this city",
    "get the hell out of here, troll",
    "your shitty article is garbage",
    "those bloody idiots in parliament",
    "fuck you and the horse you rode in on",
    "damn, you really are that stupid",
    "screw you, loser",
]

# Written by hand on 2026-11-30, before the "sucks" reading and before any score on them was read:
# "sucks" said of a situation or a thing, and said of a person, a group or their work. The engine
# before the reading put all 20 of each at toxicity 0.5 or more.
SUCKS_OF_THINGS = [
    'that sucks, hope your dog gets better soon',
    'oh no, that really sucks. sending hugs',
    'it sucks that the concert got cancelled',
    'this sucks, the power has been out since 6am',
    'losing in the final minute sucks',
    'waiting for test results sucks so much',
    'man, being stuck at the airport sucks',
    'that totally sucked, but the refund came through',
    'it really sucks when your code works locally and fails in prod',
    'getting old sucks lol',
    'mondays suck',
    'the wifi here sucks',
    'ugh, this heat sucks',
    'commuting two hours a day sucks',
    'sorry about your job, that sucks big time',
    'it sucked at first but the second week of training was easier',
    'winter in this city sucks',
    'this sucks so bad, my flight got delayed again',
    'moving house sucks, but the new place is lovely',
    'the battery life on this phone sucks',
]
SUCKS_AIMED = [
    'you suck',
    'the ref sucks, worst call of the season',
    'he sucks at his job and everyone knows it',
    'your team sucks and so do you',
    'this writer sucks, fire him',
    'the mods here suck',
    'they suck, every single one of them',
    'she sucks as a mayor',
    'our coach sucks, sack him now',
    'your article sucks',
    'this guy sucks lol',
    'you guys suck at this game',
    'the government sucks and so does everyone who voted for them',
    'that politician sucks',
    'your opinion sucks',
    'the new manager sucks',
    'his band sucks, stop promoting it',
    'honestly you suck at arguing',
    'these people suck',
    'that reporter sucks, biased garbage',
]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("holy shit this goal is unreal", "wow this goal is unreal"),
        ("Holy f*ck, 40 points", "wow, 40 points"),
        ("oh shit, it's snowing", "oh no, it's snowing"),
        ("Damn it, the bus left early", "oh no, the bus left early"),
        ("hell yeah, finally", "yeah, finally"),
        ("fuck yes we won", "yes we won"),
        ("What the hell, this is so cute", "What, this is so cute"),
        ("how the fuck did he score that", "how did he score that"),
        ("Shit, I forgot my keys.", "oh no, I forgot my keys."),
        ("The food was great. Damn, the view too", "The food was great. wow, the view too"),
        ("goddamn that view", "wow that view"),
        ("this is fucking amazing, well done", "this is amazing, well done"),
        ("fuckin love this city", "love this city"),
        ("so freaking good", "so good"),
        ("this pizza is damn near perfect", "this pizza is near perfect"),
        ("the crowd was loud as fuck", "the crowd was loud"),
        ("that drop was sick af", "that drop was sick"),
        ("he's a fucking idiot", "he's a idiot"),  # an insult stays an insult
        ("that sucks, sorry to hear it", "that is bad, sorry to hear it"),
        ("Oh no, that really SUCKS.", "Oh no, that really is bad."),
        ("it sucked at first", "it was bad at first"),
        ("losing in the final minute sucks", "losing in the final minute is bad"),
        ("man, being stuck at the airport sucks", "man, being stuck at the airport is bad"),
        ("Mondays. Everything just sucks", "Mondays. Everything just is bad"),
        # "you" in another clause: the sympathy is read, not the person addressed
        ("that sucks, sorry you're going through it", "that is bad, sorry you're going through it"),
        # the buyer's meme
        ("Shut up and take my money!", "I want to buy it!"),
        ("A foldable e-bike under 15 kg? SHUT UP AND TAKE MY MONEY", "A foldable e-bike under 15 kg? I want to buy it"),
    ],
)
def test_swearing_aimed_at_no_one_reads_as_plain_words(text, read):
    assert without_unaimed_swearing(text) == read
    assert has_unaimed_swearing(text)


@pytest.mark.parametrize(
    "text",
    [
        "you're a fucking idiot",  # "you" in the text: the swearing may be aimed, read whole
        "what the hell were you thinking",
        "holy shit, thank you so much",  # the cost of that rule: left whole too
        "shut the fuck up",
        "fuck off",
        "fuck this government",
        "go to hell",
        "what a piece of shit",
        "this band is the shit",
        "damn them all",
        "damn the mods",
        "a bloody war",
        "the shitake mushrooms",  # words that hold a swear word are not one
        "Hellfire and damnation in the Scunthorpe hall",
        "The council approved the budget.",
        "",
        "the ref sucks",  # "sucks" said of a person, a group or their work
        "your article sucks",
        "they suck, all of them",
        "you suck",
        "it sucks to be you",  # "you" in its clause
        "fucking ref sucks, you know it",  # a swear word, not a gerund, opens the clause
        "the king sucks",
        "getting sucked into the engine",  # the literal verb
        "it sucks up the water",
        "the bus driver sucks",  # a thing that makes people ("bus driver"): scoring/things.py
        "the people on this bus suck",  # a thing that does not open the clause
        "my ex's car sucks",  # a thing that does not open the clause
        "Shut up and take my money, you greedy scammers.",  # "you": the meme may be aimed
        "Shut up and take your meds.",
        "Oh shut up and listen for once.",
    ],
)
def test_swearing_that_can_be_aimed_and_words_that_only_look_like_it_are_left(text):
    assert without_unaimed_swearing(text) == text
    assert not has_unaimed_swearing(text)


SWEARING_PIECES = ["holy", "shit", "fuck", "fucking", "damn", "it", "hell", "yeah", "what", "the", "oh", "as", "af",
                   "goal", "is", "great", ",", ".", "!", "you", "them", "\n", "f*ck", "bloody"]


@given(st.lists(st.sampled_from(SWEARING_PIECES), max_size=25).map(" ".join))
def test_the_reading_only_replaces_swearing_and_never_where_someone_is_addressed(text):
    read = without_unaimed_swearing(text)
    if re.search(r"\byou\b", text):
        assert read == text
    # Every word that is not swearing survives, in order.
    plain = {"goal", "is", "great", "them"}
    assert [w for w in text.split() if w in plain] == [w for w in read.split() if w in plain]


SPELLINGS = ["Fuck", "FUUUCK", "f*ck", "fu*k", "F**king", "fkn", "effing", "Freakin'", "frickin", "friggin", "SHIT",
             "shiiit", "sh*t", "Damn", "DAAAMN", "goddamned", "God damn", "Dammit", "goddamnit", "hell", "HELL", "crap",
             "heck", "frick", "af", "asf", "AF", "\taf", "\naf", "holy", "oh", "what", "the", "as", "yeah", "no", "it", "so", "good",
             ",", ".", "!", "\n", "them", "suck", "SUCKS", "sucked", "that", "losing", "really", "shut up and",
             "take", "my", "money", "TAKE MY MONEY"]


@given(st.lists(st.sampled_from(SPELLINGS), max_size=12).map(" ".join))
def test_the_quick_test_passes_no_text_that_the_readings_would_change(text):
    # `may_swear` lets most texts skip the readings: it must hold for every text they change.
    changed = text
    for pattern, reading in swearing._COMPILED:
        changed = pattern.sub(reading, changed)
    assert changed == text or may_swear(text)
    assert swearing._without_sucks(text) == text or may_swear(text)


SUCKS_PIECES = ["that", "it", "sucks", "suck", "sucked", "losing", "really", "the", "ref", "you", "your", "into",
                ",", ".", "\n", "so", "bad", "when", "if", "especially", "clowns", "huh", "?"]


@given(st.lists(st.sampled_from(SUCKS_PIECES), max_size=20).map(" ".join))
@example("it sucks when you lose , it sucks when you clowns , that sucks especially when your ref")
@example("it sucks when you lose huh ? so it really sucks if you , the ref sucks when you")
def test_sucks_is_read_in_clauses_that_say_you_only_before_sucks_when_you(text):
    read = swearing._without_sucks(text)
    clauses, read_clauses = re.split(r"[,.;:!?\n]", text), re.split(r"[,.;:!?\n]", read)
    assert len(clauses) == len(read_clauses)
    for clause, read_clause in zip(clauses, read_clauses):
        if you := re.search(r"\byour?\b", clause):
            # from the first "you" on, the clause is as written; before it, only "sucks" right before
            # "when" or "if" (or "especially when") may be read, and nothing else
            assert read_clause.endswith(clause[you.start():])
            if not re.search(r"\bsuck(?:s|ed)?\s+(?:especially\s+)?(?:when|if)\s+$", clause[: you.start()]):
                assert read_clause == clause
        # Only "suck(s/ed)" becomes "is/are/was bad" (no piece is "is", "are" or "was"): every other
        # word survives, in order.
        said = ["SUCK" if w.startswith("suck") else w for w in clause.split()]
        read_words = re.sub(r"\b(?:is|are|was) bad\b", "SUCK", read_clause).split()
        assert said == ["SUCK" if w.startswith("suck") else w for w in read_words]


def test_the_swearing_share_stays_below_a_hostile_reply():
    assert UNAIMED_SHARE < HOSTILE


def test_merge_reads_hostility_from_the_plain_words_keeping_a_share_of_the_swearing():
    names = sorted(HOSTILITY_HEADS | {"substance", "passion", "tag_no_respect"})
    whole = TextOutput(embedding=np.zeros(2, np.float32), heads={n: 0.9 for n in names})
    for content_value, want in ((0.1, UNAIMED_SHARE * 0.9), (0.8, 0.8)):
        content = TextOutput(embedding=np.zeros(2, np.float32), heads={n: content_value for n in names})
        merged = merge_readings(whole, content, hostility_apart=True).heads
        assert {n: merged[n] for n in HOSTILITY_HEADS} == pytest.approx({n: want for n in HOSTILITY_HEADS})
        assert merged["passion"] == merged["tag_no_respect"] == 0.9  # how it is said: from the whole
        assert merge_readings(whole, content).heads["toxicity"] == 0.9  # fillers alone: hostility read whole


# Written by hand before the meme was read, and before any score: the heads put all 6 at toxicity
# 0.72-0.98 (measured after: 0.32-0.44, the share swearing keeps), and the 4 look-alikes at 0.89-0.97.
TAKE_MY_MONEY = [
    "Shut up and take my money!",
    "shut up and take my money",
    "SHUT UP AND TAKE MY MONEY",
    "Shut up and take my money 😍",
    "A foldable e-bike under 15 kg? Shut up and take my money.",
    "Shut up and take my money already!!",
]
SHUT_UP = [
    "Shut up and take my money, you greedy scammers.",
    "Shut up.",
    "Oh shut up and listen for once.",
    "Shut up and take your meds.",
]


def test_the_buyers_meme_reads_below_hostile_and_shut_up_at_someone_above(engine_fp32):
    texts = TAKE_MY_MONEY + SHUT_UP
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    meme = [s.toxicity for s in scores[: len(TAKE_MY_MONEY)]]
    aimed = [s.toxicity for s in scores[len(TAKE_MY_MONEY):]]
    assert max(meme) < HOSTILE <= min(aimed), (meme, aimed)


def test_a_short_exclamation_gets_its_plain_reading_too():
    # Fillers and "!!" need three words besides; swearing is read apart at any length.
    assert without_tone("holy shit!!") == "wow!!"
    assert without_tone("lol hell yeah") == "lol yeah"


def test_cheering_reads_below_hostile_and_aimed_swearing_above(engine_fp32):
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(CHEERING + AIMED)])
    cheering = np.array([s.toxicity for s in scores[: len(CHEERING)]])
    aimed = np.array([s.toxicity for s in scores[len(CHEERING):]])
    assert (cheering >= HOSTILE).sum() <= 2, cheering  # measured: 1 ("shit that was close": no comma, read whole)
    assert (aimed >= HOSTILE).all(), aimed
    assert _auc(aimed, cheering) >= 0.95
    # Swearing still reads as more than the same words without it, and as passionate.
    whole = engine_fp32.text_model.encode(CHEERING)
    for text, score, out in zip(CHEERING, scores, whole):
        if has_unaimed_swearing(text):
            assert score.toxicity >= UNAIMED_SHARE * out.heads["toxicity"] - 1e-6
            assert score.tags["offensive"] >= UNAIMED_SHARE * out.heads["tag_offensive"] - 1e-6
            assert score.passion == pytest.approx(out.heads["passion"], abs=1e-5)


def test_a_thread_of_cheering_fans_is_not_a_hostile_one(engine_fp32):
    post = Post(id="p", author_id="club", text="FULL TIME: we are in the final!")
    cheers = ["holy shit what a goal", "fuck yes, the final!!", "that keeper was fucking unreal", "hell yeah 🎉"]
    insults = ["you're a fucking idiot if you think this team wins anything", "shut the fuck up, nobody asked you"]

    def thread(texts: list[str]) -> Thread:
        return Thread(id="t", post=post, comments=[Comment(id=f"c{i}", author_id=f"u{i}", text=t)
                                                     for i, t in enumerate(texts)])

    fans, mixed = engine_fp32.score_threads([thread(cheers), thread(cheers + insults)])
    assert all(c.toxicity < HOSTILE for c in fans.comments), [c.toxicity for c in fans.comments]
    assert not any("hostile" in r for r in fans.reasons), fans.reasons
    assert all(c.toxicity >= HOSTILE for c in mixed.comments[len(cheers):])
    assert any("hostile" in r for r in mixed.reasons), mixed.reasons
    assert fans.toxicity < mixed.toxicity and fans.quality > mixed.quality
    assert min(c.passion for c in fans.comments) > 0.7  # the intensity is kept: it is passion


def test_the_score_definitions_give_the_share_swearing_keeps():
    assert f"at least {UNAIMED_SHARE} of the whole text's reading" in SCORE_DEFINITIONS["comment.toxicity"]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("it sucks when you lose your keys", "it is bad when you lose your keys"),
        ("mondays suck when you work retail", "mondays are bad when you work retail"),
        ("that sucks, especially when you already paid", "that is bad, especially when you already paid"),
        ("it really sucks when your flight gets cancelled", "it really is bad when your flight gets cancelled"),
        ("it sucks because you can't do anything", "it is bad because you can't do anything"),
        ("it sucked when u had to wait", "it was bad when u had to wait"),
        ("losing a pet sucks, it sucks if you had them for years",
         "losing a pet is bad, it is bad if you had them for years"),
        ("it sucks when you miss the bus", "it is bad when you miss the bus"),
        ("getting old sucks when your knees ache", "getting old is bad when your knees ache"),
        ("it sucks when you always get the slow line", "it is bad when you always get the slow line"),
        ("it sucks when you don't get it right", "it is bad when you don't get it right"),
        # a taunt ends its own sentence; the next one is read
        ("it sucks when you lose, huh? it sucks when you miss the bus",
         "it sucks when you lose, huh? it is bad when you miss the bus"),
    ],
)
def test_sucks_before_a_you_that_is_anyones_is_read(text, read):
    assert swearing._without_sucks(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "it sucks to be you",
        "it sucks that you were ever born",
        "you suck when you play like that",
        "your team sucks when you need them most",
        "the ref sucks when you think about it",
        "this place sucks because you are a clown",
        "life sucks sometimes but it gets better when you keep going",
        # someone addressed by name: "you clowns", "you people", "you dumb trolls"
        "it sucks when you clowns take over a thread",
        "it sucks when you people ruin everything",
        "it sucks when you dumb trolls show up",
        "it sucks when you guys pretend to be experts",
        "it sucks when u idiots spam the chat",
        # taunts: the sentence ends in a tag question
        "it sucks when you lose an argument, doesn't it?",
        "it sucks when your side loses, doesn't it",
        "it sucks when u get owned huh",
        "it sucks when your candidate loses, right? cry more",
        "it sucks when you get ratioed, don't you think?",
        "it sucks when you lose, right",
    ],
)
def test_sucks_before_a_you_that_is_someones_is_left(text):
    assert swearing._without_sucks(text) == text


# Written by hand on 2026-12-07 after the reading of "sucks when you" and before scoring it: people
# complaining or commiserating with a "you" that is anyone's, and the same words aimed at someone.
# 7e04fe1, before the reading, put 19 and 20 of them at toxicity 0.5 or more.
SUCKS_WHEN_ANYONE = [
    "ugh it sucks when you stub your toe first thing in the morning",
    "it sucks when you miss the bus by like 10 seconds",
    "that sucks, especially when you already paid for the tickets",
    "it sucks when your phone dies and you need directions",
    "winter sucks when you have to scrape ice off the windshield every morning",
    "honestly it sucks when you get a cold right before a holiday",
    "it sucks when u forget to save ur work",
    "it sucks when you spend hours on something and nobody notices",
    "moving sucks when you have this much stuff",
    "it sucks because you can't plan anything with this weather",
    "working nights sucks when your family is all on a normal schedule",
    "that sucks if you were looking forward to it",
    "it just sucks when you do everything right and it still goes wrong",
    "it sucks when your favorite show gets cancelled after one season",
    "the commute sucks when you live out in the suburbs",
    "it sucked when you had to wait in line for three hours just to vote",
    "losing a pet sucks, it really sucks when you had them for 15 years",
    "getting old sucks when your knees start making noises",
    "it sucks when your team loses on a last second shot",
    "this heat sucks when you don't have AC",
]
SUCKS_WHEN_AIMED = [
    "it sucks to be you right now lol",
    "it sucks that you think you're smart",
    "you suck when you try to sound clever",
    "your argument sucks because you have no evidence, idiot",
    "it sucks when you clowns take over a thread",
    "it sucks when you keep running your stupid mouth",
    "it sucks when you dumb trolls show up, get lost",
    "your band sucks when you play live",
    "the ref sucks when you think about it",
    "it sucks when you are this stupid",
    "it sucks because you are a pathetic liar",
    "that sucks when you're a total moron like him",
    "it sucks when you idiots vote",
    "you sucked when you were on the team too",
    "it sucks when you worthless morons open your mouths",
    "everything sucks when you losers are around",
    "this forum sucks since you showed up, moron",
    "it sucks when you garbage people breed",
    "life sucks when you're as ugly as you",
    "it sucks when you brainless sheep believe anything",
]
# Written after the first lists were scored and before the code of the guards they called for:
# someone named after "you" ("you clowns"), taunts, and more complaints. At 7e04fe1 all 20 of each
# read 0.5 or more.
SUCKS_WHEN_TAUNTING = [
    "it sucks when you lose an argument, doesn't it?",
    "sucks when you get proven wrong, huh?",
    "it sucks when your side loses, doesn't it",
    "it sucks when you can't answer a simple question, right?",
    "it sucks when your lies get exposed, eh?",
    "it sucks when you realize nobody agrees with you, doesn't it?",
    "it sucks when your team gets destroyed, huh",
    "it sucks when you get ratioed, don't you think?",
    "that sucks when you have no facts to back it up, doesn't it?",
    "it sucks when you're wrong again, isn't it?",
    "sucks when you get caught lying, huh?",
    "it sucks when your hero turns out to be a fraud, doesn't it?",
    "it sucks when you run out of talking points, right?",
    "it really sucks when you get called out, huh?",
    "it sucks when you can't win on the facts doesn't it?",
    "it sucks when u get owned huh",
    "it sucks when your candidate loses, right? cry more",
    "it sucks when you have to face reality, doesn't it?",
    "it sucks when you get banned, huh? good riddance",
    "it sucks when your whole argument falls apart, eh?",
]
SUCKS_WHEN_NAMING = [
    "it sucks when you fools get to vote",
    "it sucks when you losers show up in every thread",
    "everything sucks when you people are in charge",
    "it sucks when you stupid kids scream in the library",
    "it sucks when you guys pretend to be experts",
    "that sucks when you lot whine all day",
    "it sucks because you trolls never stop",
    "it sucks when you useless mods delete everything",
    "it sucks when you two clowns argue here",
    "it sucks when you dumbasses get a microphone",
    "life sucks when you cowards hide behind anonymous accounts",
    "it sucks when you hypocrites lecture us",
    "it sucks when you all act like sheep",
    "it sucks when you pathetic boomers comment",
    "it sucks when you snowflakes cry about everything",
    "it sucks when you brainwashed cultists post",
    "it sucks when you worthless politicians talk",
    "it sucks when u idiots spam the chat",
    "it sucks when you keyboard warriors show up",
    "it sucks when you nerds ruin the game for everyone",
]
SUCKS_WHEN_ANYONE_MORE = [
    "it sucks when you get a paper cut on your finger",
    "it sucks when you lose your voice before a big presentation",
    "winter sucks when you live somewhere without snow tires",
    "it sucks when your plans fall through last minute",
    "it sucks when you forget your lunch at home",
    "that sucks when you were counting on that bonus",
    "it sucks when you get stuck in traffic on a friday",
    "it sucks when you can't find a parking spot anywhere",
    "hangovers suck when you're over 30",
    "it sucks when your headphones die halfway through a flight",
    "it sucks if you don't have a car in this city",
    "it sucks when you finally get comfy and then have to pee",
    "it sucks when your friends move away",
    "it sucks when you have a cold and can't taste anything",
    "cleaning sucks when you have two dogs",
    "it sucks when you spill coffee on a white shirt",
    "it sucks because you never know if the bus is coming",
    "it sucks when you get home and realize you forgot the milk",
    "mornings suck when you didn't sleep well",
    "it sucks when your favorite restaurant closes down",
]


def test_sucks_when_you_reads_below_hostile_when_anyones_and_above_when_aimed(engine_fp32):
    anyones = SUCKS_WHEN_ANYONE + SUCKS_WHEN_ANYONE_MORE
    aimed = SUCKS_WHEN_AIMED + SUCKS_WHEN_NAMING + SUCKS_WHEN_TAUNTING
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(anyones + aimed)])
    anyone = {t: s.toxicity for t, s in zip(anyones, scores)}
    at = {t: s.toxicity for t, s in zip(aimed, scores[len(anyones):])}
    # measured: 1 of 40 at 0.5 or more ("...and then have to pee" 0.51); 39 of 40 before the reading
    assert sum(v >= HOSTILE for v in anyone.values()) <= 2, {t: v for t, v in anyone.items() if v >= HOSTILE}
    # measured: 59 of 60 ("you keyboard warriors" 0.44: no plural right after "you"); without the
    # guards 19, 11 and 2 of each 20
    assert sum(v >= HOSTILE for v in at.values()) >= 58, {t: v for t, v in at.items() if v < HOSTILE}


def test_sucks_said_of_things_reads_below_hostile_and_of_people_above(engine_fp32):
    texts = SUCKS_OF_THINGS + SUCKS_AIMED
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    things = {t: s.toxicity for t, s in zip(SUCKS_OF_THINGS, scores)}
    aimed = np.array([s.toxicity for s in scores[len(SUCKS_OF_THINGS):]])
    read = [t for t in SUCKS_OF_THINGS if has_unaimed_swearing(t)]
    # measured: 19 (14 before the things of scoring/things.py: "mondays suck", "the wifi here sucks",
    # "ugh, this heat sucks"; 17 before where or when a thing is: "winter in this city sucks"; 18
    # before "it really sucks when your code works locally"); "the battery life on this phone sucks"
    # is left: "battery life" is not on the list
    assert len(read) >= 19, read
    assert all(things[t] < HOSTILE for t in read), {t: things[t] for t in read}
    assert (aimed >= HOSTILE).all(), aimed


def test_a_thread_of_sympathy_is_not_a_hostile_one(engine_fp32):
    post = Post(id="p", author_id="owner", text="Our dog Max passed away this morning. 14 good years.")
    replies = ["oh no, that really sucks. so sorry", "losing a pet sucks, hugs to you all",
               "It sucks. He was a good boy.", "that sucks, sorry you're going through it"]
    thread = Thread(id="t", post=post, comments=[Comment(id=f"c{i}", author_id=f"u{i}", text=t)
                                                 for i, t in enumerate(replies)])
    scored, = engine_fp32.score_threads([thread])
    assert all(c.toxicity < HOSTILE for c in scored.comments), [c.toxicity for c in scored.comments]
    assert not any("hostile" in r for r in scored.reasons), scored.reasons
