"""Linear readers of the tuned heads' pooled features, fitted after the heads are trained.

One reader today, `argued`: a second reading of substance for short posts that argue with a
number, a source, experience, a correction or a fix. C3 raters almost never call a comment under 20
words constructive, so the substance head reads tweet-length arguments as empty (about 0.3 where
reactions score 0.000). Teaching such posts to the tuned layers, or to the MLP alone, cost 0.013 to
0.022 of C3 toxicity AUC (MODEL_CARD.md, "Short argued posts"): every output shares those weights.
A logistic regression on the frozen pooled features, fitted after training, moves no other output.

Published as `substance = 1 - (1 - P(constructive)) x (1 - P(argued))`, an `any_of` reading like the
explicit reading of toxicity: a comment qualifies by either, and neither lowers the other.
"""

from __future__ import annotations

import numpy as np

ARGUED_TRAIN = 1500
ARGUED_VAL = 300
# Training rows of the reader besides the argued posts: all C3 training comments with their rater
# majority, and the first 1,000 of the heads' own synthetic informative replies (positives) and
# micro-posts (negatives), so that neither kind is read differently than the heads read it.
OTHERS = 1000
# And 1,000 synthetic effusive reactions (data.synthetic_effusive_posts) as negatives: with only
# 1-5 word micro-posts to learn from, the reader read a dozen words of cheering as an argument
# ("Wow you look incredible. Great job getting healthy and beautiful!" 0.62; now 0.02). Measured
# on the bd892940a7 heads' features: GoEmotions dev comments above 0.5 3.07% -> 2.53% (the ones that
# fell were thanks and compliments), C3 within-decile and SemEval within +-0.002, 18 of 20 blind
# argued posts still above 0.5.
EFFUSIVE = 1000
# And 1,000 synthetic adverts and engagement bait (data.synthetic_promo_posts) as negatives, 300 more
# to check them: a figure plus a claim read as an argument ("Use my code SAVE20 for 20% off your
# first order!" substance 0.96). Measured in MODEL_CARD.md, "Adverts".
PROMO = 1000
PROMO_VAL = 300
# And 1,000 synthetic personal remarks (data.synthetic_personal_remarks) as negatives: the argued
# posts now include experience and advice without a figure ("I worked in a warehouse for 15 years:
# nobody reads the safety sheet until something goes wrong"), and the same openers followed by a
# feeling ("Nurse here, love this!") must not read as arguments. Weight 1.0: at 0.5, C3 validation
# within-decile AUC 0.742 and 2.58% of GoEmotions dev at >= 0.5; at 1.0, 0.747 and 2.49%.
# Measured in MODEL_CARD.md, "Experience and advice".
REMARKS = 1000
WEIGHTS = {"c3": 1.0, "argued": 0.5, "informative": 0.5, "synthetic": 1.0, "effusive": 0.5, "promo": 0.5,
           "remarks": 1.0}
# Inverse L2 strength (sklearn's C) on the 770 standardized features. Measured on the previous
# heads' features over 0.003-1.0: at C <= 0.03 C3 test within-decile AUC fell to 0.705-0.725, at
# C = 1.0 validation within-decile AUC fell to 0.735 and 3.5% of GoEmotions comments read above
# 0.5; C = 0.1-0.3 held both (0.743-0.744 / 0.727-0.731, 2.5-2.9%).
C = 0.3


def fit_linear_reader(X: np.ndarray, y: np.ndarray, w: np.ndarray, c: float = C) -> tuple[np.ndarray, float]:
    """A logistic regression on standardized features, folded back to raw features: (weight, bias).

    Standardizing makes one C fit every feature's scale (the two length features and the pooled
    activations differ by orders of magnitude); folding keeps inference a single linear layer.
    """
    from sklearn.linear_model import LogisticRegression

    mean, sd = standardization(X)
    lr = LogisticRegression(C=c, max_iter=5000).fit((X - mean) / sd, y.astype(int), sample_weight=w)
    return fold_standardization(lr.coef_[0], float(lr.intercept_[0]), mean, sd)


def standardization(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations (1 where a column is constant)."""
    sd = X.std(axis=0)
    return X.mean(axis=0), np.where(sd < 1e-6, 1.0, sd)


def fold_standardization(coef: np.ndarray, intercept: float, mean: np.ndarray, sd: np.ndarray) -> tuple[np.ndarray, float]:
    """(weight, bias) such that x @ weight + bias == ((x - mean) / sd) @ coef + intercept."""
    weight = coef / sd
    return weight, float(intercept - weight @ mean)


def argued_training_rows(features: dict[str, np.ndarray], c3_constructive: np.ndarray):
    """(X, y, w) for the argued reader from the pooled features of each training part."""
    parts = [
        (features["c3"], c3_constructive.astype(float), WEIGHTS["c3"]),
        (features["argued"], np.ones(len(features["argued"])), WEIGHTS["argued"]),
        (features["informative"][:OTHERS], np.ones(min(OTHERS, len(features["informative"]))), WEIGHTS["informative"]),
        (features["synthetic"][:OTHERS], np.zeros(min(OTHERS, len(features["synthetic"]))), WEIGHTS["synthetic"]),
        (features["effusive"], np.zeros(len(features["effusive"])), WEIGHTS["effusive"]),
        (features["promo"], np.zeros(len(features["promo"])), WEIGHTS["promo"]),
        (features["remarks"], np.zeros(len(features["remarks"])), WEIGHTS["remarks"]),
    ]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([np.full(len(p[0]), p[2]) for p in parts])
    return X, y, w
