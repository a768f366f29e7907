"""The human-rated corpora, their fixed tune / held-out split and the learned layer's file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from accord.voice.analyzers import accord as accord_analyzer
from accord.voice.analyzers.corpus import (
    HELD_OUT_PERCENT,
    NEUTRAL_BAND,
    SPLIT_SALT,
    human_label,
    is_held_out,
    read_rated_texts,
)
from accord.voice.analyzers.features import FEATURE_NAMES
from accord.voice.analyzers.training import CORPORA, fit_softmax
from accord.voice.analyzers.vader import fast_vader, vader

DATA = Path(__file__).resolve().parents[1] / "data" / "sentiment"
SIZES = {"tweets": 4200, "amazon": 3708, "movie": 10605, "nyt": 5190}


@pytest.mark.parametrize("corpus", CORPORA)
def test_each_corpus_reads_whole_with_a_held_out_part(corpus: str) -> None:
    rows = list(read_rated_texts(DATA / f"{corpus}.tsv.gz"))
    assert len(rows) == SIZES[corpus]
    assert len({row.id for row in rows}) == len(rows)
    assert all(-4 <= row.rating <= 4 and row.text.strip() for row in rows)
    assert not any(row.text.endswith("\r") for row in rows)
    held = sum(row.is_held_out for row in rows) / len(rows)
    assert abs(held - HELD_OUT_PERCENT / 100) < 0.03


def test_the_split_depends_on_corpus_and_id_only() -> None:
    assert is_held_out("tweets", "17") == is_held_out("tweets", "17")
    picks = [is_held_out("tweets", str(n)) for n in range(2000)]
    assert 0.25 < sum(picks) / len(picks) < 0.35
    # The same id in another corpus is drawn afresh.
    assert picks != [is_held_out("nyt", str(n)) for n in range(2000)]


def test_labels_from_the_human_mean() -> None:
    assert human_label(-NEUTRAL_BAND) == "negative"
    assert human_label(-0.49) == human_label(0.0) == human_label(0.49) == "neutral"
    assert human_label(NEUTRAL_BAND) == "positive"


def test_a_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv.gz"
    with gzip.open(path, "wt") as handle:
        handle.write("1\t0.5\tfine\r\n2\tabc\tbroken rating\r\n")
    with pytest.raises(ValueError, match=r"bad.tsv.gz:2: rating 'abc' is not a number"):
        list(read_rated_texts(path))


def test_the_committed_layer_matches_features_split_and_labels() -> None:
    model = json.loads((Path(accord_analyzer.__file__).with_name("accord_model.json")).read_text())
    assert model["features"] == list(FEATURE_NAMES)
    assert model["labels"] == ["negative", "neutral", "positive"]
    assert np.array(model["weights"]).shape == (len(FEATURE_NAMES), 3)
    trained = model["trained_on"]
    assert trained["split_salt"] == SPLIT_SALT
    assert trained["neutral_band"] == NEUTRAL_BAND
    tune = sum(
        not row.is_held_out
        for corpus in CORPORA
        for row in read_rated_texts(DATA / f"{corpus}.tsv.gz")
    )
    assert trained["texts"] == tune


def test_the_fit_learns_a_separable_direction() -> None:
    rng = np.random.default_rng(3)
    signal = rng.uniform(-1, 1, 600)
    classes = np.digitize(signal, [-0.3, 0.3])
    features = np.column_stack([np.ones_like(signal), signal, rng.normal(size=600)])
    weights = fit_softmax(features, classes, l2=0.01)
    predicted = (features @ weights).argmax(axis=1)
    assert (predicted == classes).mean() > 0.9
    assert weights[1, 2] > weights[1, 1] > weights[1, 0]


def test_the_fast_vader_scores_exactly_as_vader() -> None:
    texts = [row.text for row in read_rated_texts(DATA / "tweets.tsv.gz")]
    texts += ["", "  ", "kind of great", "not bad at all!!", "GREAT service \U0001f44d", "café ok"]
    assert [fast_vader().polarity_scores(t) for t in texts] == [
        vader().polarity_scores(t) for t in texts
    ]
