"""Book generator for bench/score.py: bulk-loads customers and their events fast.

Rows go in through the domain's bulk writer (executemany on SQLite, COPY on PostgreSQL)
in time order with random customers, as real logs arrive, with secondary indexes
deferred until the end.
"""

from __future__ import annotations

import os

AS_OF_EPOCH = 1793534400  # 2026-11-01T12:00:00Z, seconds since 1970
YEAR = 365 * 86400
BATCH = 1_000_000


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()


def _times(seconds, vendor: str) -> list[str]:
    import numpy as np

    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    text = np.char.replace(text, "T", " ")
    return (text if vendor == "sqlite" else np.char.add(text, "+00:00")).tolist()


def load(url: str, customers: int, interactions: int, orders: int) -> None:
    """Bulk-load a book: rows in time order with random customers, as real logs arrive."""
    setup_django(url)
    import numpy as np
    from django.db import connection

    from accord.commerce.models import LoyaltyBalance, Order, Subscription
    from accord.core.bulk import indexes_deferred, insert_columns
    from accord.customers.models import Customer
    from accord.interactions.models import Interaction
    from accord.members.models import StaffMember
    from accord.promises.models import Promise
    from accord.relationships.models import Relationship
    from accord.voice.models import SurveyResponse

    vendor = connection.vendor
    rng = np.random.default_rng(7)
    owner = StaffMember.objects.create_user(username="bench", password="bench-bench-bench")
    ids = np.arange(1, customers + 1)
    start = AS_OF_EPOCH - rng.integers(30 * 86400, 3 * YEAR, customers)
    tables = [
        Customer,
        Relationship,
        Interaction,
        Order,
        SurveyResponse,
        Subscription,
        LoyaltyBalance,
        Promise,
    ]
    with indexes_deferred(tables, keep_leading=("id",)):
        for lo in range(0, customers, BATCH):
            part = slice(lo, min(lo + BATCH, customers))
            n = part.stop - part.start
            created = _times(start[part], vendor)
            insert_columns(
                Customer,
                {
                    "id": ids[part].tolist(),
                    "kind": ["person"] * n,
                    "name": [f"Customer {i}" for i in ids[part].tolist()],
                    "email": [""] * n,
                    "phone": [""] * n,
                    "city": [""] * n,
                    "country": [""] * n,
                    "created_at": created,
                },
            )
            insert_columns(
                Relationship,
                {
                    "id": ids[part].tolist(),
                    "customer_id": ids[part].tolist(),
                    "stage": rng.choice(
                        ["active", "renewal", "at_risk", "departed"], n, p=[0.7, 0.15, 0.1, 0.05]
                    ).tolist(),
                    "started_at": created,
                    "stage_changed_at": created,
                    "owner_id": [owner.pk] * n,
                },
            )
        _events(rng, vendor, ids, start, interactions, Interaction, interaction_columns)
        _events(rng, vendor, ids, start, orders, Order, order_columns)
        _events(rng, vendor, ids, start, customers // 2, SurveyResponse, _survey_columns)
        _events(rng, vendor, ids, start, customers // 2, Subscription, _subscription_columns)
        _events(rng, vendor, ids, start, customers // 4, LoyaltyBalance, _loyalty_columns)
        _events(rng, vendor, ids, start, customers // 5, Promise, _promise_columns)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _events(rng, vendor, ids, start, total, model, columns) -> None:
    """`total` rows for random customers, written in time order in slices of BATCH."""
    import numpy as np

    from accord.core.bulk import insert_columns

    done = 0
    while done < total:
        n = min(BATCH, total - done)
        customer = rng.integers(0, len(ids), n)
        at = np.sort(
            start[customer] + (rng.random(n) * (AS_OF_EPOCH - start[customer])).astype(np.int64)
        )
        row_ids = np.arange(done + 1, done + n + 1)
        if model.__name__ == "LoyaltyBalance":
            customer = rng.permutation(len(ids))[:n]  # one balance per programme
        insert_columns(model, columns(rng, vendor, row_ids, ids[customer], at, n))
        done += n


def interaction_columns(rng, vendor, row_ids, customer, at, n):
    kinds = ["support", "request", "complaint", "praise", "pricing", "offer", "other"]
    return {
        "id": row_ids.tolist(),
        "customer_id": customer.tolist(),
        "channel": rng.choice(["email", "call", "chat"], n).tolist(),
        "direction": rng.choice(["inbound", "outbound"], n).tolist(),
        "function": [""] * n,
        "occurred_at": _times(at, vendor),
        "kind": rng.choice(kinds, n).tolist(),
        "subject": [""] * n,
        "body": [""] * n,
        "source": ["accord"] * n,
    }


def order_columns(rng, vendor, row_ids, customer, at, n):
    amount = (rng.gamma(4, 15, n) + 5).round(2)
    return {
        "id": row_ids.tolist(),
        "customer_id": customer.tolist(),
        "occurred_at": _times(at, vendor),
        "amount": amount.tolist(),
        "list_amount": (amount * rng.choice([1, 1, 1.2], n)).round(2).tolist(),
        "currency": ["EUR"] * n,
        "description": [""] * n,
        "source": ["accord"] * n,
    }


def _survey_columns(rng, vendor, row_ids, customer, at, n):
    return {
        "id": row_ids.tolist(),
        "customer_id": customer.tolist(),
        "responded_at": _times(at, vendor),
        "nps": rng.integers(0, 11, n).tolist(),
        "csat": rng.integers(1, 6, n).tolist(),
        "value_quality": rng.integers(1, 6, n).tolist(),
        "comment": [""] * n,
        "comment_sentiment": rng.uniform(-1, 1, n).round(3).tolist(),
    }


def _dates(seconds) -> list[str]:
    import numpy as np

    return np.datetime_as_string(seconds.astype("datetime64[s]").astype("datetime64[D]")).tolist()


def _subscription_columns(rng, vendor, row_ids, customer, at, n):
    return {
        "id": row_ids.tolist(),
        "customer_id": customer.tolist(),
        "product": ["Plan"] * n,
        "monthly_price": [30.0] * n,
        "list_monthly_price": [35.0] * n,
        "currency": ["EUR"] * n,
        "start_date": _dates(at),
        "term_end_date": _dates(at + rng.integers(30, 3 * 365, n) * 86400),
        "auto_renew": (rng.random(n) < 0.7).tolist(),
        "renewal_term_months": [12] * n,
        "early_termination_fee": rng.choice([0, 0, 250], n).tolist(),
        "notice_period_days": [30] * n,
        "status": rng.choice(["active", "cancelled", "ended"], n, p=[0.8, 0.1, 0.1]).tolist(),
        "transfer_code": [""] * n,
    }


def _loyalty_columns(rng, vendor, row_ids, customer, at, n):
    value = rng.uniform(5, 600, n).round(2)
    return {
        "id": row_ids.tolist(),
        "customer_id": customer.tolist(),
        "programme": ["Stars"] * n,
        "points": (value * 100).astype(int).tolist(),
        "value": value.tolist(),
        "currency": ["EUR"] * n,
        "updated_at": _times(at, vendor),
    }


def _promise_columns(rng, vendor, row_ids, customer, at, n):
    status = rng.choice(["kept", "broken", "open"], n, p=[0.7, 0.2, 0.1])
    resolved = [
        t if s != "open" else None
        for s, t in zip(status.tolist(), _times(at + 86400, vendor), strict=True)
    ]
    return {
        "id": row_ids.tolist(),
        "customer_id": customer.tolist(),
        "made_by_side": rng.choice(["company", "customer"], n).tolist(),
        "kind": ["delivery"] * n,
        "description": [""] * n,
        "made_at": _times(at, vendor),
        "due_at": _times(at + 2 * 86400, vendor),
        "status": status.tolist(),
        "resolved_at": resolved,
    }
