"""`accord sentiment` through its interface: one JSON line per input line, in order, with
the analyzer chosen by flag or setting, and a clear refusal of what it cannot read."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ACCORD = Path(sys.executable).with_name("accord")


def run(
    stdin: bytes, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(ACCORD), "sentiment", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def call(
    stdin: bytes, *args: str, monkeypatch: pytest.MonkeyPatch, out: io.StringIO | None = None
) -> list[dict[str, object]]:
    """In-process, for the cases that need no fresh process (each subprocess costs seconds)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    out = out or io.StringIO()
    call_command("sentiment", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def lines(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_one_json_line_per_text_in_order() -> None:
    texts = [
        "thanks for losing my bag",
        "",
        "Brilliant service, thank you Jo!",
        "What time do you open?",
        "2 hours on hold",
    ]
    result = run("\r\n".join(texts).encode() + b"\r\n")

    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert len(out) == len(texts)
    assert [row["label"] for row in out] == [
        "negative",
        "neutral",
        "positive",
        "neutral",
        "negative",
    ]
    for row in out:
        assert set(row) == {"score", "label"}
        assert isinstance(row["score"], float) and -1 <= row["score"] <= 1


def test_the_setting_picks_the_analyzer_and_no_database_is_needed() -> None:
    env = {
        "ACCORD_SENTIMENT_ANALYZER": "vader",
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/unreachable",
    }
    result = run(b"thanks for losing my bag\n", env=env)
    assert result.returncode == 0, result.stderr
    assert lines(result)[0]["label"] == "positive"


def test_unknown_analyzer_is_refused_with_the_choices() -> None:
    result = run(b"hello\n", "--analyzer", "gpt")
    assert result.returncode == 2
    assert b"'gpt'" in result.stderr and b"accord, vader" in result.stderr
    assert result.stdout == b""


def test_the_analyzer_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    text = b"thanks for losing my bag\n"
    assert call(text, "--analyzer", "vader", monkeypatch=monkeypatch)[0]["label"] == "positive"
    assert call(text, "--analyzer", "accord", monkeypatch=monkeypatch)[0]["label"] == "negative"


def test_bad_bytes_name_the_line_and_keep_what_came_before(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError, match="standard input line 2: not UTF-8") as error:
        call(b"fine thanks\nbad \xff\xfe bytes\n", monkeypatch=monkeypatch, out=out)
    assert error.value.returncode == 2
    assert len(out.getvalue().splitlines()) == 1


def test_byte_order_mark_and_no_final_newline(monkeypatch: pytest.MonkeyPatch) -> None:
    out = call("\ufeffstill no refund\nlove it".encode(), monkeypatch=monkeypatch)
    assert [row["label"] for row in out] == ["negative", "positive"]


def test_long_input_streams_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"order {n} never arrived" if n % 2 else f"thanks {n}, lovely" for n in range(2500)]
    out = call("\n".join(texts).encode(), monkeypatch=monkeypatch)
    assert len(out) == 2500
    assert {row["label"] for row in out[1::2]} == {"negative"}
    assert {row["label"] for row in out[0::2]} == {"positive"}


def test_signals_ride_along_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "How do I cancel? 2 hours on hold and nobody answers",
        "I'm not cancelling, just asking about the bill",
        "Please send my PAC code",
        "Lovely service, thanks",
    ]
    out = call("\n".join(texts).encode(), "--signals", monkeypatch=monkeypatch)
    assert [row["exit_intent"] for row in out] == ["cancel", None, "transfer_code", None]
    assert [row["complaint"] for row in out] == [True, False, False, False]
    assert "service" in out[0]["topics"] and out[1]["topics"] == ["billing"]
    assert set(out[2]) == {"score", "label", "exit_intent", "complaint", "topics"}
