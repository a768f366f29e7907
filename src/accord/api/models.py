"""What the API itself keeps: answers to requests sent with an Idempotency-Key."""

from __future__ import annotations

from django.db import models


class IdempotentRequest(models.Model):
    """The first answer to a create sent with an `Idempotency-Key` header, per caller.

    `actor` is a hash of the bearer token, so one caller's key never replays another's
    answer. status is null while the first request
    is still running. Rows are dropped after a day (accord.api.idempotency.KEEP).
    """

    actor = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True, default="")
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "api_idempotent_request"
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="api_idempotency_actor_key")
        ]
