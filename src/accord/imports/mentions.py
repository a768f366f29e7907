"""Taking in social mentions, from a file (`accord mentions import`) or the push API.

Records go in batches: each is cleaned (a bad record is reported with its line and field,
the good ones land), then voice.mentions stores the new ones (matched, read) and
scoring.escalations checks them, in one transaction per batch. A post already stored
(same platform and post id) changes nothing, so a file can be imported again safely.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.core.validation import ValidationProblem
from accord.imports.problems import RowProblem
from accord.imports.readers import open_rows
from accord.scoring.escalations import NewMention, escalate_mentions
from accord.voice.mentions import clean_mention, store_mentions

BATCH = 2000


@dataclass
class IngestResult:
    read: int = 0
    created: int = 0
    repeated: int = 0
    matched: int = 0
    unmatched: int = 0
    escalations: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len({problem.line for problem in self.problems})


def ingest_records(
    records: Iterable[tuple[int, Mapping[str, Any]] | RowProblem],
    *,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    keep_ids: bool = False,
    platform: str = "",
) -> IngestResult:
    """Ingest (line, record) pairs; RowProblems from the reader are reported as they are."""
    result = IngestResult()
    pending: list[dict[str, Any]] = []
    last_line = 0
    for item in records:
        if isinstance(item, RowProblem):
            result.read += 1
            result.problems.append(item)
            continue
        line, record = item
        last_line = line
        result.read += 1
        try:
            pending.append(clean_mention(record, platform))
        except ValidationProblem as problem:
            result.problems.append(
                RowProblem(line, problem.field, problem.message, _as_text(record))
            )
        if len(pending) >= batch:
            _ingest_batch(pending, result, keep_ids)
            pending = []
            if progress:
                progress(last_line)
    if pending:
        _ingest_batch(pending, result, keep_ids)
    if progress:
        progress(last_line)
    return result


def _as_text(record: Mapping[str, Any]) -> dict[str, str]:
    return {str(key): "" if value is None else str(value) for key, value in record.items()}


def _ingest_batch(records: list[dict[str, Any]], result: IngestResult, keep_ids: bool) -> None:
    now = timezone.now()
    with transaction.atomic():
        stored = store_mentions(records, now=now)
        opened = escalate_mentions(
            [
                NewMention(
                    id=pk,
                    customer_id=match.customer_id,
                    negative=reading.label == "negative",
                    topic=reading.topic,
                    reach=reach,
                    posted_at=r["posted_at"],
                    handle=r["author_handle"],
                    platform=r["platform"],
                    text=r["text"],
                )
                for pk, r, match, reading, reach in zip(
                    stored.ids,
                    stored.records,
                    stored.matches,
                    stored.readings,
                    stored.reaches,
                    strict=True,
                )
                if reading.label == "negative"  # only these can escalate
            ],
            now,
        )
    result.created += len(stored.ids)
    result.repeated += stored.repeated
    linked = sum(1 for match in stored.matches if match.customer_id is not None)
    result.matched += linked
    result.unmatched += len(stored.ids) - linked
    result.escalations += len(opened)
    if keep_ids:
        result.created_ids.extend(stored.ids)


def ingest_file(
    path: str | Path,
    *,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    platform: str = "",
) -> IngestResult:
    """A CSV or JSON Lines file (encoding and delimiter detected, accord.imports.readers);
    `platform` for records that do not name theirs."""
    return ingest_records(open_rows(path), batch=batch, progress=progress, platform=platform)
