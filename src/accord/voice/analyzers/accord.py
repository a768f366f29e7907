"""The default analyzer: a learned layer over the lexicon, corrected by complaint cues.

Two steps. (1) A softmax layer over `features.text_features` (VADER's scores and a few text
marks), trained on the tune part of public human-rated texts (training.py, weights in
accord_model.json), gives P(negative), P(neutral), P(positive): label = the likeliest
class, score = half of P(pos) - P(neg) plus half VADER's compound, kept on the label's
side of zero. (2) VADER misreads complaints that use no negative word ("2 hours on
hold", "still no refund") or a polite one ("thanks for losing my bag"). When
a complaint cue fires, praise in the same text no longer counts (sarcasm or courtesy around
a complaint), each kind of cue pulls the score down by a fixed step, and the label is
negative. Cues the text reports resolved ("finally arrived after 3 weeks") do not count.
Praise the lexicon misses ("went above and beyond", "will order again") lifts a text that
has no complaint cue to positive.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache

from accord.voice.analyzers.base import LABELS, Sentiment
from accord.voice.analyzers.features import FEATURE_NAMES, text_features
from accord.voice.complaints import CueKind, find_cues

MODEL_FILE = "accord_model.json"
# How far one kind of cue pulls the score down (any number of hits of a kind counts once).
# Set by hand on customer texts (tests/voice), not learned: the rated corpora hold few.
CUE_WEIGHTS: dict[CueKind, float] = {
    "failure": 0.45,
    "waiting": 0.4,
    "still": 0.35,
    "negated_praise": 0.3,
    "sarcasm": 0.5,
    "repeat": 0.2,
    "emoji": 0.4,
}
# The score is this share of VADER's compound plus the rest of P(positive) - P(negative):
# 0.5 correlates best with the human ratings on the tune split (tweets r 0.882 against
# 0.871 for the probabilities alone and 0.869 for the compound alone).
LEXICON_SHARE = 0.5
AGREEMENT_MARGIN = 0.05
# How far praise the lexicon misses ("went above and beyond") lifts a text with no complaint.
PRAISE_PUSH = 0.35


@cache
def model_columns() -> tuple[tuple[float, ...], ...]:
    """The layer's weights, one column per label (negative, neutral, positive)."""
    from importlib.resources import files

    model = json.loads(files("accord.voice.analyzers").joinpath(MODEL_FILE).read_text())
    if tuple(model["features"]) != FEATURE_NAMES or tuple(model["labels"]) != LABELS:
        raise RuntimeError(f"{MODEL_FILE} was trained on other features; rerun training.py")
    return tuple(zip(*model["weights"], strict=True))


def class_probabilities(features: Sequence[float]) -> tuple[float, float, float]:
    """P(negative), P(neutral), P(positive); plain Python: 30 products beat numpy's overhead."""
    negative, neutral, positive = (
        sum(w * x for w, x in zip(column, features, strict=True)) for column in model_columns()
    )
    top = max(negative, neutral, positive)
    exps = (math.exp(negative - top), math.exp(neutral - top), math.exp(positive - top))
    total = sum(exps)
    return exps[0] / total, exps[1] / total, exps[2] / total


def score_text(text: str) -> Sentiment:
    if not text.strip():
        return Sentiment(0.0, "neutral")
    features = text_features(text)
    probs = class_probabilities(features)
    label = probs.index(max(probs))
    score = (1 - LEXICON_SHARE) * (probs[2] - probs[0]) + LEXICON_SHARE * features[1]
    # The score never contradicts the label (a reader sorting by score sees the same calls).
    if label == 0:
        score = min(score, -AGREEMENT_MARGIN)
    elif label == 2:
        score = max(score, AGREEMENT_MARGIN)
    return corrected(score, label, text)


def corrected(score: float, label_index: int, text: str) -> Sentiment:
    cues = find_cues(text)
    if not cues.is_complaint:
        if cues.praise:
            return Sentiment(round(min(1.0, max(score, 0.0) + PRAISE_PUSH), 4), "positive")
        return Sentiment(round(score, 4), LABELS[label_index])
    pull = sum(CUE_WEIGHTS[kind] for kind in cues.kinds)
    return Sentiment(round(max(-1.0, min(score, 0.0) - pull), 4), "negative")


class AccordAnalyzer:
    name = "accord"

    def analyze(self, texts: Sequence[str]) -> list[Sentiment]:
        return [score_text(text) for text in texts]
