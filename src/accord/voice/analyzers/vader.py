"""The baseline: VADER's compound score (Hutto & Gilbert 2014) with its authors' ±0.05 cut-offs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from accord.voice.analyzers.base import Sentiment, label_for

# The cut-offs VADER's README recommends for a 3-class call.
NEGATIVE_BELOW = -0.05
POSITIVE_ABOVE = 0.05


@cache
def vader() -> Any:
    """VADER's analyzer, built once per process (its lexicon ships in the wheel; ~0.1 s)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


class VaderAnalyzer:
    name = "vader"

    def analyze(self, texts: Sequence[str]) -> list[Sentiment]:
        scorer = vader()
        results = []
        for text in texts:
            score = (
                round(float(scorer.polarity_scores(text)["compound"]), 4) if text.strip() else 0.0
            )
            results.append(Sentiment(score, label_for(score, NEGATIVE_BELOW, POSITIVE_ABOVE)))
        return results
