"""The benchmarks' workload: a realistic, reproducible mix of comments and threads.

The comment mix (fixed seed, same texts on every run with the same source):

| share | kind | where the texts come from |
|---|---|---|
| 40 % | short reactions, 1-12 words ("lol", "+1", "so true", an emoji, a short opinion) | synthetic, from the built-in list below, combined at random |
| 35 % | medium comments, 13-60 words | IAC 4forums comments cut at a word boundary to a length drawn uniformly from 13-60 words |
| 25 % | long comments, over 80 words | IAC 4forums comments of more than 80 words, whole (many pass 256 tokens and are truncated by the model) |

Source "iac" reads `../shared/data/iac_4forums_threads` (Internet Argument Corpus v1, Walker et al.
2012) through `benchmarks/iac_to_jsonl.py`. Source "synthetic" needs no data: medium and long
comments are drawn word by word from a built-in vocabulary, with the same length distribution
(long: 81-400 words, log-uniform). "auto" takes IAC when the folder exists, else synthetic.

Threads: a post (a medium or long text) and a number of comments drawn from a geometric-like
distribution (1-40 comments, mean about 8), each replying to the post or to a random earlier
comment (60 % to the post), written by a small set of authors. `platform` cycles through the
well-known platforms so that the per-platform metrics get data.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IAC_DIR = REPO.parent / "shared" / "data" / "iac_4forums_threads"
DEFAULT_SEED = 20240611
MIX = (("short", 0.40), ("medium", 0.35), ("long", 0.25))
PLATFORMS = ("twitter", "facebook", "instagram", "linkedin", "reddit", "youtube", "forum", "news")

_REACTIONS = (
    "lol", "+1", "so true", "this", "agreed", "haha", "exactly!", "same", "nope", "wow", "yes!!",
    "thanks for sharing", "love it", "great post", "100%", "me too", "not sure about that",
    "well said", "first", "who cares", "😂", "🔥🔥", "👍", "❤️", "🙄", "lmao", "omg", "fake news",
    "this is the way", "couldn't agree more", "source?", "interesting", "nice one", "ok boomer",
    "hard disagree", "big if true", "can confirm", "#truth", "https://example.com/x", "bump",
)
_OPINIONS = (
    "I don't think that's how it works at all",
    "that's exactly what I was going to say",
    "this happened to me last year too",
    "can you explain why you think so?",
    "people keep saying this but nobody shows evidence",
    "honestly the comments here are better than the article",
    "I changed my mind after reading this thread",
)
_VOCAB = (
    "the people government policy evidence because however think argument would should could law "
    "right wrong state country money tax health care school children family work job market price "
    "study research data shows report science climate energy war peace vote election party "
    "president court case rights freedom religion church belief moral question answer point "
    "example reason problem solution idea plan cost benefit risk safety police crime gun control "
    "history years time world city community local national support against agree disagree "
    "actually really simply clearly probably never always often sometimes maybe perhaps indeed "
    "and or but not if then than when while where which who what why how this that these those "
    "is are was were be been being have has had do does did will can may might must a an of to in "
    "on for with by from about as at into over after before between under again further once"
).split()


def _synthetic_text(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(_VOCAB) for _ in range(n_words)]
    out, sentence = [], []
    for w in words:
        sentence.append(w)
        if len(sentence) >= rng.randint(8, 20):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def _short(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.6:
        return rng.choice(_REACTIONS)
    if r < 0.8:
        return f"{rng.choice(_REACTIONS)} {rng.choice(_REACTIONS)}"
    return rng.choice(_OPINIONS)


def iac_comment_texts(folder: Path = IAC_DIR) -> list[str]:
    """Every non-empty post text of the IAC discussions in `folder`, in file order."""
    from benchmarks.iac_to_jsonl import iac_thread

    texts = []
    for path in sorted(Path(folder).glob("*.json")):
        thread = iac_thread(path)
        texts.extend(t for t in [thread["post"]["text"]] + [c["text"] for c in thread["comments"]] if t.strip())
    return texts


def resolve_source(source: str) -> str:
    if source == "auto":
        return "iac" if IAC_DIR.is_dir() else "synthetic"
    if source not in ("iac", "synthetic"):
        raise ValueError(f"unknown source {source!r}: auto, iac or synthetic")
    if source == "iac" and not IAC_DIR.is_dir():
        raise FileNotFoundError(f"{IAC_DIR} not found; use --source synthetic")
    return source


class CommentMix:
    """Draws comments of the documented mix, reproducibly."""

    def __init__(self, source: str = "auto", seed: int = DEFAULT_SEED) -> None:
        self.source = resolve_source(source)
        self.rng = random.Random(seed)
        self._medium_pool: list[str] = []
        self._long_pool: list[str] = []
        if self.source == "iac":
            for text in iac_comment_texts():
                words = text.split()
                if len(words) > 80:
                    self._long_pool.append(text)
                if len(words) >= 13:
                    self._medium_pool.append(text)

    def draw(self, kind: str | None = None) -> str:
        rng = self.rng
        if kind is None:
            r, acc = rng.random(), 0.0
            for kind, share in MIX:
                acc += share
                if r < acc:
                    break
        if kind == "short":
            return _short(rng)
        if kind == "medium":
            n = rng.randint(13, 60)
            if self._medium_pool:
                return " ".join(rng.choice(self._medium_pool).split()[:n])
            return _synthetic_text(rng, n)
        if kind == "long":
            if self._long_pool:
                return rng.choice(self._long_pool)
            return _synthetic_text(rng, int(math.exp(rng.uniform(math.log(81), math.log(400)))))
        raise ValueError(kind)

    def comments(self, n: int) -> list[str]:
        return [self.draw() for _ in range(n)]

    def thread(self, index: int) -> dict:
        """One thread as a JSON-ready dict in the shape of convoscore.v1.Thread."""
        rng = self.rng
        n_comments = min(40, 1 + int(rng.expovariate(1 / 7)))
        authors = [f"u{index}-{k}" for k in range(max(2, n_comments // 2))]
        thread = {
            "id": f"bench-{index}",
            "platform": PLATFORMS[index % len(PLATFORMS)],
            "language": "en",
            "post": {
                "id": f"p{index}",
                "author_id": authors[0],
                "text": self.draw("medium" if rng.random() < 0.6 else "long"),
                "reactions": {"likes": str(rng.randint(0, 500)), "shares": str(rng.randint(0, 50))},
                "exposure": str(rng.randint(1_000, 100_000)),
            },
            "comments": [],
        }
        for k in range(n_comments):
            parent = "" if k == 0 or rng.random() < 0.6 else f"c{index}-{rng.randrange(k)}"
            thread["comments"].append(
                {
                    "id": f"c{index}-{k}",
                    "parent_id": parent,
                    "author_id": rng.choice(authors),
                    "text": self.draw(),
                    "reactions": {"likes": str(rng.randint(0, 20))},
                }
            )
        return thread

    def threads(self, n: int) -> list[dict]:
        return [self.thread(i) for i in range(n)]


def describe(texts: Sequence[str]) -> dict:
    """Word-count summary of a text sample, for the results file."""
    words = sorted(len(t.split()) for t in texts)
    if not words:
        return {}
    return {
        "n": len(words),
        "words_p50": words[len(words) // 2],
        "words_p90": words[int(0.9 * (len(words) - 1))],
        "words_mean": round(sum(words) / len(words), 1),
    }
