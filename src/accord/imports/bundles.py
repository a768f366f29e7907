"""A whole export at once (`accord import all PATH`): a Salesforce Data Export (the weekly
ZIP, or its folder of `<Object>.csv`) or a folder of HubSpot export files, imported object
by object in the order their references need: owners' User file first (read, not
imported), then accounts/companies, contacts (as customers, then as contacts), leads,
deals, cases/tickets, activities.

A ZIP is unpacked into a temporary folder first (only its data files, by their base name:
no path in the archive can write outside it), so the Salesforce adapter finds User.csv
and Contact.csv beside each file as it does in a folder.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from accord.imports.formats.detect import HUBSPOT_KINDS, detect
from accord.imports.formats.labels import fold
from accord.imports.formats.salesforce_objects import KINDS_BY_OBJECT
from accord.imports.readers import read_header
from accord.imports.xlsx import is_xlsx

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson")
SALESFORCE_ORDER = ("Account", "Contact", "Lead", "Opportunity", "Case", "Task", "Event")
HUBSPOT_ORDER = (
    "companies",
    "contacts",
    "deals",
    "tickets",
    "calls",
    "meetings",
    "emails",
    "notes",
    "tasks",
    "activities",
)


class BundleError(ValueError):
    """The path is not an export this importer can take apart (the message says why)."""


@dataclass(frozen=True)
class Step:
    path: Path
    format: str
    source_object: str
    kind: str


@dataclass
class Plan:
    steps: list[Step]
    # Files left alone and why ("User.csv": "owners, read beside the others").
    ignored: dict[str, str]


def is_bundle(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() or (zipfile.is_zipfile(path) and not is_xlsx(path))


@contextmanager
def unpacked(path: str | Path) -> Iterator[Path]:
    """The folder of the export: the folder itself, or a ZIP's data files unpacked."""
    path = Path(path)
    if path.is_dir():
        yield path
        return
    if not zipfile.is_zipfile(path):
        raise BundleError(f"{path.name}: give a folder or a ZIP of export files")
    folder = Path(tempfile.mkdtemp(prefix="accord-export-"))
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                name = Path(member.filename).name
                if member.is_dir() or not name.lower().endswith(DATA_SUFFIXES):
                    continue
                if (folder / name).exists():
                    raise BundleError(f"{path.name}: two files named {name} in the archive")
                with archive.open(member) as source, (folder / name).open("wb") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def plan(folder: Path, format: str = "") -> Plan:
    """The imports to run for the export in `folder`, in dependency order."""
    found: list[tuple[int, Step]] = []
    ignored: dict[str, str] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if not path.name.lower().endswith(DATA_SUFFIXES):
            continue
        salesforce_object = _salesforce_object(path.stem)
        if salesforce_object == "User":
            ignored[path.name] = "matches owners to staff (read beside the other files)"
            continue
        try:
            detected = detect(read_header(path), path)
        except (OSError, ValueError) as error:
            ignored[path.name] = f"unreadable: {error}"
            continue
        if format and detected.format != format:
            ignored[path.name] = f"not a {format} export file"
            continue
        if detected.format == "salesforce" and salesforce_object:
            rank = SALESFORCE_ORDER.index(salesforce_object)
            kinds = KINDS_BY_OBJECT[salesforce_object]
            name = salesforce_object
        elif detected.format == "hubspot" and detected.source_object in HUBSPOT_ORDER:
            rank = HUBSPOT_ORDER.index(detected.source_object)
            kinds = HUBSPOT_KINDS[detected.source_object]
            name = detected.source_object
        else:
            # A Data Export holds dozens of objects Accord has no place for (Product2,
            # Attachment...); they are named, not guessed at.
            ignored[path.name] = "not an object Accord imports"
            continue
        for kind in kinds:
            found.append((rank, Step(path, detected.format, name, kind)))
    steps = [step for _rank, step in sorted(found, key=lambda pair: pair[0])]
    if not steps:
        raise BundleError(
            "no HubSpot or Salesforce export files found "
            f"({', '.join(sorted(ignored)) or 'the folder is empty'})"
        )
    return Plan(steps, ignored)


def _salesforce_object(stem: str) -> str:
    for name in (*SALESFORCE_ORDER, "User"):
        if fold(stem) == fold(name):
            return name
    return ""
