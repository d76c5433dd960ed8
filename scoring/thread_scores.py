"""Thread scores: depth, passion, value added, toxicity and quality, with their reasons.

Every formula and constant lives here, once. The README's "Scores" section, the model card and
`GetModelInfo` quote `SCORE_DEFINITIONS` below.

Per comment c, from the trained heads and the context signals:
    contribution(c) = substance(c) * (1 - low_effort(c)) * novelty_factor(c)
                      and 0 when low_effort(c) >= 0.5 (a micro-post adds nothing)
    novelty_factor(c) = min(1, novelty(c) / NOVELTY_FULL)

value_added = sum of contributions / (comments + likes + shares + other reactions)
    Reactions are interactions that add nothing to the conversation, so they only dilute.

depth: a reply's chain weight is its contribution when it answers a comment by another author
    (half of it for a reply to the post: it opens a chain, it is not yet back-and-forth; 0 for a
    reply to one's own comment). chain(c) = chain(parent) + weight(c).
    D = longest chain value + REST_WEIGHT * (sum of all weights - longest chain value)
    depth = 1 - exp(-D / DEPTH_SCALE)

passion = mean over participants of the mean passion of their comments (the post's text counts
    for its author; comments without an author id count as one participant each).

toxicity = mean toxicity of the comments that have text (of the post when none has).

quality = (W_CONTRIBUTION * contribution_mean + W_DEPTH * depth + W_RELEVANCE * relevance_mean)
          * (1 - TOXICITY_PENALTY * toxicity)
    contribution_mean: mean contribution of the comments (the post's when there are none);
    relevance_mean: mean relevance of comments that have text. Reactions do not lower quality:
    it rates the conversation itself, value_added rates it against the clicks around it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from scoring.evidence import KINDS
from scoring.group_insults import GROUP_INSULT_TOXICITY
from scoring.self_harm import SELF_HARM_TOXICITY
from scoring.structure import reply_chain
from scoring.swearing import UNAIMED_SHARE
from scoring.threads import Engagement, Explanation, ScoreComponent, Structure
from scoring.threats import THREAT_TOXICITY
from scoring.tree import ROOT, ReplyTree

NOVELTY_FULL = 0.3  # a comment this far (cosine distance) from all earlier texts is fully new
LOW_EFFORT_CUTOFF = 0.5
TOP_LEVEL_WEIGHT = 0.5
REST_WEIGHT = 0.25
DEPTH_SCALE = 2.0
W_CONTRIBUTION = 0.45
W_DEPTH = 0.35
W_RELEVANCE = 0.20
TOXICITY_PENALTY = 0.8
SUBSTANTIVE = 0.5  # a comment "adds substance" when its substance is at least this
HOSTILE = 0.5
# "Passion runs high" when the thread's passion (participants' mean) is at least this. Informal
# forum text already reads livelier than EmoBank's edited prose, so the line sits well above the
# median (0.5): it fires on 24 of 300 SemEval-2015 Q&A threads and 13 of 35 IAC debates with replies
# (at 0.65: 38 and 18). Passion's scale is in train.py (PASSION_SLOPE); this line moves with it.
HIGH_PASSION = 0.67
# Replies "drift off topic" when the mean relevance of the worded replies that are not micro-posts is
# below this; the sentence counts those under the line that add no substance. Micro-posts are left
# out because they have their own sentence, and a "Thanks guys!" is a reaction, not a change of
# subject (19 of the 43 SemEval-2015 forum threads where the sentence first fired had only
# micro-posts under the line). Substantive replies are not counted because a direct answer often
# shares few words with its question ("We did last year: p99 latency halved" under "Should we move
# from REST to gRPC?" reads 0.19; 11.7% of SemEval's Good answers read under 0.2, 60% of its Bad
# ones). As it is, the sentence fires on 17 of the 300 threads, whose answers are 45% Bad (jokes,
# chatter) against 14.5% in the rest.
OFF_TOPIC = 0.2
# A reply chain "argues with evidence" when at least this share of its substantive replies carry some
# (scoring/evidence.py). Debate chains are long (median 11 comments on 136 IAC debates), and one
# figure among nine arguments does not make an argument from evidence: with any one reply enough,
# the sentence fired on 91 of those 136 chains; at a quarter, 52 (at a third about 35, at a half
# about 20).
EVIDENCE_SHARE = 0.25

SCORE_DEFINITIONS: dict[str, str] = {
    "quality": (
        f"Overall conversation quality: ({W_CONTRIBUTION} x mean contribution + {W_DEPTH} x depth + "
        f"{W_RELEVANCE} x mean relevance) x (1 - {TOXICITY_PENALTY} x toxicity). Likes and shares do "
        "not lower it."
    ),
    "depth": (
        "How far the conversation goes: 1 - exp(-D / 2), D = the most substantive reply chain "
        "(contributions of replies to other people; replies to the post count half) plus a quarter "
        "of all other such replies. Many replies to the post alone stay shallow."
    ),
    "passion": "Emotional intensity across participants: mean over participants of their mean comment passion.",
    "value_added": (
        "Share of interactions that add something: sum of comment contributions / (comments + likes + "
        "shares + other reactions). contribution = substance x (1 - low_effort) x min(1, novelty / 0.3), "
        "0 for micro-posts (low_effort >= 0.5)."
    ),
    "toxicity": "Mean toxicity of the comments that have text (of the post when none has).",
    "comment.substance": (
        "Value the comment adds by itself: 1 - (1 - P(constructive, trained on C3)) x (1 - P(a short "
        "post that argues with a number, a source, experience or a fix)); 0.5 = as likely as not. Read "
        "without the chat fillers at its ends ('lol', 'ngl') and with a run of '!' as a full stop."
    ),
    "comment.passion": "Emotional intensity, calm (0) to excited (1) (trained on EmoBank arousal and GoEmotions).",
    "comment.toxicity": (
        "Hostility: 1 - (1 - P(C3 crowd toxicity >= 2)) x (1 - P(explicitly offensive, tag 'offensive')); "
        f"0.5 = as likely toxic as not. Swearing aimed at no one ('holy shit', 'fucking amazing', in a text "
        f"without 'you'; 'that sucks' said of a thing, 'it sucks when you lose your keys'), insults the "
        f"writer aims at themselves ('stupid question, but', 'I'm such an idiot'), laughter said as dying "
        f"('I'm dead 💀'), hating a situation ('I hate it when the bus is late') and venting at things that "
        f"are never people ('stupid printer', 'mondays suck', 'I hate this weather') are read as the plain "
        f"words they stand for, keeping at least {UNAIMED_SHARE} of the whole text's reading. At least "
        f"{SELF_HARM_TOXICITY} where the text tells someone to kill themselves, {THREAT_TOXICITY} where it "
        f"threatens or wishes violence (on a person, or on a group: 'refugees should be shot') and "
        f"{GROUP_INSULT_TOXICITY} where it insults people for who they are ('immigrants are parasites') or "
        f"tells them to leave for who they are ('go back to where you came from', 'your kind isn't welcome "
        f"here'), with a warning quoting the phrase."
    ),
    "comment.low_effort": "Micro-contribution such as '+1', 'lol', an emoji or a bare link; 0.5 = as likely as not.",
    "comment.relevance": "Cosine similarity of MiniLM sentence embeddings of the comment and what it replies to, clipped to 0..1.",
    "comment.novelty": "1 - highest cosine similarity to any earlier text in the thread, clipped to 0..1.",
}


@dataclass
class CommentSignals:
    """Per-node numbers (index 0 = the post) that thread scores are made of."""

    substance: np.ndarray
    passion: np.ndarray
    toxicity: np.ndarray
    low_effort: np.ndarray
    novelty: np.ndarray
    relevance: np.ndarray
    has_text: list[bool]
    tags: list[dict[str, float]]
    evidence: list[tuple[str, ...]]  # kinds of literal evidence in each text (scoring.evidence)


@dataclass
class ThreadScores:
    quality: float
    depth: float
    passion: float
    value_added: float
    toxicity: float
    explanation: Explanation
    reasons: list[str]


def contributions(sig: CommentSignals) -> np.ndarray:
    novelty_factor = np.minimum(1.0, sig.novelty / NOVELTY_FULL)
    value = sig.substance * (1.0 - sig.low_effort) * novelty_factor
    value = np.where(sig.low_effort >= LOW_EFFORT_CUTOFF, 0.0, value)
    return np.where(np.asarray(sig.has_text), value, 0.0)


def thread_scores(tree: ReplyTree, sig: CommentSignals, engagement: Engagement, structure: Structure) -> ThreadScores:
    n = tree.size - 1
    contrib = contributions(sig)
    comments = slice(1, None)

    reactions = engagement.total_likes + engagement.total_shares + engagement.total_other_reactions
    value_added = float(contrib[comments].sum() / (n + reactions)) if n + reactions > 0 else 0.0

    longest, rest = _chain_values(tree, contrib)
    d = longest + REST_WEIGHT * rest
    depth = 1.0 - math.exp(-d / DEPTH_SCALE)

    participant_passion = _participant_passion(tree, sig)
    passion = float(np.mean(participant_passion)) if participant_passion else 0.0
    # A comment without text (an image, a sticker) says nothing hostile, and nothing at all: it
    # neither raises the thread's toxicity nor dilutes it.
    worded = [i for i in range(1, tree.size) if sig.has_text[i]]
    toxic = sig.toxicity[worded] if worded else sig.toxicity[[ROOT]]
    toxicity = float(toxic.mean())

    contribution_mean = float(contrib[comments].mean()) if n else float(contrib[ROOT])
    relevance_mean = float(sig.relevance[worded].mean()) if worded else 0.0
    base = W_CONTRIBUTION * contribution_mean + W_DEPTH * depth + W_RELEVANCE * relevance_mean
    quality = base * (1.0 - TOXICITY_PENALTY * toxicity)

    def c(name: str, value: float, weight: float) -> ScoreComponent:
        return ScoreComponent(name=name, value=float(value), weight=float(weight))

    explanation = Explanation(
        quality=[
            c("contribution_mean", contribution_mean, W_CONTRIBUTION),
            c("depth", depth, W_DEPTH),
            c("relevance_mean", relevance_mean, W_RELEVANCE),
            c("toxicity_penalty", toxicity, -TOXICITY_PENALTY),
        ],
        depth=[
            c("longest_chain_value", longest, 1.0),
            c("other_reply_value", rest, REST_WEIGHT),
            c("scale", DEPTH_SCALE, 0.0),
        ],
        # Weight 0 marks context: the numbers a reader checks the score against, not terms of it.
        passion=[
            c("participant_passion_mean", passion, 1.0),
            c("participants", _participant_count(tree), 0.0),
            c("most_passionate_participant", max(participant_passion, default=0.0), 0.0),
        ],
        value_added=[
            c("contributions_sum", contrib[comments].sum(), 1.0),
            c("comments", n, -1.0),
            c("reactions", reactions, -1.0),
        ],
        toxicity=[
            c("comment_toxicity_mean", toxicity, 1.0),
            c("hostile_comments", int((sig.toxicity[worded] >= HOSTILE).sum()), 0.0),
            c("max_comment_toxicity", toxic.max(), 0.0),
        ],
    )
    scores = ThreadScores(
        quality=_unit(quality),
        depth=_unit(depth),
        passion=_unit(passion),
        value_added=_unit(value_added),
        toxicity=_unit(toxicity),
        explanation=explanation,
        reasons=[],
    )
    scores.reasons = reasons(tree, sig, contrib, structure, engagement, scores)
    return scores


def _unit(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def _chain_values(tree: ReplyTree, contrib: np.ndarray) -> tuple[float, float]:
    """(value of the most substantive reply chain, value of all other replies' weights)."""
    chain = np.zeros(tree.size)
    total = 0.0
    for node in sorted(range(1, tree.size), key=tree.depth.__getitem__):
        p = tree.parent[node]
        if p == ROOT:
            weight = TOP_LEVEL_WEIGHT * contrib[node]
        elif tree.author[node] and tree.author[node] == tree.author[p]:
            weight = 0.0
        else:
            weight = contrib[node]
        chain[node] = chain[p] + weight
        total += weight
    longest = float(chain.max()) if tree.size > 1 else 0.0
    return longest, max(0.0, total - longest)


def _participants(tree: ReplyTree) -> dict[str, list[int]]:
    by_author: dict[str, list[int]] = defaultdict(list)
    for node in range(tree.size):
        by_author[tree.author[node] or f"#anonymous-{node}"].append(node)
    return by_author


def _participant_count(tree: ReplyTree) -> int:
    return len(_participants(tree))


def _participant_passion(tree: ReplyTree, sig: CommentSignals) -> list[float]:
    """The mean passion of each participant's texts (participants without text are left out)."""
    means = []
    for nodes in _participants(tree).values():
        texted = [i for i in nodes if sig.has_text[i]]
        if texted:
            means.append(float(sig.passion[texted].mean()))
    return means


def reasons(
    tree: ReplyTree,
    sig: CommentSignals,
    contrib: np.ndarray,
    structure: Structure,
    engagement: Engagement,
    scores: ThreadScores,
) -> list[str]:
    """A few short sentences, from the numbers that drove the scores, most telling first."""
    n = tree.size - 1
    if n == 0:
        return ["No replies yet: there is no conversation to score, only the post."]
    out: list[str] = []
    micro = int((sig.low_effort[1:] >= LOW_EFFORT_CUTOFF).sum())
    substantive = int(((sig.substance[1:] >= SUBSTANTIVE) & (contrib[1:] > 0)).sum())
    hostile = int((sig.toxicity[1:] >= HOSTILE).sum())

    chain = reply_chain(tree)
    if len(chain) >= 3:
        turns = len(chain)
        people = len({tree.author[i] for i in chain})
        arguing = [i for i in chain if sig.substance[i] >= SUBSTANTIVE and contrib[i] > 0]
        cited = [i for i in arguing if sig.evidence[i]]
        kinds = [k for k in KINDS if any(k in sig.evidence[i] for i in cited)]
        if len(arguing) >= 2 and cited and len(cited) >= EVIDENCE_SHARE * len(arguing):
            out.append(f"{people} people argue with evidence ({_listing(kinds)}) over {turns} turns.")
        elif len(arguing) >= 2:
            out.append(f"{people} people go back and forth over {turns} turns.")
        else:
            out.append(f"{people} people trade {turns} replies that add little.")
    if micro * 2 > n:
        out.append(f"Most replies are micro-posts or one-word reactions ({micro} of {n}).")
    if substantive:
        out.append(f"{substantive} of {n} replies {_agree(substantive, 'adds', 'add')} substance.")
    elif n:
        out.append("No reply adds substance.")
    if hostile:
        out.append(f"{hostile} {'reply is' if hostile == 1 else 'replies are'} hostile.")
    if structure.max_depth <= 1 and n >= 3:
        out.append("Everyone replies to the post; nobody answers each other.")
    reactions = engagement.total_likes + engagement.total_shares + engagement.total_other_reactions
    if reactions > 5 * n:
        out.append(f"Likes and shares outnumber replies {reactions // max(n, 1)} to 1.")
    talk = [i for i in range(1, tree.size) if sig.has_text[i] and sig.low_effort[i] < LOW_EFFORT_CUTOFF]
    off_topic = sum(1 for i in talk if sig.relevance[i] < OFF_TOPIC and sig.substance[i] < SUBSTANTIVE)
    if talk and float(sig.relevance[talk].mean()) < OFF_TOPIC and off_topic:
        out.append(f"{off_topic} of {n} replies {_agree(off_topic, 'drifts', 'drift')} off topic.")
    if scores.passion >= HIGH_PASSION:
        people = _participant_count(tree)
        out.append(f"Passion runs high across {people} {_agree(people, 'participant', 'participants')}.")
    return out[:5]


def _listing(words: list[str]) -> str:
    """"figures", "figures and sources", "links, figures and sources"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _agree(count: int, one: str, many: str) -> str:
    """The word that agrees with `count`: "1 of 4 replies adds", "2 of 4 replies add"."""
    return one if count == 1 else many
