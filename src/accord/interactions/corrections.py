"""Corrections to logged interactions (a wrong channel, time or text), audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accord.audit.services import record_event
from accord.core.changes import mark_customer_changed
from accord.core.validation import ValidationProblem
from accord.interactions.models import Interaction
from accord.interactions.services import RequestError, apply_changes
from accord.interactions.validators import clean_interaction_changes
from accord.members.models import StaffMember


def update_interaction(
    *, interaction_id: int, by: StaffMember | None, **fields: Any
) -> Interaction:
    """Correct the given fields (channel, direction, kind, function, occurred_at, subject,
    body) of a logged interaction. One transaction, audited with the changed field names."""
    try:
        changes = clean_interaction_changes(fields)
    except ValidationProblem as problem:
        raise RequestError(str(problem), problem.field) from None
    with transaction.atomic():
        interaction = Interaction.objects.select_for_update().filter(pk=interaction_id).first()
        if interaction is None:
            raise RequestError(f"interaction_id: no interaction {interaction_id}")
        changed = apply_changes(interaction, changes)
        if changed:
            record_event(
                action="interaction.update",
                actor=by,
                customer_id=interaction.customer_id,
                object_type="interaction",
                object_id=interaction.pk,
                details={"fields": changed},
            )
            mark_customer_changed(interaction.customer_id)
    return interaction
