"""The promise ledger for a chunk: company and customer promises and how they ended.

Open promises all fall due after as_of, so "broken" at as_of is exactly what was written
(a worker breaking overdue promises later does not change the ground truth at as_of).
"""

from __future__ import annotations

import numpy as np

from accord.core.bulk import insert_columns
from accord.demo.columns import DAY, F, ids, repeat_index, times
from accord.demo.plan import HOSTAGE, Plan
from accord.demo.staff import Roster, pick_staff
from accord.demo.texts import PROMISE_TEXTS
from accord.promises.models import Promise

STATUSES = ("kept", "broken", "renegotiated", "cancelled", "open")
KEPT, BROKEN, RENEGOTIATED, CANCELLED, OPEN = range(5)
# Outcome odds in STATUSES order; about 4% of customers end up with a broken promise.
HAPPY_ODDS = (0.865, 0.005, 0.05, 0.03, 0.05)
UNHAPPY_ODDS = (0.72, 0.06, 0.09, 0.05, 0.08)
COMPANY_KINDS = ("callback", "fix", "delivery", "refund", "price")


def write_promises(
    rng: np.random.Generator, plan: Plan, roster: Roster, next_ids: dict[str, int]
) -> np.ndarray:
    """Write promises; returns, per customer, whether a company promise was broken."""
    rows = _draw(rng, plan, roster)
    order = np.lexsort((rows["made"], rows["customer"]))
    rows = {name: values[order] for name, values in rows.items()}
    start = next_ids["promise"]
    rows = _with_replacements(rows, start)
    next_ids["promise"] += len(rows["customer"])
    insert_columns(
        Promise,
        {
            "id": range(start, start + len(rows["customer"])),
            "customer_id": plan.ids[rows["customer"]].tolist(),
            "made_by_side": np.where(rows["is_company"], "company", "customer")
            .astype(object)
            .tolist(),
            "staff_id": rows["staff"].tolist(),
            "kind": rows["kind"].tolist(),
            "description": [PROMISE_TEXTS[k] for k in rows["kind"].tolist()],
            "made_at": times(rows["made"]),
            "due_at": times(rows["due"]),
            "status": np.asarray(STATUSES, dtype=object)[rows["status"]].tolist(),
            "resolved_at": times(rows["resolved"], missing=rows["status"] == OPEN),
            "replaced_by_id": ids(rows["replaced_by"]),
        },
    )
    broken = np.zeros(plan.size, dtype=bool)
    broken[rows["customer"][(rows["status"] == BROKEN) & rows["is_company"]]] = True
    return broken


def _draw(rng: np.random.Generator, plan: Plan, roster: Roster) -> dict[str, np.ndarray]:
    """Promises per customer with their outcome; unhappy customers see more broken ones."""
    as_of = plan.as_of
    unhappy = plan.segment >= HOSTAGE
    company = rng.poisson(np.where(unhappy, 2.2, 1.2))
    company[plan.is_ada] = 3
    customer_side = rng.poisson(0.4, plan.size)
    customer = np.concatenate([repeat_index(company), repeat_index(customer_side)])
    is_company = np.arange(len(customer)) < company.sum()
    n = len(customer)
    odds = np.where(unhappy[customer][:, None], UNHAPPY_ODDS, HAPPY_ODDS)
    status = np.minimum((rng.random(n)[:, None] > np.cumsum(odds, axis=1)).sum(axis=1), OPEN)
    ada = np.flatnonzero(plan.is_ada[customer] & is_company)
    status[ada] = [KEPT, KEPT, OPEN][: len(ada)]
    status[(status == OPEN) & plan.departed[customer]] = CANCELLED
    is_open = status == OPEN
    last = np.minimum(plan.end, as_of)[customer] - 40 * DAY
    made = plan.start[customer] + (rng.random(n) * np.maximum(last - plan.start[customer], DAY))
    made = made.astype(np.int64)
    made[is_open] = as_of - (rng.uniform(1, 10, int(is_open.sum())) * DAY).astype(np.int64)
    due = made + (rng.uniform(1, 14, n) * DAY).astype(np.int64)
    due[is_open] = as_of + (rng.uniform(1, 14, int(is_open.sum())) * DAY).astype(np.int64)
    resolved = _resolved_at(rng, status, made, due)
    kind = np.asarray(COMPANY_KINDS, dtype=object)[rng.integers(0, len(COMPANY_KINDS), n)]
    return {
        "customer": customer,
        "is_company": is_company,
        "status": status,
        "made": made,
        "due": due,
        "resolved": resolved,
        "staff": _promisers(rng, plan, roster, customer, made, is_company),
        "kind": np.where(is_company, kind, "payment"),
    }


def _resolved_at(
    rng: np.random.Generator, status: np.ndarray, made: np.ndarray, due: np.ndarray
) -> np.ndarray:
    """Kept before due, broken noticed after due, renegotiated just before; -1 if open."""
    n = len(status)
    return np.select(
        [status == KEPT, status == BROKEN, status == RENEGOTIATED, status == CANCELLED],
        [
            made + ((due - made) * rng.uniform(0.2, 1, n)).astype(np.int64),
            due + (rng.uniform(0.1, 3, n) * DAY).astype(np.int64),
            due - DAY // 2,
            made + DAY,
        ],
        -1,
    )


def _with_replacements(rows: dict[str, np.ndarray], first_id: int) -> dict[str, np.ndarray]:
    """Each renegotiated promise is replaced by a new one, made then and kept in a week."""
    n = len(rows["customer"])
    renegotiated = np.flatnonzero(rows["status"] == RENEGOTIATED)
    replacement = {name: values[renegotiated] for name, values in rows.items()}
    replacement["made"] = rows["resolved"][renegotiated]
    replacement["due"] = replacement["made"] + 7 * DAY
    replacement["resolved"] = replacement["made"] + 6 * DAY
    replacement["status"] = np.full(len(renegotiated), KEPT)
    replacement["replaced_by"] = np.zeros(len(renegotiated), dtype=np.int64)
    rows["replaced_by"] = np.zeros(n, dtype=np.int64)
    rows["replaced_by"][renegotiated] = first_id + n + np.arange(len(renegotiated))
    return {name: np.concatenate([rows[name], replacement[name]]) for name in rows}


def _promisers(
    rng: np.random.Generator,
    plan: Plan,
    roster: Roster,
    customer: np.ndarray,
    made: np.ndarray,
    is_company: np.ndarray,
) -> np.ndarray:
    """Company promises: the owner then (or support); customer promises go to billing."""
    n = len(customer)
    owner = plan.owner_at(customer, made)
    support = pick_staff(roster, rng, np.full(n, F["support"]), active_only=True)
    billing = pick_staff(roster, rng, np.full(n, F["billing"]), active_only=True)
    by_owner = (rng.random(n) < 0.6) & (roster.left_at[owner] > made)
    return np.where(is_company, np.where(by_owner, owner, support), billing)
