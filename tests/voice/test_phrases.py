"""The phrase index tries fewer patterns but finds exactly what trying them all finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord.voice.analyzers.corpus import read_rated_texts
from accord.voice.complaints import _PATTERNS, find_cues, normalise
from accord.voice.phrases import DIGIT, PhraseSet, first_words, word_keys

DATA = Path(__file__).resolve().parents[1] / "data" / "sentiment"


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\b(?:lost|losing) my bag", ["lost", "losing"]),
        (r"\bcancel+ed flights?", ["cancel"]),
        (r"\b(?:colou?r|size) wrong", ["colo", "size"]),
        (r"(?<!no )\b(?:hidden|extra) fees", ["hidden", "extra"]),
        (r"\b(?:\d+|two) hours", [DIGIT, "two"]),
        (r"\bdon't|\bwon't", ["don", "won"]),
        (r"\b(?:a|the) parcel", None),
        (r",\s*again\b", None),
        (r"\b(?:\w+ )?refund", None),
        (r"\b(?:late )?again", None),
        (r"lost", None),
    ],
)
def test_first_words(pattern: str, words: list[str] | None) -> None:
    assert first_words(pattern) == words


def test_word_keys() -> None:
    assert word_keys("i don't know, 3 days") >= {"do", "don", "kn", "kno", "da", "day", DIGIT}
    assert "i" not in word_keys("i am")


def test_index_finds_what_every_pattern_finds_on_rated_texts() -> None:
    # Tweets and product reviews, the corpora closest to what customers write (7,908 texts).
    patterns = [(kind, p) for kind, group in _PATTERNS.items() for p in group]
    phrases = PhraseSet(patterns)
    compiled = [(kind, re.compile(p)) for kind, p in patterns]
    checked = 0
    for corpus in ("tweets", "amazon"):
        for row in read_rated_texts(DATA / f"{corpus}.tsv.gz"):
            clean = normalise(row.text)
            expected = {kind for kind, pattern in compiled if pattern.search(clean)}
            assert phrases.names_found(clean, word_keys(clean)) == expected, row.text
            checked += 1
    assert checked == 7908
    assert find_cues("still no refund").kinds == {"still", "failure"}
