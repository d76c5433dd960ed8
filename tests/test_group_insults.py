"""Insults of people for who they are, calls for violence against them and telling them to leave for
it, read literally (scoring/group_insults.py), and what the engine makes of them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.group_insults import GROUP_INSULT_TOXICITY, exclusion_phrase, group_insult_phrase, group_violence_phrase
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
        # one member standing for them all
        ("Every Muslim is a terrorist waiting to happen.", "Every Muslim is a terrorist"),
        ("Each and every immigrant is a criminal, plain and simple.", "Each and every immigrant is a criminal"),
        ("The average woman is too stupid to understand economics.", "The average woman is too stupid"),
        ("Any Mexican you meet is a thief, lock your car.", "Any Mexican you meet is a thief"),
        ("Every black guy in this town is a thug.", "Every black guy in this town is a thug"),
        ("Each Syrian in Germany is a freeloader on benefits.", "Each Syrian in Germany is a freeloader"),
        ("Each migrant that crosses is an invader.", "Each migrant that crosses is an invader"),
        ("every single tranny is a pervert", "every single tranny is a pervert"),
        ("Nigerians are scammers, all of them", "Nigerians are scammers"),
        ("A Muslim is a terrorist, end of story.", None),  # no "every": left to the heads
        # vermin that invade, and a place fit for animals or servants
        ("Illegals are invading our country.", "Illegals are invading our country"),
        ("Muslims are infesting Europe.", "Muslims are infesting Europe"),
        ("Asylum seekers infesting our streets.", "Asylum seekers infesting our streets"),
        ("Refugees are swarming into our country like locusts.", "Refugees are swarming into our country"),
        # a people whose army invades in the news: left to the heads
        ("The Chinese are invading this country one house at a time.", None),
        ("Women belong in the kitchen.", "Women belong in the kitchen"),
        ("Blacks belong in chains.", "Blacks belong in chains"),
        ("Women should stay in the kitchen where they belong.", "Women should stay in the kitchen"),
        ("Trans people belong in zoos.", "Trans people belong in zoos"),
        ("Arabs belong in the desert.", "Arabs belong in the desert"),
        ("Muslims belong in the dark ages.", "Muslims belong in the dark ages"),
        # stereotypes without an insulting word
        ("Women are only good for cooking and cleaning.", "Women are only good for"),
        ("Hispanics are just good for cheap labor.", "Hispanics are just good for"),
        ("Immigrants are good for nothing.", "Immigrants are good for nothing"),
        ("Women are too emotional to lead.", "Women are too emotional"),
        ("Boomers are too ignorant to use a phone.", "Boomers are too ignorant"),
        ("Men are simply too dim to multitask.", "Men are simply too dim"),
        ("Jews can't be trusted, never forget that.", "Jews can't be trusted"),
        ("Gypsies can't be trusted around your stuff.", "Gypsies can't be trusted"),
        ("Refugees are not to be trusted.", "Refugees are not to be trusted"),
        ("Muslims should never be trusted.", "Muslims should never be trusted"),
        ("Asians can't drive.", "Asians can't drive"),
        ("Women can't drive lol", "Women can't drive"),
        ("Women cannot lead, period.", "Women cannot lead"),
        ("Women can't think for themselves.", "Women can't think for themselves"),
        # an incapacity with more after it is often a fact's reason: left to the heads
        ("Old people can't drive, take their licenses away.", None),
        ("Women belong in a zoo.", "Women belong in a zoo"),
        # hate without an insulting word: the writer's own, what the group does to the writer, a worth,
        # a right or a life denied, a world better without them
        ("I really can't stand women.", "I really can't stand women"),
        ("I despise immigrants more than anything.", "I despise immigrants more than anything"),
        ("Honestly I loathe feminists with a passion.", "I loathe feminists with a passion"),
        ("I detest Arabs, always have.", "I detest Arabs"),
        ("I hate Jews.", None),  # "hate": left to the heads, which read it
        ("Muslims make me sick.", "Muslims make me sick"),
        ("Trans people disgust me.", "Trans people disgust me"),
        ("Women are not worth anything.", "Women are not worth anything"),
        ("Gay people shouldn't exist.", "Gay people shouldn't exist"),
        ("Immigrants should not have any rights.", "Immigrants should not have any rights"),
        ("Refugees don't deserve any rights.", "Refugees don't deserve any rights"),
        ("Black lives don't matter.", "Black lives don't matter"),
        ("No Muslim deserves to live.", "No Muslim deserves to live"),
        ("The world would be better without Jews.", "The world would be better without Jews"),
        ("This country would be a better place without Muslims.",
         "This country would be a better place without Muslims"),
        # one member for the stereotypes, a place to be kept in, a likeness to vermin
        ("The average woman is too emotional to lead.", "The average woman is too emotional"),
        ("Any Mexican is only good for cheap labor.", "Any Mexican is only good for"),
        ("Every Muslim can't be trusted.", "Every Muslim can't be trusted"),
        ("Every Jew is not to be trusted.", "Every Jew is not to be trusted"),
        ("Women need to know their place.", "Women need to know their place"),
        ("Women should be seen and not heard.", "Women should be seen and not heard"),
        ("Immigrants are like rats.", "Immigrants are like rats"),
        ("Jews are like a virus.", "Jews are like a virus"),
        ("Gypsies are all like vermin.", "Gypsies are all like vermin"),
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
        # one member, without an insult, denied, reported, made a wrongdoer, or not a member at all
        "Every immigrant is a potential voter, so parties court them.",
        "Each migrant is a victim of smugglers as much as anyone.",
        "Not every Muslim is a terrorist, and most are tired of hearing it.",
        "The claim that every immigrant is a criminal is a lie.",
        "Do you honestly believe every feminist is a man-hater?",
        "Any immigrant who commits a crime is a criminal, like anyone else.",
        "Every gay man I know is a dog lover.",
        "Every Arab country is a member of the league.",
        "Every criminal is a person too, and deserves a fair trial.",
        # invaders and places that are not the trope
        "Tourists are invading our beach every summer.",
        "Canadians invading Florida for the winter again, welcome back!",
        "The Russians are invading our country, the tanks crossed at dawn.",
        "Weeds are overrunning our garden.",
        "The idea that immigrants are invading our country is a myth.",
        "Are migrants really invading Europe? The numbers say no.",
        "Saying Muslims are infesting Europe is hate speech.",
        "Women belong in the boardroom.",
        "Women belong in the kitchen? What century is this?",
        "He said women belong in the kitchen and got fired.",
        "Men belong in the kitchen too, cooking is for everyone.",
        "Women belong in the kitchen, said no one sensible in 2026.",
        "Camels belong in the desert.",
        "Bedouin tents belong in the desert museum.",
        # stereotypes' look-alikes: praise, a group's want said in its defence, law and facts, rebuttals
        "Immigrants are good for the economy.",
        "Millennials are just good at finding deals.",
        "Women are not only good at math, they often outperform men.",
        "Old people are only good at bingo, said no one ever.",
        "Refugees are too afraid to report abuse.",
        "Refugees are too traumatized to talk about it at first.",
        "Women are too busy to attend evening meetings.",
        "Men are too often left out of these surveys.",
        "Chinese students are too few in this program.",
        "Polls can't be trusted this early.",
        "Muslims can't be trusted by a government that spies on them.",
        "Muslims can't be trusted? That is a racist thing to say.",
        "Saying Jews can't be trusted is antisemitic.",
        "It's a myth that women can't lead.",
        "Immigrants can't vote in federal elections.",
        "Women can't drive in Saudi Arabia until 2018 was a real law.",
        "Asians can't drive home tonight, the roads are closed.",
        "Disabled people can't drive without adapted cars.",
        "Blind people can't drive, obviously, so they need better transit.",
        "Teenagers can't drive after midnight here.",
        # hate's look-alikes: about how a group is treated, a denial, a report, not a group
        "I can't stand how immigrants are treated here.",
        "I don't despise Muslims, I just disagree with some teachings.",
        "I can't stand people who despise immigrants.",
        "Statements like 'I can't stand Jews' make me furious.",
        "He said he despises gay people, and they fired him.",
        "I loathe Mondays with a passion.",
        "Onions make me sick.",
        "Women are not worth less than men.",
        "Refugees don't deserve to be treated like this.",
        "No Muslim deserves to be hated for their faith.",
        "All lives matter, black lives matter.",
        "Apparently gay lives don't matter to this government.",
        "This country would be a better place without racism.",
        "Pandas belong in a zoo, they can't survive in the wild anymore.",
        "The average woman is too busy to attend evening meetings.",
        "Every Muslim can't be blamed for what a few did.",
        "Every employee should know their place in the fire drill.",
        "Kids should be seen and not heard, my grandmother used to say, and she was wrong.",
        "Migrants are packed like animals in the trucks.",
        "Refugees are treated like animals at the border.",
        "Immigrants are like any other group of workers.",
        "Are Muslims like cockroaches? Of course not.",
        "",
    ],
)
def test_statements_denials_reports_and_look_alikes_are_not(text):
    assert group_insult_phrase(text) is None


PIECES = ["Muslims", "immigrants", "gay people", "these people", "are", "r", "all", "not", "just", "a", "burden",
          "animals", "terrorists", "filthy", "said", "?", ".", "\n", '"', "of", "no", "smell", "the", "is racist",
          "every", "Muslim", "is", "terrorist", "the only good", "dead", "one", "invading", "our", "country",
          "belong in", "kitchen", "too", "said no one", "Russians", "only good for", "emotional", "can't",
          "be trusted", "drive", "by", "lol", ",", "I", "can't stand", "despise", "make me sick", "lives",
          "don't", "matter", "deserves to live", "The world would be better without", "'"]


@pytest.mark.parametrize(
    ("read", "pieces"),
    [
        (group_insult_phrase, PIECES),
        (group_violence_phrase, PIECES + ["should", "be", "shot", "kill", "death to", "deserve", "die"]),
        (exclusion_phrase, ["go", "back", "home", "to", "where", "you", "they", "came", "from", "your", "own",
                            "country", "send", "them", "should", "said", "if", "kind", "belong", "in", "this", "not",
                            "welcome", ",", ".", "?", "once", '"', "why don't", "then", "genius", "people",
                            "Mexico", "the Middle East", "belong", "!", "pack your bags and", "lol", "🐒",
                            "deport all", "Muslims", "illegals", "should be deported", "let's"]),
    ],
)
@given(data=st.data())
def test_a_phrase_found_is_quoted_from_the_text(read, pieces, data):
    text = data.draw(st.lists(st.sampled_from(pieces), max_size=25).map(" ".join))
    phrase = read(text)
    assert phrase is None or (phrase and phrase in text)


def _toxicity(engine, texts: list[str]) -> np.ndarray:
    """Each text's toxicity, scored by the engine as one loose comment."""
    scores = engine.score_comments([LooseComment(id=str(i), text=t) for i, t in enumerate(texts)])
    return np.array([s.toxicity for s in scores])


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
    insults, statements = _toxicity(engine_fp32, DECIDING_INSULTS), _toxicity(engine_fp32, DECIDING_STATEMENTS)
    heads = np.array([o.heads["toxicity"] for o in engine_fp32.text_model.encode(DECIDING_INSULTS)])
    assert (insults >= HOSTILE).sum() >= 14, insults  # measured: 14 (15 since the stereotypes, 2026-12-08)
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
        ("The only good Muslim is a dead Muslim.", "The only good Muslim is a dead Muslim"),
        ("the only good refugee is a dead one lol", "the only good refugee is a dead one"),
        ("The only good feminists are dead feminists.", "The only good feminists are dead feminists"),
        ("We need to get rid of all the immigrants.", "We need to get rid of all the immigrants"),
        ("Let's get rid of the gays.", "Let's get rid of the gays"),
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
        "The only good mosquito is a dead mosquito.",  # pests, not people
        "The old slogan 'the only good Indian is a dead Indian' shows how genocide was sold.",
        "The only good Mexican food in this town is at Rosa's.",
        "The only good woman in the cast is a dead woman by act two, which says a lot about the writers.",
        "We need to get rid of all the rats in the basement.",
        "They tried to get rid of the immigrants in the 1930s and it failed.",
        "",
    ],
)
def test_history_reports_quotes_and_look_alikes_are_no_calls(text):
    assert group_violence_phrase(text) is None


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
    calls, lookalikes = _toxicity(engine_fp32, DECIDING_CALLS), _toxicity(engine_fp32, DECIDING_LOOKALIKES)
    assert (calls >= HOSTILE).sum() >= 17, calls  # measured: 19
    assert (lookalikes >= HOSTILE).sum() <= 2, lookalikes  # measured: 1 ("thousands of Armenians were killed")
    assert all(group_violence_phrase(t) is None for t in DECIDING_LOOKALIKES)


@pytest.mark.parametrize(
    ("call", "phrase"),
    [
        ("Refugees should be shot at the border.", "Refugees should be shot"),
        ("The only good refugee is a dead one.", "The only good refugee is a dead one"),
    ],
)
def test_a_call_for_violence_against_a_group_reads_as_toxic_with_a_warning(engine_fp32, call, phrase):
    texts = [call, "Refugees need homes like these."]
    thread = Thread(id="t", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", author_id=f"u{i}", text=t) for i, t in enumerate(texts)])
    s = engine_fp32.score_thread(thread)
    assert s.comments[0].toxicity >= THREAT_TOXICITY and s.comments[1].toxicity < HOSTILE
    assert [w for w in s.warnings if w.startswith(
        f"comment 'c0' calls for violence against people for who they are ('{phrase}')")], s.warnings
    assert engine_fp32.text_model.encode(texts[:1])[0].heads["toxicity"] < HOSTILE  # the heads alone


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("go back to where you came from", "go back to where you came from"),
        ("Nobody wants you here, go back to your own country.", "go back to your own country"),
        ("If you don't like it here then go back where you came from.",
         "If you don't like it here then go back where you came from"),
        ("They should all go back to where they came from.", "They should all go back to where they came from"),
        ("Send them back where they came from, every last one.", "Send them back where they came from"),
        ("get out of our country", "get out of our country"),
        ("You people need to go back to your own countries.", "You people need to go back to your own countries"),
        ("pack your bags and go home to your country", "go home to your country"),
        ("if you don't like it here go back to your country", "if you don't like it here go back to your country"),
        ("If you think America is so bad, go back where you came from", "go back where you came from"),
        ("if you're that unhappy you better go back to your own country",
         "if you're that unhappy you better go back to your own country"),
        ("If you're not happy here, go back to your shithole country", "go back to your shithole country"),
        ("Why dont they just go back where they came from", "why dont they just go back where they came from"),
        ("Nobody wants your kind around here.", "Nobody wants your kind"),
        ("Go back to your country right now.", "Go back to your country"),  # "right" here is no direction
        ("Go back where you came from, there's nothing left for you here.", "Go back where you came from"),
        # asked as a question that ends at the place
        ("Why don't you go back to where you came from?", "Why don't you go back to where you came from"),
        ("why dont you go back to your country then?", "why dont you go back to your country"),
        ("If you hate it here so much, why don't you go back to your own country?",
         "why don't you go back to your own country"),
        ("So why don't you go back to your own country, genius?", "why don't you go back to your own country"),
        ("Why don't all these migrants go back to their own countries?",
         "Why don't all these migrants go back to their own countries"),
        ("Go back home to your country.", "Go back home to your country"),
        # a place the demand names, where the sentence ends
        ("Go back to Africa.", "Go back to Africa"),
        ("Go back to Mexico where you belong.", "Go back to Mexico where you belong"),
        ("You should go back to Pakistan.", "You should go back to Pakistan"),
        ("Muslims should go back to the Middle East.", "Muslims should go back to the Middle East"),
        ("Why don't you go back to Syria?", "Why don't you go back to Syria"),
        ("Why don't you go back to Mexico then?", "Why don't you go back to Mexico"),
        ("Go back to Africa, monkey.", "Go back to Africa"),
        ("go back to mexico you illegal", "go back to mexico"),
        ("Nobody asked you. Go back to Russia, troll.", "Go back to Russia"),
        ("Pack your bags and go back to Syria.", "Pack your bags and go back to Syria"),
        ("go back to africa 🐒", "go back to africa"),
        ("Go back to Mexico!", "Go back to Mexico"),  # advice said so is read as the demand too (a known limit)
        # where they belong, whatever the place
        ("Go back to the jungle where you belong.", "Go back to the jungle where you belong"),
        ("Crawl back to your cave where you belong.", "Crawl back to your cave where you belong"),
        ("Go back where you belong!", "Go back where you belong"),
        ("Send them back where they belong.", "Send them back where they belong"),
        # deportation by faith, people, colour, gender or sexuality
        ("Deport all Muslims.", "Deport all Muslims"),
        ("We need to deport the Jews.", "We need to deport the Jews"),
        ("Muslims should all be deported.", "Muslims should all be deported"),
        ("Gays should be deported.", "Gays should be deported"),
    ],
)
def test_telling_people_to_leave_the_country_is_found_and_quoted(text, phrase):
    assert exclusion_phrase(text).lower() == phrase.lower()


@pytest.mark.parametrize(
    "text",
    [
        "After the bridge, go back to where you came from and take the second left.",  # directions
        "go back where you came from and turn right at the lights",
        "At the roundabout go back to where you came from, it's on the left.",
        "I moved back to where I came from after the divorce and it was the best decision.",
        "Put the tools back where they came from when you're done.",
        "Telling people to go back to where they came from is racist.",  # a rebuttal
        "Someone at work told me to go back to my own country and I reported him.",  # a report
        "When you go back to your country, remember to declare the whisky at customs.",  # no demand
        "Should refugees be allowed to go back to their countries once the war ends?",  # a question
        "With support from experts they can go back to their country to fight for their homeland.",  # C3
        "Many refugees should be able to go back to their countries once it is safe.",  # a time
        "If you ever go back to where you came from, take photos of the old house.",  # a condition, no demand
        "If they miss their families they can go back to their country for a visit.",
        "If you think refugees should go back to their countries, say so openly.",  # a belief, reported
        "If you get lost, go back to where you came from and start again at the gate.",
        'He shouted "go back to where you came from" at a bus driver and was fined.',  # a quote
        "Get out of my country's politics, Moscow.",
        # questions that go on are suggestions; other questions are not read
        "Why don't you go back to your country for the holidays this year?",
        "Why don't you go back to your country, Maria, and visit your grandmother?",
        "Why don't you go home to your country and open a restaurant there, you'd be great at it?",
        "Why don't you go back to where you came from, the first page of the form?",
        "Why would anyone tell you to go back to your country?",
        "Why didn't you go back to your country when your visa expired?",
        # a named place that a traveller goes back to
        "I want to go back to Mexico next summer.",
        "We'll stay in Texas for a week and then go back to Mexico.",
        "Go back to Italy, you will love the food there.",
        "Go back to Mexico City and visit the museum again.",
        "Go back to Africa once the visa is renewed.",
        "Why don't you go back to Japan for your honeymoon?",
        "Go back to Italy!",  # no place the demand names
        "When do you go back to India?",
        "He said they should go back to Mexico, which is racist.",
        # belonging to something
        "Go back to the main page where you belong to the group list.",
        "Put the book back where it belongs.",
        # deportation by status is a policy debate; a report; not people
        "Illegals should be deported, that's the law.",
        "Deport all criminals, whatever their faith.",
        "He wants to deport all Muslims, which is monstrous.",
        "Trump said Mexicans should be deported.",
        "Deport all the spam bots from this forum.",
        "",
    ],
)
def test_returns_directions_reports_and_look_alikes_are_not_telling_people_to_leave(text):
    assert exclusion_phrase(text) is None


# Written by hand before this reader and before any score (2026-12-07), after a first pair that
# guided it (the first two parametrized lists above hold most of it). The heads alone put 1 of these
# 20 at toxicity >= 0.5 (0.05-0.30 the rest) and none of the look-alikes; the reader first took it
# to 20 (19 by its own reading) and 0 (MODEL_CARD.md, "Telling people to leave").
DECIDING_DEMANDS = [
    "Go back where you came from, we don't want you.",
    "If you hate America so much go back to your country.",
    "These people should go back to where they came from.",
    "go back to ur country",
    "You don't belong here. Go back to where you came from.",
    "Why don't you go back to your own country then.",
    "They can all go back to their own countries for all I care.",
    "Go home to your own country and stop complaining.",
    "Take your kids and go back to where you came from.",
    "Get out of my country.",
    "ship them all back where they came from",
    "Send them all back to their countries, problem solved.",
    "Maybe you should go back to your country if it's so much better there.",
    "Go back to your own country, this is our land.",
    "Honestly they need to go back where they came from.",
    "GO BACK TO WHERE YOU CAME FROM",
    "All these foreigners should get out of our country.",
    "You're a guest here, so go back to your country if you don't like our rules.",
    "Deport the lot of them back to where they came from.",
    "Nobody invited you, go back to your own country.",
]
DECIDING_RETURNS = [
    "If the trail is closed, go back to where you came from and take the road instead.",
    "The eels return to where they came from to breed.",
    "She went back to her country after her visa ran out.",
    "I finally went back to where I came from, a small village in Kerala.",
    "Many refugees want to go back to their countries once it is safe.",
    "Please put the chairs back where they came from after the meeting.",
    "Being told to go back to your country hurts, even after 20 years here.",
    'Saying "go back to where you came from" to a citizen is just racist.',
    "When you go back to your own country, do you miss the food here?",
    "He decided to go home to his country to look after his parents.",
    "Go back to the main menu and pick Settings.",
    "This week I go back to my home town for the first time in years.",
    "The returned parcel went back to where it came from.",
    "Can we go back to where the conversation started? The budget.",
    "My parents sent me back to their country for a summer to learn the language.",
    "The team will go back to where they came from: the second division.",
    "You can always go back to your old job if this one doesn't work out.",
    "The diplomats were sent back to their countries after the embassy closed.",
    "The teacher got fired for telling a student to go back to Mexico.",
    "Get out of the car and check the tyre.",
]


def test_telling_people_to_leave_reads_hostile_and_returns_do_not(engine_fp32):
    demands, returns = _toxicity(engine_fp32, DECIDING_DEMANDS), _toxicity(engine_fp32, DECIDING_RETURNS)
    heads = np.array([o.heads["toxicity"] for o in engine_fp32.text_model.encode(DECIDING_DEMANDS)])
    assert (demands >= HOSTILE).sum() >= 18, demands  # measured: 20 (all 20 by this reader since it reads conditions)
    assert (demands >= HOSTILE).sum() >= (heads >= HOSTILE).sum() + 8, (demands, heads)
    assert (returns >= HOSTILE).sum() <= 1, returns  # measured: 0, as the heads alone
    assert all(exclusion_phrase(t) is None for t in DECIDING_RETURNS)


# The demand's usual form is a condition: written by hand before the reader read one without a comma
# ("if you don't like it here go back to ...") or after "if you think ..., " (a belief cue before),
# and before any score. The reader without those forms put 1 of these 12 at toxicity >= 0.5, and 1
# of the look-alikes (directions after "if you get lost", since read as directions).
CONDITIONAL_DEMANDS = [
    "if you don't like it here go back to your country",
    "If you hate our flag so much go back where you came from.",
    "if u dont like our laws go back to ur own country",
    "If you miss your homeland so badly go home to your own country.",
    "if you can't speak English go back to where you came from",
    "If you think it's so bad here, go back to your own country.",
    "If you feel so oppressed here then go back where you came from.",
    "If you think your culture is better go back to your country.",
    "If you don't want to assimilate go back to where you came from.",
    "if you're so unhappy here go home to your country lol",
    "If you feel that way, get out of our country.",
    "If you think our country is so racist go back to your own.",  # no place named: left to the heads
]
CONDITIONAL_RETURNS = [
    "If you go back to your country for the holidays, bring me some tea.",
    "If you ever go back to where you came from, take photos of the old house.",
    "If they miss their families they can go back to their country for a visit.",
    "If you think about it, they all go back to where they came from eventually.",
    "If you feel homesick, going back to your country for a month can help.",
    "If you get lost, go back to where you came from and start again at the gate.",
    "If you lose your passport, go back to your country's embassy first.",
    "If you think refugees should go back to their countries, say so openly.",
    "If you want to go back to your country, the embassy can help with the costs.",
    "If they were deported back to their countries, who would pay for it?",
    "If you don't like the new menu, go back to the old one in Settings.",
    "if you came from the north, go back the way you came and turn at the church.",
]


# Not wanted, with no place named: written by hand before the reader read these forms and before any
# score. The reader without them put none of either list at toxicity >= 0.5.
UNWANTED = [
    "Your kind isn't welcome here.",
    "We don't want your kind in this town.",
    "Nobody wants your kind around here.",
    "You people don't belong in this country.",
    "Your kind aren't wanted here, never were.",
    "Muslims don't belong in our country.",
    "Immigrants like you don't belong here.",  # no country named: left to the heads
    "people like you will never belong in this country",
    "your kind is not welcome in this neighbourhood",
    "They don't belong in our country and they never will.",
    "No one wants your kind here.",
    "Refugees don't belong in this country.",
]
UNWANTED_LOOKALIKES = [
    "Your kind words mean a lot, thank you.",
    "Everyone is welcome here, whatever your kind of music.",
    "Your kind of humour isn't welcome at work, to be fair.",
    "I felt I didn't belong in this country for years, until I found my community.",
    "These rules don't belong in our country's constitution.",
    "Pets don't belong in the office.",
    "They said I didn't belong in this country, and I proved them wrong.",
    "We don't want your kindness, we want real change.",
    "Nobody wants your kind of mortgage deal in this market.",
    "You don't belong in this country's national team if you can't train.",
    "Does anyone really feel they belong in this country?",
    "Your kind is welcome here any time, neighbour!",
]


# Expat and immigration forums give routine advice in a demand's form. Written by hand before the
# reader read a return's paperwork as no demand, and before any score: the reader before it put 8 of
# the 10 pieces of advice at toxicity >= 0.5, and all 10 demands (the one lost since says "apply").
RETURN_ADVICE = [
    "You have to go back to your country and apply for a new visa from there.",
    "You need to go back to your home country to get the police clearance certificate.",
    "Your sponsor must cancel the permit first, then you go back to your country and wait 6 months.",
    "If the transfer is refused, you must go back to your country before the visa expires.",
    "You should go back to your country and re-enter on a family visit visa.",
    "They have to go back to their country to renew their passports.",
    "My advice: go back to your country, get the degree attested at the embassy, then come back.",
    "You can't change sponsor inside, so go back to your country and get a new work visa.",
    "After the exit permit is issued you need to go back to your country within 7 days.",
    "If your residency was cancelled, just go back to your home country and apply again online.",
]
DEMANDS_GOING_ON = [
    "Go back to your country and stay there.",
    "You should go back to your country to live with your own people.",
    "Go back to where you came from and never come back.",
    "They need to go back to their countries and fix their own problems.",
    "Go home to your own country and complain there.",
    "Pack up and go back to your country, nobody will miss you.",
    "Go back to your country for good and take your ideas with you.",
    "If you hate our laws, go back to your country and apply them there.",
    "You should go back to your country to be with your own kind.",
    "Just get out of our country and go home.",
]


# One member standing for them all ("every Muslim is a terrorist") and "the only good X is a dead X":
# written by hand before the reader's second try (2026-12-07) and before any score, after a first try
# failed its own held-out pair (MODEL_CARD.md, "One member for them all"). The engine before either
# reader put 3 of these 12 at toxicity >= 0.5, and none of the look-alikes.
ONE_FOR_ALL = [
    "Every Romanian is a pickpocket or a beggar.",
    "Every Afghan is a savage who beats his wife.",
    "Each Syrian in Germany is a freeloader on benefits.",
    "Every Mormon is a brainwashed cultist.",
    "The average millennial is lazy and entitled.",
    "Every Hindu is filthy, they bathe in sewage.",
    "Every Catholic priest is a pedophile.",  # a member named by office, not by the group: left to the heads
    "Every lesbian is a man-hating slut.",
    "every communist is a murderer, history proves it",
    "Each Jamaican is a thug with a gun.",
    "The only good Mexican is a dead Mexican.",
    "The only good Christians are dead ones.",
]
ONE_FOR_ALL_LOOKALIKES = [
    "Every Romanian I met in Bucharest was kind to us.",
    "Every Afghan interpreter who served with us deserves a visa.",
    "Each Syrian family in Germany is assigned a caseworker.",
    "Every Mormon missionary is around 19 years old.",
    "The average millennial is more educated than their parents.",
    "Every Hindu festival is a feast of colour.",
    "Not every Catholic priest is a pedophile, most are decent men.",
    "Every lesbian couple in the study reported high satisfaction.",
    "every communist regime is a lesson in what not to do",
    "Each Jamaican sprinter is a contender this year.",
    "The only good Mexican food in this town is at Rosa's.",
    "The only good Christians in the novel are the nuns.",
]


# The demand asked as a question: written by hand before the question reader's second try and
# before any score (2026-12-08), after a first try failed its held-out pair (MODEL_CARD.md,
# "Telling people to leave"). The engine before either try put 3 of these 8 at toxicity >= 0.5.
ASKED = [
    "Why don't you and your family go back to where you came from?",  # left to the heads
    "Why don't all the refugees just go back to their own countries?",
    "Why dont you go back to ur own country, loser?",
    "Why don't y'all go back to where you came from?",
    "Seriously, why don't you go back to your own country?",
    "Why don't these immigrants go back where they came from?",
    "You hate it here. So why don't you move back to your own country?",
    "Why don't you crawl back to where you came from, idiot?",
]
ASKED_SUGGESTIONS = [
    "Why don't you go back to your country, Maria, and visit your grandmother?",
    "Why don't the refugees go back to their countries when it is safe again?",
    "Why don't you go back to where you came from, the main menu, and start over?",
    "Why don't you and your sister go back to your country for the wedding?",
    "Why don't more doctors go back to their own countries after training?",
    "Why don't you move back to your own country for a while, you seem homesick?",
    "Why don't you go back to your home country to study?",
    "Why don't they go back to where they came from, the old version of the app?",
]


# Sent to a named place, or to where they belong: written by hand after the reader's second try and
# before running it (2026-12-08), after a first try failed its held-out pair (MODEL_CARD.md,
# "Telling people to leave"). The engine before either try put 1 of these 12 at toxicity >= 0.5.
# "Go back to Mexico!", written with the look-alikes as advice, is read as the demand and left out
# here (it is quoted above as a known limit).
NAMED_PLACES = [
    "Go back to India, curry muncher.",  # two words after the comma: left to the heads
    "go back to mexico!!!",
    "You need to go back to Africa where you belong.",
    "If you don't like our laws, go back to Saudi Arabia.",
    "Pack your bags and go back to Syria.",
    "Why don't they go back to Somalia?",
    "Go home to China already.",
    "Illegals should go back to Honduras.",
    "Just go back to the ghetto lol",
    "Move back to Pakistan, you terrorist.",
    "Women like you should go back to the kitchen where you belong.",
    "Go back to where you belong, loser.",
]
TRAVELS = [
    "Would you go back to China?",
    "I'd love to go back to India someday.",
    "Go back to Africa in the dry season, it's when you see the most animals.",
    "You should go back to Russia to see the ballet again.",
    "When they go back to Iraq, they face persecution.",
    "My cousins had to go back to Haiti after the earthquake.",
    "Go back to the settings where you belong to the admin group and change it.",
    "Let's go back to Asia next year.",
    "Go back to Poland and see Krakow in December, you won't regret it.",
    "Then we go back to Mexico for the wedding.",
    "We should all go back to Cuba, that trip was amazing.",
]


# Two tropes of a group that need no insulting word, invaders ("illegals are invading our country")
# and a place fit for animals or servants ("women belong in the kitchen"): written by hand after the
# reader's code and before running it (2026-12-08). The engine before the reader put 1 of these 12 at
# toxicity >= 0.5 and 1 of the look-alikes (the grandmother's, 0.50 by the heads alone); the reader
# first read the sarcasm "said no one" as well, a cue added after this pair was run (MODEL_CARD.md).
TROPES = [
    "Migrants are invading Britain by the boatload.",
    "muslims r infesting our cities",
    "Refugees swarming into Europe, wake up people!",
    "These illegals are overrunning our neighborhoods.",
    "Somalis are infesting Minneapolis.",  # a city named: left to the heads
    "Immigrants are invading the west and the elites love it.",
    "Women belong in the kitchen, not in parliament.",
    "Arabs belong in the desert.",  # read since the stereotypes below
    "Blacks belong in cages like the animals they are.",
    "Gay people belong in jail.",  # read by the heads
    "Feminists should stay in the kitchen.",
    "Jews belong in the ovens.",
]
TROPE_LOOKALIKES = [
    "Tourists swarming into our city every August is a nuisance.",
    "Migrants are not invading Britain, arrivals fell by a third.",
    "Are immigrants really overrunning our schools, or is that a myth?",
    "Women belong in the kitchen, said no one sensible in 2026.",
    "Women belong in the kitchen as much as men do.",
    "Lions belong in the jungle, not in zoos.",
    "Ants are invading our kitchen again.",
    "Germans are invading our beaches this summer, haha, all those towels.",
    "My grandmother said women belong in the kitchen, and she hated cooking.",
    "Kids belong in the kitchen learning to cook with their parents.",
    "The claim that refugees are swarming into Europe is propaganda.",
    "Chefs from Mexico belong in the kitchen of every good restaurant.",
]

# Stereotypes of a group without an insulting word ("women are too emotional to lead", "Asians can't
# drive"), written by hand after the reader's code and before running it (2026-12-08). A first pair
# failed (two look-alikes read: "Blind people can't drive, obviously, ..." and the one left below);
# the reader was narrowed and this second pair decided it. The engine before the reader put 1 of these
# 12 at toxicity >= 0.5 and none of the look-alikes (MODEL_CARD.md, "Stereotypes without an insulting word").
STEREOTYPES = [
    "Gypsies are only good for stealing.",
    "Muslims can't be trusted to tell the truth.",
    "Women cannot lead, period.",
    "Trans people are too mentally unstable to serve.",  # an adverb between: left to the heads
    "Africans belong back in the jungle huts.",  # left to the heads
    "Asians can't drive, everyone knows it.",  # more after the comma: left to the heads
    "Jews should not be trusted with money.",
    "Latinos are only good at picking fruit.",
    "Homosexuals are too immature to be parents.",
    "Women can't do math.",
    "Poles are only good for plumbing.",
    "Liberals cannot be reasoned with.",
]
STEREOTYPE_LOOKALIKES = [
    "Young people can't drive until they turn 17 here.",
    "Women can't lead the ritual in some traditions, which is changing.",
    "Muslims can't be trusted by a government that spies on them.",
    "Refugees are too tired after the journey to fill in forms.",
    "Immigrants are good for the pension system.",
    "Catholics are only good for Lent if they actually fast, joked the priest.",  # read: a known limit
    "Why do people say women can't drive?",
    "Hindus are not only good cooks, they are generous hosts.",
    "Men are too weak-willed? I doubt it.",
    "Dogs can't be trusted near the turkey.",
    "Blind people can't drive cars.",
    "Deaf people can't hear the alarm, so we added lights.",
]


# The stereotypes said of one member, a place to be kept in, a likeness to vermin and deportation by
# faith or people ("every Muslim can't be trusted", "women need to know their place", "immigrants are
# like rats", "deport all the Mexicans"), written the same way (2026-12-08). The engine before the
# reader put 1 of these 12 at toxicity >= 0.5 ("Gays are like animals.", the heads') and none of the
# look-alikes (MODEL_CARD.md, "One member, a place, vermin, deportation").
MORE_STEREOTYPES = [
    "Every woman is only good for one thing.",
    "The average Muslim should never be trusted.",
    "Any black person is too ignorant to vote properly.",
    "Jews need to know their place.",
    "Muslims are like a cancer.",
    "Refugees are just like parasites.",
    "Deport all the Mexicans.",
    "Let's deport the Muslims, every last one.",
    "Hindus should be deported.",
    "Gays are like animals.",
    "Every Chinese person can't be trusted.",
    "Women must know their place.",
]
MORE_STEREOTYPE_LOOKALIKES = [
    "Every woman is only good for herself to judge, not for us.",  # read: a known limit
    "The average Muslim should never be treated as a suspect.",
    "Any black person is too often stopped by police here.",
    "New employees need to know their place on the rota.",
    "Muslims are like everyone else, they want jobs and safety.",
    "Refugees are housed like animals in those camps.",
    "Deport all the drug dealers.",
    "They want to deport the Muslims, and we must stop it.",
    "Illegals should be deported, says the minister.",
    "Gays are like any other couple when it comes to taxes.",
    "Every Chinese person can't be responsible for the government.",
    "The claim that women must know their place is outdated.",
]


# Hate of a group without an insulting word ("I can't stand women.", "gay people shouldn't exist"),
# written by hand after the reader's code and before running it (2026-12-08), by the writer of the
# code: a weaker test than a stranger's list. The engine before the reader put 1 of these 12 at
# toxicity >= 0.5 ("I hate women so much", the heads'; "hate" is left to them) and 2 of the look-alikes
# (the heads', 0.54 and 0.63: the reader adds none) (MODEL_CARD.md, "Hate without an insulting word").
HATE = [
    "I absolutely despise Muslims.",
    "Honestly, I can't stand Jews.",
    "Immigrants disgust me, every single one.",
    "Black people make me want to puke.",
    "Trans people should not be allowed to live.",
    "Refugees don't deserve any rights.",
    "Gay lives don't matter.",
    "Our country would be so much better without immigrants.",
    "We have to get rid of the Muslims before it's too late.",
    "I hate women so much.",  # "hate": read by the heads
    "Mexicans are not worth saving.",
    "No Jew deserves to exist.",
]
HATE_LOOKALIKES = [
    "I hate that Muslims get blamed for every attack.",  # 0.54 by the heads
    "I can't stand Jews being harassed on campus.",
    "The smell of durian disgusts me.",
    "Black people make up 13% of the population.",
    "Trans people should not be allowed to be fired for who they are.",
    "Refugees don't deserve the way the tabloids talk about them.",
    "Apparently gay lives don't matter to this government.",
    "Our country would be so much better without potholes.",
    "We have to get rid of the mould before it spreads.",
    "I hate women's football being on so late.",  # 0.63 by the heads
    "These shoes are not worth it.",
    "No Jew deserves to be attacked for wearing a kippah.",
]


@pytest.mark.parametrize(
    ("hostile", "lookalikes", "at_least", "at_most"),
    [
        (CONDITIONAL_DEMANDS, CONDITIONAL_RETURNS, 10, 1),  # measured: 11 of 12, 0 of 12
        (UNWANTED, UNWANTED_LOOKALIKES, 10, 1),  # measured: 11 of 12, 0 of 12
        (DEMANDS_GOING_ON, RETURN_ADVICE, 8, 1),  # measured: 9 of 10, 0 of 10
        (ONE_FOR_ALL, ONE_FOR_ALL_LOOKALIKES, 10, 1),  # measured: 11 of 12, 0 of 12
        (ASKED, ASKED_SUGGESTIONS, 6, 1),  # measured: 7 of 8, 0 of 8
        (NAMED_PLACES, TRAVELS, 10, 1),  # measured: 11 of 12, 0 of 11
        (TROPES, TROPE_LOOKALIKES, 9, 1),  # measured: 11 of 12 (10 before the stereotypes), 1 of 12 (the heads')
        (HATE, HATE_LOOKALIKES, 10, 2),  # measured: 12 of 12, 2 of 12 (the heads', as before the reader)
        (STEREOTYPES, STEREOTYPE_LOOKALIKES, 8, 1),  # measured: 9 of 12, 1 of 12 (the known one, below)
        (MORE_STEREOTYPES, MORE_STEREOTYPE_LOOKALIKES, 10, 1),  # measured: 12 of 12, 1 of 12 (the known one)
    ],
    ids=["after-a-condition", "not-wanted", "paperwork-is-advice", "one-for-all", "asked", "named-places",
         "tropes", "hate", "stereotypes", "one-member-place-vermin-deportation"],
)
def test_further_pairs_read_hostile_and_their_look_alikes_do_not(engine_fp32, hostile, lookalikes, at_least,
                                                                 at_most):
    assert (_toxicity(engine_fp32, hostile) >= HOSTILE).sum() >= at_least
    assert (_toxicity(engine_fp32, lookalikes) >= HOSTILE).sum() <= at_most
    readers = (group_insult_phrase, group_violence_phrase, exclusion_phrase)
    # "only good for" said of no task is read as the stereotype: one known look-alike each in two pairs
    known = {STEREOTYPE_LOOKALIKES[5], MORE_STEREOTYPE_LOOKALIKES[0]}
    assert [t for t in lookalikes if any(read(t) for read in readers) and t not in known] == []


def test_telling_people_to_leave_reads_as_toxic_with_a_warning(engine_fp32):
    texts = ["Nobody invited you, go back to your own country.", "My grandparents went back to their country in 1990."]
    thread = Thread(id="t", post=Post(id="p", author_id="P", text=POST), comments=[
        Comment(id=f"c{i}", author_id=f"u{i}", text=t) for i, t in enumerate(texts)])
    s = engine_fp32.score_thread(thread)
    assert s.comments[0].toxicity >= GROUP_INSULT_TOXICITY and s.comments[0].tags["offensive"] >= GROUP_INSULT_TOXICITY
    assert s.comments[1].toxicity < HOSTILE
    assert [w for w in s.warnings if w.startswith(
        "comment 'c0' tells people to leave for who they are ('go back to your own country')")], s.warnings
    assert not [w for w in s.warnings if "'c1'" in w]
    assert engine_fp32.text_model.encode(texts[:1])[0].heads["toxicity"] < HOSTILE  # the heads alone
    assert "tells them to leave for who they are" in SCORE_DEFINITIONS["comment.toxicity"]
