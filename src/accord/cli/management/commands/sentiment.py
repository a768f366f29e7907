"""`accord sentiment`: one text per line on standard input, one JSON line per text out.

Each output line is {"score": -1..1, "label": "negative"|"neutral"|"positive"} (with
--signals also "exit_intent", "complaint" and "topics", docs/sentiment.md), in input
order, a blank line included (it scores neutral), so outputs line up with inputs. Lines
are scored in batches and flushed per batch, so a pipe sees results while input streams.
Needs no database.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.voice.sentiment import (
    Sentiment,
    UnknownAnalyzerError,
    analyzer_names,
    get_analyzer,
)
from accord.voice.signals import read_signals

INPUT_ERROR = 2
BATCH_LINES = 1000


def read_lines(stream: BinaryIO) -> Iterator[tuple[int, str]]:
    """(line number, text) with the line ending and a leading byte-order mark removed."""
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"standard input line {number}: not UTF-8 text (byte {error.start + 1})",
                returncode=INPUT_ERROR,
            ) from None
        if number == 1:
            line = line.removeprefix("\ufeff")
        yield number, line.rstrip("\r\n")


class Command(BaseCommand):
    help = "Score the sentiment of each line of standard input; print one JSON object per line."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--analyzer",
            help=f"one of {', '.join(analyzer_names())} (default: ACCORD_SENTIMENT_ANALYZER)",
        )
        parser.add_argument(
            "--signals",
            action="store_true",
            help="also print exit_intent, complaint and topics read from each text",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            analyzer = get_analyzer(options["analyzer"])
        except UnknownAnalyzerError as error:
            raise CommandError(str(error), returncode=INPUT_ERROR) from None
        self.with_signals = bool(options["signals"])
        batch: list[str] = []
        try:
            for _number, line in read_lines(sys.stdin.buffer):
                batch.append(line)
                if len(batch) >= BATCH_LINES:
                    self._write(batch, analyzer.analyze(batch))
                    batch = []
        finally:
            # Lines read before a bad one are still answered, so nothing read is lost.
            if batch:
                self._write(batch, analyzer.analyze(batch))

    def _write(self, texts: list[str], results: list[Sentiment]) -> None:
        rows = [result.as_dict() for result in results]
        if self.with_signals:
            for text, row, result in zip(texts, rows, results, strict=True):
                signals = read_signals(text, score=result.score)
                row.update(
                    exit_intent=signals.exit_intent,
                    complaint=signals.complaint,
                    topics=list(signals.topics),
                )
        self.stdout.write("".join(json.dumps(row) + "\n" for row in rows), ending="")
        self.stdout.flush()
