"""Venting at things that are never people ("stupid printer jammed again", "mondays suck", "I hate
this weather") read in plain words (scoring/things.py, with scoring/swearing.py and
scoring/dislike.py); the same words at people stay hostile."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.dislike import without_hating_situations
from scoring.swearing import UNAIMED_SHARE, without_unaimed_swearing
from scoring.thread_scores import HOSTILE, SCORE_DEFINITIONS
from scoring.things import without_insulted_things
from scoring.threads import Comment, LooseComment, Post, Thread
from scoring.tone import reads_hostility_apart

# Written by hand on 2026-12-07 before the reading and before any score on them was read, with
# the reading in mind: they guided it. The engine before the reading put 17 of the first list at
# toxicity 0.5 or more, 20 of the second; after it 0 and 20.
VENTING_GUIDE = [
    "stupid printer jammed again, third time today",
    "I hate mondays so much",
    "mondays suck, can't wait for friday",
    "this dumb app logs me out every time I switch tabs",
    "I hate this weather, it's been raining for a week straight",
    "the wifi here sucks, can barely load a page",
    "my stupid phone died at 40% again",
    "I hate traffic on the bridge in the mornings",
    "Winter sucks. I miss sunshine.",
    "ugh this useless router keeps dropping the connection",
    "I hate my commute, an hour each way",
    "the new update sucks, battery drains twice as fast",
    "Dumb autocorrect changed 'meeting' to 'melting' in an email to my boss",
    "I hate homework on weekends",
    "My laptop sucks, it takes five minutes to boot",
    "stupid alarm didn't go off and I missed the bus",
    "I hate the heat in this city in August",
    "Hangovers suck, never drinking again",
    "this crappy keyboard keeps double typing letters",
    "I hate tax season, so much paperwork",
]
AT_PEOPLE_GUIDE = [
    "stupid people jam the printer and never fix it",
    "I hate my boss so much",
    "you suck, can't wait for you to leave",
    "this dumb moderator logs everyone out for fun",
    "I hate these politicians, they've been lying for a week straight",
    "the admins here suck, can barely post anything",
    "my stupid brother broke my phone again",
    "I hate drivers who can't merge on the bridge",
    "Referees suck. They ruined the game.",
    "ugh this useless idiot keeps dropping the ball",
    "the wifi sucks almost as much as the morons who run this cafe",
    "stupid printer, stupid office, and the stupidest boss on earth",
    "I hate this weather and I hate the idiots who can't drive in it",
    "my phone is dumb but not as dumb as you",
    "this useless app was built by useless clowns",
    "the update sucks and whoever approved it should be fired, what a moron",
    "my laptop sucks less than your brain",
    "traffic sucks because of brainless drivers like that jerk in the BMW",
    "Dumb landlord changed the locks without telling anyone",
    "My roommate sucks, he never cleans anything",
]
# Written by hand on 2026-12-07 after the reading and before any score on them was read: they
# decided it (rule set before: at least 8 fewer of the first at 0.5 or more and at most half left,
# at most 1 fewer of the second). Before the reading 16 and 19; after it 4 and 19. The 4 left named
# things outside the list ("power outages", "self checkout", "toaster", "thunderstorms"); the list
# grew later the same day and took them (0 and 19 since), so this pair no longer measures the list.
VENTING = [
    "this stupid microwave beeps five times and there's no way to turn it off",
    "I hate daylight saving time, my whole week is off",
    "rain sucks, my shoes are soaked",
    "ugh my dumb earbuds only work in one ear now",
    "I hate the bus in winter, always late and freezing",
    "my car sucks, the AC died in July",
    "stupid parking meter only takes coins",
    "I hate captchas, I can never find all the traffic lights",
    "migraines suck, I've been in a dark room all day",
    "this shitty wifi dropped me three times in one meeting",
    "I hate snow, shoveling the driveway at 6am is no fun",
    "the elevator here sucks, it stops on every floor",
    "my garbage laptop froze and I lost two hours of work",
    "I hate my alarm clock, it sounds like a fire drill",
    "power outages suck, lost everything in the freezer",
    "stupid self checkout says unexpected item in bagging area every time",
    "I hate humidity, my hair is a disaster",
    "the subway sucks on weekends, trains every 20 minutes",
    "this dumb toaster burns one side only",
    "I hate thunderstorms, the dog hides under the bed all night",
]
AT_PEOPLE = [
    "this stupid neighbor of mine beeps his horn at 6am",
    "I hate my landlord, he never fixes anything",
    "cashiers suck at this store, rude every time",
    "ugh my dumb coworker replied all again",
    "I hate the bus driver on route 9, rude to everyone",
    "my ex sucks, kept the car and the dog",
    "useless cops didn't even take a report",
    "I hate tourists, they block the whole sidewalk",
    "teachers like her suck the joy out of learning",
    "this shitty company laid off half of us by email",
    "I hate snowflakes who cry about everything",
    "the mods here suck, they delete everything",
    "my garbage roommate ate my leftovers again",
    "I hate my alarm clock almost as much as I hate my idiot boss",
    "the weather sucks and so does the moron who forecast sunshine",
    "stupid tech support guy hung up on me",
    "I hate politicians who talk about the weather instead of doing anything",
    "the subway sucks because of the clowns running the transit authority",
    "this dumb reporter can't even get the weather right",
    "stupid drivers in this rain, learn to use your lights",
]

# Written by hand on 2026-12-07 after the list grew (appliances, outages, storms, queues and online
# nuisances, travel delays, more ailments) and before any score on them was read: they decided it
# (rule set before: at least 4 fewer of the first at 0.5 or more, at most 1 fewer of the second).
# Before 16 and 19; after 6 and 19. The 6 left named things still outside the list ("pop-up ads",
# "blender", "smoke alarm", "umbrella", "slow elevators") or said "you"; since "sucks when you" is
# read (scoring/swearing.py), "snowstorms suck when you have to drive to work" is not left: 5.
VENTING_MORE_THINGS = [
    "this stupid kettle takes ten minutes to boil",
    "I hate pop-up ads that cover the whole screen",
    "the dumb thermostat reset itself to 60 overnight",
    "snowstorms suck when you have to drive to work",
    "my useless vacuum just pushes the dirt around",
    "I hate layovers, 6 hours in Denver",
    "stupid paywall, I just wanted to read one article",
    "the dryer sucks, clothes still damp after two cycles",
    "I hate pollen season, can't stop sneezing",
    "this crappy blender leaks every time",
    "roadworks on the A1 suck, added 40 minutes",
    "I hate robocalls, five today already",
    "my stupid car battery died in the cold",
    "sunburns suck, can't even wear a shirt",
    "the stupid smoke alarm goes off every time I make toast",
    "I hate queues at the post office",
    "ugh the turbulence on this flight sucks",
    "this garbage umbrella flipped inside out",
    "I hate slow elevators in tall buildings",
    "stupid spam emails, how do they get my address",
]
AT_PEOPLE_MORE_THINGS = [
    "this stupid barista takes ten minutes to make a coffee",
    "I hate influencers who cover the whole screen with ads",
    "the dumb landlord reset the heating to 60 overnight",
    "tourists suck when you have to drive to work",
    "my useless cleaner just pushes the dirt around",
    "I hate airline staff, 6 hours of lies in Denver",
    "stupid editors, putting everything behind a paywall",
    "the repair guy sucks, the dryer still doesn't work",
    "I hate my neighbours, they never stop complaining",
    "this crappy plumber left the sink leaking",
    "the road crews suck, they added 40 minutes to everyone's commute",
    "I hate telemarketers, five calls today already",
    "my stupid brother drained my car battery",
    "lifeguards suck, none of them even noticed",
    "the stupid kid next door sets off our alarm every night",
    "I hate the clerks at the post office, so rude",
    "ugh the pilot on this flight sucks",
    "this garbage salesman sold me a broken umbrella",
    "I hate people who hold the elevator for their friends",
    "stupid spammers, I hope they all get caught",
]


# "sucks" said of a thing with where or when it is between them ("winter in this city sucks").
# Written by hand on 2026-12-07 before that reading and before any score on them was read, with the
# reading in mind: they guided it. The engine before the reading put 20 of the first list at
# toxicity 0.5 or more, 20 of the second; after it 0 and 20.
SUCKS_WITH_PLACE_GUIDE = [
    "winter in this city sucks, it's dark by 4pm",
    "the wifi at my office sucks today",
    "the battery on this phone sucks, dead by lunch",
    "traffic in LA sucks so much",
    "the weather up north sucks this time of year",
    "the heat in this apartment sucks, no AC",
    "mornings after a night shift suck",
    "the parking at the mall sucks on weekends",
    "the internet in my hometown sucks",
    "the buses around here suck, always late",
    "the commute from the suburbs sucks",
    "ugh the humidity in florida sucks",
    "the laptop from work sucks, so slow",
    "rain on a saturday sucks",
    "the app on android sucks compared to ios",
    "mondays after a long weekend suck",
    "the traffic on the bridge really sucks today",
    "the signal in this building sucks",
    "homework over the holidays sucks",
    "the subway in summer sucks, it's an oven down there",
]
PEOPLE_WITH_PLACE_GUIDE = [
    "the ref in this match sucks",
    "the people on this bus suck",
    "the driver of this bus sucks, nearly killed us",
    "the guy at the front desk sucks",
    "the coach of this team sucks",
    "the staff at this airport suck",
    "the mods on this sub suck",
    "the idiots in this thread suck",
    "the owner of this car sucks at parking",
    "the kids on my street suck",
    "the traffic in this city sucks and so do the morons who drive in it",
    "the wifi here sucks almost as much as the clowns who run this place",
    "the teacher of this class sucks",
    "the neighbours across the road suck",
    "the players on this team suck",
    "the manager at my office sucks",
    "the landlord of this apartment sucks",
    "the weather sucks and the moron who forecast sun sucks more",
    "the cops in this town suck",
    "the cashier at this store sucks",
]
# Written by hand on 2026-12-07 after that reading and before any score on them was read: they
# decided it (rule set before any code: at least 8 fewer of the first at 0.5 or more and at most
# half left, at most 1 fewer of the second). Before the reading 18 and 20; after it 3 and 20. The
# 3 left put four words or more between the thing and "sucks" ("traffic around the stadium on game
# day sucks", "Finals at the end of december suck", "the wind down by the lake sucks").
SUCKS_WITH_PLACE = [
    "the printer on the third floor sucks, jammed twice already",
    "summer in texas sucks, 105 every day",
    "the connection at this hotel really sucks",
    "traffic around the stadium on game day sucks",
    "the snow up here sucks, shoveled three times this week",
    "my phone in cold weather sucks, battery just dies",
    "the trains during the strike sucked",
    "the airport in frankfurt sucks, took an hour to get through security",
    "parking near the hospital sucks, had to circle for 20 min",
    "Finals at the end of december suck",
    "honestly the wind down by the lake sucks in february",
    "the email at work sucks since they switched providers",
    "flights out of newark always suck",
    "the heat during the night sucks, can't sleep",
    "cramps on the first day suck so bad",
    "the potholes on my street suck, lost a hubcap",
    "the roads after the storm suck",
    "the fog in the morning sucks for driving",
    "ugh, the humidity at the beach sucks today",
    "the tv at my parents' place sucks, no streaming",
]
PEOPLE_WITH_PLACE = [
    "the mods in this subreddit suck",
    "the refs at this tournament suck",
    "the nurses at the hospital sucked, never came when we called",
    "the man at the airport check-in sucked",
    "the people in texas suck",
    "the politicians in this state suck",
    "the fans at the stadium suck, booing their own team",
    "the staff on the train sucked",
    "the drivers around the stadium suck",
    "the guys in my office suck",
    "the printer at work sucks and so does the idiot in IT who set it up",
    "the traffic sucks but the morons on the road suck more",
    "the wifi at this hotel sucks and the clowns at the front desk are useless",
    "the kids at my school suck",
    "the cops near the border suck",
    "the teachers at this school suck",
    "the players in this league suck",
    "the neighbours upstairs suck, loud every night",
    "the women in my family suck",
    "the pilots on that flight sucked, worst landing ever",
]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("stupid printer jammed again", "printer jammed again"),
        ("my stupid old laptop froze", "my old laptop froze"),
        ("this piece of junk phone", "this phone"),
        ("Dumb, useless wifi", "Dumb, wifi"),  # clause by clause: "Dumb" stands alone in its clause
        ("this useless, stupid router", "this useless, router"),
        ("crappy weather again", "weather again"),
        ("STUPID ALARM", "ALARM"),
        ("this dumb toaster burns one side", "this toaster burns one side"),
        ("stupid self-checkout again", "self-checkout again"),
        ("useless coffee machine", "coffee machine"),
    ],
)
def test_insult_words_before_a_thing_are_read_without_them(text, read):
    assert without_insulted_things(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("mondays suck", "mondays are bad"),
        ("the wifi here sucks", "the wifi here is bad"),
        ("ugh this heat sucks today", "ugh this heat is bad today"),
        ("my stupid phone sucks", "my stupid phone is bad"),
        ("Hangovers suck, never again", "Hangovers are bad, never again"),
        ("power outages suck", "power outages are bad"),
        # where or when the thing is, in at most three words
        ("winter in this city sucks", "winter in this city is bad"),
        ("the wifi at my office sucks today", "the wifi at my office is bad today"),
        ("rain on a saturday sucks", "rain on a saturday is bad"),
        ("the buses around here suck", "the buses around here are bad"),
        ("flights out of newark always suck", "flights out of newark always are bad"),
    ],
)
def test_sucks_said_of_a_thing_that_opens_the_clause_is_read_as_bad(text, read):
    assert without_unaimed_swearing(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("I hate mondays", "I dislike mondays"),
        ("I really hate this weather", "I really dislike this weather"),
        ("we hate the new update", "we dislike the new update"),
        ("I hate my stupid printer", "I dislike my stupid printer"),
        ("I hate thunderstorms", "I dislike thunderstorms"),
    ],
)
def test_hating_a_thing_reads_as_disliking_it(text, read):
    assert without_hating_situations(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "stupid people jam the printer",  # people
        "stupid phone addicts everywhere",  # a thing that makes people
        "my stupid phone-addicted brother",  # the first half of a compound
        "those stupid car thieves",
        "that dumb bus driver",
        "your stupid phone",  # "you" in the clause: it may mock its owner
        "holy shit traffic is bad",  # an exclamation, read by scoring/swearing.py
        "this stupid game",  # what people make is criticism, not a thing on the list
        "stupid office politics",
        "dumb landlord",
        "stupid snowflakes",  # a word that only begins with a thing
        "the stupidest printer",  # a superlative is not on the list of insults
        "The council met on Tuesday.",
        "",
    ],
)
def test_insults_of_people_and_of_what_people_make_are_left(text):
    assert without_insulted_things(text) == text


@pytest.mark.parametrize(
    "text",
    ["the people on this bus suck", "the bus driver sucks", "the app developers suck", "your phone sucks",
     "the wifi in this cafe and the staff suck",  # a second subject
     "the car that my brother bought sucks",  # a clause of its own between
     "the bus driver in this town sucks", "the traffic cops around here suck",
     "the Thunder suck", "the Storm sucks",  # teams (Oklahoma City, Seattle): not on the list
     "the construction workers suck", "I hate the ad people",
     "I hate the bus driver", "I hate phone addicts", "I hate you and your car", "he hates mondays"],
)
def test_things_that_are_people_or_said_to_you_are_not_read(text):
    assert without_unaimed_swearing(without_hating_situations(text)) == text


PIECES = ["stupid", "dumb", "useless", "printer", "phone", "the", "my", "you", "people", "driver", "new", "sucks",
          "hate", "I", "weather", ",", ".", "\n", "holy", "shit", "piece", "of", "junk"]
INSULT_WORDS = {"stupid", "dumb", "useless", "shit", "piece", "of", "junk"}


@given(st.lists(st.sampled_from(PIECES), max_size=16).map(" ".join))
def test_only_insult_words_go_and_only_in_clauses_without_you(text):
    read = without_insulted_things(text)
    for clause, read_clause in zip(re.split(r"[,.;:!?\n]", text), re.split(r"[,.;:!?\n]", read)):
        if re.search(r"\byou\b", clause):
            assert read_clause == clause
        words, kept = clause.split(), read_clause.split()
        # what is kept is the clause's words in order, less some insult words
        it = iter(words)
        assert all(any(w == k for w in it) for k in kept), (clause, read_clause)
        assert set(words) - set(kept) <= INSULT_WORDS, (clause, read_clause)


def test_venting_at_things_reads_below_hostile_and_the_same_words_at_people_above(engine_fp32):
    for venting, at_people, most_left, fewest_kept in [(VENTING, AT_PEOPLE, 0, 19),
                                                       (VENTING_MORE_THINGS, AT_PEOPLE_MORE_THINGS, 5, 19),
                                                       (VENTING_GUIDE, AT_PEOPLE_GUIDE, 0, 20),
                                                       (SUCKS_WITH_PLACE, PEOPLE_WITH_PLACE, 3, 20),
                                                       (SUCKS_WITH_PLACE_GUIDE, PEOPLE_WITH_PLACE_GUIDE, 0, 20)]:
        texts = venting + at_people
        scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
        vented = np.array([s.toxicity for s in scores[: len(venting)]])
        hostile = np.array([s.toxicity for s in scores[len(venting):]])
        assert (vented >= HOSTILE).sum() <= most_left, dict(zip(venting, vented))
        assert (hostile >= HOSTILE).sum() >= fewest_kept, dict(zip(at_people, hostile))
    # The words still count for something: at least the share that swearing aimed at no one keeps.
    read = [t for t in VENTING if reads_hostility_apart(t)]
    assert len(read) == 20, read
    whole = engine_fp32.text_model.encode(read)
    scores = engine_fp32.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(read)])
    for score, out in zip(scores, whole):
        assert score.toxicity >= UNAIMED_SHARE * out.heads["toxicity"] - 1e-6


def test_a_thread_of_people_venting_about_their_morning_is_not_a_hostile_one(engine_fp32):
    post = Post(id="p", author_id="op", text="How's everyone's Monday going?")
    replies = ["stupid alarm didn't go off, missed my train",
               "mondays suck, the coffee machine at work is broken too",
               "I hate this weather, got soaked on the way in",
               "my useless phone died at 9am",
               "you're all whiny idiots, get a grip"]
    thread = Thread(id="t", post=post, comments=[Comment(id=f"c{i}", author_id=f"u{i}", text=t)
                                                 for i, t in enumerate(replies)])
    scored, = engine_fp32.score_threads([thread])
    toxicity = [c.toxicity for c in scored.comments]
    assert all(t < HOSTILE for t in toxicity[:4]), toxicity
    assert toxicity[4] >= HOSTILE, toxicity
    assert "1 reply is hostile." in scored.reasons, scored.reasons


def test_the_score_definitions_say_venting_at_things_is_read_apart():
    assert "venting at things that are never people" in SCORE_DEFINITIONS["comment.toxicity"]
