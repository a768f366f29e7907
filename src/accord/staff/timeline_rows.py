"""HTML for the customer 360's timeline rows, built in Python.

Why not the template: a page of 25 interactions through the template engine cost about
a tenth of the 360's CPU (three display labels, a date and a truncated body each, on
every view of the most visited page); built here it costs a fraction of a millisecond.
Every value is escaped here and the result is marked safe once.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from accord.interactions.models import Interaction

BODY_CHARS = 160


def _row(entry: Interaction) -> str:
    function = ""
    if entry.function:
        function = f' <span class="muted">({escape(str(entry.get_function_display()))})</span>'
    body = ""
    if entry.body:
        body = f'<br><span class="muted">{escape(Truncator(entry.body).chars(BODY_CHARS))}</span>'
    return (
        "<tr>"
        f"<td>{timezone.localtime(entry.occurred_at):%Y-%m-%d %H:%M}</td>"
        f"<td>{escape(str(entry.get_direction_display()))}</td>"
        f"<td>{escape(str(entry.get_channel_display()))}</td>"
        f"<td>{escape(str(entry.staff or ''))}{function}</td>"
        f"<td><strong>{escape(entry.subject)}</strong>{body}</td>"
        "</tr>"
    )


def render_timeline_rows(entries: Iterable[Interaction]) -> SafeString:
    """`<tr>` elements for one page of the 360's timeline (select_related staff)."""
    return mark_safe("\n".join(_row(entry) for entry in entries))  # every value escaped
