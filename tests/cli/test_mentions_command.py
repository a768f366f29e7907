"""`accord mentions import FILE`: real-looking exports (a listening tool's CSV, X API
JSON Lines), bad lines reported with their line numbers while good lines land, and a
second import of the same file changes nothing."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accord.customers.services import add_identity, create_customer
from accord.voice.models import SocialMention, TextSignal

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent.parent / "data" / "mentions"


@pytest.fixture
def grace(bob):
    customer = create_customer(name="Grace Hopper", kind="person", email="g@navy.test", owner=bob)
    add_identity(
        customer_id=customer.pk, kind="social", source="Twitter", value="@Grace_H", by=None
    )
    return customer


def run(*args: str) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("mentions", "import", *args, stdout=out)
    except CommandError as error:
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


def snapshot() -> list[tuple]:
    return list(SocialMention.objects.order_by("pk").values_list()) + list(
        TextSignal.objects.order_by("pk").values_list()
    )


def test_a_listening_export_lands_its_good_lines_and_names_the_bad(grace, tmp_path):
    path = tmp_path / "export.csv"
    shutil.copy(DATA / "listening_export.csv", path)
    output, code = run(str(path))
    assert code == 1
    assert "line 5 (text): is required" in output
    assert "line 6 (posted_at)" in output and "'yesterday afternoon'" in output
    assert (tmp_path / "export.csv.errors.csv").read_text().count("\n") == 3
    stored = {m.post_id: m for m in SocialMention.objects.all()}
    assert set(stored) == {"1862001", "1862002", "1862003", "1862006"}
    first = stored["1862001"]
    assert first.platform == "x" and first.customer_id == grace.pk
    assert (first.matched_by, first.match_confidence) == ("handle", 1.0)
    assert first.followers == 1204 and first.reach == 1204 + 3 * 200
    assert first.posted_at.isoformat() == "2026-11-30T14:02:11+00:00"
    assert stored["1862003"].followers == 12_500
    # A name alone is only a suggestion: the Instagram post waits in the inbox.
    insta = stored["1862006"]
    assert insta.customer_id is None and insta.suggested_customer_id == grace.pk
    assert "Nobody at @AccordTelecom" in insta.text  # the quoted line break kept

    before = snapshot()
    again, code = run(str(path))
    assert code == 1 and "repeated" in again
    assert snapshot() == before


def test_platform_api_json_lines_with_a_broken_line(grace, tmp_path):
    path = tmp_path / "x.jsonl"
    shutil.copy(DATA / "x_api.jsonl", path)
    output, code = run(str(path), "--platform", "x")
    assert code == 1 and "line 3: not valid JSON" in output
    stored = {m.post_id: m for m in SocialMention.objects.all()}
    assert set(stored) == {"1900000000000000001", "1900000000000000002", "1900000000000000004"}
    pac = stored["1900000000000000001"]
    assert pac.customer_id == grace.pk and pac.followers == 1204
    assert pac.exit_intent  # asking for the PAC code is asking to leave
    assert TextSignal.objects.filter(customer=grace, source="mention").exists()
    assert stored["1900000000000000004"].posted_at.year == 2026


def test_a_missing_file_is_a_clear_error(tmp_path):
    output, code = run(str(tmp_path / "nope.csv"))
    assert code == 2 and "no such file" in output
