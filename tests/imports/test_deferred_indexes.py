"""Large imports set the target table's non-unique indexes aside and rebuild them; a
killed run's indexes are rebuilt by the next import."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from accord.imports import indexes, services
from accord.imports.models import ImportRun, ImportStatus
from accord.interactions.models import Interaction
from tests.cli.test_import_command import CUSTOMERS, INTERACTIONS
from tests.imports.helpers import run_import, write_csv


@pytest.mark.django_db(transaction=True)
def test_a_large_file_loads_without_indexes_and_gets_them_back(tmp_path: Path, bob, monkeypatch):
    before = indexes.droppable_indexes(Interaction)
    assert len(before) >= 3
    seen_during: list[int] = []
    monkeypatch.setattr(services, "DEFER_LINES", 2)
    real = services.engine.run_rows

    def spy(*args, **kwargs):
        seen_during.append(len(indexes.droppable_indexes(Interaction)))
        return real(*args, **kwargs)

    monkeypatch.setattr(services.engine, "run_rows", spy)
    run_import("customers", str(write_csv(tmp_path / "c.csv", CUSTOMERS)))
    status, output = run_import("interactions", str(write_csv(tmp_path / "i.csv", INTERACTIONS)))
    assert status == 0, output
    # The customers import set aside only the customer table's indexes.
    assert seen_during == [len(before), 0]
    assert indexes.droppable_indexes(Interaction) == before
    assert Interaction.objects.count() == 3
    assert ImportRun.objects.filter(deferred_indexes=[]).count() == 2


@pytest.mark.django_db
def test_the_next_import_rebuilds_the_indexes_a_killed_run_set_aside(tmp_path: Path, bob):
    saved = indexes.droppable_indexes(Interaction)
    dead = subprocess.Popen(["true"])  # a process that has ended: its pid is free
    dead.wait()
    ImportRun.objects.create(
        kind="interactions", source="generic", file_name="big.csv", file_hash="0" * 64,
        host=services.socket.gethostname(), pid=dead.pid, started_at=timezone.now(),
        deferred_indexes=saved,
    )  # fmt: skip
    indexes.drop_indexes(saved)
    assert indexes.droppable_indexes(Interaction) == []

    status, output = run_import("customers", str(write_csv(tmp_path / "c.csv", CUSTOMERS)))
    assert status == 0, output
    assert indexes.droppable_indexes(Interaction) == saved
    killed = ImportRun.objects.get(file_name="big.csv")
    assert (killed.status, killed.deferred_indexes) == (ImportStatus.INTERRUPTED, [])
