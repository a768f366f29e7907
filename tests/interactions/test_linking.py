"""The issue-shopping rule measured on the labelled pairs in tests/data/issue_pairs.json.

The figures asserted here are the ones written in docs/accountability.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from accord.interactions.linking import is_same_issue

PAIRS = json.loads((Path(__file__).parents[1] / "data" / "issue_pairs.json").read_text())["pairs"]


def confusion() -> tuple[int, int, int, int]:
    tp = fp = fn = tn = 0
    for pair in PAIRS:
        kind_a, subject_a, body_a = pair["a"]
        kind_b, subject_b, body_b = pair["b"]
        linked = is_same_issue(kind_a, f"{subject_a} {body_a}", kind_b, [subject_b, body_b])
        tp += linked and pair["same"]
        fp += linked and not pair["same"]
        fn += not linked and pair["same"]
        tn += not linked and not pair["same"]
    return tp, fp, fn, tn


def test_labelled_set_is_balanced_and_large_enough() -> None:
    same = sum(pair["same"] for pair in PAIRS)
    assert (same, len(PAIRS) - same) == (24, 24)


def test_precision_and_recall_on_the_labelled_pairs() -> None:
    tp, fp, fn, tn = confusion()
    assert (tp, fp, fn, tn) == (22, 1, 2, 23)  # precision 0.96, recall 0.92


def test_unrelated_requests_never_link() -> None:
    assert not is_same_issue("support", "Cannot log in to the portal", "billing", ["Invoice copy"])
    assert not is_same_issue("support", "", "support", ["anything"])
