"""Customer rows for a chunk: customers, contacts of organizations, identities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.core.bulk import insert_columns
from accord.customers.models import Contact, Customer, Identity
from accord.demo.columns import repeat_index, times
from accord.demo.names import (
    CITIES,
    CONTACT_TITLES,
    FIRST_NAMES,
    LAST_NAMES,
    ORG_FORMS,
    ORG_PREFIXES,
    ORG_SUFFIXES,
    SOCIAL_PLATFORMS,
)
from accord.demo.plan import APOSTLE, TERRORIST, Plan


@dataclass(frozen=True)
class Handles:
    """Social handles per customer (for matching mentions): who has one, where, which."""

    has_social: np.ndarray
    platform: list[str]
    handle: list[str]


def write_people(rng: np.random.Generator, plan: Plan, next_ids: dict[str, int]) -> Handles:
    size = plan.size
    names, emails, handles = _names(rng, plan)
    city = rng.integers(0, len(CITIES), size)
    phones = [f"+31 6 {customer_id:08d}" for customer_id in plan.ids.tolist()]
    created = times(plan.start)
    insert_columns(
        Customer,
        {
            "id": plan.ids.tolist(),
            "kind": ["organization" if org_flag else "person" for org_flag in plan.is_org.tolist()],
            "name": names,
            "email": emails,
            "phone": phones,
            "city": [CITIES[c][0] for c in city.tolist()],
            "country": [CITIES[c][1] for c in city.tolist()],
            "created_at": created,
        },
    )
    _write_contacts(rng, plan, next_ids, emails)
    # Every apostle and terrorist has a handle (their mentions match); 10% of others too.
    has_social = np.isin(plan.segment, (APOSTLE, TERRORIST)) | (rng.random(plan.size) < 0.1)
    platform = [SOCIAL_PLATFORMS[p] for p in rng.integers(0, 4, plan.size).tolist()]
    result = Handles(has_social, platform, handles)
    _write_identities(rng, plan, next_ids, emails, phones, result, created)
    return result


def _names(rng: np.random.Generator, plan: Plan) -> tuple[list[str], list[str], list[str]]:
    """(name, email, social handle) per customer; emails embed the id, so they are unique."""
    size = plan.size
    first = rng.integers(0, len(FIRST_NAMES), size)
    last = rng.integers(0, len(LAST_NAMES), size)
    org = [rng.integers(0, len(pool), size) for pool in (ORG_PREFIXES, ORG_SUFFIXES, ORG_FORMS)]
    names: list[str] = []
    emails: list[str] = []
    handles: list[str] = []
    for i, customer_id in enumerate(plan.ids.tolist()):
        if plan.is_org[i]:
            prefix, suffix = ORG_PREFIXES[org[0][i]], ORG_SUFFIXES[org[1][i]]
            names.append(f"{prefix} {suffix} {ORG_FORMS[org[2][i]]}")
            emails.append(f"info@{prefix.lower()}-{suffix.lower()}-{customer_id}.example")
            handles.append(f"{prefix}{suffix}{customer_id}")
        else:
            given, family = FIRST_NAMES[first[i]], LAST_NAMES[last[i]]
            names.append(f"{given} {family}")
            emails.append(f"{given.lower()}.{family.lower()}.{customer_id}@mail.example")
            handles.append(f"{given.lower()}_{family.lower()}{customer_id}")
    if plan.is_ada.any():
        ada = int(np.flatnonzero(plan.is_ada)[0])
        names[ada], emails[ada], handles[ada] = "Ada Lovelace", "ada@example.com", "ada_lovelace"
    return names, emails, handles


def _write_contacts(
    rng: np.random.Generator, plan: Plan, next_ids: dict[str, int], emails: list[str]
) -> None:
    orgs = np.flatnonzero(plan.is_org)
    counts = rng.integers(1, 5, len(orgs))
    owner_index = orgs[repeat_index(counts)]
    total = len(owner_index)
    rank = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    first = rng.integers(0, len(FIRST_NAMES), total).tolist()
    last = rng.integers(0, len(LAST_NAMES), total).tolist()
    title = rng.integers(0, len(CONTACT_TITLES), total).tolist()
    domains = [emails[i].split("@", 1)[1] for i in owner_index.tolist()]
    start = next_ids["contact"]
    next_ids["contact"] += total
    insert_columns(
        Contact,
        {
            "id": list(range(start, start + total)),
            "customer_id": plan.ids[owner_index].tolist(),
            "name": [f"{FIRST_NAMES[f]} {LAST_NAMES[s]}" for f, s in zip(first, last, strict=True)],
            "email": [
                f"{FIRST_NAMES[f].lower()}.{LAST_NAMES[s].lower()}{r}@{d}"
                for f, s, r, d in zip(first, last, rank.tolist(), domains, strict=True)
            ],
            "phone": [f"+31 20 {start + k:07d}" for k in range(total)],
            "title": [CONTACT_TITLES[t] for t in title],
            "is_primary": (rank == 0).tolist(),
        },
    )


def _write_identities(
    rng: np.random.Generator,
    plan: Plan,
    next_ids: dict[str, int],
    emails: list[str],
    phones: list[str],
    handles: Handles,
    created: list[str],
) -> None:
    size = plan.size
    has_phone = rng.random(size) < 0.6
    has_external = rng.random(size) < 0.3
    rows: dict[str, list] = {
        k: [] for k in ("customer_id", "kind", "source", "value", "created_at")
    }

    def add(mask: np.ndarray, kind: str, sources: list[str], values: list[str]) -> None:
        chosen = np.flatnonzero(mask).tolist()
        rows["customer_id"] += plan.ids[chosen].tolist()
        rows["kind"] += [kind] * len(chosen)
        rows["source"] += [sources[i] for i in chosen]
        rows["value"] += [values[i] for i in chosen]
        rows["created_at"] += [created[i] for i in chosen]

    blank = [""] * size
    add(np.ones(size, dtype=bool), "email", blank, emails)
    add(has_phone, "phone", blank, phones)
    add(handles.has_social, "social", handles.platform, handles.handle)
    add(has_external, "external", ["billing"] * size, [f"BL-{c:08d}" for c in plan.ids.tolist()])
    order = np.argsort(np.array(rows["customer_id"]), kind="stable")
    table = {name: [values[i] for i in order.tolist()] for name, values in rows.items()}
    start = next_ids["identity"]
    next_ids["identity"] += len(order)
    insert_columns(Identity, {"id": list(range(start, start + len(order))), **table})
