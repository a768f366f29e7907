"""Train the learned layer of the "accord" analyzer on the tune part of the human-rated texts.

    .venv/bin/python -m accord.voice.analyzers.training tests/data/sentiment

Multinomial logistic regression over `features.FEATURE_NAMES`, classes weighted to balance
(the tweets are 56 % positive, and macro-F1 weighs each class alike), an L2 penalty on all
but the bias, fitted with L-BFGS from zero: the same data gives the same weights. Writes
accord_model.json beside this file. Held-out texts (corpus.is_held_out) are never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from accord.voice.analyzers.base import LABELS
from accord.voice.analyzers.corpus import (
    HELD_OUT_PERCENT,
    NEUTRAL_BAND,
    SPLIT_SALT,
    RatedText,
    read_rated_texts,
)
from accord.voice.analyzers.features import FEATURE_NAMES, text_features

MODEL_PATH = Path(__file__).with_name("accord_model.json")
CORPORA = ("tweets", "amazon", "movie", "nyt")
L2_PENALTY = 1.0


def fit_softmax(features: np.ndarray, classes: np.ndarray, l2: float = L2_PENALTY) -> np.ndarray:
    """Weights (features x classes) minimising class-balanced cross-entropy plus l2 * |W|²."""
    rows, width = features.shape
    count = len(LABELS)
    per_class = np.bincount(classes, minlength=count).astype(float)
    sample_weight = (rows / (count * np.maximum(per_class, 1.0)))[classes]
    onehot = np.eye(count)[classes]

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        weights = flat.reshape(width, count)
        logits = features @ weights
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        value = -np.sum(sample_weight * np.log(probs[np.arange(rows), classes] + 1e-12))
        value += l2 * np.sum(weights[1:] ** 2)
        gradient = features.T @ ((probs - onehot) * sample_weight[:, None])
        gradient[1:] += 2 * l2 * weights[1:]
        return float(value), gradient.ravel()

    result = minimize(loss, np.zeros(width * count), jac=True, method="L-BFGS-B")
    return np.asarray(result.x).reshape(width, count)


def tune_texts(data_dir: Path, corpora: tuple[str, ...] = CORPORA) -> list[RatedText]:
    texts: list[RatedText] = []
    for corpus in corpora:
        rows = read_rated_texts(data_dir / f"{corpus}.tsv.gz", corpus)
        texts.extend(row for row in rows if not row.is_held_out)
    return texts


def train(data_dir: Path, corpora: tuple[str, ...] = CORPORA) -> dict[str, Any]:
    texts = tune_texts(data_dir, corpora)
    features = np.array([text_features(row.text) for row in texts])
    classes = np.array([LABELS.index(row.label) for row in texts])
    weights = fit_softmax(features, classes)
    return {
        "about": "accord sentiment layer: softmax over features; see training.py",
        "features": list(FEATURE_NAMES),
        "labels": list(LABELS),
        "weights": [[round(float(value), 6) for value in row] for row in weights],
        "trained_on": {
            "corpora": list(corpora),
            "texts": len(texts),
            "split_salt": SPLIT_SALT,
            "held_out_percent": HELD_OUT_PERCENT,
            "neutral_band": NEUTRAL_BAND,
            "l2_penalty": L2_PENALTY,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="folder with tweets.tsv.gz, amazon.tsv.gz, ...")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    model = train(args.data_dir)
    args.out.write_text(json.dumps(model, indent=1) + "\n")
    print(f"wrote {args.out} from {model['trained_on']['texts']} tune texts")


if __name__ == "__main__":
    main()
