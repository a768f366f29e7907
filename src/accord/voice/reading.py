"""Reading what customers write: sentiment and text signals for many texts at once, and
the sweep that stores the signals of every new message and survey comment.

The rules themselves live in accord.voice.sentiment (the analyzer) and
accord.voice.signals (exit intent, complaint, topics); this module only batches them:
texts are de-duplicated within a batch (templates, auto-replies and "How do I cancel?"
repeat), then stored where scoring reads them with SQL (TextSignal, SocialMention).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils.dateparse import parse_datetime

from accord.voice.models import ReadMark, TextSignal, TextSource
from accord.voice.sentiment import get_analyzer
from accord.voice.signals import read_signals

# Rows read per query by the sweep; a few MB of text at most.
SWEEP_CHUNK = 5000
EXCERPT = 200


@dataclass(frozen=True)
class Reading:
    score: float | None  # -1..+1; None for a blank text
    label: str  # "negative" | "neutral" | "positive" | "" for a blank text
    exit_intent: str  # its kind ("cancel", "transfer_code", ...), "" when none
    complaint: bool
    topic: str  # the first topic of a complaint, "" when none

    @property
    def has_signal(self) -> bool:
        return bool(self.exit_intent) or self.complaint


BLANK = Reading(None, "", "", False, "")


def read_texts(texts: Sequence[str]) -> list[Reading]:
    """One Reading per text, in order; equal texts are read once."""
    distinct = list(dict.fromkeys(text for text in texts if text.strip()))
    if not distinct:
        return [BLANK] * len(texts)
    read: dict[str, Reading] = {}
    for text, sentiment in zip(distinct, get_analyzer().analyze(distinct), strict=True):
        score = round(float(sentiment.score), 4)
        found = read_signals(text, score)
        read[text] = Reading(
            score,
            str(sentiment.label),
            found.exit_intent or "",
            bool(found.complaint),
            found.topics[0] if found.topics else "",
        )
    return [read.get(text, BLANK) for text in texts]


def signal_columns(
    customer_ids: Sequence[int | None],
    source: str,
    source_ids: Sequence[int],
    occurred: Sequence[Any],
    texts: Sequence[str],
    readings: Sequence[Reading],
) -> dict[str, list[Any]]:
    """TextSignal columns for the texts that carry a signal (the rest store nothing)."""
    keep = [i for i, reading in enumerate(readings) if reading.has_signal]
    return {
        "customer_id": [customer_ids[i] for i in keep],
        "source": [source] * len(keep),
        "source_id": [source_ids[i] for i in keep],
        "occurred_at": [occurred[i] for i in keep],
        "exit_intent": [readings[i].exit_intent for i in keep],
        "complaint": [readings[i].complaint for i in keep],
        "topic": [readings[i].topic for i in keep],
        "sentiment": [readings[i].score for i in keep],
        "excerpt": [" ".join(texts[i].split())[:EXCERPT] for i in keep],
    }


def store_signals(columns: dict[str, list[Any]]) -> int:
    """Insert signal rows; a text already read (same customer, source, id) is skipped, so
    two sweeps racing or a re-run store each signal once."""
    count = len(columns["customer_id"])
    if not count:
        return 0
    adapt = connection.ops.adapt_datetimefield_value
    values = {**columns, "occurred_at": [adapt(moment) for moment in columns["occurred_at"]]}
    names = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    # Plain executemany: model instances and the ORM's per-value preparation cost more
    # than the insert at ingest rates (bench/mentions.py).
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TextSignal._meta.db_table} ({names}) VALUES ({marks}) "
            "ON CONFLICT (customer_id, source, source_id) DO NOTHING",
            list(zip(*values.values(), strict=True)),
        )
    return count


# Per source: the query for rows after the mark (id, customer, time, text), ascending ids.
_SWEEPS = {
    TextSource.INTERACTION: (
        "SELECT id, customer_id, occurred_at, subject, body FROM interactions_interaction "
        "WHERE id > %s AND direction = 'inbound' ORDER BY id LIMIT %s"
    ),
    TextSource.SURVEY: (
        "SELECT id, customer_id, responded_at, '', comment FROM voice_survey_response "
        "WHERE id > %s AND comment <> '' ORDER BY id LIMIT %s"
    ),
}


def read_new_texts(sources: Iterable[str] = tuple(_SWEEPS), max_chunks: int | None = None) -> int:
    """Read every inbound message and survey comment written since the last sweep (by any
    path: services, imports, mail, demo), store their signals and move the marks.
    Returns the texts read. Cheap when nothing is new (one indexed query per source).

    Requests are read through their inbound timeline message (each request writes one),
    so a request is not counted twice. `max_chunks` bounds the work per source (an
    inline rescore must not read a backlog of millions: the worker and batch do)."""
    total = 0
    for source in sources:
        query = _SWEEPS[TextSource(source)]
        chunks = 0
        while max_chunks is None or chunks < max_chunks:
            chunks += 1
            with transaction.atomic():
                mark, _ = ReadMark.objects.select_for_update().get_or_create(source=source)
                with connection.cursor() as cursor:
                    cursor.execute(query, [mark.last_id, SWEEP_CHUNK])
                    rows = cursor.fetchall()
                if not rows:
                    break
                texts = [
                    f"{subject}. {body}" if subject else body for _, _, _, subject, body in rows
                ]
                readings = read_texts(texts)
                store_signals(
                    signal_columns(
                        [row[1] for row in rows],
                        source,
                        [row[0] for row in rows],
                        [_aware(row[2]) for row in rows],
                        texts,
                        readings,
                    )
                )
                mark.last_id = rows[-1][0]
                mark.save(update_fields=["last_id"])
                total += len(rows)
            if len(rows) < SWEEP_CHUNK:
                break
    return total


def _aware(value: Any) -> datetime:
    """A timestamp from a raw cursor: SQLite hands back text or naive datetimes (UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def reread_text(source: str, source_id: int, customer_id: int, at: datetime, text: str) -> None:
    """A text was corrected: forget its old signal and store the new one (if any)."""
    TextSignal.objects.filter(customer_id=customer_id, source=source, source_id=source_id).delete()
    store_signals(
        signal_columns([customer_id], source, [source_id], [at], [text], read_texts([text]))
    )
