"""HTML for the customer list's table rows, built in Python.

Why not the template: 100 rows x 8 variables through the Django template engine cost
~10 ms on this machine, a fifth of the page's 50 ms budget; html.escape costs ~1 ms.
Every value is escaped here and the result is marked safe once.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from accord.customers.models import CustomerKind
from accord.relationships.models import Stage
from accord.scoring.models import Segment

_KIND_LABELS = dict(CustomerKind.choices)
_STAGE_LABELS = dict(Stage.choices)
_SEGMENT_LABELS = dict(Segment.choices)


def _row(row: dict[str, Any]) -> str:
    stage = row["relationship__stage"] or ""
    kind = _KIND_LABELS.get(row["kind"], row["kind"])
    segment = row.get("score__segment") or ""
    score = row.get("score__health")
    health = "—" if score is None else f"{score:.0f}"
    return (
        f'<tr><td><a href="/customers/{int(row["id"])}/">{escape(row["name"])}</a></td>'
        f"<td>{escape(str(kind))}</td>"
        f"<td>{escape(row['email'])}</td>"
        f"<td>{escape(row['owner_name']) or '—'}</td>"
        f'<td><span class="badge badge--{escape(stage)}">'
        f"{escape(str(_STAGE_LABELS.get(stage, stage)))}</span></td>"
        f"<td>{escape(row['city'])}</td>"
        f"<td>{escape(str(_SEGMENT_LABELS.get(segment, segment)))}</td>"
        f'<td class="num">{health}</td></tr>'
    )


def render_customer_rows(rows: list[dict[str, Any]]) -> SafeString:
    """`<tr>` elements for list rows from customers.queries.list_customer_rows."""
    return mark_safe("\n".join(_row(row) for row in rows))
