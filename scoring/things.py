"""Everyday things that are never people, and insults said of them: "stupid printer jammed again".

Why: people vent at their printer, their phone, the weather and mondays in the words they would
use for a person, and the heads read the words, not what they are said of: "stupid printer jammed
again, third time today" read toxicity 0.98, "my stupid phone died at 40% again" 0.96, "mondays
suck, can't wait for friday" 0.92, "I hate this weather" 0.55, so a thread of people venting about
their morning could read as a hostile one. The readings of "sucks" (scoring/swearing.py) and of
hating (scoring/dislike.py) left such nouns as written, because hating or calling someone "stupid"
is hostile and no rule on the sentence tells "the ref" from "the wifi".

A closed list does: `THING` names devices, appliances and software, outages, queues and online
nuisances, weather and seasons, days and chores, transport and ailments: what people use and vent
at like a printer. Nothing that can be a person or a group ("server", "company", "government",
a team's name like "Thunder"), and no work made to be judged, where an insult reaches its maker
("game", "article", "show"): such criticism stays as written. A thing followed by a word that
makes it people ("phone addicts", "bus driver", "app developers") is not a thing. The swearing
and dislike readings take `THING_PHRASE` as the subject of "sucks" and the object of "hate";
`without_insulted_things` reads an insult word standing before a thing ("this stupid printer", "my
useless router", "piece of junk laptop") without the insult, in a clause that does not say "you"
("your stupid phone" may mock its owner). The engine reads such a comment's hostility as it reads
swearing aimed at no one (scoring/tone.py). English only.
"""

from __future__ import annotations

import re

from scoring.clauses import read_unaddressed_clauses

# Singular and plural forms. Kept to words that name a thing in everyday use: "cold" and "heat"
# are the weather or an ailment, never a person; "server", "monitor", "mac" and "pc" can be, and
# so can a team's or an agency's name ("Thunder", "Storm", "Fever", "ICE", "AC Milan"): not listed.
_THINGS = (
    # devices and software
    r"printers?|phones?|iphones?|smartphones?|laptops?|computers?|tablets?|ipads?|keyboards?|mouse|screens?"
    r"|routers?|modems?|wifi|wi-fi|internet|connection|signal|batter(?:y|ies)|chargers?|cables?|apps?"
    r"|websites?|software|updates?|autocorrect|spell\s?check|alarms?|alarm\s+clocks?|microwaves?|fridges?"
    r"|dishwashers?|washing\s+machines?|vending\s+machines?|elevators?|remotes?|tv|browsers?|emails?"
    r"|inbox|passwords?|captchas?|login|headphones|earbuds|printer\s+ink|bluetooth|gps|sat\s?nav"
    # appliances, outages, queues and online nuisances
    r"|toasters?|ovens?|stoves?|kettles?|coffee\s+(?:machines?|makers?)|vacuums?|dryers?|heaters?|thermostats?"
    r"|air\s+con(?:ditioning|ditioners?)?|lawn\s?mowers?|power\s+(?:outages?|cuts?)|outages?|blackouts?"
    r"|self[\s-]checkouts?|queues?|ads|adverts|pop-?ups|paywalls?|spam|robocalls?|notifications?|voicemails?"
    # weather and seasons
    r"|weather|rain|snow|sleet|hail|wind|heat|humidity|cold|fog|heatwaves?|winters?|summers?"
    r"|(?:thunder|snow|rain)storms?|storms|drizzle|pollen|smog"
    # days, chores and paperwork
    r"|mondays?|mornings|early\s+mornings|daylight\s+savings?(?:\s+time)?|jet\s?lag|deadlines?"
    r"|tax\s+season|taxes|paperwork|homework|exams?|finals|meetings|chores|laundry|dishes"
    # transport
    r"|commutes?|traffic|rush\s+hour|parking|cars?|bus|buses|trains?|subway|flights?|airports?|potholes"
    r"|roads|tires|tyres|delays?|layovers?|turbulence|roadworks|construction|detours?|tolls?|speed\s+bumps"
    # ailments and pests
    r"|hangovers?|headaches?|migraines?|allerg(?:y|ies)|hay\s+fever|cramps|insomnia|flu|colds"
    r"|toothaches?|back\s+pain|sunburns?|sore\s+throats?|mosquito\s+bites"
    r"|mosquito(?:e?s)?|wasps"
)
# Words that make the thing before them people: "phone addicts", "bus driver", "app developers".
_PEOPLE_AFTER = (
    r"(?:people|persons?|guys?|gu?rls?|girls?|boys?|m[ae]n|wom[ae]n|folks?|users?|addicts?|drivers?"
    r"|conductors?|nerds?|geeks?|devs?|developers?|designers?|makers?|owners?|fans?|salesm[ae]n|sellers?"
    r"|kids?|companies|company|staff|crew|team|support|reps?|agents?|workers?|attendants?|operators?"
    r"|techs?|technicians?|mechanics?|cops?|police|wardens?|inspectors?|providers?"
    r"|person|lady|ladies|dudes?|bros?|snobs?|trolls?|idiots?|morons?|clowns?|warriors?|thie(?:f|ves)"
    r"|zombies?|scammers?|dealers?|repairm[ae]n|junkies?|freaks?)"
)
# Nor the first half of a compound ("phone-addicted", "car-crash"): the word it makes may be a person.
THING = rf"(?:{_THINGS})\b(?!['’]s\b|-)(?!\s+{_PEOPLE_AFTER}\b)"
# What may stand before the thing: "the new update", "my old laptop", "this weather".
_DETERMINER = r"(?:(?:the|this|that|these|those|my|our|his|her|their)\s+)?"
_PLAIN_ADJECTIVES = r"(?:(?:new|old|latest|whole|work|home|office|morning|daily|damn|freaking|bloody)\s+)?"
# Insult words that stand before a thing; read as nothing there ("shit" and "crap" not after "holy"
# or "oh": those are exclamations, scoring/swearing.py).
INSULTS = (
    r"stupid|dumb|idiotic|moronic|useless|worthless|pathetic|crappy|(?<!holy\s)(?<!oh\s)(?:crap|shit)|shitty"
    r"|garbage|trash|stupidass|dumbass|retarded|piece\s+of\s+(?:shit|crap|junk|garbage|trash)"
)
# Clauses hold no commas (scoring/clauses.py), so the words of a phrase are parted by spaces only.
_INSULTED = rf"(?:(?:{INSULTS})\s+)*"
# "the new update", "my stupid old laptop", "this weather": an insult may stand in the phrase too.
THING_PHRASE = rf"{_DETERMINER}{_INSULTED}{_PLAIN_ADJECTIVES}{THING}"
# A run of insult words is found once and what follows it tried once, so that a long run of them
# is read in one pass ("stupid stupid ... stupid" rescanned from every word took 5 s for 20,000
# characters as one pattern).
_INSULT_RUN = re.compile(rf"\b(?:{INSULTS})(?:\s+(?:{INSULTS}))*\b", re.IGNORECASE)
_BEFORE_A_THING = re.compile(rf"\s+(?={_PLAIN_ADJECTIVES}{THING})", re.IGNORECASE)
# Every insult above holds one of these, lowercased: most texts hold none and skip the reading.
_MARKS = ("stupid", "dumb", "idiot", "moron", "useless", "worthless", "pathetic", "crap", "shit", "garbage",
          "trash", "retard", "piece of")


def without_insulted_things(text: str) -> str:
    """`text` without the insult words said of a thing ("this stupid printer" -> "this printer"),
    clause by clause, in clauses that do not say "you"; otherwise `text` itself."""
    lowered = text.lower()
    if not any(mark in lowered for mark in _MARKS):
        return text
    return read_unaddressed_clauses(text, _without_insults_before_things)


def _without_insults_before_things(clause: str) -> str:
    kept, start = [], 0
    for run in _INSULT_RUN.finditer(clause):
        if space := _BEFORE_A_THING.match(clause, run.end()):
            kept.append(clause[start : run.start()])
            start = space.end()
    return "".join(kept) + clause[start:] if kept else clause
