"""Import runs, their row errors, and the external-id keys of imported records.

A run row is the checkpoint of a chunked import: its counts and `checkpoint_line` are
written in the same transaction as each chunk, so after a crash it tells how far the
committed work reached.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    # Some rows failed; the good ones landed (not with --all-or-nothing).
    PARTIAL = "partial", "Succeeded with row errors"
    # Nothing landed: --all-or-nothing with a bad row, or an error that stopped the run.
    FAILED = "failed", "Failed"
    # A later run found this one dead (killed) while it was running.
    INTERRUPTED = "interrupted", "Interrupted"


class ImportRun(models.Model):
    """One import of one file: read = created + updated + unchanged + failed."""

    kind = models.CharField(max_length=20)
    source = models.CharField(max_length=40)
    format = models.CharField(max_length=20, default="generic")
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64, help_text="SHA-256 of the file")
    # Physical lines of the file, for a progress bar (checkpoint_line of total_lines).
    total_lines = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    dry_run = models.BooleanField(default=False)
    all_or_nothing = models.BooleanField(default=False)
    read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # Relationships imported without an accountable owner (they show as orphaned gaps).
    orphaned = models.PositiveIntegerField(default=0)
    # The last file line whose chunk is committed.
    checkpoint_line = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # Indexes this run set aside while loading ([[name, statement], ...]); emptied when
    # they are rebuilt, so a killed run's are rebuilt by the next import.
    deferred_indexes = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who is running it: a later run tells a dead run from a live one by these.
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "imports_import_run"
        indexes = [models.Index(fields=["kind", "source", "file_hash"], name="import_run_file")]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.kind} from {self.file_name}"

    @property
    def progress(self) -> float:
        """Share of the file processed, 0..1."""
        if self.status != ImportStatus.RUNNING:
            return 1.0
        return min(1.0, self.checkpoint_line / self.total_lines) if self.total_lines else 0.0


class ImportRowError(models.Model):
    """One problem with one row: the line of the file, the column, why, and the row."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField()
    column = models.CharField(max_length=200, blank=True)
    message = models.TextField()
    # The row as read: [[column, value], ...] in the file's column order.
    original = models.JSONField(default=list)

    class Meta:
        db_table = "imports_row_error"
        indexes = [models.Index(fields=["run", "line"], name="row_error_run_line")]


class ExternalKey(models.Model):
    """Which Accord record a (source, external id) became, for entities whose table has
    no external-id column (contacts, subscriptions, promises, surveys, requests).

    Written in the same transaction as the record, so the unique key is what makes a
    re-run after a crash update instead of duplicate.
    """

    entity = models.CharField(max_length=20)
    source = models.CharField(max_length=40)
    external_id = models.CharField(max_length=100)
    object_id = models.BigIntegerField()

    class Meta:
        db_table = "imports_external_key"
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "source", "external_id"], name="external_key_unique"
            )
        ]
