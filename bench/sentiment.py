"""Benchmark of the sentiment analyzers on the held-out part of the human-rated corpora.

    .venv/bin/python bench/sentiment.py [--analyzers vader,accord] [--repeat 5] [--scale 1]

Per corpus (tests/data/sentiment: tweets, amazon, movie, nyt; Hutto & Gilbert 2014) and
per analyzer, on the held-out texts only (corpus.is_held_out: 30 % by salted hash of the
id, never used for tuning): Pearson r of the score with the human mean rating, 3-class
macro-F1 against labels from the human mean (neutral band ±0.5), and texts per second on
one core: CPU seconds of this one process (BLAS held to one thread) over the batch,
median of --repeat runs, with --scale copies of the held-out texts per run. The baseline
(vader) is measured in the same run; ratios are analyzer / baseline.
Targets: accord's macro-F1 above vader's on tweets, accord >= 5,000 texts/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from accord.voice.analyzers import build_analyzer  # noqa: E402
from accord.voice.analyzers.base import LABELS, Label  # noqa: E402
from accord.voice.analyzers.corpus import RatedText, read_rated_texts  # noqa: E402
from accord.voice.complaints import find_cues  # noqa: E402

CORPORA = ("tweets", "amazon", "movie", "nyt")
BASELINE = "vader"


def macro_f1(truth: list[Label], predicted: list[Label]) -> float:
    scores = []
    for label in LABELS:
        hits = sum(t == label and p == label for t, p in zip(truth, predicted, strict=True))
        called = sum(p == label for p in predicted)
        actual = sum(t == label for t in truth)
        scores.append(0.0 if hits == 0 else 2 * hits / (called + actual))
    return sum(scores) / len(scores)


def cpu_rate(analyzer_name: str, texts: list[str], repeat: int) -> float:
    """Median texts per CPU second of this process (one core) over `repeat` batches."""
    analyzer = build_analyzer(analyzer_name)
    analyzer.analyze(texts[:10])  # load lexicons and weights outside the timing
    rates = []
    for _ in range(repeat):
        find_cues.cache_clear()  # every text cold: no help from the cue cache across runs
        started = time.process_time()
        analyzer.analyze(texts)
        rates.append(len(texts) / max(time.process_time() - started, 1e-9))
    return statistics.median(rates)


def measure(rows: list[RatedText], name: str, repeat: int, scale: int) -> dict[str, float]:
    texts = [row.text for row in rows]
    results = build_analyzer(name).analyze(texts)
    scores = np.array([result.score for result in results])
    ratings = np.array([row.rating for row in rows])
    return {
        "pearson": float(np.corrcoef(scores, ratings)[0, 1]),
        "macro_f1": macro_f1([row.label for row in rows], [result.label for result in results]),
        "rate": cpu_rate(name, texts * scale, repeat),
    }


def customer_texts(path: Path, names: list[str]) -> None:
    """Macro-F1 on the hand-labelled customer texts (a development set: the cues were
    written beside it, so this shows what the cues cover, not held-out accuracy)."""
    rows = [
        line.split("\t", 1)
        for line in path.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    truth: list[Label] = [label for label, _ in rows]  # type: ignore[misc]
    for name in names:
        results = build_analyzer(name).analyze([text for _, text in rows])
        f1 = macro_f1(truth, [result.label for result in results])
        print(f"{'customer':8} {len(rows):8d} {name:9} {'(dev)':>9} {f1:8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "sentiment")
    parser.add_argument("--corpora", default=",".join(CORPORA))
    parser.add_argument("--analyzers", default="vader,accord", help="the first is the baseline")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per cell (median)")
    parser.add_argument("--scale", type=int, default=1, help="copies of the texts per timed run")
    args = parser.parse_args()
    names = args.analyzers.split(",")

    header = (
        f"{'corpus':8} {'held-out':>8} {'analyzer':9} {'pearson r':>9} {'macro-F1':>8} "
        f"{'F1 ratio':>8} {'texts/s':>9} {'speed ratio':>11}"
    )
    print(header)
    print("-" * len(header))
    with threadpool_limits(limits=1):
        for corpus in args.corpora.split(","):
            path = args.data / f"{corpus}.tsv.gz"
            rows = [row for row in read_rated_texts(path, corpus) if row.is_held_out]
            measured = {name: measure(rows, name, args.repeat, args.scale) for name in names}
            base = measured[names[0]]
            for name in names:
                cell = measured[name]
                print(
                    f"{corpus:8} {len(rows):8d} {name:9} {cell['pearson']:9.3f} "
                    f"{cell['macro_f1']:8.3f} {cell['macro_f1'] / base['macro_f1']:8.3f} "
                    f"{cell['rate']:9,.0f} {cell['rate'] / base['rate']:11.2f}",
                    flush=True,
                )
        customer_texts(args.data / "customer_texts.tsv", names)
    print(
        f"\nbaseline {names[0]}; texts/s = CPU time of one process, median of {args.repeat}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
