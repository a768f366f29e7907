"""`accord openapi`: print, write or check the committed OpenAPI snapshot (docs/openapi.json).

The snapshot makes every API change visible in review: `make test` fails when the live
document and the committed one differ, and says which operations and schemas changed.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# A long diff buries the summary; the full picture is one `make openapi` + `git diff` away.
_MAX_DIFF_LINES = 80


def render_schema() -> str:
    """The API's OpenAPI document as stable text (sorted keys, two-space indent)."""
    from accord.api.app import api

    schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _operations(schema: dict[str, Any]) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in schema.get("paths", {}).items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete", "head", "options"}
    }


def _schemas(schema: dict[str, Any]) -> dict[str, Any]:
    return dict(schema.get("components", {}).get("schemas", {}))


def describe_changes(committed: str, live: str) -> list[str]:
    """Human summary of what differs: operations and schemas added, removed or changed."""
    old, new = json.loads(committed), json.loads(live)
    lines = [f"operation added: {op}" for op in sorted(_operations(new) - _operations(old))]
    lines += [f"operation removed: {op}" for op in sorted(_operations(old) - _operations(new))]
    old_schemas, new_schemas = _schemas(old), _schemas(new)
    for name in sorted(new_schemas.keys() | old_schemas.keys()):
        if name not in old_schemas:
            lines.append(f"schema added: {name}")
        elif name not in new_schemas:
            lines.append(f"schema removed: {name}")
        elif old_schemas[name] != new_schemas[name]:
            lines.append(f"schema changed: {name}")
    for path in sorted(new.get("paths", {}).keys() & old.get("paths", {}).keys()):
        if new["paths"][path] != old["paths"][path]:
            lines.append(f"operation changed: {path}")
    return lines


class Command(BaseCommand):
    help = "Print the OpenAPI document, write it to a file, or check a file against it."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", metavar="FILE", help="write the document to FILE")
        group.add_argument(
            "--check", metavar="FILE", help="exit 1 and show the changes if FILE is out of date"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        live = render_schema()
        if options["write"]:
            Path(options["write"]).write_text(live)
            self.stdout.write(f"wrote {options['write']}")
        elif options["check"]:
            self._check(Path(options["check"]), live)
        else:
            self.stdout.write(live, ending="")

    def _check(self, snapshot: Path, live: str) -> None:
        if not snapshot.exists():
            raise CommandError(f"{snapshot} does not exist; create it with `make openapi`")
        committed = snapshot.read_text()
        if committed == live:
            self.stdout.write(f"{snapshot} matches the API")
            return
        for line in describe_changes(committed, live) or ["formatting only"]:
            self.stdout.write(line)
        diff = list(
            difflib.unified_diff(
                committed.splitlines(), live.splitlines(), str(snapshot), "live API", lineterm=""
            )
        )
        for line in diff[:_MAX_DIFF_LINES]:
            self.stdout.write(line)
        if len(diff) > _MAX_DIFF_LINES:
            self.stdout.write(f"... {len(diff) - _MAX_DIFF_LINES} more diff lines")
        raise CommandError(
            f"{snapshot} is out of date with the API; run `make openapi` and commit it"
        )
