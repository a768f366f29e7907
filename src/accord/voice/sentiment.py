"""Sentiment of free text (survey comments, mentions, messages): the one entry point.

`get_analyzer()` returns the configured analyzer (setting ACCORD_SENTIMENT_ANALYZER,
default "accord"); `analyze_texts` scores a batch; `text_sentiment` keeps the old
one-text call (a float, None for blank text). Analyzers live in accord.voice.analyzers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from accord.voice.analyzers import FACTORIES, UnknownAnalyzerError, build_analyzer
from accord.voice.analyzers.base import LABELS, Analyzer, Label, Sentiment

__all__ = [
    "LABELS",
    "Analyzer",
    "Label",
    "Sentiment",
    "UnknownAnalyzerError",
    "analyze_texts",
    "analyzer_names",
    "get_analyzer",
    "text_sentiment",
]

DEFAULT_ANALYZER = "accord"


def analyzer_names() -> list[str]:
    return sorted(FACTORIES)


def configured_analyzer_name() -> str:
    from django.conf import settings

    if settings.configured:
        return str(getattr(settings, "ACCORD_SENTIMENT_ANALYZER", DEFAULT_ANALYZER))
    return os.environ.get("ACCORD_SENTIMENT_ANALYZER", "").strip().lower() or DEFAULT_ANALYZER


def get_analyzer(name: str | None = None) -> Analyzer:
    """The analyzer called `name`, else the configured one (errors name the choices)."""
    if name:
        return build_analyzer(name)
    try:
        return build_analyzer(configured_analyzer_name())
    except UnknownAnalyzerError as error:
        raise UnknownAnalyzerError(f"ACCORD_SENTIMENT_ANALYZER: {error}") from None


def analyze_texts(texts: Sequence[str], analyzer: str | None = None) -> list[Sentiment]:
    return get_analyzer(analyzer).analyze(texts)


def text_sentiment(text: str, analyzer: str | None = None) -> float | None:
    """-1 (negative) .. +1 (positive), rounded to 4 places; None for blank text."""
    if not text.strip():
        return None
    return get_analyzer(analyzer).analyze([text])[0].score
