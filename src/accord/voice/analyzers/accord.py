"""The default analyzer: a general lexicon score corrected by complaint cues in customers' words.

VADER misreads complaints that use no negative word ("2 hours on hold", "still no refund")
or a polite one ("thanks for losing my bag"). When a complaint cue fires, praise in the
same text no longer counts (it is sarcasm or courtesy around a complaint) and each kind
of cue pulls the score down by a fixed step. Cues that the text itself reports resolved
("finally arrived after 3 weeks") do not count.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.voice.analyzers.base import Sentiment, label_for
from accord.voice.analyzers.vader import vader
from accord.voice.complaints import CueKind, find_cues

# How far one kind of cue pulls the score down (any number of hits of a kind counts once).
CUE_WEIGHTS: dict[CueKind, float] = {
    "failure": 0.45,
    "waiting": 0.4,
    "still": 0.35,
    "negated_praise": 0.3,
    "sarcasm": 0.5,
    "repeat": 0.2,
}
NEGATIVE_BELOW = -0.05
POSITIVE_ABOVE = 0.05


def corrected_score(base: float, text: str) -> float:
    cues = find_cues(text)
    if not cues.is_complaint:
        return base
    pull = sum(CUE_WEIGHTS[kind] for kind in cues.kinds)
    return max(-1.0, min(base, 0.0) - pull)


class AccordAnalyzer:
    name = "accord"

    def analyze(self, texts: Sequence[str]) -> list[Sentiment]:
        scorer = vader()
        results = []
        for text in texts:
            if not text.strip():
                results.append(Sentiment(0.0, "neutral"))
                continue
            base = float(scorer.polarity_scores(text)["compound"])
            score = round(corrected_score(base, text), 4)
            results.append(Sentiment(score, label_for(score, NEGATIVE_BELOW, POSITIVE_ABOVE)))
        return results
