"""The numbers the learned layer of the "accord" analyzer reads from one text.

VADER's scores (compound and the positive, negative and neutral shares) carry the lexicon;
the rest let the layer learn where neutral ends, which VADER's fixed ±0.05 cut-offs do
not: how strong the compound is, and the marks of a question or an exclamation.
"""

from __future__ import annotations

from accord.voice.analyzers.vader import fast_vader

FEATURE_NAMES = (
    "bias",
    "compound",
    "positive_share",
    "negative_share",
    "neutral_share",
    "compound_strength",
    "compound_signed_square",
    "has_exclamation",
    "has_question",
    "length",
)
# Words beyond this count add nothing to "length" (a long review is as long as it gets).
LENGTH_CAP = 50


def text_features(text: str) -> list[float]:
    scores = fast_vader().polarity_scores(text)
    compound = float(scores["compound"])
    return [
        1.0,
        compound,
        float(scores["pos"]),
        float(scores["neg"]),
        float(scores["neu"]),
        abs(compound),
        compound * abs(compound),
        1.0 if "!" in text else 0.0,
        1.0 if "?" in text else 0.0,
        min(len(text.split()), LENGTH_CAP) / LENGTH_CAP,
    ]
