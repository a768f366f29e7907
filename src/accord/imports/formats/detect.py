"""Tell which export a file is (HubSpot, Salesforce or the generic format) and which
Accord kinds it can be imported as, from its header and name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.imports.formats import hubspot, hubspot_labels, salesforce_objects
from accord.imports.formats.labels import Columns, FormatProblem, fold

# Object -> the kinds it gives, first the one to import first.
HUBSPOT_KINDS = {
    "companies": ("customers",),
    "contacts": ("customers", "contacts"),
    "deals": ("orders",),
    "tickets": ("requests",),
    **{name: ("interactions",) for name in hubspot.ACTIVITY_OBJECTS},
}
# Columns only Salesforce writes (compared folded): audit fields and lookups.
_SALESFORCE_MARKS = {
    fold(n)
    for n in (
        "OwnerId",
        "CreatedDate",
        "IsDeleted",
        "AccountId",
        "WhoId",
        "WhatId",
        "CreatedById",
        "SystemModstamp",
        "LastModifiedDate",
        "StageName",
        "Owner.Email",
    )
}

# The file names of a Data Export that this importer reads.
_SALESFORCE_FILES = {fold(name) for name in (*salesforce_objects.KINDS_BY_OBJECT, "User")}


@dataclass(frozen=True)
class Detected:
    format: str  # "generic", "hubspot" or "salesforce"
    source_object: str  # "contacts", "Account"... ("" for generic)
    kinds: tuple[str, ...]  # what the file can be imported as, most likely first


def detect(header: Sequence[str], path: str | Path = "") -> Detected:
    """The format and kinds of a file; generic when neither product's marks are found."""
    folded = {fold(name) for name in header}
    stem = Path(path).stem if path else ""
    if "externalid" in folded:
        return Detected("generic", "", _generic_kinds(folded))
    if len(folded & _SALESFORCE_MARKS) >= 2 or ("id" in folded and fold(stem) in _SALESFORCE_FILES):
        columns = Columns(header, salesforce_objects.SYNONYMS)
        try:
            found = salesforce_objects.detect_object(columns, stem)
            return Detected("salesforce", found, salesforce_objects.KINDS_BY_OBJECT[found])
        except FormatProblem:
            if "username" in columns:
                # The User file serves the others (owners); it gives no kind itself.
                return Detected("salesforce", "User", ())
    try:
        columns = Columns(header, hubspot_labels.SYNONYMS)
        if "record_id" in columns:
            found = hubspot.detect_object(columns)
            return Detected("hubspot", found, HUBSPOT_KINDS[found])
    except FormatProblem:
        pass
    return Detected("generic", "", _generic_kinds(folded))


def _generic_kinds(folded: set[str]) -> tuple[str, ...]:
    """Kinds whose generic columns the header covers best, best first."""
    from accord.imports.specs import all_specs

    scores = []
    for kind, spec in all_specs().items():
        wanted = {fold(name) for name in spec.generic_columns}
        scores.append((len(folded & wanted) / len(wanted), kind))
    ranked = sorted(scores, key=lambda score: -score[0])
    return tuple(kind for score, kind in ranked if score > 0) or ("customers",)
