"""The committed heads load offline and score sensibly. Texts are written here; no ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from scoring.heads import CONFIG_FILE, WEIGHTS_FILE, HeadsModule, heads_digest, load_heads
from scoring.text_model import ARTIFACTS_DIR

pytestmark = pytest.mark.skipif(
    not (ARTIFACTS_DIR / WEIGHTS_FILE).is_file(), reason="no trained head artifacts committed"
)

MICRO = ["+1", "lol", "👍", "so true", "this!", "https://bit.ly/3xYz9Q", "@maria", "#election", "😂😂😂", "agreed"]
REASONED = (
    "I work as a nurse in a rural hospital, and the staffing numbers in the article match what we see. "
    "Our unit lost four of its eleven nurses last year, mostly to agency work that pays about 40% more. "
    "A 2019 provincial audit found the same pattern across the region. Rather than another one-time bonus, "
    "the province could fund permanent positions and cover relocation costs, which worked in Manitoba, "
    "where vacancy rates fell from 18% to 9% within two years. That would cost less than the agency fees "
    "hospitals are paying now."
)
INSULT = "You are a pathetic idiot and a liar. Shut up, moron, nobody cares about your stupid garbage opinions."
EXCITED = "OMG THIS IS THE BEST NEWS EVER!!! WE WON THE CHAMPIONSHIP!!! I AM SCREAMING, I CAN'T BELIEVE IT!!!"
CALM = "The committee meets on the second Tuesday of each month in room 204 to review the budget."


# Written by hand for this test, before the heads that handle explicit abuse were trained and
# without looking at their outputs: open-platform abuse (profanity aimed at a person, threats,
# wishes of harm, slurs) and everyday social posts of the same length.
EXPLICIT_ABUSE = [
    'kill yourself',
    'shut the fuck up',
    'go die in a fire, nobody wants you here',
    "you're a worthless piece of shit",
    'fuck off and never come back, loser',
    'I hope someone punches you in your stupid face',
    'stfu you braindead troll',
    'What a dumbass take. Delete your account.',
    'You disgusting pig, people like you make me sick',
    'eat shit',
    'nobody asked you, bitch',
    "you're so fucking stupid it hurts",
    'I will find you and make you regret this',
    'retard alert lmao',
    'ur mom should have aborted you',
    "lol you ugly af, no wonder you're single",
    'Get the hell out of this sub, moron',
    'hope your house burns down',
    'what a pathetic little cuck',
    "You're trash and your opinions are trash",
    'screw you and your garbage channel',
    'die already, boomer',
    'this clown needs a beating',
    'idiot.',
]
EVERYDAY_POSTS = [
    'Congrats on the new job, so happy for you!',
    'Does anyone know when the game starts tonight?',
    'I think the second option is cheaper in the long run.',
    'Thanks for the recipe, my kids loved it.',
    'Great thread, learned a lot.',
    "Can't make it today, maybe next week?",
    'Happy birthday!! Have a great one',
    "The trailer looks amazing, can't wait for the movie",
    'I respectfully disagree, the first season was better.',
    'Good morning everyone',
    "Anyone else's package delayed? Mine says Tuesday now.",
    'That sunset photo is gorgeous, where was it taken?',
    'Just finished my first 10k run!',
    'Which charger do you use for the new phone?',
    'lol my cat does the exact same thing',
    'Welcome to the group, glad you joined',
    'Not sure I agree, but interesting point.',
    'Can someone explain the new parking rules?',
    'Best pizza in town is on 3rd street imo',
    'We lost again, tough season for the team.',
    'Rain all week here, staying in with a book',
    'Love this song, takes me back',
    'Is the library open on holidays?',
    'Nice work on the update, the app feels faster.',
]


# Written by hand on 2026-11-29, before any template of the threat reader in MODEL_CARD.md ("Explicit
# abuse"): threats without a rude word (the shipped heads score 1 of them above 0.5, a known limit),
# and harm words in harmless sentences, pair by pair. A model that reads harm words instead of
# intent flags the second list.
THREATS_WITHOUT_RUDE_WORDS = [
    "You better watch your back from now on.",
    "I know where you live and I know where your kids go to school.",
    "Keep talking and see what happens to you.",
    "Someone is going to put you in the ground one day, and I'll be smiling.",
    "I hope you get hit by a truck on your way home.",
    "People like you should be lined up and shot.",
    "Say that again to my face and you'll be eating through a straw.",
    "I'm coming for you. Lock your doors.",
    "Hope your whole family gets sick and suffers.",
    "One of these days someone will teach you a lesson you won't forget, and it won't be pretty.",
    "Enjoy your car while it still has four tires.",
    "You won't be so brave when I show up at your office.",
    "I wish you'd just disappear, permanently.",
    "If I ever see you at the rally I'll break your legs.",
    "Your days are numbered, traitor.",
    "We will make sure you never work in this town again, and that's the nice option.",
    "Hope someone burns your shop to the ground.",
    "Delete this or I'll make your life hell.",
    "Nobody would miss you if you got hurt.",
    "You should sleep with one eye open.",
]
HARMLESS_HARM_WORDS = [
    "Watch your step, the stairs are icy this morning.",
    "I know where the best tacos in town are, I'll show you.",
    "Keep talking to her, she'll come around eventually.",
    "My grandpa was put in the ground next to grandma last spring, a lovely service.",
    "I hope you get home safe, the roads are bad.",
    "The runners lined up at the start and the gun went off.",
    "After the dentist I was eating through a straw for two days.",
    "I'm coming over later, leave the door unlocked.",
    "Hope your whole family has a wonderful holiday.",
    "That exam taught me a lesson I won't forget: start early.",
    "Enjoy your new car, the tires on that model last forever.",
    "I'll show up at your office at noon with the documents.",
    "I wish this rain would just disappear.",
    "I broke my leg skiing last year, took months to heal.",
    "The days are getting shorter, winter is coming.",
    "We will make sure every kid in town gets a backpack this year.",
    "The old mill burned to the ground in 1952, there's a plaque now.",
    "Delete the app and reinstall it, that fixed it for me.",
    "We miss you at choir, hope you're feeling better.",
    "The baby finally sleeps through the night!",
]

# Reactions and other micro-posts of social platforms that are NOT in the synthetic micro-post
# templates the heads were trained on (scoring/training/data.py): the heads must generalise to
# them, not memorise the list. Written after the shipped heads were trained; on those heads every
# one scores substance < 0.02 and all but "I agree with everything you said." (0.47) low_effort > 0.5.
UNSEEN_REACTIONS = [
    "jajaja", "mdr", "real", "no cap", "big if true", "cope", "seethe", "-1", "Thanks for sharing!",
    "Congrats!!! 🎉", "[deleted]", "[removed]", "[gif]", "following", "commenting for reach",
    "Subscribed.", "came here to say this", "underrated comment", "ok boomer", "what", "?", "sauce?",
    "source?", "bro what 😭", "say less", "I agree with everything you said.", "This is so true, thank you.",
    "Omg yesss", "slay", "Mood.", "TL;DR?", "cool cool cool", "edit: typo",
]


# Written by hand on 2026-11-29, before the argued reader's numbers on them were read, in other
# words and domains than its templates (training/data.py): tweet-length posts that argue with a
# number, a source, experience or a fix, and posts of the same length that only opine, joke or jab.
SHORT_ARGUED = [
    "Switched our CI from Jenkins to GitHub Actions last spring; build times went from 14 min to 6 because of the caching.",
    "The ref got it right. Ball hit his arm above the elbow while it was away from his body, that's a handball under the 2021 wording.",
    "Don't rinse raw chicken: the splash spreads salmonella around the sink, and cooking to 74C kills it anyway.",
    "Our clinic cut no-shows from 18% to 7% just by texting reminders two days before instead of one.",
    "If you're on a 2019 MacBook, the battery swelling is covered by Apple's recall program even out of warranty. Check your serial.",
    "Rent control froze my rent, sure, but my landlord stopped fixing anything. The heating was broken for two winters.",
    "Reading the bill: section 4 only applies to firms with over 50 staff, so most restaurants aren't affected.",
    "Try lowering the water temp to 30C and using half the detergent; the grey marks are residue, not dirt.",
    "I coached U12 for six years. Kids quit when they sit on the bench, not when they lose, so we rotate everyone equally.",
    "That chart starts the y-axis at 40%, which makes a 3-point change look like a collapse.",
    "Used cars jumped because of the chip shortage: new car production fell by about 8 million units in 2021.",
    "As a nurse on nights: the staffing ratio went from 1:4 to 1:7 after the merger and falls went up the same year.",
    "Nintendo patched that glitch in 1.3.2, so update before you try the speedrun route.",
    "Composting alone won't fix it; half our household waste by weight was packaging, so we started buying in bulk.",
    "The library already lends hotspots for free, two weeks at a time. Ask at the front desk, no waitlist at our branch.",
    "Wrong fix imo: the leak is the wax ring, not the supply line. Water only shows up after a flush.",
    "We tried the four-day week at my company for 6 months: same output, sick days halved, but support coverage on Fridays was a mess.",
    "Tip for anyone applying: the visa office rejects photos with glasses since 2016, retake them before you pay the fee.",
    "The stadium was supposed to bring jobs, but the city's own audit counted 212 permanent positions for $400M.",
    "He's not lazy, he's anemic. My son was the same until a blood test showed his iron at a third of normal.",
]
SHORT_UNARGUED = [
    "This is the dumbest thing I've read all week.",
    "I just think people should be nicer to each other, you know?",
    "Who even cares about this anymore",
    "Can't believe this is still going on in 2026.",
    "Totally agree with you, couldn't have said it better myself!",
    "What a time to be alive haha",
    "Anyone else watching this from work? 😂",
    "You clearly have no idea what you're talking about.",
    "Honestly both sides are the same, nothing will change.",
    "I love this city so much, best place on earth.",
    "Wow, just wow. Speechless.",
    "Why would anyone do that?",
    "This made my day, thank you for sharing!",
    "My cat would never allow this lol",
    "Ok but the real question is who's bringing snacks",
    "Meh. Seen better.",
    "Say what you want, I'm not changing my mind.",
    "Same thing happened to me once, crazy stuff.",
    "The comments on this post are a goldmine",
    "Nobody asked, Karen.",
]


# Written by hand on 2026-11-29, before the reader learned decorated arguments (training/data.py,
# `_as_posted`): social posts as people type them, arguments and non-arguments with the same
# @handles, openers ("lol", "ngl", "tbh"), emoji, "!!" and #tags. The encoder reads every emoji as
# one [UNK] token; the reader before read 7 of the 20 arguments at 0.5 or more (mean 0.38), the
# shipped one 14 (0.67); none of the 20 others (max 0.02).
DECORATED_ARGUED = [
    "@mike_r @transit_ops the 7 bus was late 11 times in March by the city's own tracker, that's not 'occasional' 🙄",
    'lol no, the new iPhone battery is 3,349 mAh vs 3,279 last year, basically the same 😂',
    'ngl the bridge toll pays for itself: 40k cars a day at $2 covers the bond in 9 years',
    "Been a bartender 12 years. Tips drop every time card machines suggest 25%, people just hit 'custom' 🤷",
    'Honestly the vaccine schedule changed in 2019, kids now get the booster at 4 not 6. Ask your GP!!',
    '@sarahj check the warranty page, water damage is covered for the first 12 months if you bought it after June 👍',
    "my electricity bill went from $140 to $85 after swapping to a heat pump, and that's in Minnesota ❄️❄️",
    'Wow. The county spent $1.2M on consultants and the report is 14 pages. Read it yourself on their site 🤦',
    'The ump was right!! Rule 6.01 says the runner has to stay in the baseline, he left it by like 3 feet',
    '🔥 tip: freeze your bread in slices, toast straight from frozen, we waste basically zero now',
    '@dave_k @lena nope, the museum is free on the first Sunday of every month, been going since 2018 😊',
    'tbh the 15-min city thing worked in Paris because they added 1,000 km of bike lanes first. we have 12 km 😬',
    'Our school switched to a 9am start and tardies dropped by half in one term. Teens need sleep, simple as that ✌️',
    'Update your router firmware!!! The 2.1 version had the WPS bug that let anyone in, fixed in 2.4',
    "As a vet tech: grapes are toxic to dogs even in small amounts, it's kidney failure, call the clinic right away 🐶",
    "lmao the 'record profits' are 2.1% margin, grocery stores run on pennies per dollar. Look at their annual report",
    'my dad farmed for 40 years, hail insurance costs more than the crop in bad years so people just skip it 😔',
    '@city_parks the splash pad has been broken since May, I reported it 3 times (ticket #4471) #fixit',
    'pro tip 💡 the DMV takes walk-ins before 9am on Wednesdays, I was out in 20 min',
    "Nah the stats don't back that up, violent crime here fell 8% last year per the police annual report 📉",
]
DECORATED_UNARGUED = [
    '@mike_r @transit_ops this bus is a joke 🙄',
    'lol no way this is real 😂',
    "ngl this is the best thing I've seen all day",
    'Honestly who cares anymore!!',
    '@sarahj omg same 😭😭',
    'Wow. Just wow. 🤦',
    'The ump was blind!! Worst call ever',
    '🔥🔥 love this so much',
    '@dave_k @lena we should go sometime 😊',
    "tbh I don't get the hype 😬",
    'Teens these days, what can you do ✌️',
    'This!!! So much this!!!',
    'my dog would love this 🐶',
    'lmao the audacity',
    'miss those days with my dad 😔',
    '@city_parks please fix it #fixit',
    "pro tip 💡 just don't",
    'Nah, not buying it 📉',
    "Can't wait for the weekend!! 🎉🎉",
    'so proud of this community ❤️',
]
# Decoration added to the argued posts above (SHORT_ARGUED): before the decorated arguments, 18 of
# 20 at 0.5 or more plain, 8 with a trailing emoji, 15 with a leading one, 11 after "lol", 13 after
# three handles; now 17 plain and 17-19 with each. Not tested: "!!" at the end, 11 before and 14 now
# (MODEL_CARD.md, "Social decoration").
DECORATIONS = {
    "a trailing emoji": lambda t: t + " 😡",
    "a leading emoji": lambda t: "🙄 " + t,
    "'lol'": lambda t: "lol " + t,
    "three handles": lambda t: "@jen_k @cityhall @news_desk " + t,
    "two #tags": lambda t: t + " #facts #thread",
}
# Written by hand on 2026-11-29, after the reader's experience and advice templates and personal
# remarks (training/data.py) and before any score on them was read: experience and advice as
# support, mostly without a figure, and the same openers with nothing to support. The reader
# before the templates: 13 of 20 at 0.5 or more, mean 0.55, AUC against the look-alikes 0.91 (max
# 0.24); the shipped one 10 of 20, mean 0.59, AUC 0.955 (max 0.15).
EXPERIENCE_HELD = [
    'I was a flight attendant for years: the tray tables are the dirtiest thing on the plane, wipe them yourself.',
    "My son has celiac, and 'gluten-free' menus still fry everything in the same oil, so always ask about the fryer.",
    'Worked at a call centre; asking for a supervisor only works if you stay polite, angry callers get parked on hold.',
    'When our basement flooded, the insurer paid because we had photos of everything from before. Take them now.',
    'Teacher here. Kids who read aloud to a dog improve faster because nobody corrects them mid-sentence.',
    "Don't buy the extended warranty on a TV; the failures happen in the first month or long after it runs out.",
    "As a former bank teller, the 'your account is locked' texts are always scams, the bank never asks for your PIN.",
    'My aunt is a midwife and she says the birth plan matters less than picking a hospital you can reach quickly.',
    "I coached debate, and the students who won weren't the loudest, they were the ones who answered the other side's best point.",
    'Check the tyre pressure when it gets cold, mine dropped enough overnight that the warning light came on.',
    'Having rented from both, the big management companies fix things faster but never give back the deposit.',
    'I quit sugar in my coffee by cutting it a little each week; after a month the sweet one tasted wrong.',
    'Nurse here: the ER triages by how sick you are, not arrival time, so bring a charger and a snack.',
    'My dad ran a hardware store and said the cheap ladders are the ones that put people in hospital.',
    'Growing up near the mill, the smell was the least of it; half my class had asthma.',
    "If the baby won't sleep, try a darker room. Blackout curtains fixed our early waking in about a week.",
    "From years of moving: label boxes by room, not contents, the movers won't read your lists anyway.",
    "Former lifeguard. Drowning is quiet, people don't wave or shout, so watch for someone bobbing in place.",
    "I used to install solar panels and the roof's angle matters less than shade from one tree.",
    'My vet said the grain-free dog food trend was linked to heart problems, so we switched back.',
]
EXPERIENCE_LOOKALIKES = [
    'I was a flight attendant for years and I miss it every day.',
    'My son loves this restaurant so much.',
    'Worked at a call centre once, never again lol',
    'Our basement flooded last spring, worst week of my life.',
    'Teacher here, this is adorable.',
    'Just bought a new TV, so excited!',
    'As a former bank teller, I approve this message 😂',
    "My aunt is a midwife, she'd love this.",
    'I coached debate in college, good times.',
    'It got so cold last night.',
    "Having rented for years, I'm so done with landlords.",
    'I quit sugar last month and I feel amazing.',
    'Nurse here, sending love to all my fellow night shifters.',
    'My dad ran a hardware store, this brings back memories.',
    'Growing up near the mill was something else.',
    'Our baby finally slept through the night!!',
    'Moving is the worst, never doing it again.',
    'Former lifeguard, summer was the best job.',
    'I used to install solar panels, hot work.',
    'My vet is the best, love her.',
]
# Written by hand on 2026-11-29, before any score on them was read: longer cheering, thanks and
# compliments, the social posts the argued reader read as arguments before it had effusive
# reactions to learn from (training/readers.py). None gives a reason, a number or a fix. The heads
# before that scored them up to 0.36 ("Wow, never thought of it like that..."), these up to 0.14;
# the reader that learned decorated arguments up to 0.32 (the same compliment), and with personal
# remarks among its negatives 0.11.
COMPLIMENTS = [
    "You look fantastic!! All that hard work at the gym really paid off, so proud of you ❤️",
    "Thank you so much for posting this, it honestly made my whole week :)",
    "This drawing is adorable! Love her little smile and the colours you picked.",
    "Wow, never thought of it like that. Thanks for sharing your perspective!",
    "Congratulations on the new job!!! You totally deserve it, go get 'em 🎉",
    "Such a beautiful wedding, you two look so happy together 😍 wishing you the best",
    "Your voice is incredible, I've listened to this cover like ten times already.",
    "What a gorgeous view!!! Adding this place to my bucket list right now ✈️",
    "Happy birthday to the best brother in the world, love you lots 🎂🎂",
    "This is so wholesome, thank you for reminding me there are good people out there.",
    "Omg your garden looks amazing this year, those tomatoes!!! 🍅🍅",
    "Best episode of the season by far, the ending gave me chills. Bravo to the whole cast!",
]
# Written by hand on 2026-11-29 after the advert templates (training/data.py) and before the reader
# that learned from them was fitted: self-promotion, scams, sales and engagement bait in other
# words than the templates. The reader without advert negatives read 2 of them at 0.5 or more
# (mean 0.157: "Great video! I also post guitar tutorials every Tuesday..." 0.80); with them 0
# (mean 0.079, max 0.47).
ADVERTS = [
    "Great video! I also post guitar tutorials every Tuesday, would love it if you stopped by my channel",
    "Anyone looking to make extra income? I've been doing this side hustle for 3 months and paid off $12k of debt. Ask me how",
    "Our bakery is 25% off all cakes until Sunday, come visit us on 5th Avenue!",
    "Thanks for sharing! Btw I just launched a newsletter on personal finance, first 100 subscribers get a free ebook",
    "Hello dear, I am a certified forex account manager, I can help you earn 30% weekly returns. Contact me",
    "Need a website? We build them from $299, reply here or email sales@webpros.co",
    "Who wants free Robux? Go to robuxgen dot net and enter your username",
    "Stream my mixtape it's fire 🔥 available on all platforms now",
    "Lose belly fat fast with one weird trick doctors hate, see the video on my profile",
    "Vote for us in the Best Pizza 2026 poll, voting closes in 48 hours! 🍕",
    "I'm raising $2,000 for my dog's surgery, any donation helps, link on my page 🙏",
    "Get your verified badge today for only $49, DM for info",
    "Join my Discord server for exclusive drops and giveaways, 5,000 members already",
    "My wife's online boutique is having a 40% off clearance, check her page out",
    "Selling 2 tickets for Saturday's game, $80 each, message me",
    "Earn Bitcoin while you sleep, my mentor showed me how to make 0.5 BTC a month",
    "Please support my Kickstarter, we're 80% funded with 6 days to go!",
    "Download our app and get your first ride free with code RIDE10",
    "Like if you're watching this in 2026, subscribe if you're a real fan",
    "Cheap followers, real and active, 1,000 for $5, inbox me",
]
# Written by hand on 2026-11-30, before the heads that read emoji as words (scoring/emoji_words.py)
# were trained: posts of emoji alone, intense and calm, and hostile emoji posts beside harmless posts
# with the same emoji. The heads before read every emoji as one unknown token: passion AUC intense
# against calm 0.50 (every post 0.505), toxicity AUC hostile against harmless 0.72 with 3 of 20
# hostile posts at 0.5 or more; the shipped ones 0.81, and 0.90 with 10 of 20 (harmless max 0.36);
# 39 of the 40 posts of emoji alone at low_effort 0.9 or more (lowest 0.84, "🍵").
EMOJI_INTENSE = ["😡", "🤬", "😭", "🔥🔥", "😱", "😍😍", "🤣🤣🤣", "💯💯💯", "😤", "🙀", "🤯🤯", "😩😩",
                 "💔", "🥵🥵", "👏👏👏👏", "😳😳", "🚨🚨🚨", "🤮", "😈😈", "🎊🎉"]
EMOJI_CALM = ["🙂", "👍🏼", "🆗", "😊", "👌🏽", "😑", "🤷‍♂️", "🌙", "📎", "🧐", "☺️", "📝", "🙏🏻",
              "🫡", "😪", "💤", "🌿", "🍵", "👁️", "🤝"]
EMOJI_HOSTILE = ["🖕🏾", "you're a 🐍", "ok 🤡", "🤡 behaviour", "🖕🖕 mods", "u r 💩", "🐖", "lmao 🤡🤡",
                 "🤮🤮 disgusting person", "nobody likes you 🖕", "🐍🐍🐍 fake friend", "🤬🤬🤬 you",
                 "💩 take", "🤡 alert", "you clown 🤡", "🖕 this guy", "what an 🤡", "typical 🐷", "🤡👆",
                 "🐀🐀 snitch"]
EMOJI_HARMLESS = ["🐍 in the garden", "🐷 farm visit", "🤡 makeup tutorial", "💩 emoji cake lol", "🐀 pet rat day",
                  "🐖 bbq tonight", "circus 🤡🎪", "love you ❤️", "🎂", "🌞 sunny", "🍻 cheers", "🐶🐶",
                  "bravo 👏", "🥳 happy new year", "🌧️ again", "🙏 thank you", "goal ⚽", "🎶🎶", "🍕",
                  "🚀 launch day"]
# Repeating a reaction does not make it an argument: the model reads at most three copies of a run
# (scoring/repetition.py). Before that cut "lol" x 300 scored substance 0.86, "+1" x 200 0.36.
REPEATED_REACTIONS = {"lol ": 300, "+1 ": 200, "Great point! ": 60, "so true ": 100, "No. ": 150}


@pytest.fixture(scope="module")
def model():
    from scoring.text_model import TextModel

    return TextModel(backend="fp32")


@pytest.fixture(scope="module")
def scored(model):
    texts = MICRO + [REASONED, INSULT, EXCITED, CALM]
    return dict(zip(texts, (o.heads for o in model.encode(texts))))


def _substance(model, texts: list[str]) -> np.ndarray:
    return np.array([o.heads["substance"] for o in model.encode(texts)])


def test_artifacts_load_and_describe_themselves(model):
    heads = model.heads
    assert isinstance(heads, HeadsModule)
    assert 1 <= heads.shared_layers <= 5
    assert len(heads.layers) == 6 - heads.shared_layers  # it owns tuned copies of the top layers
    assert heads.version.startswith("heads-")
    assert {"substance", "passion", "toxicity", "low_effort"} <= set(heads.names)
    assert any(n.startswith("tag_") for n in heads.names)
    assert model.version.endswith(heads.version)
    size = sum((ARTIFACTS_DIR / f).stat().st_size for f in (WEIGHTS_FILE, CONFIG_FILE))
    assert size < 20 * 1024 * 1024
    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    assert set(config["calibration"]) == set(heads.names)


def test_version_names_both_the_weights_and_the_calibration():
    """Scores change when either changes, so the version's digest covers both."""
    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    weights = ARTIFACTS_DIR / WEIGHTS_FILE
    assert config["version"].endswith("-" + heads_digest(weights, config["calibration"]))
    recalibrated = json.loads(json.dumps(config["calibration"]))
    recalibrated["passion"]["bias"] += 0.01
    assert heads_digest(weights, recalibrated) != heads_digest(weights, config["calibration"])


def _copy_of_the_artifacts(tmp_path: Path, edit_weights: bool = False, **config_changes) -> dict:
    """The shipped heads copied to `tmp_path`, optionally edited; returns the copied config."""
    from safetensors.torch import load_file, save_file

    config = {**json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text()), **config_changes}
    state = load_file(str(ARTIFACTS_DIR / WEIGHTS_FILE))
    if edit_weights:
        state["mlp.0.bias"] = state["mlp.0.bias"] + 0.5
    save_file(state, str(tmp_path / WEIGHTS_FILE))
    (tmp_path / CONFIG_FILE).write_text(json.dumps(config))
    return config


def test_the_shipped_heads_report_the_version_their_files_have(model):
    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    assert model.heads.version == config["version"]
    assert model.version == f"minilm-l6-v2+{config['version']}"


@pytest.mark.parametrize("edit", ["calibration", "weights"])
def test_heads_edited_after_training_do_not_report_the_version_of_the_heads_they_were(tmp_path, edit):
    """Every score carries the version: heads that score differently must not carry the same one."""
    shipped = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    calibration = json.loads(json.dumps(shipped["calibration"]))
    if edit == "calibration":
        calibration["toxicity"]["bias"] -= 1.0
    _copy_of_the_artifacts(tmp_path, edit_weights=edit == "weights", calibration=calibration)
    heads = load_heads(tmp_path)
    actual = heads_digest(tmp_path / WEIGHTS_FILE, calibration)
    assert actual not in shipped["version"]
    assert heads.version == f"{shipped['version']}-modified-{actual}"


def test_a_server_on_edited_heads_names_them_in_model_info_and_in_every_score(tmp_path):
    import convoscore
    from server_harness import running_server

    from scoring.text_model import TextModel

    shipped = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    calibration = json.loads(json.dumps(shipped["calibration"]))
    calibration["toxicity"]["bias"] -= 1.0
    _copy_of_the_artifacts(tmp_path, calibration=calibration)
    served = f"minilm-l6-v2+{shipped['version']}-modified-{heads_digest(tmp_path / WEIGHTS_FILE, calibration)}"
    with running_server(text_model=TextModel(backend="fp32", heads_dir=tmp_path)) as server:
        with convoscore.Client(f"127.0.0.1:{server.port}") as client:
            assert client.model_info().model_version == served
            thread = {"id": "t", "post": {"text": "Is remote work here to stay?"},
                      "comments": [{"id": "c", "text": "Yes: our output rose after we moved to four remote days."}]}
            assert client.score_thread(thread).model_version == served


def test_heads_given_their_own_version_keep_it(tmp_path):
    shipped = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    calibration = json.loads(json.dumps(shipped["calibration"]))
    calibration["passion"]["bias"] += 0.25
    _copy_of_the_artifacts(tmp_path, calibration=calibration, version="heads-louder-passion")
    assert load_heads(tmp_path).version == "heads-louder-passion"


def test_shipped_passion_scale_matches_the_training_code():
    """heads.json's passion calibration is what train.fit_calibration makes of its own fitted numbers
    (kept in heads.json) with today's PASSION_SLOPE: the artifacts and the code that documents them agree."""
    from scoring.training.train import PASSION_SLOPE

    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    fit = config["training"]["calibration_fit"]
    (w_arousal, w_go, c0), spread = fit["passion_arousal_weights"], fit["passion_pred_sd"]
    k = PASSION_SLOPE / spread
    cal = config["calibration"]["passion"]
    assert cal["weights"] == pytest.approx({"arousal": k * w_arousal, "go_intensity": k * w_go})
    assert cal["bias"] == pytest.approx(k * (c0 - fit["arousal_median"]))


def test_published_scores_rise_with_every_raw_output_they_read():
    """A calibrated score never falls when one of its sources rises: explanations stay readable."""
    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    for name, cal in config["calibration"].items():
        assert cal["weights"], name
        for part in [cal] + cal.get("any_of", []):
            for source, weight in part["weights"].items():
                assert source in config["raw_outputs"] + config.get("readers", []), (name, source)
                assert weight >= 0.0, (name, source, weight)


def test_toxicity_is_either_of_its_two_readings(model):
    """toxicity = 1 - (1 - P(news-comment raters' toxic)) * (1 - P(explicitly offensive)), as documented."""
    import torch

    heads = model.heads
    cal = heads.calibration["toxicity"]
    assert [list(p["weights"]) for p in cal["any_of"]] == [["offensive"]]
    offensive = heads.raw_outputs.index("offensive")
    raw = torch.zeros((5, len(heads.raw_outputs) + len(heads.readers)))
    raw[:, offensive] = torch.tensor([-6.0, -2.0, 0.0, 2.0, 6.0])
    got = heads.calibrate(raw)["toxicity"]
    news = torch.sigmoid(torch.tensor(float(cal["bias"])))  # every other raw output is 0
    explicit = torch.sigmoid(raw[:, offensive] * cal["any_of"][0]["weights"]["offensive"] + cal["any_of"][0]["bias"])
    assert torch.allclose(got, 1 - (1 - news) * (1 - explicit), atol=1e-6)
    assert bool((got[1:] > got[:-1]).all()) and float(got[0]) >= float(news) - 1e-6


def test_substance_is_either_of_its_two_readings(model):
    """substance = 1 - (1 - P(constructive, C3 raters)) * (1 - P(short argued post)), the second
    reading from the linear `argued` reader (training/readers.py), as documented."""
    import torch

    heads = model.heads
    cal = heads.calibration["substance"]
    assert heads.readers == ["argued"]
    assert [list(p["weights"]) for p in cal["any_of"]] == [["argued"]]
    argued = len(heads.raw_outputs)  # readers' logits follow the MLP's raw outputs
    raw = torch.zeros((5, len(heads.raw_outputs) + len(heads.readers)))
    raw[:, argued] = torch.tensor([-6.0, -2.0, 0.0, 2.0, 6.0])
    got = heads.calibrate(raw)["substance"]
    c3 = torch.sigmoid(torch.tensor(float(cal["bias"])))
    assert torch.allclose(got, 1 - (1 - c3) * (1 - torch.sigmoid(raw[:, argued])), atol=1e-6)
    assert bool((got[1:] > got[:-1]).all())


def test_heads_without_readers_still_load(model, tmp_path: Path):
    """Artifacts of format /2 (before the readers) load and score: substance is then C3's reading alone."""
    import torch
    from safetensors.torch import load_file, save_file

    config = json.loads((ARTIFACTS_DIR / CONFIG_FILE).read_text())
    config["format"] = "convoscore-heads/2"
    config.pop("readers")
    config["calibration"]["substance"].pop("any_of")
    state = {k: v for k, v in load_file(str(ARTIFACTS_DIR / WEIGHTS_FILE)).items() if not k.startswith("reader.")}
    save_file(state, str(tmp_path / WEIGHTS_FILE))
    (tmp_path / CONFIG_FILE).write_text(json.dumps(config))
    old = load_heads(tmp_path)
    assert old is not None and old.reader is None and old.readers == []
    hidden = torch.randn(2, 7, 384)
    mask = torch.ones(2, 7, dtype=torch.long)
    ext = torch.zeros(2, 1, 1, 7)
    new_raw, old_raw = model.heads.raw(hidden, ext, mask), old.raw(hidden, ext, mask)
    assert old_raw.shape[1] == len(old.raw_outputs) and new_raw.shape[1] == old_raw.shape[1] + 1
    assert torch.allclose(new_raw[:, :-1], old_raw, atol=1e-5)
    assert bool((model.heads(hidden, ext, mask)["substance"] >= old(hidden, ext, mask)["substance"] - 1e-6).all())


def test_every_head_is_in_unit_interval(scored):
    for heads in scored.values():
        for name, value in heads.items():
            assert 0.0 <= value <= 1.0, (name, value)


@pytest.mark.parametrize("text", MICRO)
def test_micro_posts_are_low_effort_without_substance(scored, text):
    assert scored[text]["low_effort"] > 0.5
    assert scored[text]["substance"] < 0.5


def test_reactions_outside_the_training_templates_add_nothing(model):
    heads = [o.heads for o in model.encode(UNSEEN_REACTIONS)]
    with_substance = [t for t, h in zip(UNSEEN_REACTIONS, heads) if h["substance"] >= 0.1]
    assert not with_substance
    low_effort = sum(h["low_effort"] > 0.5 for h in heads)
    assert low_effort >= len(UNSEEN_REACTIONS) - 2, [(t, round(h["low_effort"], 2)) for t, h in zip(UNSEEN_REACTIONS, heads)]


def test_reasoned_paragraph_has_substance(scored):
    h = scored[REASONED]
    assert h["substance"] > 0.5
    assert h["low_effort"] < 0.5
    assert h["toxicity"] < 0.5


def test_insults_are_toxic(scored):
    assert scored[INSULT]["toxicity"] > 0.5
    assert scored[INSULT]["toxicity"] > scored[REASONED]["toxicity"]


def test_excited_text_is_more_passionate_than_calm_text(scored):
    assert scored[EXCITED]["passion"] > scored[CALM]["passion"]


def test_batched_and_single_agree_in_fp32(model):
    texts = ["lol", REASONED, INSULT, EXCITED, CALM, "Short but real: the bridge closes on Monday."]
    batched = model.encode(texts)
    for text, out in zip(texts, batched):
        single = model.encode([text])[0]
        for name, value in out.heads.items():
            assert abs(value - single.heads[name]) < 1e-4, (text, name)


def test_bf16_close_to_fp32(model):
    from scoring.text_model import TextModel

    bf16 = TextModel(backend="bf16")
    texts = [REASONED, INSULT, EXCITED, "+1"]
    for a, b in zip(model.encode(texts), bf16.encode(texts)):
        for name in a.heads:
            assert abs(a.heads[name] - b.heads[name]) < 0.08, name


def test_load_heads_on_empty_directory_is_none(tmp_path: Path):
    assert load_heads(tmp_path) is None


def test_text_model_runs_without_heads(tmp_path: Path):
    from scoring.text_model import TextModel

    m = TextModel(backend="fp32", heads_dir=tmp_path)
    assert not m.heads_loaded
    out = m.encode(["hello there"])[0]
    assert out.heads == {}
    assert np.isclose(np.linalg.norm(out.embedding), 1.0, atol=1e-4)


def toxicity_of(model, texts: list[str]) -> np.ndarray:
    return np.array([o.heads["toxicity"] for o in model.encode(texts)])


def test_explicit_abuse_reads_as_toxic_and_everyday_posts_do_not(model):
    """C3's moderated news comments hold almost no profanity, threats or slurs; the `offensive`
    reading (a distilled teacher, MODEL_CARD.md) must carry them. The heads before it missed 13 of
    these 24; the shipped ones miss 3, threats without a rude word (a known limit)."""
    abuse = toxicity_of(model, EXPLICIT_ABUSE)
    everyday = toxicity_of(model, EVERYDAY_POSTS)
    missed = [t for t, v in zip(EXPLICIT_ABUSE, abuse) if v <= 0.5]
    flagged = [t for t, v in zip(EVERYDAY_POSTS, everyday) if v > 0.5]
    assert len(missed) <= 3, missed
    assert not flagged, flagged
    assert np.median(abuse) > 0.9 and np.median(everyday) < 0.1


def _glued(text: str, emoji: str) -> str:
    return text.rstrip(".!? ") + emoji


def test_an_emoji_glued_to_an_insult_leaves_the_insult_read(model):
    """The tokenizer read "idiot😡" as one unknown token, the insult gone with the emoji: with "😡"
    glued to their ends, 19 of these 24 read toxic before scoring/emoji_words.py, 21 since (as plain)."""
    glued = toxicity_of(model, [_glued(t, "😡") for t in EXPLICIT_ABUSE])
    apart = toxicity_of(model, [_glued(t, " 😡") for t in EXPLICIT_ABUSE])
    np.testing.assert_allclose(glued, apart, atol=1e-6)
    missed = [t for t, v in zip(EXPLICIT_ABUSE, glued) if v <= 0.5]
    assert len(missed) <= 3, missed


def _auc(higher: np.ndarray, lower: np.ndarray) -> float:
    return float((higher[:, None] > lower[None, :]).mean() + 0.5 * (higher[:, None] == lower[None, :]).mean())


def test_emoji_alone_carry_their_intensity(model):
    intense = np.array([o.heads["passion"] for o in model.encode(EMOJI_INTENSE)])
    calm = np.array([o.heads["passion"] for o in model.encode(EMOJI_CALM)])
    assert _auc(intense, calm) >= 0.7, (intense.round(2), calm.round(2))


def test_hostile_emoji_read_more_toxic_than_the_same_emoji_in_harmless_posts(model):
    hostile = toxicity_of(model, EMOJI_HOSTILE)
    harmless = toxicity_of(model, EMOJI_HARMLESS)
    assert _auc(hostile, harmless) >= 0.8, (hostile.round(2), harmless.round(2))
    flagged = [(t, round(float(v), 2)) for t, v in zip(EMOJI_HARMLESS, harmless) if v >= 0.5]
    assert not flagged, flagged


def test_posts_of_emoji_alone_stay_reactions(model):
    outputs = model.encode(EMOJI_INTENSE + EMOJI_CALM)
    not_reactions = [(t, round(o.heads["low_effort"], 2)) for t, o in zip(EMOJI_INTENSE + EMOJI_CALM, outputs)
                     if o.heads["low_effort"] < 0.75 or o.heads["substance"] >= 0.1]
    assert not not_reactions, not_reactions


def test_harm_words_in_harmless_sentences_do_not_read_as_toxic(model):
    """'The old mill burned to the ground', 'I broke my leg skiing': the words of a threat without
    its intent. A threat reader tried on fixed pooled features flagged harm words in harmless Reddit
    comments ("Please never let this die."; MODEL_CARD.md); this guards against the same failure."""
    toxicity = toxicity_of(model, HARMLESS_HARM_WORDS)
    flagged = [(t, round(float(v), 2)) for t, v in zip(HARMLESS_HARM_WORDS, toxicity) if v > 0.5]
    assert not flagged, flagged
    assert np.median(toxicity) < 0.15


def test_threats_without_rude_words_rank_above_their_harmless_look_alikes(model):
    """Below 0.5 as most of them score (a known limit), threats still rank above harmless sentences
    in the same words (ROC AUC 0.78 for the shipped heads): the heads read some intent."""
    threats = toxicity_of(model, THREATS_WITHOUT_RUDE_WORDS)
    harmless = toxicity_of(model, HARMLESS_HARM_WORDS)
    # ROC AUC as the share of (threat, harmless) pairs ranked right; scikit-learn is a training-only extra.
    auc = _auc(threats, harmless)
    assert auc >= 0.7, auc


def test_short_argued_posts_add_substance_and_short_opinions_do_not(model):
    """C3 raters almost never call a comment under 20 words constructive, so C3's reading alone
    scored 8 of these 20 arguments at 0.5 or more (mean 0.33); with the argued reader 18 (0.84).
    The 20 opinions, jokes and jabs must stay below 0.5 (measured max 0.03)."""
    argued = _substance(model, SHORT_ARGUED)
    unargued = _substance(model, SHORT_UNARGUED)
    assert (argued >= 0.5).sum() >= 15, [(t, round(float(v), 2)) for t, v in zip(SHORT_ARGUED, argued)]
    flagged = [(t, round(float(v), 2)) for t, v in zip(SHORT_UNARGUED, unargued) if v >= 0.5]
    assert not flagged, flagged
    assert float((argued[:, None] > unargued[None, :]).mean()) >= 0.95


def test_arguments_keep_their_substance_in_social_decoration(model):
    argued = _substance(model, DECORATED_ARGUED)
    unargued = _substance(model, DECORATED_UNARGUED)
    assert (argued >= 0.5).sum() >= 10, [(t, round(float(v), 2)) for t, v in zip(DECORATED_ARGUED, argued)]
    flagged = [(t, round(float(v), 2)) for t, v in zip(DECORATED_UNARGUED, unargued) if v >= 0.5]
    assert not flagged, flagged
    assert float((argued[:, None] > unargued[None, :]).mean()) >= 0.95


@pytest.mark.parametrize("decoration", DECORATIONS)
def test_decoration_does_not_turn_an_argument_into_a_reaction(model, decoration):
    decorate = DECORATIONS[decoration]
    argued = _substance(model, [decorate(t) for t in SHORT_ARGUED])
    unargued = _substance(model, [decorate(t) for t in SHORT_UNARGUED])
    assert (argued >= 0.5).sum() >= 15, [(t, round(float(v), 2)) for t, v in zip(SHORT_ARGUED, argued)]
    assert (unargued < 0.5).all(), max(unargued)


def test_experience_that_shows_something_outranks_experience_that_is_only_told(model):
    told = _substance(model, EXPERIENCE_HELD)
    only = _substance(model, EXPERIENCE_LOOKALIKES)
    flagged = [(t, round(float(v), 2)) for t, v in zip(EXPERIENCE_LOOKALIKES, only) if v >= 0.5]
    assert not flagged, flagged
    assert (told >= 0.5).sum() >= 8, [(t, round(float(v), 2)) for t, v in zip(EXPERIENCE_HELD, told)]
    assert float((told[:, None] > only[None, :]).mean()) >= 0.9


def test_cheering_and_compliments_add_no_substance(model):
    heads = [o.heads for o in model.encode(COMPLIMENTS)]
    flagged = [(t, round(h["substance"], 2)) for t, h in zip(COMPLIMENTS, heads) if h["substance"] >= 0.3]
    assert not flagged, flagged


def test_adverts_add_no_substance_whatever_figures_they_carry(model):
    substance = _substance(model, ADVERTS)
    flagged = [(t, round(float(v), 2)) for t, v in zip(ADVERTS, substance) if v >= 0.5]
    assert not flagged, flagged
    assert substance.mean() < 0.12, substance.mean()


def test_repeating_a_reaction_adds_no_substance(model):
    texts = [phrase * copies for phrase, copies in REPEATED_REACTIONS.items()]
    for (phrase, copies), out in zip(REPEATED_REACTIONS.items(), model.encode(texts)):
        assert out.repeats == copies and not out.truncated, phrase
        assert out.heads["substance"] < 0.1, (phrase, out.heads["substance"])
        assert out.heads["low_effort"] > 0.5, (phrase, out.heads["low_effort"])
