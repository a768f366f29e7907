"""The fast paths of mention cleaning agree with the plain ones they stand in for: the
per-header alias plan with reading every record's keys, and remembered cleaners with
calling the cleaner, on good and bad values alike."""

from __future__ import annotations

from typing import Any

import pytest

from accord.core.validation import ValidationProblem
from accord.voice import mentions
from accord.voice.mentions import _pick_flattened, clean_count, pick_aliases, remembered

RECORDS: list[dict[Any, Any]] = [
    {"platform": "x", "post_id": "1", "author_handle": "@ada", "text": "hi", "followers": "12"},
    # Other tools' names, spaces and capitals; a blank alias falls through to the next one.
    {"Page Type": "twitter", "Mention Id": "7", "Author": "", "Username": "bob", "Full Text": "x"},
    # Two columns lower-casing to the same name: the later one wins, even when blank.
    {"Text": "first", "text": "", "content": "third", "id": "9", "handle": "c"},
    {"TEXT": "", "Text": "kept", "ID": "3", "user": "d", "retweet_count": 4},
    # Nested objects, and JSON text once read from a file: the slow path reads them.
    {"id_str": "5", "full_text": "t", "user": {"screen_name": "e", "followers_count": 9}},
    {"id_str": "6", "full_text": "t", "user": '{"screen_name": "f", "followers_count": 3}'},
    {"id": "8", "text": "{not json}", "handle": "g"},
    {1: "numeric key", "id": "10", "text": "t"},
    {"id": None, "post_id": "11", "text": "t", "followers": 0, "reach": None},
]


@pytest.mark.parametrize("record", RECORDS)
def test_alias_plan_picks_what_reading_every_key_picks(record):
    assert pick_aliases(record) == _pick_flattened(record)
    assert pick_aliases(record) == _pick_flattened(record)  # the plan, now cached


def test_remembered_cleaner_agrees_on_good_and_bad_values():
    plain = clean_count("followers")
    fast = remembered(clean_count("followers"), size=3)
    values = ["12", "1,234", "12.5K", "", None, 7, "7", "-1", "lots", "3B", "12", "lots", 2.5]
    for _round in range(2):  # the second round answers from memory (and after a clear)
        for value in values:
            try:
                expected: Any = plain(value)
            except ValidationProblem as problem:
                expected = ("refused", problem.field, problem.message)
            try:
                got: Any = fast(value)
            except ValidationProblem as problem:
                got = ("refused", problem.field, problem.message)
            assert got == expected, value


def test_remembered_fields_refuse_every_time():
    clean = mentions._FIELDS["platform"]
    for _ in range(2):
        with pytest.raises(ValidationProblem, match="control character"):
            clean("x\x01")
