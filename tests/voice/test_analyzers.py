"""The analyzer interface: names, the setting, the shape of results, and what "accord" hears
in customers' complaints that the general lexicon (VADER) does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from accord.voice.sentiment import (
    LABELS,
    Sentiment,
    UnknownAnalyzerError,
    analyze_texts,
    analyzer_names,
    get_analyzer,
    text_sentiment,
)

# Complaints with no negative word, or a polite one, in customers' own words.
HIDDEN_COMPLAINTS = [
    "thanks for losing my bag",
    "2 hours on hold",
    "still no refund",
    "cancelled flight, again",
    "Thanks @SkyWays for losing my luggage AGAIN. Great start to the holiday",
    "been on hold for 45 mins and counting",
    "Day 12 and still no refund. Ordered on the 3rd.",
    "3rd time this month my broadband has dropped",
    "Great, another delayed train. 40 minutes and no announcement",
    "Love how you charged me twice for the same order",
    "My parcel never arrived and nobody has called me back",
    "I have emailed 4 times and not had a reply",
    "not impressed with the so called 'support'",
    "Well done on cancelling my appointment for the second time",
    "where is my order?? placed it 2 weeks ago",
    "Engineer was a no show. Took the day off work for nothing",
    "Thanks @SkyAir \U0001f644",
    "my parcel is late \U0001f621",
    "still waiting for my refund \U0001f62d\U0001f62d",
]
PLAIN_TEXTS = [
    ("Thanks so much for the quick help, all sorted!", "positive"),
    ("Love my new phone, the camera is amazing", "positive"),
    ("Parcel arrived a day early, brilliant service", "positive"),
    ("Finally got my refund after 3 weeks, thank you Sarah!", "positive"),
    ("Delivered this morning \U0001f44d", "positive"),
    ("Jess at the help desk \u2764\ufe0f\U0001f64f", "positive"),
    ("What time does the store open on Sunday?", "neutral"),
    ("This is the worst company I have ever dealt with", "negative"),
]


def test_names_and_default() -> None:
    assert {"accord", "vader"} <= set(analyzer_names())
    assert get_analyzer().name == "accord"
    assert get_analyzer("vader").name == "vader"


def test_the_setting_picks_the_analyzer() -> None:
    with override_settings(ACCORD_SENTIMENT_ANALYZER="vader"):
        assert get_analyzer().name == "vader"
    with (
        override_settings(ACCORD_SENTIMENT_ANALYZER="bert"),
        pytest.raises(UnknownAnalyzerError, match=r"ACCORD_SENTIMENT_ANALYZER.*'bert'.*accord"),
    ):
        get_analyzer()


def test_unknown_name_lists_the_choices() -> None:
    with pytest.raises(UnknownAnalyzerError, match="use one of: accord, vader"):
        get_analyzer("nope")


@pytest.mark.parametrize("name", ["accord", "vader"])
def test_results_line_up_with_texts_and_stay_in_range(name: str) -> None:
    texts = ["", "   ", *HIDDEN_COMPLAINTS, *(text for text, _ in PLAIN_TEXTS), "ok " * 400]
    results = analyze_texts(texts, name)

    assert len(results) == len(texts)
    assert results[0].score == 0.0 and results[0].label == "neutral"
    assert results[1].label == "neutral"
    for result in results:
        assert -1.0 <= result.score <= 1.0
        assert result.label in LABELS


def test_text_sentiment_keeps_its_contract() -> None:
    assert text_sentiment("  ") is None
    assert text_sentiment("still no refund") < 0
    assert text_sentiment("Brilliant, thank you!") > 0
    assert text_sentiment("thanks for losing my bag", analyzer="vader") > 0


def test_accord_hears_complaints_the_lexicon_misses() -> None:
    accord = analyze_texts(HIDDEN_COMPLAINTS, "accord")
    vader = analyze_texts(HIDDEN_COMPLAINTS, "vader")

    missed = [t for t, r in zip(HIDDEN_COMPLAINTS, accord, strict=True) if r.label != "negative"]
    assert missed == []
    # The baseline misses a good part of them: the cues are what makes the difference.
    assert sum(r.label != "negative" for r in vader) >= len(HIDDEN_COMPLAINTS) // 3


@pytest.mark.parametrize(("text", "label"), PLAIN_TEXTS)
def test_accord_leaves_ordinary_texts_alone(text: str, label: str) -> None:
    assert analyze_texts([text], "accord")[0].label == label


def test_customer_texts_are_read_the_way_customers_mean_them() -> None:
    # 76 messages, tweets and emails to companies, labelled by hand (a development set:
    # the cues were written beside it, so it shows coverage, not held-out accuracy).
    path = Path(__file__).resolve().parents[1] / "data" / "sentiment" / "customer_texts.tsv"
    rows = [
        line.rstrip("\n").split("\t", 1)
        for line in path.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    texts = [text for _, text in rows]
    accord = analyze_texts(texts, "accord")
    vader = analyze_texts(texts, "vader")

    def right(results: list[Sentiment]) -> int:
        return sum(label == result.label for (label, _), result in zip(rows, results, strict=True))

    assert len(rows) == 76
    assert right(accord) >= 72
    assert right(vader) <= 45


def test_an_unknown_setting_fails_the_start_up_check() -> None:
    with (
        override_settings(ACCORD_SENTIMENT_ANALYZER="bert"),
        pytest.raises(
            SystemCheckError, match=r"ACCORD_SENTIMENT_ANALYZER: unknown sentiment analyzer 'bert'"
        ),
    ):
        call_command("check")
    call_command("check")
