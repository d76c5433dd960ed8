"""Loaders for the human-labelled data sets in ../shared/data, and the held-out splits.

Nothing here copies data into the repository: everything is read from `data_dir` at training or
evaluation time.

Held-out splits (the evaluation never sees training rows):
- C3: grouped by `article_id`; an article is held out when a stable hash of its id falls in the
  lowest `C3_HOLDOUT` share (20% of articles). Comments on the same article never straddle splits.
  For cross-validation (crossval.py) the same hash is rotated: fold k of `C3_FOLDS` holds out the
  next fifth of articles, and fold 0 is the shipped split.
- EmoBank: its own `split` column (train for training, dev held out).
- GoEmotions: train.tsv for training, dev.tsv held out.
- SemEval-2015 Task 3 (cqa_dev_flat.csv): evaluation only, never trained on.

Inside the training part, a further `VAL_SHARE` of C3 articles and of EmoBank/GoEmotions rows is
set aside for calibration and early stopping (see train.py).
"""

from __future__ import annotations

import csv
import hashlib
import random
import string

import numpy as np
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"

C3_HOLDOUT = 0.20
C3_FOLDS = 5  # 1 / C3_HOLDOUT: the folds of crossval.py tile the articles, fold 0 being the shipped split
VAL_SHARE = 0.10
CONSTRUCTIVE_TAGS = ("evidence", "solution", "personal_story", "specific_points", "dialogue")
NON_CONSTRUCTIVE_TAGS = ("provocative", "sarcastic", "no_respect", "non_relevant")
TAGS = CONSTRUCTIVE_TAGS + NON_CONSTRUCTIVE_TAGS

# GoEmotions has no intensity labels. Our mapping of each emotion to emotional intensity
# (arousal: calm 0 .. excited 1), following the circumplex placement of each emotion (Russell 1980)
# and the arousal ratings of the emotion words in the NRC VAD lexicon (Mohammad 2018), in three tiers:
# high-activation emotions 1.0, moderate 0.6, low-activation 0.3, neutral 0.0. A text's target is the
# highest intensity among its labels.
GOEMOTIONS_INTENSITY = {
    "anger": 1.0, "excitement": 1.0, "fear": 1.0, "surprise": 1.0, "amusement": 1.0,
    "disgust": 1.0, "joy": 1.0, "nervousness": 1.0, "annoyance": 0.6, "love": 0.6, "desire": 0.6,
    "grief": 0.6, "embarrassment": 0.6, "pride": 0.6, "admiration": 0.6, "gratitude": 0.6,
    "optimism": 0.6, "disapproval": 0.6, "curiosity": 0.6, "confusion": 0.6, "remorse": 0.3,
    "sadness": 0.3, "disappointment": 0.3, "caring": 0.3, "approval": 0.3, "realization": 0.3,
    "relief": 0.3, "neutral": 0.0,
}

# GoEmotions labels used as an auxiliary hostility target for the toxicity head.
GOEMOTIONS_HOSTILE = ("anger", "annoyance", "disgust")


def _stable_unit(key: str, salt: str = "") -> float:
    """A deterministic number in [0, 1) from a string (independent of PYTHONHASHSEED)."""
    digest = hashlib.sha1(f"{salt}{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


# -- C3 -----------------------------------------------------------------------------------------


@dataclass
class C3Row:
    text: str
    article_id: str
    constructive: float  # share of raters, 0..1
    constructive_binary: int
    toxicity_level: float  # 1..4 mean
    unsubstantial: float  # share of raters naming "unsubstantial", 0..1
    tags: dict[str, float]  # share of raters naming each reason tag, 0..1
    toxic_share: float = 0.0  # share of toxicity raters naming any toxic characteristic, 0..1
    split: str = "train"  # train | val | test
    toxicity_raters: int = 5  # raters of toxicity_level: 5 for most of C3, 3 for a harsher batch of 840


def _counts(cell: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in (cell or "").split("\n"):
        if ":" in part:
            name, _, n = part.strip().rpartition(":")
            try:
                out[name] = out.get(name, 0) + int(float(n))
            except ValueError:
                pass
    return out


def c3_split(article_id: str, fold: int = 0) -> str:
    """train | val | test for an article; `fold` rotates the hash so that each fold tests other articles."""
    u = (_stable_unit(article_id, "c3-holdout") - fold / C3_FOLDS) % 1.0
    if u < C3_HOLDOUT:
        return "test"
    if u < C3_HOLDOUT + VAL_SHARE * (1 - C3_HOLDOUT):
        return "val"
    return "train"


def load_c3(data_dir: Path, fold: int = 0) -> list[C3Row]:
    rows = []
    with open(Path(data_dir) / "c3" / "c3_train.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            text = (r["comment_text"] or "").strip()
            if not text:
                continue
            n = float(r["njudgements_constructiveness_expt"] or 0) or 5.0
            con = _counts(r["constructive_characteristics"])
            non = _counts(r["non_constructive_characteristics"])
            tags = {t: min(1.0, con.get(t, 0) / n) for t in CONSTRUCTIVE_TAGS}
            tags.update({t: min(1.0, non.get(t, 0) / n) for t in NON_CONSTRUCTIVE_TAGS})
            n_tox = float(r["njudgements_toxicity_expt"] or 0) or 5.0
            no_toxic = _counts(r["toxicity_characteristics"]).get("no_toxic", 0)
            rows.append(
                C3Row(
                    text=text,
                    article_id=r["article_id"],
                    constructive=float(r["constructive"]),
                    constructive_binary=int(float(r["constructive_binary"])),
                    toxicity_level=float(r["crowd_toxicity_level"]),
                    unsubstantial=min(1.0, non.get("unsubstantial", 0) / n),
                    tags=tags,
                    toxic_share=float(min(1.0, max(0.0, 1.0 - no_toxic / n_tox))),
                    split=c3_split(r["article_id"], fold),
                    toxicity_raters=int(n_tox),
                )
            )
    return rows


# -- EmoBank ------------------------------------------------------------------------------------


@dataclass
class EmoRow:
    text: str
    arousal: float  # 1..5
    valence: float
    split: str  # train | val | dev (dev is the held-out evaluation split)


def load_emobank(data_dir: Path) -> list[EmoRow]:
    rows = []
    with open(Path(data_dir) / "emobank" / "emobank_train_dev.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            text = (r["text"] or "").strip()
            if not text:
                continue
            split = r["split"]
            if split == "train" and _stable_unit(r["id"], "emobank-val") < VAL_SHARE:
                split = "val"
            rows.append(EmoRow(text, float(r["A"]), float(r["V"]), split))
    return rows


# -- GoEmotions ---------------------------------------------------------------------------------


@dataclass
class GoRow:
    text: str
    emotions: list[str]
    intensity: float  # max GOEMOTIONS_INTENSITY over its emotions
    split: str  # train | val | dev
    hostile: float = 0.0  # 1 when labelled anger, annoyance or disgust


def load_goemotions(data_dir: Path, which: str = "train") -> list[GoRow]:
    base = Path(data_dir) / "goemotions"
    names = (base / "labels.txt").read_text(encoding="utf-8").split()
    rows = []
    with open(base / f"{which}.tsv", newline="", encoding="utf-8") as f:
        for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(r) < 2 or not r[0].strip():
                continue
            emotions = [names[int(i)] for i in r[1].split(",") if i.strip()]
            split = which
            if which == "train" and _stable_unit(r[2] if len(r) > 2 else r[0], "goemotions-val") < VAL_SHARE:
                split = "val"
            intensity = max(GOEMOTIONS_INTENSITY[e] for e in emotions)
            hostile = float(any(e in GOEMOTIONS_HOSTILE for e in emotions))
            rows.append(GoRow(r[0].strip(), emotions, intensity, split, hostile))
    return rows


# -- explicit offensiveness (teacher labels for social-media register) ----------------------------


def offensive_probability(texts: list[str]) -> np.ndarray:
    """P(offensive or profane) for each text by alt-profanity-check, a linear model trained on ~200k
    human-labelled comments and tweets (Jigsaw Wikipedia comments, Davidson et al. 2017 tweets).

    C3's comments come from a moderated newspaper and carry almost no profanity, threats or slurs,
    so a head trained on C3 alone misses the explicit toxicity common on social platforms. These
    probabilities on GoEmotions' Reddit comments are the soft targets of the heads' `offensive`
    output (distillation), the second reading of toxicity. The teacher runs at training time only,
    never in the service.
    """
    try:
        from profanity_check import predict_prob
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise SystemExit('training needs the "train" extra: pip install -e ".[train]"') from e
    return predict_prob(list(texts))


# -- SemEval-2015 Task 3 (evaluation only) ------------------------------------------------------


@dataclass
class CQAComment:
    id: str
    user_id: str
    text: str
    gold: str  # Good | Potential | Bad | Dialogue
    position: int


@dataclass
class CQAThread:
    qid: str
    user_id: str
    subject: str
    body: str
    comments: list[CQAComment] = field(default_factory=list)

    @property
    def question(self) -> str:
        subject, body = self.subject.strip(), self.body.strip()
        if subject and not body.lower().startswith(subject.lower()):
            return f"{subject}\n{body}".strip()
        return body or subject


def load_semeval(data_dir: Path) -> list[CQAThread]:
    threads: dict[str, CQAThread] = {}
    with open(Path(data_dir) / "semeval2015_cqa" / "cqa_dev_flat.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            t = threads.get(r["qid"])
            if t is None:
                t = threads[r["qid"]] = CQAThread(r["qid"], r["quserid"], r["qsubject"], r["qbody"])
            t.comments.append(
                CQAComment(r["cid"], r["cuserid"], (r["cbody"] or "").strip(), r["cgold"], int(r["position"]))
            )
    for t in threads.values():
        t.comments.sort(key=lambda c: c.position)
    return list(threads.values())


# -- synthetic micro-posts (low effort) ---------------------------------------------------------

_REACTIONS = (
    "+1", "+100", "lol", "lmao", "lmfao", "rofl", "haha", "hahaha", "hehe", "this!", "this", "^ this",
    "this^", "so true", "so true!", "true", "agreed", "agree", "same", "same here", "me too", "nice",
    "nice!", "wow", "omg", "yes", "yes!", "yep", "yup", "nope", "no", "ok", "okay", "k", "exactly",
    "exactly!", "100%", "thanks", "thanks!", "thx", "ty", "cool", "great", "great post", "love it",
    "love this", "awesome", "amazing", "bump", "first!", "first", "ditto", "word", "facts", "based",
    "fr", "ikr", "smh", "wtf", "meh", "ugh", "yikes", "oof", "lit", "goat", "W", "L", "ratio",
    "well said", "good point", "nailed it", "spot on", "bravo", "preach", "cringe", "lol same",
    "hear hear", "couldn't agree more", "what he said", "^^^", "!!!", "???", "...", "xD", ":)",
    ":(", ":D", ";)", "<3", "gg", "rip", "f", "kek", "noice", "sick", "dope", "legend", "mood",
    "big mood", "so much this", "👍", "😂", "🔥", "❤️", "💯", "🙌", "👏", "😭", "🤣", "😍",
)
_EMOJI = "👍😂🔥❤💯🙌👏😭🤣😍😊😎🤔😮😡🎉✨🙏😢👀💀🥲😅🤡😆💪🌹😁🙄😱🥰😘😜🤯⭐✅❌"
_WORDS = ("news", "politics", "truth", "love", "win", "fail", "mood", "tbt", "fyi", "election", "sports",
          "music", "breaking", "trending", "life", "fun", "goals", "yes", "wow", "blessed", "canada")
_NAMES = ("john", "mary_k", "the_real_bob", "alex99", "newsbot", "sam", "jane_doe", "mike", "user123",
          "kate", "djones", "anna", "tom_h", "globe", "lee")
_DOMAINS = ("youtube.com", "bit.ly", "twitter.com", "x.com", "reddit.com", "imgur.com", "example.com",
            "nytimes.com", "theglobeandmail.com", "instagram.com", "tiktok.com", "t.co", "news.com")


def _url(rng: random.Random) -> str:
    path = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(4, 12)))
    dom = rng.choice(_DOMAINS)
    form = rng.random()
    if form < 0.5:
        return f"https://{dom}/{path}"
    if form < 0.75:
        return f"http://www.{dom}/watch?v={path}"
    return f"{dom}/{path}"


def _micro(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.32:
        text = rng.choice(_REACTIONS)
    elif kind < 0.48:
        text = "".join(rng.choice(_EMOJI) for _ in range(rng.randint(1, 5)))
    elif kind < 0.58:
        text = _url(rng)
    elif kind < 0.68:
        text = " ".join(f"@{rng.choice(_NAMES)}" for _ in range(rng.randint(1, 3)))
    elif kind < 0.78:
        text = " ".join(f"#{rng.choice(_WORDS)}" for _ in range(rng.randint(1, 4)))
    else:  # combinations: a reaction plus a tag, a link, or emoji
        parts = [rng.choice(_REACTIONS)]
        extra = rng.random()
        if extra < 0.3:
            parts.insert(0, f"@{rng.choice(_NAMES)}")
        elif extra < 0.55:
            parts.append(f"#{rng.choice(_WORDS)}")
        elif extra < 0.75:
            parts.append("".join(rng.choice(_EMOJI) for _ in range(rng.randint(1, 3))))
        else:
            parts.append(_url(rng))
        text = " ".join(parts)
    r = rng.random()
    if r < 0.15:
        text = text.upper()
    elif r < 0.3:
        text = text.capitalize()
    if rng.random() < 0.1:
        text += rng.choice(("!", "!!", "!!!", ".", " 😂", " lol"))
    return text


def synthetic_micro_posts(n: int, seed: int = 0) -> list[str]:
    """`n` micro-contributions (reactions, emoji, bare links, @mentions, #tags), deterministic per seed.

    C3 has almost no such posts (its comments were sampled from substantive news discussions), yet
    they are common on social platforms. They are labelled low effort, no substance, not toxic.
    """
    rng = random.Random(f"micro-{seed}")
    return [_micro(rng) for _ in range(n)]


# -- synthetic short informative replies (substance is not length) ------------------------------

_PLACES = ("the library", "City Hall", "the post office", "Central Station", "the farmers market", "Costco",
           "the community centre", "the DMV office", "Walmart", "the hardware store on Main Street",
           "the clinic near the airport", "IKEA", "the public pool", "the university bookstore",
           "the Saturday market", "Best Buy", "the bike shop on 5th Avenue", "Home Depot", "the town pharmacy")
_ITEMS = ("replacement filters", "USB-C chargers", "gluten-free bread", "second-hand textbooks", "bike tubes",
          "printer ink", "winter tyres", "kids' swim lessons", "passport photos", "fresh fish", "spare keys")
_ORGS = ("the city council", "customer service", "the embassy", "the landlord board", "the tax office",
         "the school district", "your insurer", "the manufacturer", "the transit authority", "the registry office")
_DOCS = ("a copy of your lease", "two passport photos", "proof of address", "your birth certificate",
         "the original receipt", "a bank statement", "your employer's letter", "a photo ID")
_DEVICES = ("laptop", "phone", "router", "dishwasher", "car", "printer", "washing machine", "TV")
_FIXES = ("updating the firmware", "replacing the battery", "resetting it to factory settings",
          "cleaning the filter", "swapping the power adapter", "turning off the power-saving mode")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "September", "October", "November")
_REASONS = ("the service is faster", "parts are cheaper", "the warranty is longer", "it uses less power",
            "they deliver for free", "the queue is much shorter", "it holds its value better")
_OPTIONS = ("the annual pass", "the prepaid plan", "the older model", "the morning shift", "the express route",
            "the basic package", "a used one")


def _informative(rng: random.Random) -> str:
    n = rng.randint(2, 60)
    price = f"{rng.choice(('$', '€', '£', ''))}{rng.randint(5, 900)}{rng.choice(('', ' dollars', ' a month', ' per person'))}"
    phone = f"{rng.randint(200, 999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    templates = (
        lambda: f"Try {rng.choice(_PLACES)}, they have {rng.choice(_ITEMS)}.",
        lambda: f"{rng.choice(_PLACES).capitalize()} sells {rng.choice(_ITEMS)} for about {price}.",
        lambda: f"Call {rng.choice(_ORGS)} at {phone}, they can sort it out in a day.",
        lambda: f"You need {rng.choice(_DOCS)} and {rng.choice(_DOCS)}. It takes about {n} days.",
        lambda: f"It opens at {rng.randint(6, 10)}am and closes at {rng.randint(5, 11)}pm on {rng.choice(_DAYS)}s.",
        lambda: f"Go with {rng.choice(_OPTIONS)}, {rng.choice(_REASONS)}.",
        lambda: f"I had the same problem with my {rng.choice(_DEVICES)}; {rng.choice(_FIXES)} fixed it.",
        lambda: f"The deadline is {rng.choice(_MONTHS)} {rng.randint(1, 28)}, and the late fee is {price}.",
        lambda: f"Take the {rng.choice(('red', 'blue', 'green', 'number ' + str(n)))} line to {rng.choice(_PLACES)} and walk {rng.randint(2, 15)} minutes north.",
        lambda: f"Ask {rng.choice(_ORGS)} for form {rng.choice('ABCDT')}-{rng.randint(10, 99)}; it covers exactly this case.",
        lambda: f"It costs around {price} if you book {rng.randint(2, 8)} weeks ahead.",
        lambda: f"No, you can't: the rule changed in {rng.randint(2008, 2024)}, now you need {rng.choice(_DOCS)}.",
        lambda: f"Yes, but only with {rng.choice(_DOCS)}; {rng.choice(_ORGS)} checks it at the door.",
        lambda: f"{rng.choice(_OPTIONS).capitalize()} is better value: {rng.choice(_REASONS)} and {rng.choice(_REASONS)}.",
        lambda: f"Worked for me: {rng.choice(_FIXES)}, then restart. Took {n} minutes.",
    )
    text = rng.choice(templates)()
    if rng.random() < 0.15:
        text = text.lower()
    return text


def synthetic_informative_replies(n: int, seed: int = 0) -> list[str]:
    """`n` short replies that carry a specific answer (a place, a price, a step, a fix, a rule).

    C3 raters almost never call a comment under 20 words constructive (0.7%), so a model trained on
    C3 alone reads "short" as "no substance". These replies are short yet add value by the task's
    definition (specific points, solutions, personal experience); they are soft positives for
    substance (0.7) and negatives for low effort, to keep substance from collapsing into length.
    """
    rng = random.Random(f"informative-{seed}")
    return [_informative(rng) for _ in range(n)]


# -- synthetic short argued posts (substance on social platforms) -------------------------------

_ISSUES = ("the transit budget", "the new housing plan", "the school funding formula", "the carbon tax",
           "the hospital merger", "the stadium deal", "the zoning change", "the water rate hike",
           "the speed camera program", "the library closures", "the refinery permit", "the tuition freeze",
           "the pension reform", "the bike lane project", "the broadband subsidy", "the rent cap")
_PLACES_WIDE = ("Vancouver", "Denver", "Finland", "Melbourne", "Portland", "Scotland", "Calgary", "Austin",
                "the Netherlands", "Quebec", "Oregon", "New Zealand", "Leeds", "Minneapolis", "Japan", "Ireland")
_MEASURES = ("waiting lists", "commute times", "energy bills", "dropout rates", "property taxes",
             "emergency room waits", "bankruptcies", "traffic deaths", "vacancy rates", "overdose deaths",
             "class sizes", "food prices", "insurance premiums", "crime reports", "youth unemployment")
_MOVES = ("fell", "rose", "dropped", "climbed", "doubled", "barely changed")
_SOURCES = ("the auditor general's report", "StatCan's labour survey", "the city's own budget documents",
            "a 2022 Lancet study", "the OECD figures", "the census data", "the utility's annual filing",
            "the court ruling itself", "the RAND review", "the provincial health data", "the BLS numbers",
            "the committee minutes")
_JOBS = ("teacher", "paramedic", "bus driver", "pharmacist", "contractor", "social worker", "farmer",
         "software developer", "small business owner", "accountant", "police dispatcher", "landlord",
         "union rep", "ER doctor", "electrician")
_SEEN = ("most of the delays come from paperwork, not staffing", "the cheap option always costs more in repairs",
         "people use the service when it is reliable, not when it is free",
         "the rule mostly hurts the smallest shops", "early intervention saves far more than it costs",
         "the backlog started after the 2019 cuts", "customers switch as soon as prices go up 10%",
         "training new hires takes a full year before they are productive",
         "half of the complaints we get are about the same two forms")
_FLAWS = ("only surveyed {n} people, all volunteers", "compares a boom year to a recession year",
          "leaves out everyone who moved away", "counts households, not people",
          "uses nominal dollars, so inflation explains most of the gap", "was paid for by the industry itself",
          "stops in {y}, before the policy took effect", "mixes full-time and part-time workers")
_FIXES_WIDE = ("publishing the contracts online", "an independent audit before any new money",
               "a pilot in two neighbourhoods first", "tying the funding to measured outcomes",
               "letting the savings go back to the users", "a sunset clause after {n} years",
               "hiring inspectors instead of buying more software", "an opt-out instead of an opt-in")


# Experience and advice as support, with or without a figure: "personal experience as support" is
# substance by the task's definition, and the templates above gave it one frame ("As a {job} for
# {n} years, I can tell you ..."): 9 of 20 such posts written by hand read below 0.5.
_WORKED = ("I worked in a warehouse for {n} years", "I spent {n} years as a {job}", "I drove a delivery van for a while",
           "I ran a small cafe", "I volunteered at a shelter", "I did tax returns for a living", "I cleaned offices at night",
           "I managed a gym", "I was a cashier all through college", "I used to repair bikes", "I was a {job} before I retired")
_LESSONS = ("most returns come back because the sizes run small", "people tip better when you remember their name",
            "the expensive brand breaks just as often as the cheap one",
            "nobody reads the safety sheet until something goes wrong", "the first week decides whether a new hire stays",
            "complaints drop when people are told how long the wait is", "the loudest customers are rarely the ones who leave",
            "regulars care more about consistency than about price", "the night shift always gets the worst equipment",
            "a written checklist prevents more mistakes than extra training",
            "most breakdowns start with a cheap check somebody skipped", "the paperwork takes longer than the actual job")
_ADVICE = ("keep the receipts in one folder, the refund desk wants the originals",
           "call before noon, the afternoon queue is much longer",
           "read the cancellation terms first, the free trial renews on its own",
           "unplug it for a full minute, a quick restart does not clear the memory",
           "ask for the itemised bill, duplicate charges happen all the time",
           "photograph the meter when you move in, it settles any dispute",
           "book the first appointment of the day, they never run late then",
           "get the quote in writing, verbal prices change once the work starts",
           "rinse the filter every month, a clogged one doubles the drying time",
           "write down the name of whoever you speak to, it speeds up any complaint")
_RELATIVES = ("My sister", "My uncle", "My neighbour", "My best friend", "My mum", "A friend of mine", "My partner",
              "My cousin")
_REGRETS = ("signed my first lease", "bought my first car", "started my business", "moved abroad", "hired a builder")


def _argued(rng: random.Random) -> str:
    n = rng.randint(3, 45)
    y = rng.randint(1995, 2024)
    pct = rng.choice((rng.randint(2, 60), round(rng.uniform(0.5, 9.9), 1)))
    fmt = {"n": n, "y": y}
    worked = rng.choice(_WORKED).format(n=n, job=rng.choice(_JOBS))
    templates = (
        lambda: f"{rng.choice(_PLACES_WIDE)} tried this in {y} and {rng.choice(_MEASURES)} "
                f"{rng.choice(_MOVES)} by {pct}% within {rng.randint(2, 6)} years. Worth looking at before we vote.",
        lambda: f"According to {rng.choice(_SOURCES)}, {rng.choice(_MEASURES)} {rng.choice(_MOVES)} "
                f"{pct}% since {y}. The real problem is elsewhere.",
        lambda: f"As a {rng.choice(_JOBS)} for {n} years, I can tell you {rng.choice(_SEEN)}.",
        lambda: f"Speaking as a {rng.choice(_JOBS)}: {rng.choice(_SEEN)}. That is why {rng.choice(_ISSUES)} won't work as written.",
        lambda: f"Correction: {rng.choice(_ISSUES)} passed in {y}, not {y + rng.randint(1, 4)}, "
                f"and it only covers {rng.choice(('new buildings', 'firms over 50 staff', 'people under 25', 'rural areas'))}.",
        lambda: f"That study {rng.choice(_FLAWS).format(**fmt)}, so it can't tell us much about {rng.choice(_MEASURES)}.",
        lambda: f"The problem with {rng.choice(_ISSUES)} is cost: {rng.choice(_SOURCES)} puts it at "
                f"${rng.randint(2, 900)} million, about ${rng.randint(20, 900)} per household.",
        lambda: f"A better fix for {rng.choice(_ISSUES)}: {rng.choice(_FIXES_WIDE).format(**fmt)}. "
                f"{rng.choice(_PLACES_WIDE)} did that and {rng.choice(_MEASURES)} {rng.choice(_MOVES)}.",
        lambda: f"I disagree, because {rng.choice(_MEASURES)} in {rng.choice(_PLACES_WIDE)} "
                f"{rng.choice(_MOVES)} after the same change. Correlation isn't the whole story.",
        lambda: f"My family went through this in {y}: {rng.choice(_SEEN)}.",
        lambda: f"Check {rng.choice(_SOURCES)}, page {rng.randint(3, 240)}: {rng.choice(_MEASURES)} "
                f"{rng.choice(_MOVES)}, which is the opposite of what the headline says.",
        lambda: f"Two things the article misses: {rng.choice(_MEASURES)} {rng.choice(_MOVES)} {pct}%, "
                f"and {rng.choice(_SEEN)}.",
        lambda: f"Instead of {rng.choice(_ISSUES)}, {rng.choice(_FIXES_WIDE).format(**fmt)} would cost less "
                f"and could start by {rng.choice(_MONTHS)}.",
        lambda: f"{worked}{rng.choice((', and ', ': ', '. '))}{rng.choice(_LESSONS)}.",
        lambda: f"{_capital(rng.choice(_ADVICE))}. {rng.choice(_RELATIVES)} learned that the hard way.",
        lambda: f"{rng.choice(_RELATIVES)} is a {rng.choice(_JOBS)} and says {rng.choice(_LESSONS)}.",
        lambda: f"{_capital(rng.choice(_JOBS))} here. {_capital(rng.choice(_LESSONS))}, so {rng.choice(_ADVICE)}.",
        lambda: f"In my experience, {rng.choice(_LESSONS)}.",
        lambda: f"{_capital(rng.choice(_ADVICE))}; I wish someone had told me before I {rng.choice(_REGRETS)}.",
        lambda: f"Tip from a former {rng.choice(_JOBS)}: {rng.choice(_ADVICE)}.",
    )
    return _as_posted(rng, rng.choice(templates)())


# Openers that people put before an argument on social platforms; each alone is a micro-post.
_OPENERS = ("lol", "lmao", "ngl", "tbh", "honestly", "nah", "ok so", "fun fact:", "pro tip:", "fyi",
            "um,", "well,", "yes!", "no.", "so", "psa:", "imo")


def _as_posted(rng: random.Random, text: str) -> str:
    """`text` with the platform decoration a social post carries around its words.

    The encoder reads every emoji as one [UNK] token, which the micro-posts teach as a sign of a
    reaction: without decorated arguments to learn from, the reader read an emoji or a
    "lol" at either end of an argument as a reaction (20 argued posts written by hand: 18 of 20 at
    substance >= 0.5 plain, 8 with a trailing emoji, 11 after "lol"). The reader's negatives
    (effusive reactions, adverts) carry the same decoration, so that it says nothing. Not "!!" at
    the end: taught as neutral, it raised C3's long rants (pooled within-decile AUC 0.740 -> 0.738).
    """
    if rng.random() < 0.15:
        text = f"{rng.choice(_OPENERS)} {text[0].lower()}{text[1:]}"
    if rng.random() < 0.07:
        text = f"{rng.choice(_EMOJI)} {text}"
    if rng.random() < 0.15:  # a reply's addressing comes first
        names = ("jen", "mark_t", "cityhall", "news_desk", "sam88", "dr_okafor", "mike", "the_real_bob")
        text = " ".join(f"@{rng.choice(names)}" for _ in range(rng.randint(1, 3))) + f" {text}"
    if rng.random() < 0.25:
        text = f"{text} " + "".join(rng.choice(_EMOJI) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.15:
        text = f"{text} https://{rng.choice(('bit.ly', 't.co', 'example.org'))}/{rng.randint(1000, 99999)}"
    if rng.random() < 0.15:
        tags = ("policy", "cdnpoli", "housing", "transit", "factcheck", "thread", "facts", "budget")
        text = f"{text} " + " ".join(f"#{rng.choice(tags)}" for _ in range(rng.randint(1, 2)))
    if rng.random() < 0.15:
        text = text.lower()
    return text


def synthetic_argued_posts(n: int, seed: int = 0) -> list[str]:
    """`n` short posts that argue a point with a number, a source, experience, a correction or a fix.

    The social-media counterpart of `synthetic_informative_replies`: a tweet-length post that gives
    evidence or reasoning adds value by the task's definition, but C3 teaches that short means
    "not constructive". They train the short-argument reader (training/readers.py), not the tuned
    layers: taught to the layers they cost C3 toxicity AUC (MODEL_CARD.md). Some carry the
    decoration of a social post (`_as_posted`): it does not make an argument a micro-post.
    """
    rng = random.Random(f"argued-{seed}")
    return [_argued(rng) for _ in range(n)]



def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- synthetic personal remarks (experience that supports nothing) --------------------------------

_FEELINGS = ("good times", "never again lol", "miss it sometimes", "this brings back memories", "what a ride",
             "so this hits home", "loved every minute", "still have nightmares about it", "can relate",
             "so this made me laugh", "those were the days")
_FOR_THEM = ("she'd love this", "he'd laugh so hard at this", "so proud of them", "sending this to them now",
             "they'd agree", "this is so them")
_WARM = ("love this", "this made my day", "so relatable", "sending love to everyone", "can confirm lol",
         "respect", "this is the best thread", "felt this one")
_VAGUE = ("people are mostly good", "it always works out in the end", "you just never know", "it really depends",
          "things get better", "everyone is different")
_MEMORIES = ("this was all fields", "we had none of this", "my dad took me here", "this show first came out",
             "everyone knew everyone", "we walked everywhere")


def _personal_remark(rng: random.Random) -> str:
    worked = rng.choice(_WORKED).format(n=rng.randint(2, 30), job=rng.choice(_JOBS))
    templates = (
        lambda: f"{worked}, {rng.choice(_FEELINGS)}.",
        lambda: f"{rng.choice(_RELATIVES)} is a {rng.choice(_JOBS)}, {rng.choice(_FOR_THEM)}.",
        lambda: f"{_capital(rng.choice(_JOBS))} here, {rng.choice(_WARM)}!",
        lambda: f"In my experience, {rng.choice(_VAGUE)}.",
        lambda: f"I remember when {rng.choice(_MEMORIES)}.",
        lambda: f"As a former {rng.choice(_JOBS)}, {rng.choice(_WARM)}.",
        lambda: f"{rng.choice(_RELATIVES)} went through the same thing, {rng.choice(_FEELINGS)}.",
    )
    return _as_posted(rng, rng.choice(templates)())


def synthetic_personal_remarks(n: int, seed: int = 0) -> list[str]:
    """`n` remarks about one's own life that support nothing: the openers of experience as evidence
    ("I spent 12 years as a nurse", "My uncle is a farmer", "In my experience") followed by a
    feeling, nostalgia or cheer. Negatives for the argued reader, the counterpart of the experience
    and advice templates of `synthetic_argued_posts`: what makes experience substance is what it
    shows, not that it is told.
    """
    rng = random.Random(f"remarks-{seed}")
    return [_personal_remark(rng) for _ in range(n)]

# -- synthetic effusive reactions (long is not argued) --------------------------------------------

_PRAISE = (
    "this is amazing", "love this so much", "absolutely stunning", "you look gorgeous", "so proud of you",
    "congrats", "congratulations", "happy birthday", "best thing I've seen all day", "can't wait for the next one",
    "keep it up", "you nailed it", "queen", "legend", "iconic", "obsessed with this", "I'm crying", "I'm dead",
    "goals", "this made my day", "sending love", "so happy for you", "beautiful", "well deserved", "so cute",
    "what a shot", "take my money", "I need this", "the vibes", "never change", "you're the best",
    "thank you so much", "love you guys", "no words", "yes yes yes", "omg omg", "stop it", "I can't",
    "literally me", "so good", "this song tho", "what a game", "let's gooo", "huge congrats man",
    "you deserve it", "wish I was there", "looks delicious", "living for this", "unreal", "chef's kiss",
)
_CHEER_END = ("!", "!!", "!!!", "", "", ".", " ❤️", " 😍", " 🔥🔥", " 😂😂", " 🙌", " 🎉🎉")


def _effusive(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 8)):
        kind = rng.random()
        if kind < 0.45:
            unit = rng.choice(_PRAISE) + rng.choice(_CHEER_END)
        elif kind < 0.7:
            unit = rng.choice(_REACTIONS) + rng.choice(_CHEER_END)
        elif kind < 0.88:
            unit = "".join(rng.choice(_EMOJI) for _ in range(rng.randint(1, 5)))
        else:
            unit = " ".join(f"#{rng.choice(_WORDS)}" for _ in range(rng.randint(1, 4)))
        parts.append(unit)
    text = " ".join(parts)
    r = rng.random()
    if r < 0.1:
        text = text.upper()
    elif r < 0.4:
        text = text[0].upper() + text[1:]
    return _as_posted(rng, text)


def synthetic_effusive_posts(n: int, seed: int = 0) -> list[str]:
    """`n` longer social-media reactions: praise, congratulations, laughter, emoji and #tags, 3 to 8 at once.

    Negatives for the argued reader (training/readers.py): without them it read a dozen words of
    cheering ("omg omg omg this is amazing!!! congrats!!! 🎉🎉🎉🎉 so happy for you ❤️❤️") as
    close to an argument (0.44), because its only negatives were C3 comments and 1-5 word micro-posts.
    """
    rng = random.Random(f"effusive-{seed}")
    return [_effusive(rng) for _ in range(n)]


# -- synthetic promotion and engagement bait (a call to action is not an argument) --------------

_PROMO_HOOKS = (
    "I made ${big} last {period} working from home", "I turned ${small} into ${big} in {k} weeks",
    "I lost {k} pounds in {k2} weeks with this", "my cousin earns ${small} a day from her phone",
    "get {pct}% off everything", "{k} months of premium free", "free shipping on orders over ${small}",
    "we are giving away {k} {prize}s", "win a brand new {prize}", "new video is up", "my new single just dropped",
    "just opened my shop", "huge sale this weekend only", "we're hiring remote assistants at ${small} an hour",
    "this trick doubled my followers in {k} days", "only {k} spots left in my coaching program",
    "my course has helped {big} students", "new episode of my podcast is out", "crypto signals with {pct}% accuracy",
    "I grew my page to {big} followers in {k} months", "round {k} of the giveaway starts now",
)
_PROMO_CALLS = (
    "DM me for details", "link in bio", "click the link in my profile", "use my code {code} at checkout",
    "follow @{handle}", "follow for follow", "sub4sub", "check out my channel", "like and share to enter",
    "tag {k} friends", "visit {site}", "message me on WhatsApp", "go follow my page",
    "subscribe and hit the bell", "it would mean a lot if you followed me", "promo code {code}",
    "shop now at {site}", "sign up at {site}", "comment DONE when you've followed", "I follow back",
    "drop a like if you agree", "share this with everyone you know", "follow me for more",
    "send me a message to join", "book a free call at {site}",
)
_PRIZES = ("iPhone", "PS5", "gift card", "laptop", "pair of sneakers", "skincare set", "trip to Bali", "e-bike")
_SHOPS = ("getfit", "bestdeals", "cashnow", "myshop", "growfast", "freegifts")
_PROMO_TAGS = ("ad", "sponsored", "giveaway", "f4f", "followforfollow", "l4l", "promo", "sale", "win",
               "contest", "sub4sub", "workfromhome", "crypto", "fitness", "discount")


def _promo(rng: random.Random) -> str:
    fmt = {
        "big": f"{rng.choice((rng.randint(2, 90) * 1000, rng.randint(1, 9) * 100, rng.randint(11, 99) * 100)):,}",
        "small": str(rng.choice((rng.randint(5, 500), rng.randint(1, 9) * 100))),
        "period": rng.choice(("week", "month", "weekend")), "k": rng.randint(2, 12), "k2": rng.randint(2, 8),
        "pct": rng.choice((10, 15, 20, 25, 30, 40, 50, 60, 70, 90, 95)), "prize": rng.choice(_PRIZES),
        "code": rng.choice(("SAVE", "GET", "WIN", "VIP", "")) + str(rng.randint(10, 99)),
        "handle": rng.choice(_NAMES),
        "site": f"www.{rng.choice(_SHOPS)}{rng.choice(('.com', '.net', '.shop', '.io'))}",
    }
    hooks = [rng.choice(_PROMO_HOOKS).format(**fmt) for _ in range(rng.choice((0, 1, 1, 1, 2)))]
    calls = [rng.choice(_PROMO_CALLS).format(**fmt) for _ in range(rng.choice((1, 1, 2, 3)))]
    units = hooks + calls
    if hooks and rng.random() < 0.4:
        units = [units[0] + rng.choice((", ", " and ", " - ")) + units[1]] + units[2:]
    text = " ".join(u[0].upper() + u[1:] + rng.choice(_CHEER_END) for u in units)
    if rng.random() < 0.35:
        text += " " + " ".join(f"#{rng.choice(_PROMO_TAGS)}" for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.2:
        text += " " + _url(rng)
    r = rng.random()
    if r < 0.1:
        text = text.upper()
    elif r < 0.2:
        text = text.lower()
    return _as_posted(rng, text)


def synthetic_promo_posts(n: int, seed: int = 0) -> list[str]:
    """`n` self-promotion, engagement-bait and scam comments: a hook (often a figure) and a call to action.

    Negatives for the argued reader (training/readers.py): it reads a figure plus a claim as an
    argument, so "Use my code SAVE20 for 20% off your first order!" read as substance 0.96 and
    "I made $5,000 last week working from home, click the link in my bio" 0.83. What they add to a
    conversation is an advert, whatever figures they carry.
    """
    rng = random.Random(f"promo-{seed}")
    return [_promo(rng) for _ in range(n)]
