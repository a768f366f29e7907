"""Human-rated texts (Hutto & Gilbert 2014) and the fixed split into tune and held-out parts.

Each line is `id <TAB> mean rating (-4..+4) <TAB> text` (CRLF in the originals). Whether a
text is held out depends only on its corpus and id (a salted SHA-256), so the split never
changes with file order, Python's hash seed or new rows. Nothing here reads files on its
own: callers (the bench, the training script, tests) pass the path.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from accord.voice.analyzers.base import Label

SPLIT_SALT = "accord-sentiment-split-v1"
HELD_OUT_PERCENT = 30
# Human means within this band of 0 are "neutral": ratings run -4..+4, and a mean under
# half a point is what raters gave when they did not agree on a direction.
NEUTRAL_BAND = 0.5


@dataclass(frozen=True, slots=True)
class RatedText:
    corpus: str
    id: str
    rating: float
    text: str

    @property
    def label(self) -> Label:
        return human_label(self.rating)

    @property
    def is_held_out(self) -> bool:
        return is_held_out(self.corpus, self.id)


def human_label(rating: float) -> Label:
    if rating <= -NEUTRAL_BAND:
        return "negative"
    if rating >= NEUTRAL_BAND:
        return "positive"
    return "neutral"


def is_held_out(corpus: str, text_id: str) -> bool:
    digest = hashlib.sha256(f"{SPLIT_SALT}:{corpus}:{text_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < HELD_OUT_PERCENT


def read_rated_texts(path: Path, corpus: str | None = None) -> Iterator[RatedText]:
    """Rows of one file (.tsv or .tsv.gz); corpus defaults to the file name before its first dot.

    A malformed line raises ValueError naming the file and line number.
    """
    name = corpus or path.name.split(".", 1)[0]
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split("\t", 2)
            if len(parts) != 3:
                raise ValueError(f"{path}:{number}: expected id, rating and text separated by tabs")
            try:
                rating = float(parts[1])
            except ValueError:
                raise ValueError(f"{path}:{number}: rating {parts[1]!r} is not a number") from None
            yield RatedText(name, parts[0].strip(), rating, parts[2])
