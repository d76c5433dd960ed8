"""Insults of people for who they are, read off the page: "Muslims are terrorists", "immigrants
are parasites", "women are too stupid to vote".

Why literal: the heads learned toxicity from C3 news comments, whose raters read a rude word more
readily than a slur on a group said in plain words. They read "disabled people are a burden on
society" at toxicity 0.06, "refugees are nothing but criminals and freeloaders" 0.11 and "Muslims
are all terrorists, every last one of them" 0.34: 10 of 20 such posts written by hand reached 0.5.
Reading the group as "you" does not help ("you are a burden on society" 0.09): the heads do not
know these words as insults. A moderator removes such a post on sight, and a scorer that replaces
Perspective is expected to flag it (its IDENTITY_ATTACK attribute). The hostile form is fixed: a
group of people, a copula, and a word that makes them vermin, criminals, filth or fools, so a
pattern finds it, and the engine reads such a comment as toxic (`GROUP_INSULT_TOXICITY`) with a
warning that quotes the phrase.

What counts as a group: a religion, a people or a nation, a gender or a sexuality, immigrants and
refugees, a political camp ("liberals are traitors" is as hostile to its readers), and "<word>
people" ("gay people", "old people", "these people"), never people at large ("some people are
idiots") nor animals or things ("ticks are parasites"). Not read as an insult: a denial ("not all
Muslims are terrorists", "immigrants are no more criminals than anyone"), a report or a rebuttal
("he said Mexicans are rapists", "saying Gypsies are thieves is racism", "you think refugees are
criminals?"), a question, and a statement about what is done to the group ("refugees are victims of
criminals", "women are called lazy"). A likeness counts as the word ("immigrants are like rats"; not
"migrants are packed like animals", how they are treated). The same insult said of one member
standing for them all is read too ("every Muslim is a terrorist", "the average woman is too stupid
to vote"), and two tropes that need no insulting word: vermin that invade ("illegals are invading
our country", "Muslims are infesting Europe"; not a people whose army invades in the news, "the
Russians are invading our country" is a war) and a place fit for animals or servants ("women belong
in the kitchen", "blacks belong in chains", "Arabs belong in the desert").

Stereotypes that need no insulting word are read as well: a group fit only for a task ("women are
only good for cooking"), too weak of mind for one ("women are too emotional to lead"; not "too
afraid" nor "too poor", said in a group's defence), not to be trusted ("Muslims can't be trusted",
"every Jew is not to be trusted"), unable ("Asians can't drive.", only where the sentence ends on
it: "blind people can't drive, so they need better transit" is a fact), or to be kept in their place
("women need to know their place"). So is hate said without one: the writer's own ("I can't stand
women.", "I despise immigrants"; not "hate", which the heads read), what the group does to the
writer ("Muslims make me sick"), a worth, a right or a life denied ("women are not worth anything",
"gay people shouldn't exist", "Muslim lives don't matter.", "no Jew deserves to live") and a world
better without them. English only; a slur said without a copula ("ok groomer") or another stereotype
("women are naturally worse at science") is left to the heads.

Calls for violence against such a group ("Muslims should be exterminated", "kill all the Jews",
"death to immigrants", "the only good immigrant is a dead immigrant", "we need to get rid of all the
immigrants") are read the same way (`group_violence_phrase`), with the same exceptions: the heads
read "disabled people should be put down at birth" at 0.10, and threats.py reads only threats at a
person. The engine reads them as it reads threats (`THREAT_TOXICITY`).

Telling people to leave the country ("go back to where you came from", "go back to your own
country", "send them all back where they came from", "get out of our country", "go back to Africa",
"go back to the jungle where you belong") or that they are not wanted there ("your kind isn't
welcome here", "you people don't belong in this country"), and deporting people for their faith or
people ("deport all Muslims", "gays should be deported"; not "illegals should be deported", a policy
debate), is read as an insult of a group (`exclusion_phrase`), though it names none: the heads read
all of these at 0.05-0.30 (1 of 30 hand-written ones reached 0.5; 2 of 20 that name the place). Only
the demand counts: an imperative, one after a condition ("if you hate it here go back to your
country"), a "you should", "they need to", "why don't you" (a question too, when it ends at the
place: "why don't you go back to your own country?"), "send them back"; not a return told as news
("she went back to her country"), a return with a purpose, a time or its paperwork ("once it is
safe", "to fight", "and apply for a new visa"), a suggestion ("why don't you go back to your country
for the holidays?"), a condition's own return ("if you ever go back to your country, ..."), nor
directions ("if you get lost, go back to where you came from"). A named country or continent is also
where travellers go back to, so it is read only when the sentence ends there ("go back to Mexico!",
"go back to Africa, monkey"; not "go back to Mexico next summer"), after the clause's punctuation,
"you should" or "why don't you" (not "... and then go back to China"), and only for the places the
demand names (not Italy or Japan). "Go back to Mexico!" said as advice is read as the demand.
"""

from __future__ import annotations

import re

from scoring.threats import HARMED

# A combined reading of toxicity 1 - (1 - model) x (1 - this): at least this, whatever the heads say.
# As threats.py's: about a fifth of the matches on the shared data are not the writer's own view
# (MODEL_CARD.md, Known limits).
GROUP_INSULT_TOXICITY = 0.8

# Plural names of groups, lowercase (the patterns that use them ignore case).
_NOUNS = (
    # faiths
    "muslims|moslems|jews|christians|catholics|protestants|evangelicals|mormons|hindus|sikhs|buddhists|atheists"
    # peoples and nations
    "|blacks|whites|arabs|africans|asians|mexicans|latinos|latinas|hispanics|chinese|japanese|koreans"
    "|vietnamese|filipinos|indians|pakistanis|bangladeshis|afghans|iraqis|iranians|syrians|palestinians"
    "|israelis|turks|kurds|somalis|nigerians|ethiopians|haitians|jamaicans|cubans|puerto\\s+ricans"
    "|russians|ukrainians|poles|romanians|albanians|gypsies|roma|irish|brits|french|germans|italians"
    "|greeks|americans|canadians|australians|europeans|aboriginals|aborigines|slavs"
    # genders and sexualities
    "|women|men|females|males|gays|lesbians|homosexuals|bisexuals|transgenders|trannies|queers|feminists"
    # coming from elsewhere
    "|immigrants|migrants|illegals|refugees|asylum\\s+seekers|foreigners"
    # political camps and generations
    "|liberals|leftists|lefties|libtards|conservatives|republicans|democrats|socialists|communists"
    "|boomers|millennials|zoomers"
)
# "<word> people" for a group people belong to by birth, faith, body or station ("gay people",
# "old people"), not a judgement of conduct ("stupid people", "some people") nor a word that only
# precedes it ("and people", "shame people"): a closed list.
_ADJECTIVES = (
    "gay|straight|trans|transgender|queer|black|white|brown|asian|jewish|muslim|christian|catholic|hindu"
    "|arab|african|mexican|chinese|indian|latino|hispanic|native|indigenous|foreign|immigrant|old|elderly"
    "|young|fat|obese|overweight|disabled|handicapped|autistic|deaf|blind|poor|homeless|unemployed|rural"
    "|southern|northern|religious|secular|country|city|working-class|lower-class|left-wing|right-wing"
)
# A group, after up to two determiners ("all the Jews", "these immigrants").
_DETERMINERS = r"(?:(?:all|most|these|those|the|so\s+many)\s+){0,2}"
_GROUP = (
    rf"{_DETERMINERS}"
    rf"(?:{_NOUNS}|(?:these|those)\s+people|(?:{_ADJECTIVES})\s+(?:people|folks|men|women|kids)"
    rf"|people\s+of\s+colou?r|trans\s+(?:women|men|people))"
)
_INSULT_NOUN = (
    "animals|beasts|savages|barbarians|vermin|rats|cockroaches|roaches|parasites|leeches|pests|scum"
    "|filth|trash|garbage|rubbish|subhumans|invaders|terrorists|criminals|crooks|rapists|thugs"
    "|pedophiles|paedophiles|pedos|groomers|perverts|degenerates|deviants|thieves|pickpockets"
    "|freeloaders|moochers|scammers|frauds|hypocrites|bigots|traitors|monsters|apes|monkeys|(?<!guinea\\s)pigs"
    "|(?<!lap\\s)dogs|snakes|retards"
    "|idiots|morons|imbeciles|hags|sluts|whores|slobs|losers|cowards|liars|murderers|killers|jihadists|nazis"
)
# Insults with an article, said of a group and of one member alike ("are a cancer", "is a cancer").
_INSULT_A = (
    r"a\s+(?:cancer|plague|disease|virus|blight|scourge|menace|burden|parasite|pest|curse|disgrace)"
    r"|an\s+(?:infestation|abomination)"
)
_INSULT_ADJECTIVE = (
    "filthy|dirty|disgusting|subhuman|sub-human|inferior|evil|stupid|dumb|lazy|greedy|violent|savage"
    "|primitive|backwards?|worthless|useless|vile|retarded|degenerate|inbred|brainwashed|uncivilized"
    "|smelly|ugly|mentally\\s+ill|sick\\s+in\\s+the\\s+head|not\\s+human|less\\s+than\\s+human"
)
# Words that may stand between the copula and the insult ("are all just a bunch of", "are ugly
# bitter"), but not one that denies it, compares, or makes the group the object ("are no more",
# "are less likely", "are victims of", "are called"), so "refugees are victims of criminals" is no insult.
_NOT_BETWEEN = (
    "not|never|no|none|nor|neither|hardly|less|more|rarely|seldom|often|sometimes|likely|unlikely|also"
    "|called|labeled|labelled|seen|treated|portrayed|accused|branded|considered|viewed|described"
    "|depicted|falsely|wrongly|unfairly|being|afraid|scared|victims|targets|fleeing|escaping|protected"
    "|fighting|killed|hunted|attacked|blamed|of|by|from|to|than|with|against|for|at|on|in|about|like"
    "|and|or|but|as|if"
)
_BETWEEN = rf"(?:(?:nothing\s+but|(?!(?:{_NOT_BETWEEN})\b)[a-z][a-z-]*)\s+){{0,3}}?"
# A want of mind or temper that a stereotype says keeps a group from a task ("women are too emotional
# to lead"): a closed list, for "too afraid", "too poor" or "too busy" is said in a group's defence.
_TOO = (
    "emotional|irrational|hysterical|childish|immature|incompetent|ignorant|uneducated|simple-minded"
    "|feeble-minded|weak-minded|unintelligent|unstable|weak|soft|dim|slow"
)
# What a stereotype says a group cannot do, where the sentence ends on it (with at most "lol" or one
# word after a comma): "Asians can't drive." is a stereotype, "Asians can't drive home tonight" is news
# and "blind people can't drive, obviously, so they need better transit" a fact. Distrust is read
# whatever follows ("Gypsies can't be trusted around your stuff"), but not "by" someone.
_CANNOT = (
    r"(?:can['’]?t|cannot|can\s+not)\s+(?:think\s+for\s+themselves|control\s+themselves|drive|lead|do\s+math"
    r"|be\s+reasoned\s+with)"
)
# The stereotypes said of a group and of one member alike, after "are" or "is": fit only for a task
# ("only good for cooking"; not "just good at", which is praise), too weak of mind for one; and
# distrust, after "are not to" / "is not to" or one of these.
_FIT_ONLY = r"(?:only\s+good\s+(?:for|at)|just\s+good\s+for|good\s+for\s+nothing)\b"
_TOO_WEAK = rf"(?:just\s+|simply\s+|way\s+|far\s+|much\s+)?too\s+(?:{_TOO})\b"
_DISTRUSTED = r"(?:should\s+(?:never|not)|can['’]?t|cannot|can\s+not)"
_TRUSTED = r"\s+be\s+trusted\b(?!\s+by\b)"
_PREDICATE = (
    rf"(?:are|r)\s+{_BETWEEN}(?:{_INSULT_NOUN}|{_INSULT_A}|(?:more\s+)?(?:{_INSULT_ADJECTIVE}))\b"
    # like vermin ("immigrants are like rats"), with nothing between the copula and "like" but "all" or
    # "just": "migrants are packed like animals in the trucks" tells how they are treated
    rf"|(?:are|r)\s+(?:all\s+|just\s+)?like\s+(?:{_INSULT_NOUN}|{_INSULT_A})\b"
    # stereotypes with no insulting word: fit only for a task, too weak of mind for one, not to be
    # trusted, unable, to be kept in their place
    rf"|(?:are|r)\s+(?:all\s+)?(?:{_FIT_ONLY}|{_TOO_WEAK})"
    rf"|(?:(?:are|r)\s+not\s+to|{_DISTRUSTED}){_TRUSTED}"
    rf"|{_CANNOT}(?=\s*(?:lol|lmao|,\s*[a-z]+)?[^\w\s,;:]*\s*$)"
    rf"|(?:should|must|need\s+to|needs\s+to|have\s+to|had\s+better|better)\s+(?:learn\s+to\s+)?know\s+their\s+place\b"
    rf"|should\s+be\s+seen\s+and\s+not\s+heard\b"
    # hate with no insulting word: what the group does to the writer ("Muslims make me sick"), a worth, a
    # right or a life denied ("women are not worth anything", "gay people shouldn't exist")
    rf"|(?:disgusts?|sickens?|repulses?|revolts?)\s+me\b|makes?\s+me\s+(?:sick|want\s+to\s+(?:puke|vomit|throw\s+up))\b"
    rf"|(?:are|r)\s+not\s+worth\s+(?:anything|shit|a\s+damn|the\s+air\s+they\s+breathe|saving|it)\b"
    rf"|(?:all\s+)?(?:should\s+not|shouldn['’]?t|(?:don['’]?t|dont|do\s+not)\s+deserve\s+to)\s+"
    rf"(?:exist|live|breathe|have\s+(?:any\s+)?rights|have\s+a\s+voice|be\s+allowed\s+to\s+live)\b"
    rf"|(?:don['’]?t|dont|do\s+not)\s+deserve\s+(?:any\s+)?(?:rights|respect)\b"
    # tropes that need no copula
    r"|(?:all\s+)?(?:smell|stink)\b|breed\s+like\s+(?:rats|rabbits|cockroaches|roaches|animals)\b"
    r"|control\s+(?:all\s+)?(?:the\s+)?(?:banks|media|world|money|government)\b"
    # a place fit for animals, prisoners or servants ("women belong in the kitchen"); not "... too"
    r"|(?:belong|should\s+(?:stay|be\s+kept)|needs?\s+to\s+stay)\s+(?:in|to)\s+(?:the\s+|an?\s+)?"
    r"(?:kitchen|cages?|zoos?|chains|jungle|trees|stone\s+age|dark\s+ages|middle\s+ages|gutter|ghetto"
    r"|gas\s+chambers?|ovens?|desert|caves?|(?:mud\s+)?huts|(?:cotton\s+)?fields|plantations?|sewers?"
    r"|barns?|stables?|dirt|sand)\b"
    r"(?!\s+(?:too|as\s+well|as\s+much)\b)"
)
# The group starts a word, is not the object of a preposition ("violence against women are..." is
# no claim about women) and is not a part of it ("some immigrants", "many men", "40 Haitians").
_GROUP_AT = (
    rf"(?<![\w'’-])(?<!of\s)(?<!against\s)(?<!by\s)(?<!for\s)(?<!to\s)(?<!with\s)(?<!from\s)(?<!about\s)"
    rf"(?<!like\s)(?<!than\s)(?<!on\s)(?<!at\s)(?<!some\s)(?<!many\s)(?<!several\s)(?<!few\s)(?<!certain\s)"
    rf"(?<!\d\s)({_GROUP})"
)
_INSULT = re.compile(rf"{_GROUP_AT}\s+(?:{_PREDICATE})", re.IGNORECASE)
# Vermin that invade ("illegals are invading our country", "Muslims are infesting Europe"): not
# "flooding", "taking over" nor "ruining", said of parties and in the news, nor a people whose army
# invades in the news or in history told in the present ("the Russians are invading our country"),
# or who invade as tourists in jokes ("Canadians are invading Florida again").
_ARMIES = (
    "russians|ukrainians|americans|chinese|israelis|palestinians|iranians|iraqis|turks|germans|french|brits"
    "|japanese|koreans|pakistanis|indians|canadians|australians|europeans"
)
_INVASION = re.compile(
    rf"(?!{_DETERMINERS}(?:{_ARMIES})\b){_GROUP_AT}\s+(?:are\s+|r\s+)?"
    r"(?:invading|infesting|overrunning|overtaking|swarming)\s+(?:over\s+|into\s+)?"
    r"(?:(?:our|this|my)\s+(?:own\s+)?(?:country|nation|land|continent|towns?|city|cities|neighbou?rhoods?"
    r"|streets|schools)|europe|america|britain|england|the\s+west|the\s+country)\b",
    re.IGNORECASE,
)
# Hate of a group said in the writer's own voice, with no insulting word (the same said of the group
# is in `_PREDICATE`): a feeling, where the sentence ends on the group ("I can't stand women.", "I
# despise immigrants more than anything"; not "I can't stand how immigrants are treated", nor "...
# people who despise immigrants"), and a world better without them. Not "hate": the heads read "I hate
# Jews." at 0.88 themselves, and on the shared data it is said in sarcasm as often ("You're just mad
# because I hate gays.").
_HATE_VERB = r"(?:despise|detest|loathe|can['’]?t\s+stand|cannot\s+stand|can\s+not\s+stand)"
# Where a sentence ends: punctuation other than an apostrophe or a hyphen ("I can't stand Muslims'
# food" is about food), or the text's end.
_ENDS = r"(?=\s*(?:[^\w\s'’-]|$))"
_HATED = re.compile(
    rf"\bi\s+(?:(?:really|just|fucking|honestly|truly|absolutely|seriously)\s+)?{_HATE_VERB}\s+{_GROUP}\b"
    rf"(?:\s+(?:so\s+(?:fucking\s+)?much|with\s+a\s+passion|more\s+than\s+any(?:thing|one)|lol))?{_ENDS}"
    rf"|\b(?:the|this|our)\s+(?:world|country|planet|earth|society|nation|city|town)\s+(?:would|will|['’]d)\s+be\s+"
    rf"(?:a\s+)?(?:so\s+much\s+|much\s+|far\s+|a\s+lot\s+)?better\s+(?:off\s+|place\s+)?without\s+{_GROUP}\b",
    re.IGNORECASE,
)


def _singular(name: str) -> str:
    """A plural name of the lists above in the singular ("gypsies" -> "gypsy", "women" -> "woman"); a
    mass noun ("scum") or a name without a plural ("Chinese") stays. One list to keep, not two."""
    if not name.endswith(("s", "men")):
        return name
    for plural, one in (("women", "woman"), ("men", "man"), ("thieves", "thief"), ("ies", "y"), ("ches", "ch")):
        if name.endswith(plural):
            return name[: -len(plural)] + one
    return name[:-1]


# The same insult said of one member standing for them all: "every Muslim is a terrorist", "the
# average woman is too stupid to vote". One member is named in the singular, after "every", "each
# (and every)", "any" or "the / your / an average (typical)"; between it and "is" only where they live
# ("in this town", "in Minneapolis"), whom one meets ("you meet") or one verb of a relative clause
# ("that crosses"): a longer clause can make them wrongdoers ("any immigrant who commits a crime is a
# criminal" is no insult).
_MEMBER_NOUNS = "|".join(_singular(name) for name in _NOUNS.split("|"))
_MEMBER = (
    rf"(?:{_MEMBER_NOUNS}|illegal\s+alien|(?:{_ADJECTIVES})\s+(?:person|man|woman|guy|girl|kid)"
    rf"|trans\s+(?:woman|man|person)|person\s+of\s+colou?r)"
)
_ONE_FOR_ALL = (
    rf"(?<![\w'’-])(?:every|each(?:\s+and\s+every)?|any|every\s+single|(?:the|your|ur|an?)\s+(?:average|typical))"
    rf"\s+{_MEMBER}"
    rf"(?:\s+(?:in|from|on)\s+(?:(?:this|our|my|the)\s+(?:town|city|country|area|neighbou?rhood|state|street)"
    rf"|(?-i:[A-Z])[a-z]+)"
    rf"|\s+(?:you|i|we)\s+(?:ever\s+)?(?:meet|see|know)|\s+(?:who|that)\s+[a-z]+)?"
)
_INSULT_ONE = "|".join(_singular(name) for name in _INSULT_NOUN.split("|")) + (
    rf"|{_INSULT_A}|piece\s+of\s+(?:shit|trash|garbage|filth)")
_ONE_PREDICATE = (
    rf"(?:is|['’]s)\s+{_BETWEEN}(?:(?:{_INSULT_ONE})(?![\s-]+(?:lovers?|owners?|person|fan|whisperer|expert))"
    rf"|(?:more\s+)?(?:{_INSULT_ADJECTIVE}))\b"
    rf"|(?:is|['’]s)\s+(?:{_FIT_ONLY}|{_TOO_WEAK})|(?:(?:is|['’]s)\s+not\s+to|{_DISTRUSTED}){_TRUSTED}"
)
_ONE_INSULT = re.compile(rf"{_ONE_FOR_ALL}\s+(?:{_ONE_PREDICATE})", re.IGNORECASE)
# The same hate said of their lives or of any one of them: "Muslim lives don't matter." (not "... to the
# police", a charge against the police), "no Muslim deserves to live".
_LIVES_DENIED = re.compile(
    rf"(?<![\w'’-])(?:{_MEMBER_NOUNS}|{_ADJECTIVES})\s+lives\s+(?:don['’]?t|dont|do\s+not)\s+matter\b{_ENDS}"
    rf"|\bno\s+{_MEMBER}\s+deserves\s+to\s+(?:live|exist|breathe)\b",
    re.IGNORECASE,
)

# Violence called for against a group: "Muslims should be exterminated", "gays deserve to die",
# "kill all the Jews", "death to immigrants", "we need to get rid of all the immigrants". A call opens a
# sentence or follows a cue ("we should", "just", "let's"), so "the Nazis tried to kill all the Jews"
# (history) is no call.
_HARMED = rf"(?:{HARMED}|wiped\s+out|eradicated|put\s+down)"
# What opens a call: the sentence's start or a clause's, or a cue.
_CALL_OPENER = (
    rf"(?:^\s*|[,;:]\s*"
    rf"|\b(?:let['’]?s|we\s+(?:should|must|need\s+to|have\s+to)|(?:someone|somebody)\s+(?:should|needs\s+to)|just"
    rf"|go)\s+)"
)
_VIOLENCE = re.compile(
    rf"{_GROUP_AT}\s+(?:all\s+)?(?:deserves?|ought|needs?|should|must)\s+(?:all\s+)?(?:to\s+)?"
    rf"(?:die|be\s+{_HARMED}|get\s+{_HARMED})\b"
    rf"|{_CALL_OPENER}"
    rf"(?:kill|gas|shoot|nuke|exterminate|hang|lynch|burn|slaughter|murder|massacre|bomb|round\s+up|wipe\s+out"
    rf"|eradicate|get\s+rid\s+of)\s+{_GROUP}\b"
    rf"|\bdeath\s+to\s+{_GROUP}\b",
    re.IGNORECASE,
)
# "the only good Muslim is a dead Muslim": an old call to kill, said of people, never of pests.
_ONLY_GOOD = re.compile(
    rf"\b(?:the\s+)?only\s+good\s+(?P<one>{_MEMBER})\s+is\s+a\s+dead\s+(?:(?P=one)|one)\b"
    rf"|\b(?:the\s+)?only\s+good\s+(?P<all>{_NOUNS})\s+are\s+(?:the\s+)?dead\s+(?:(?P=all)|ones)\b",
    re.IGNORECASE,
)

# Telling people to leave: the place they are sent to is where they came from, their country or where
# they belong (a country named is `_NAMED` below).
_SENT_WHO = r"(?:you|u|ya|y['’]?all|they)(?:\s+people)?"
_HOME = (
    rf"(?:where\s+{_SENT_WHO}\s+(?:came|come)\s+from"
    r"|(?:your|ur|yer|their)\s+(?:own\s+)?(?:[a-z-]+\s+)?countr(?:y|ies)\b(?!['’]s)"
    # "go back to the jungle where you belong": the place is whatever the writer says they belong to.
    rf"|(?:[a-z-]+\s+){{0,3}}?where\s+{_SENT_WHO}\s+belongs?\b(?!\s+(?:to|in|on|with|among)\b))"
)
_GO_BACK = (
    r"(?:go|get|fly|swim|sail|head|crawl|run|move|fuck\s+off|piss\s+off|bugger\s+off)\s+"
    r"(?:right\s+|straight\s+)?(?:back\s+home|back|home)\s+(?:to\s+)?"
)
_LEAVE = (
    rf"(?:{_GO_BACK}{_HOME}"
    rf"|get\s+(?:the\s+(?:fuck|hell)\s+)?out\s+of\s+(?:our|my)\s+(?:own\s+)?country\b(?!['’]s))"
)
# A named country, continent or region the demand sends people to ("go back to Africa"), which a
# traveller names as well ("go back to Mexico next summer", "... and then go back to China"): read only
# where nothing follows it in its sentence but where they belong or came from, `_PLACE_TAIL` or "you"
# and at most two words ("you illegal"), and only after a strong opener (`_EXCLUSION_NAMED` below). Only
# the places the demand names: not a holiday's ("go back to Italy!" is advice as often), nor a country
# whose name is a person's or a state's ("Jordan", "Georgia").
_NAMED = (
    "africa|mexico|china|india|pakistan|bangladesh|afghanistan|iraq|iran|syria|somalia|nigeria|ethiopia"
    "|haiti|jamaica|cuba|puerto\\s+rico|honduras|guatemala|el\\s+salvador|the\\s+philippines|asia"
    "|the\\s+middle\\s+east|arabia|saudi\\s+arabia|israel|poland|russia|the\\s+ghetto|the\\s+reservation"
    "|the\\s+rez"
)
# What may follow the place where the demand ends its sentence: "then", "already", "instead", "lol",
# or one word after a comma (", troll", ", genius?").
_PLACE_TAIL = r"(?:then|already|instead|lol|,\s*[a-z]+)"
_NAMED_END = (
    rf"(?=\s*(?:where\s+{_SENT_WHO}\s+(?:belongs?|came\s+from|come\s+from)|{_PLACE_TAIL}"
    r"|,?\s*(?:you|u)(?:\s+[a-z]+){1,2})?[^\w\s,;:]*\s*$)"
)
_LEAVE_NAMED = rf"{_GO_BACK}(?:{_NAMED})\b{_NAMED_END}"
# Who is told, and how: an imperative that opens its clause ("..., go back to your country") or
# ends a condition ("if you hate it here go back to your country"), someone who should or must
# leave ("they need to go back where they came from"), "why don't you", or people sent ("send them
# all back to their countries"). "they can go back to their country" and "when you go back to your
# country" are no demand.
_SENT_AWAY = rf"(?:you|u|ya|y['’]?all|you\s+(?:people|lot)|they|them|{_GROUP})"
_DEMAND = (
    r"(?:should|need\s+to|needs\s+to|must|ought\s+to|oughta|have\s+to|has\s+to|had\s+better|['’]d\s+better"
    r"|better|gotta|can\s+all|can\s+just|could\s+all|could\s+just)"
)
# What opens the imperative's clause stays out of the phrase, where the cues before it can see it.
_OPENER = "|".join(
    [r"^\s*", r"(?<=[,;:])\s*"]
    + [rf"(?<=\b{word}\s)" for word in ("then", "so", "and", "or", "just", "now", "please", "pls", "you\\speople",
                                        "you\\slot")]
)
# The last word of a condition with no comma after it ("if you don't like it here go back to ..."),
# when it is none that a return the writer does not demand ends on ("if you ever go back", "if
# they miss home they can go back", "if you think they should go back"): lookbehinds of one width each.
_CONDITION_END = "".join(
    rf"(?<![\s'’]{word})"
    for word in ("you", "u", "ya", "they", "we", "i", "he", "she", "to", "can", "could", "will", "would", "may",
                 "might", "should", "must", "shall", "gotta", "oughta", "do", "does", "did", "never", "ever")
)
# The opening of "why don't you (just) go back to ...", said or asked (`_WHY_NOT_LEAVE` below).
_WHY_NOT = rf"\bwhy\s+(?:(?:don['’]?t|do\s+not)\s+{_SENT_AWAY}|do\s+{_SENT_AWAY}\s+not)\s+(?:all\s+|just\s+)?"
_EXCLUSION = re.compile(
    rf"(?:{_OPENER})(?:just\s+|please\s+|all\s+)?{_LEAVE}"
    rf"|\bif\s+(?:you|u|ya|they)(?:['’](?:re|ve|d|ll))?\s+[^,;:]{{1,60}}?{_CONDITION_END}\s+{_LEAVE}"
    rf"|\b{_SENT_AWAY}\s+(?:all\s+|just\s+)?{_DEMAND}\s+(?:all\s+|just\s+)?{_LEAVE}"
    rf"|{_WHY_NOT}{_LEAVE}"
    rf"|\b(?:send|ship|deport|kick|boot)\s+(?:them|em|['’]em|the\s+lot\s+of\s+them|{_GROUP})\s+(?:all\s+)?"
    rf"(?:right\s+|straight\s+)?(?:back|home)\s+(?:to\s+)?{_HOME}",
    re.IGNORECASE,
)
# To a named place, in fewer forms: after the clause's opening punctuation or "pack your bags and"
# ("and", "then" or "so" open a traveller's plans too), "you should", or "why don't you".
_EXCLUSION_NAMED = re.compile(
    rf"(?:^\s*|(?<=[,;:])\s*|\bpack\s+(?:up\s+)?(?:your|ur|their)\s+(?:bags|shit|stuff|things)\s+and\s+)"
    rf"(?:just\s+|please\s+|all\s+)?{_LEAVE_NAMED}"
    rf"|\b{_SENT_AWAY}\s+(?:all\s+|just\s+)?{_DEMAND}\s+(?:all\s+|just\s+)?{_LEAVE_NAMED}"
    rf"|{_WHY_NOT}{_LEAVE_NAMED}",
    re.IGNORECASE,
)
# The demand asked as a question, its second usual form: "why don't you go back to your own
# country?", with nothing after the place but "then", "already", "instead", one word after a comma
# (", genius?") or a condition ("... if you hate it here so much?"). A question that goes on is a
# suggestion ("why don't you go back to your country for the holidays?", "..., you'd be great at
# it?"), and every other question stays unread.
_WHY_NOT_LEAVE = re.compile(
    rf"{_WHY_NOT}(?:{_LEAVE}|{_LEAVE_NAMED})"
    rf"(?=\s*(?:{_PLACE_TAIL}\s*)?[?!.]*\s*$|,?\s+if\b)",
    re.IGNORECASE,
)
# Not wanted, with no place to go: "your kind isn't welcome here", "we don't want your kind", "you
# people don't belong in this country".
_YOUR_KIND = r"(?:your|ur)\s+kind\b(?!\s+of\b)"
_UNWANTED = re.compile(
    rf"\b{_YOUR_KIND}(?:\s+(?:is|are|will)\s+(?:not|never)(?:\s+be)?|\s+(?:isn['’]?t|aren['’]?t|ain['’]?t)"
    rf"|['’]s\s+not)\s+(?:welcome|wanted)\b"
    rf"|\b(?:we\s+(?:don['’]?t|do\s+not)\s+want|(?:nobody|no\s+one|no-one|noone)\s+wants)\s+{_YOUR_KIND}"
    rf"|\b(?:{_SENT_AWAY}|people\s+like\s+(?:you|u|them)|{_YOUR_KIND}|{_GROUP}\s+like\s+(?:you|u|them))\s+"
    rf"(?:don['’]?t|do\s+not|doesn['’]?t|does\s+not|will\s+never|never|won['’]?t\s+ever)\s+belong\s+(?:here\s+)?"
    rf"in\s+(?:this|our|my)\s+(?:own\s+)?country\b(?!['’]s)",
    re.IGNORECASE,
)
# Deportation called for by faith, people, colour, gender or sexuality ("deport all Muslims", "gays
# should be deported"), not by status: whether immigrants, illegals or refugees should be deported is a
# policy debate, and the heads read it as one.
_STATUS = "immigrants|migrants|illegals|refugees|asylum\\s+seekers|foreigners|immigrant|foreign"
_NOT_BY_STATUS = rf"(?!{_DETERMINERS}(?:{_STATUS})\b)"
_DEPORT = re.compile(
    rf"{_CALL_OPENER}deport\s+{_NOT_BY_STATUS}{_GROUP}\b"
    rf"|{_NOT_BY_STATUS}{_GROUP_AT}\s+(?:all\s+)?(?:should|must|need\s+to|needs\s+to|ought\s+to)\s+(?:all\s+)?"
    rf"be\s+deported\b",
    re.IGNORECASE,
)
# In its sentence, a return that is not a demand: directions ("turn left", not "right now" nor
# "nothing left"), a return with a time or a purpose, or the paperwork of one, which expat forums
# give as advice in a demand's form ("you have to go back to your country and apply for a new visa").
_NOT_A_DEMAND = re.compile(
    r"\b(?:(?:turn|keep|bear|take\s+(?:a|the)(?:\s+\w+)?|on\s+(?:the|your)|to\s+(?:the|your))\s+(?:left|right)"
    r"|lost|road|path|trail|street|exit|junction|roundabout|route|gate|door|entrance|car\s+park"
    r"|station|sign|map|menu|page|screen|tab"
    r"|visas?|permits?|embass(?:y|ies)|consulates?|passports?|sponsor\w*|apply|applying|application|residen\w+"
    r"|iqama|re-?enter\w*|certificates?|clearance|attest\w*|documents?|paperwork|renew\w*|transfer\w*"
    r"|cancel\w*|expir\w+"
    r"|once|until|till|as\s+soon\s+as|to\s+(?:fight|help|rebuild|visit|vote|see|work|study|care|look|retire))\b",
    re.IGNORECASE,
)

# Before the phrase in its sentence: a report or a rebuttal ("he said", "the myth that", "you
# think"), or an opening quote. Looked for in the last `_CUE_REACH` characters only, so each match
# costs the same however long the sentence.
_REPORT_WORDS = (
    r"\b(?:say|says|said|saying|claim\w*|call(?:s|ed|ing)?|impl(?:y|ies|ied|ying)"
    r"|suggest\w*|pretend\w*|assum\w+|myth|stereotyp\w*|idea|notion|lies?|propaganda|racis\w+|bigot\w*"
    r"|rhetoric|narrative|trope|false|wrong|nonsense|stop|quit|tell\w*|told|taught|teach\w*|hear|heard"
    r"|read|thinking|believing|thinks|believes|because\s+(?:they|some)|mean|means|meaning"
    r"|slogans?|mottos?|phrases?|adages?|proverbs?|quot(?:e|es|ed|ing)|chant\w*)\b"
)
_BELIEF = (
    r"\b(?:you|u|they|he|she|people|who|some|anyone|everyone|those|many|others|folks|media)\s+(?:\w+\s+)?"
    r"(?:think|thinks|thought|believe|believes|believed|feel|feels|assume|assumes|act|acts|treat|treats)\b"
)
_OPEN_QUOTE = r"(?:[\"“‘«]|&#8220;|&quot;)\s*(?:all\s+|the\s+)?$"
# For an insult of a group, a denial or a condition as well ("not all", "if Muslims are...").
_DENIED_BEFORE = re.compile(
    rf"\b(?:not|no|never|if|whether)\b|{_REPORT_WORDS}|{_BELIEF}|{_OPEN_QUOTE}", re.IGNORECASE)
# For telling people to leave, neither: its usual form is "if you're not happy here, go back to...".
# A belief reports the demand only in its own clause ("if you think they should go back" is a
# report, "if you think it's so bad here, go back to your country" is the demand).
_REPORTED_BEFORE = re.compile(
    rf"{_REPORT_WORDS}|{_BELIEF}(?:(?!\b(?:then|so)\b)[^,;:])*$|{_OPEN_QUOTE}", re.IGNORECASE)
_CUE_REACH = 100
# After it in its sentence, as far: a rebuttal ("... is racist", "... is a myth"), or sarcasm.
_CUE_AFTER = re.compile(
    r"\bsaid\s+no\s*(?:one|body)\b"  # "women belong in the kitchen, said no one ever"
    r"|\b(?:is|was|are|sounds|seems)\s+(?:just\s+|so\s+|pure\s+|plain\s+|simply\s+)?(?:a\s+)?"
    r"(?:racis\w*|bigot\w*|wrong|false|nonsense|ignorant|lie|myth|stereotype|hateful|bs|bullshit|offensive"
    r"|prejudice\w*|untrue|disgusting|gross|vile)\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[^.!?\n]+[.!?\n]*")
# The last word of every group above.
_GROUP_WORDS = frozenset(name.split("\\s+")[-1] for name in _NOUNS.split("|")) | {
    "people", "folks", "men", "women", "kids", "colour", "color"}
_WORD = re.compile(r"[a-z]+")
# Words every match holds: each pattern tries every position, and most sentences hold none.
_HOME_WORDS = frozenset({"came", "come", "country", "countries", "belong", "belongs"})
_NAMED_WORDS = frozenset(name.split("\\s+")[-1] for name in _NAMED.split("|"))
_UNWANTED_WORDS = frozenset({"kind", "belong"})
_DEPORT_WORDS = frozenset({"deport", "deported"})
_ONE_FOR_ALL_WORDS = frozenset({"every", "each", "any", "average", "typical"})
_ONLY_GOOD_WORDS = frozenset({"only"})
_LIVES_WORDS = frozenset({"lives", "deserves"})
_INVASION_WORDS = frozenset({"invading", "infesting", "overrunning", "overtaking", "swarming"})
_HATED_WORDS = frozenset({"despise", "detest", "loathe", "stand", "without"})


def group_insult_phrase(text: str) -> str | None:
    """The first phrase in `text` that insults a group of people for who they are, or None."""
    return _first_said(((_INSULT, _GROUP_WORDS), (_ONE_INSULT, _ONE_FOR_ALL_WORDS), (_INVASION, _INVASION_WORDS),
                        (_HATED, _HATED_WORDS), (_LIVES_DENIED, _LIVES_WORDS)), text, _DENIED_BEFORE)


def group_violence_phrase(text: str) -> str | None:
    """The first phrase in `text` that calls for violence against a group of people, or None."""
    return _first_said(((_VIOLENCE, _GROUP_WORDS), (_ONLY_GOOD, _ONLY_GOOD_WORDS)), text, _DENIED_BEFORE)


def exclusion_phrase(text: str) -> str | None:
    """The first phrase in `text` that tells people to leave, or that they are not wanted, for who
    they are ("go back to your country", "your kind isn't welcome here"), or None."""
    return _first_said(
        ((_EXCLUSION, _HOME_WORDS), (_EXCLUSION_NAMED, _NAMED_WORDS), (_UNWANTED, _UNWANTED_WORDS),
         (_DEPORT, _DEPORT_WORDS)),
        text, _REPORTED_BEFORE, _NOT_A_DEMAND, asked=((_WHY_NOT_LEAVE, _HOME_WORDS | _NAMED_WORDS),))


def _first_said(
    readings: tuple[tuple[re.Pattern[str], frozenset[str]], ...],
    text: str,
    cue_before: re.Pattern[str],
    cue_around: re.Pattern[str] | None = None,
    asked: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (),
) -> str | None:
    """The first match in `text` of one of `readings`' patterns that its writer says: not in a
    question (where only the `asked` readings run), not after `cue_before` in its sentence (a
    report, a quote; a denial), not rebutted after it, and with no `cue_around` on either side. A
    pattern runs only on a sentence holding one of the words it is paired with (it tries every
    position, and most sentences hold none)."""
    for sentence in _SENTENCES.finditer(text):
        said = sentence.group()
        in_sentence = asked if said.rstrip().endswith("?") else readings
        if not in_sentence:
            continue
        words = set(_WORD.findall(said.lower()))
        for pattern, needs in in_sentence:
            if needs.isdisjoint(words):
                continue
            for match in pattern.finditer(said):
                before = said[max(0, match.start() - _CUE_REACH) : match.start()]
                after = said[match.end() : match.end() + _CUE_REACH]
                if cue_before.search(before) or _CUE_AFTER.search(after):
                    continue
                if cue_around and (cue_around.search(before) or cue_around.search(after)):
                    continue
                return match.group(0).strip().lstrip(",;:").lstrip()  # a clause opener's comma is not said
    return None
