"""Sentiment of one free text (a survey comment, a mention): VADER's compound score.

The analyser loads its lexicon once per process (about 0.1 s), on first use.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def text_sentiment(text: str) -> float | None:
    """-1 (negative) .. +1 (positive), rounded to 4 places; None for blank text."""
    if not text.strip():
        return None
    return round(float(_analyzer().polarity_scores(text)["compound"]), 4)
