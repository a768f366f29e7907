"""Writing the audit trail. Callers pass the actor; the portal shows customers these rows."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accord.audit.models import AuditEvent


def record_event(
    *,
    action: str,
    actor: Any = None,
    actor_label: str = "",
    customer_id: int | None = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event (joins the caller's transaction, if any)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or (str(actor) if actor is not None else "system"),
        action=action,
        customer_id=customer_id,
        object_type=object_type,
        object_id=str(object_id),
        reason=reason,
        details=details or {},
        occurred_at=timezone.now(),
    )
