"""Exit intent: a customer's message that asks to leave ("how do I cancel", "send my
transfer code"). Pure phrase rules: the exit-friction clock starts at the first such
message, so they are written to miss rather than to guess ("leave a message" is not one).
"""

from __future__ import annotations

import re
from datetime import datetime

from accord.core.models import Direction
from accord.interactions.models import Interaction

_PHRASES = re.compile(
    r"\b("
    r"cancel(l?ing|l?ed|lation)?\b(?! (the|my|our) (order|appointment|meeting|delivery))"
    r"|terminat(e|ion)\s+(my|the|our)\s+(contract|subscription|account|plan)"
    r"|close\s+(my|our)\s+account"
    r"|end\s+(my|the|our)\s+(contract|subscription|plan)"
    r"|(want|wish|like|going)\s+to\s+(leave|switch)"
    r"|switch(ing)?\s+(provider|supplier|to\s+another)"
    r"|(transfer|porting|pac)\s+(code|key|number)"
    r"|unsubscribe\s+me"
    r")",
    re.IGNORECASE,
)


def is_exit_intent(text: str) -> bool:
    """True when the text asks to leave, cancel or move elsewhere."""
    return bool(_PHRASES.search(text))


def list_exit_intent_messages(customer_id: int, since: datetime) -> list[Interaction]:
    """The customer's messages since `since` that ask to leave, oldest first. Reads only
    inbound messages of one customer in a bounded window (a handful of rows)."""
    inbound = Interaction.objects.filter(
        customer_id=customer_id, direction=Direction.INBOUND, occurred_at__gte=since
    ).order_by("occurred_at", "pk")
    return [message for message in inbound if is_exit_intent(f"{message.subject} {message.body}")]
