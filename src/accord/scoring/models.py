"""Insight tables: the latest scores per customer, their history, the rescoring queue,
batch checkpoints, the fitted CLV model, and alerts for relationship owners."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Segment(models.TextChoices):
    """Jones & Sasser (1995) loyalty segments; apostle and terrorist are the loud ends.

    The codes keep the paper's names (docs, API); the labels say what each means, in
    words a customer or a colleague can read without offence (docs/words.md).
    """

    LOYALIST = "loyalist", "Satisfied and staying"
    APOSTLE = "apostle", "Satisfied and recommends us"
    MERCENARY = "mercenary", "Satisfied, not committed"
    HOSTAGE = "hostage", "Unhappy, held by barriers"
    DEFECTOR = "defector", "Unhappy and leaving"
    TERRORIST = "terrorist", "Loud and unhappy"
    UNKNOWN = "unknown", "Not enough data"
    DEPARTED = "departed", "Departed: the relationship ended"


class CustomerScore(models.Model):
    """The latest scores of one customer (0-100 unless noted), upserted by batch and
    incremental scoring alike. `explanation` lists the top drivers in plain words."""

    customer = models.OneToOneField(
        "customers.Customer", primary_key=True, on_delete=models.CASCADE, related_name="score"
    )
    health = models.FloatField()
    honesty = models.FloatField()
    transparency = models.FloatField()
    fair_value_customer = models.FloatField()
    fair_value_company = models.FloatField()
    power_balance = models.FloatField()
    responsiveness = models.FloatField()
    sentiment_trend = models.FloatField()
    value_equity = models.FloatField()
    brand_equity = models.FloatField()
    relationship_equity = models.FloatField()
    satisfaction = models.FloatField()
    loyalty = models.FloatField()
    clv = models.FloatField(help_text="EUR over the CLV horizon, discounted")
    p_alive = models.FloatField(help_text="0..1")
    expected_purchases = models.FloatField(help_text="over the CLV horizon")
    segment = models.CharField(max_length=10, choices=Segment.choices)
    is_hostage = models.BooleanField(default=False)
    barriers = models.JSONField(default=list)
    equity_at_risk = models.FloatField(default=0, help_text="EUR: CLV of a hostage")
    company_promises_broken = models.PositiveIntegerField(default=0)
    company_promises_kept = models.PositiveIntegerField(default=0)
    # The owner (0: none) and stage the scores were computed with: the book rollups are
    # keyed by them, and a rescore subtracts this row's old cell before adding its new one.
    owner_id = models.BigIntegerField(default=0)
    stage = models.CharField(max_length=12, default="", blank=True)
    explanation = models.JSONField(default=dict)
    model_version = models.CharField(max_length=20)
    as_of = models.DateTimeField()
    scored_at = models.DateTimeField()

    class Meta:
        db_table = "scoring_customer_score"
        indexes = [
            models.Index(fields=["segment", "health"], name="score_segment_health"),
            # Hostages are a few percent of the book: a partial index keeps the batch's
            # writes cheap and still serves the hostage list by equity at risk.
            models.Index(
                fields=["-equity_at_risk"],
                condition=models.Q(is_hostage=True),
                name="score_hostages",
            ),
            models.Index(fields=["health"], name="score_health"),
        ]


class ScoreSnapshot(models.Model):
    """One row per customer per day scored: the history behind trends and sparklines."""

    # No index of its own: lookups by customer probe the unique (day, customer) key day by
    # day, and one index fewer is one less write per customer per batch. No
    # database-level foreign key either: on PostgreSQL each checked insert locks the
    # customer's row (FOR KEY SHARE) at commit, a million row locks a night for derived
    # history, about a sixth of the batch. Deleting a customer still cascades (the ORM
    # does it), and customers are anonymised, never deleted, on erasure.
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.CASCADE,
        related_name="score_snapshots",
        db_index=False,
        db_constraint=False,
    )
    taken_on_date = models.DateField()
    health = models.FloatField()
    value_equity = models.FloatField()
    brand_equity = models.FloatField()
    relationship_equity = models.FloatField()
    clv = models.FloatField()
    segment = models.CharField(max_length=10, choices=Segment.choices)
    owner_id = models.BigIntegerField(default=0)
    stage = models.CharField(max_length=12, default="", blank=True)

    class Meta:
        db_table = "scoring_score_snapshot"
        constraints = [
            models.UniqueConstraint(
                # Day first: a batch's million rows of one day append at the index's
                # end instead of landing on one scattered leaf page per customer.
                # Readers probe the latest days (SnapshotDay) for one customer.
                fields=["taken_on_date", "customer"],
                name="one_snapshot_per_customer_day",
            )
        ]


class SnapshotDay(models.Model):
    """Each day that has snapshots: a customer's history is read by probing these days
    newest first, which the (day, customer) key answers with one lookup per day."""

    day = models.DateField(primary_key=True)

    class Meta:
        db_table = "scoring_snapshot_day"


class RescoreQueue(models.Model):
    """Customers waiting for the worker. Claims are atomic UPDATEs on claimed_at.

    A customer whose scoring raised stays queued with the error, and is not claimed again
    before retry_after (a back-off doubling per failure), so one bad record cannot stall
    the queue or make the worker retake the same claim in a loop.
    """

    customer = models.OneToOneField(
        "customers.Customer", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    marked_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    retry_after = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        db_table = "scoring_rescore_queue"
        indexes = [models.Index(fields=["claimed_at", "marked_at"], name="rescore_claim")]


class ClvModel(models.Model):
    """BG/NBD + Gamma-Gamma parameters fitted on the whole book by a batch run; the
    incremental scorer applies the latest row, so both paths give the same CLV."""

    fitted_at = models.DateTimeField()
    as_of = models.DateTimeField()
    params = models.JSONField()
    log_likelihood = models.FloatField(null=True)
    customers = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "scoring_clv_model"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Done"


class ScoringRun(models.Model):
    """A full-book batch: customers are scored in id chunks, each recorded as a
    ScoringChunk when it commits; a re-run after a kill scores the chunks not recorded."""

    as_of = models.DateTimeField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default="running")
    chunk_size = models.PositiveIntegerField()
    max_customer_id = models.BigIntegerField()
    customers_scored = models.PositiveIntegerField(default=0)
    clv_model = models.ForeignKey(ClvModel, null=True, on_delete=models.SET_NULL)

    class Meta:
        db_table = "scoring_run"


class ScoringChunk(models.Model):
    """One committed chunk of a batch run: the checkpoint. Written in the same transaction
    as the chunk's scores, so it exists exactly when they do."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="chunks")
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    customers = models.PositiveIntegerField()

    class Meta:
        db_table = "scoring_run_chunk"
        constraints = [
            models.UniqueConstraint(fields=["run", "first_id"], name="one_row_per_run_chunk")
        ]


class AlertKind(models.TextChoices):
    HEALTH_DROP = "health_drop", "Health dropped"
    BECAME_HOSTAGE = "became_hostage", "Became a hostage"
    PROMISE_BROKEN = "promise_broken", "A promise broke"


class Alert(models.Model):
    """Something the accountable owner should look at; resolved when handled."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="alerts"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "scoring_alert"
        indexes = [
            models.Index(fields=["owner", "resolved_at", "created_at"], name="alert_owner_open"),
            models.Index(fields=["customer", "created_at"], name="alert_customer"),
        ]


class BookRollup(models.Model):
    """Scored customers counted and summed per combination of the dashboard's filters:
    the manager dashboard reads these few thousand rows instead of scanning a
    million scores. Kept current by save_scores (batch and incremental alike, see
    rollups.py) and rebuilt from the scores at the end of every batch.

    `owner_id` and `stage` are as of the scoring (0 / "" for none), not foreign keys: a
    rollup row outlives the people in it and is never joined."""

    owner_id = models.BigIntegerField()
    stage = models.CharField(max_length=12)
    segment = models.CharField(max_length=10, choices=Segment.choices)
    health_band = models.PositiveSmallIntegerField(help_text="0-9: health // 10")
    satisfaction_band = models.PositiveSmallIntegerField(help_text="0-4: satisfaction // 20")
    loyalty_band = models.PositiveSmallIntegerField(help_text="0-4: loyalty // 20")
    is_hostage = models.BooleanField()
    customers = models.BigIntegerField(default=0)
    health_sum = models.FloatField(default=0)
    value_equity_sum = models.FloatField(default=0)
    brand_equity_sum = models.FloatField(default=0)
    relationship_equity_sum = models.FloatField(default=0)
    clv_sum = models.FloatField(default=0)
    equity_at_risk_sum = models.FloatField(default=0)
    # Company promises to these customers, kept and broken (the owner's promise record).
    promises_kept = models.BigIntegerField(default=0)
    promises_broken = models.BigIntegerField(default=0)

    class Meta:
        db_table = "scoring_book_rollup"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "owner_id",
                    "stage",
                    "segment",
                    "health_band",
                    "satisfaction_band",
                    "loyalty_band",
                    "is_hostage",
                ],
                name="one_book_rollup_per_cell",
            )
        ]


class DayRollup(models.Model):
    """The same counts and sums over one day's snapshots: the trends read these. A day
    is complete (the whole book) once a batch has run for it; incremental rescoring
    on that day replaces its customers' contributions, like their snapshots."""

    day = models.DateField()
    owner_id = models.BigIntegerField()
    stage = models.CharField(max_length=12)
    segment = models.CharField(max_length=10, choices=Segment.choices)
    health_band = models.PositiveSmallIntegerField()
    customers = models.BigIntegerField(default=0)
    health_sum = models.FloatField(default=0)
    value_equity_sum = models.FloatField(default=0)
    brand_equity_sum = models.FloatField(default=0)
    relationship_equity_sum = models.FloatField(default=0)
    clv_sum = models.FloatField(default=0)

    class Meta:
        db_table = "scoring_day_rollup"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "owner_id", "stage", "segment", "health_band"],
                name="one_day_rollup_per_cell",
            )
        ]


class GapCount(models.Model):
    """Accountability gaps counted per owner and kind as of a batch's day, so the board's
    gaps can be drawn over time without recomputing them for past weeks."""

    day = models.DateField()
    owner_id = models.BigIntegerField(help_text="0: no owner (orphaned)")
    team = models.CharField(max_length=20, help_text="the owner's function then")
    kind = models.CharField(max_length=16)
    gaps = models.PositiveIntegerField()

    class Meta:
        db_table = "scoring_gap_count"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "owner_id", "team", "kind"], name="one_gap_count_per_cell"
            )
        ]
