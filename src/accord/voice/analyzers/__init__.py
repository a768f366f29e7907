"""Sentiment analyzers by name: "accord" (the default) and "vader" (the baseline)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from accord.voice.analyzers.base import Analyzer


class UnknownAnalyzerError(ValueError):
    """A sentiment analyzer name that is not registered."""


def _accord() -> Analyzer:
    from accord.voice.analyzers.accord import AccordAnalyzer

    return AccordAnalyzer()


def _vader() -> Analyzer:
    from accord.voice.analyzers.vader import VaderAnalyzer

    return VaderAnalyzer()


FACTORIES: dict[str, Callable[[], Analyzer]] = {"accord": _accord, "vader": _vader}


@cache
def build_analyzer(name: str) -> Analyzer:
    """One shared instance per name and process (analyzers hold only read-only tables)."""
    try:
        factory = FACTORIES[name]
    except KeyError:
        known = ", ".join(sorted(FACTORIES))
        raise UnknownAnalyzerError(
            f"unknown sentiment analyzer {name!r}, use one of: {known}"
        ) from None
    return factory()
