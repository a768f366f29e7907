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


@cache
def fast_vader() -> Any:
    """VADER with the same scores, minus its per-character emoji pass on ASCII text (which has
    no emoji): a sixth of its time. The baseline keeps the original; tests compare the two."""
    from vaderSentiment.vaderSentiment import (
        BOOSTER_DICT,
        SentimentIntensityAnalyzer,
        SentiText,
    )

    class AsciiFastAnalyzer(SentimentIntensityAnalyzer):
        def polarity_scores(self, text: str) -> dict[str, float]:
            if not text.isascii():
                return dict(super().polarity_scores(text))
            # From here on VADER 3.3.2's polarity_scores, unchanged.
            text = text.strip()
            sentitext = SentiText(text)
            sentiments: list[float] = []
            words = sentitext.words_and_emoticons
            for i, item in enumerate(words):
                if item.lower() in BOOSTER_DICT or (
                    i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"
                ):
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            sentiments = self._but_check(words, sentiments)
            return dict(self.score_valence(sentiments, text))

    return AsciiFastAnalyzer()


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
