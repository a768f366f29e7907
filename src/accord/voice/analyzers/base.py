"""What every sentiment analyzer returns and promises: a score in [-1, 1] and a 3-class label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Label = Literal["negative", "neutral", "positive"]
LABELS: tuple[Label, ...] = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Sentiment:
    """score: -1 (most negative) .. +1 (most positive); label: the analyzer's 3-class call."""

    score: float
    label: Label

    def as_dict(self) -> dict[str, object]:
        return {"score": self.score, "label": self.label}


class Analyzer(Protocol):
    """Scores texts in a batch (batches let an analyzer vectorise); one result per text, in order.

    Blank text scores 0.0 and "neutral". Analyzers are safe to share between threads and
    never touch the network.
    """

    name: str

    def analyze(self, texts: Sequence[str]) -> list[Sentiment]: ...


def label_for(score: float, negative_below: float, positive_above: float) -> Label:
    if score < negative_below:
        return "negative"
    if score > positive_above:
        return "positive"
    return "neutral"
