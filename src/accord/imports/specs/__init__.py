"""One spec per importable entity, by the KIND name of `accord import KIND FILE`."""

from __future__ import annotations

from accord.imports.specs.base import Spec


def get_spec(kind: str) -> Spec:
    specs = all_specs()
    if kind not in specs:
        raise KeyError(f"unknown kind {kind!r}; one of {', '.join(specs)}")
    return specs[kind]


def all_specs() -> dict[str, Spec]:
    """In dependency order: customers first, records that point at them after."""
    from accord.imports.specs import activity, customers, people, requests

    return {
        "customers": customers.CUSTOMERS,
        "contacts": people.CONTACTS,
        "identities": people.IDENTITIES,
        "interactions": activity.INTERACTIONS,
        "requests": requests.REQUESTS,
        "orders": activity.ORDERS,
        "subscriptions": activity.SUBSCRIPTIONS,
        "promises": activity.PROMISES,
        "surveys": activity.SURVEYS,
    }
