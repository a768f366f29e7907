"""`accord gaps`: the accountability board in the terminal (rich table) or as JSON.

Filters mirror the board page: --kind, --team, --owner (id or username), --as-of.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from accord.core.models import Function
from accord.members.models import StaffMember
from accord.relationships.gaps import GapKind, count_gaps_by_kind, list_gaps


def _as_of(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"--as-of: {raw!r} is not a date or time, use e.g. 2026-05-03 or 2026-05-03T09:00Z"
        ) from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _owner_id(raw: str | None) -> int | None:
    if not raw:
        return None
    members = StaffMember.objects.filter(pk=int(raw)) if raw.isdigit() else None
    if members is None:
        members = StaffMember.objects.filter(username=raw)
    owner = members.values_list("pk", flat=True).first()
    if owner is None:
        raise CommandError(f"--owner: no staff member {raw!r}")
    return owner


class Command(BaseCommand):
    help = "Print the accountability board: every gap with why and what to do."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=GapKind.values, help="only this gap type")
        parser.add_argument("--team", choices=Function.values, help="only owners of this function")
        parser.add_argument("--owner", help="only this owner (id or username)")
        parser.add_argument("--as-of", help="evaluate at this time (default now), ISO 8601")
        parser.add_argument("--json", action="store_true", help="print JSON for machines")
        parser.add_argument("--limit", type=int, default=200, help="rows in the table (0 = all)")

    def handle(self, *args: object, **options: object) -> None:
        as_of = _as_of(options["as_of"])  # type: ignore[arg-type]
        gaps = list_gaps(
            as_of=as_of,
            team=options["team"] or None,  # type: ignore[arg-type]
            owner=_owner_id(options["owner"]),  # type: ignore[arg-type]
        )
        counts = count_gaps_by_kind(gaps)
        if options["kind"]:
            gaps = [gap for gap in gaps if gap.kind == options["kind"]]
        if options["json"]:
            document = {
                "as_of": (as_of or timezone.now()).isoformat(),
                "counts": counts,
                "gaps": [asdict(gap) for gap in gaps],
            }
            self.stdout.write(json.dumps(document, indent=2))
            return
        self._print_table(gaps, counts, int(options["limit"]))  # type: ignore[call-overload]

    def _print_table(self, gaps: list, counts: dict[str, int], limit: int) -> None:
        console = Console(file=self.stdout, width=160)  # type: ignore[arg-type]
        summary = Table(title="Accountability gaps")
        for kind in GapKind:
            summary.add_column(str(kind.label), justify="right")
        summary.add_row(*(str(counts[kind]) for kind in GapKind.values))
        console.print(summary)
        table = Table(show_lines=False)
        for column in ("Gap", "Customer", "Owner", "Why", "What to do"):
            table.add_column(column, overflow="fold")
        shown = gaps if limit == 0 else gaps[:limit]
        for gap in shown:
            customer = f"{gap.customer_name} (#{gap.customer_id})" if gap.customer_id else "—"
            table.add_row(
                gap.kind_label,
                customer,
                gap.owner_name or "—",
                gap.explanation,
                gap.suggested_action,
            )
        console.print(table)
        if len(shown) < len(gaps):
            console.print(f"{len(gaps) - len(shown)} more; use --limit 0 or --json for all.")
