"""Commerce rows for a chunk: orders, subscriptions with lock-in terms, loyalty, cost to serve.

Orders follow a BG/NBD-like process (Poisson purchases while alive, then dropout) with
Gamma-distributed spend, so a fitted CLV model finds real signal. Hostages get at least
one strong barrier; nobody else gets any (the segment test relies on that contrast).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.commerce.models import CostToServe, LoyaltyBalance, Order, Subscription
from accord.core.bulk import insert_columns
from accord.demo.columns import DAY, YEAR, dates, money, repeat_index, times
from accord.demo.names import ORDER_ITEMS, PRODUCTS
from accord.demo.plan import APOSTLE, DEFECTOR, HOSTAGE, LOYALIST, MERCENARY, TERRORIST, Plan


@dataclass(frozen=True)
class Barriers:
    """Which lock-in each hostage is held by (all False for everyone else)."""

    term: np.ndarray
    fee: np.ndarray
    points: np.ndarray


def choose_barriers(rng: np.random.Generator, plan: Plan) -> Barriers:
    hostage = plan.segment == HOSTAGE
    term = hostage & (rng.random(plan.size) < 0.6)
    fee = hostage & (rng.random(plan.size) < 0.5)
    points = hostage & (rng.random(plan.size) < 0.5)
    none = hostage & ~(term | fee | points)
    pick = rng.integers(0, 3, plan.size)
    term |= none & (pick == 0)
    fee |= none & (pick == 1)
    points |= none & (pick == 2)
    return Barriers(term, fee, points)


def write_trade(
    rng: np.random.Generator, plan: Plan, barriers: Barriers, next_ids: dict[str, int]
) -> int:
    """Write the chunk's commerce rows; returns how many orders."""
    count, last_order = _write_orders(rng, plan, next_ids)
    _write_subscriptions(rng, plan, barriers, next_ids)
    _write_loyalty(rng, plan, barriers, last_order, next_ids)
    _write_costs(rng, plan, next_ids)
    return count


def _alive_until(rng: np.random.Generator, plan: Plan) -> np.ndarray:
    size, as_of = plan.size, plan.as_of
    alive = np.full(size, as_of, dtype=np.int64)
    mercenary = plan.segment == MERCENARY
    alive[mercenary] = as_of - (rng.uniform(125, 240, mercenary.sum()) * DAY).astype(np.int64)
    leaving = np.isin(plan.segment, (DEFECTOR, TERRORIST))
    stopped = np.where(
        plan.departed,
        plan.end - (rng.uniform(10, 60, size) * DAY).astype(np.int64),
        as_of - (rng.uniform(95, 240, size) * DAY).astype(np.int64),
    )
    alive[leaving] = stopped[leaving]
    return np.maximum(alive, plan.start + 30 * DAY)


def _write_orders(
    rng: np.random.Generator, plan: Plan, next_ids: dict[str, int]
) -> tuple[int, np.ndarray]:
    size, segment = plan.size, plan.segment
    customer, at = _order_times(rng, plan)
    n = len(customer)
    # Gamma-Gamma spend: each customer's mean spend, then each basket around it.
    mean_spend = rng.gamma(4.0, 15.0, size) * np.where(plan.is_org, 3.0, 1.0)
    amount = rng.gamma(6.0, mean_spend[customer] / 6.0) + 5
    full_price = rng.random(n) < 0.9
    factor = np.where(full_price, 1.0, rng.uniform(0.85, 0.95, n))
    mercenary = segment[customer] == MERCENARY
    factor[mercenary] = rng.uniform(0.55, 0.75, int(mercenary.sum()))
    start = next_ids["order"]
    next_ids["order"] += n
    insert_columns(
        Order,
        {
            "id": range(start, start + n),
            "customer_id": plan.ids[customer].tolist(),
            "occurred_at": times(at),
            "amount": money(amount),
            "list_amount": money(amount / factor),
            "currency": ["EUR"] * n,
            "description": np.asarray(ORDER_ITEMS, dtype=object)[
                rng.integers(0, len(ORDER_ITEMS), n)
            ].tolist(),
            "source": ["accord"] * n,
        },
    )
    last_order = np.zeros(size, dtype=np.int64)
    np.maximum.at(last_order, customer, at)
    return n, last_order


def _order_times(rng: np.random.Generator, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(customer, occurred_at) sorted: Poisson purchases between the start and dropout."""
    size, segment = plan.size, plan.segment
    alive = _alive_until(rng, plan)
    rate = np.where(
        np.isin(segment, (LOYALIST, APOSTLE)),
        rng.gamma(3, 2.5, size) + 2,
        rng.gamma(3, 1.5, size) + 1,
    )
    count = np.maximum(rng.poisson(rate * (alive - plan.start) / YEAR), 2)
    count = np.where(segment == MERCENARY, rng.integers(2, 5, size), count)
    customer = repeat_index(count)
    span = (alive - plan.start)[customer]
    at = plan.start[customer] + (rng.random(len(customer)) * span).astype(np.int64)
    # Loyal customers and hostages are still buying: one order in the last 45 days.
    buying = np.flatnonzero(np.isin(segment, (LOYALIST, APOSTLE, HOSTAGE)))
    recent = plan.as_of - (rng.uniform(1, 45, len(buying)) * DAY).astype(np.int64)
    customer = np.concatenate([customer, buying])
    at = np.concatenate([at, recent])
    order = np.lexsort((at, customer))
    return customer[order], at[order]


def _write_subscriptions(
    rng: np.random.Generator, plan: Plan, barriers: Barriers, next_ids: dict[str, int]
) -> None:
    size, segment = plan.size, plan.segment
    product, price, list_price = _products(rng, plan)
    term_months, term_end = _terms(rng, plan, barriers)
    mercenary = segment == MERCENARY
    leaving = np.isin(segment, (DEFECTOR, TERRORIST))
    status = np.where(leaving, "cancelled", "active").astype(object)
    status[plan.departed] = "ended"
    has_code = np.array([p[3] for p in PRODUCTS])[product]
    code = rng.integers(100000, 999999, size).tolist()
    start = next_ids["subscription"]
    next_ids["subscription"] += size
    insert_columns(
        Subscription,
        {
            "id": range(start, start + size),
            "customer_id": plan.ids.tolist(),
            "product": [PRODUCTS[p][0] for p in product.tolist()],
            "monthly_price": money(price),
            "list_monthly_price": money(list_price),
            "currency": ["EUR"] * size,
            "start_date": dates(plan.start),
            "term_end_date": dates(term_end),
            "auto_renew": (~mercenary & ~leaving).tolist(),
            "renewal_term_months": np.where(term_months == 1, 1, 12).tolist(),
            "early_termination_fee": money(_exit_fees(rng, plan, barriers)),
            "notice_period_days": np.select([mercenary, segment == HOSTAGE], [0, 90], 30).tolist(),
            "status": status.tolist(),
            "ended_at": times(plan.end, missing=~plan.departed),
            "transfer_code": [
                f"PAC{c}" if h else "" for c, h in zip(code, has_code.tolist(), strict=True)
            ],
            "transfer_code_released_at": times(plan.end, missing=~(plan.departed & has_code)),
        },
    )


def _products(rng: np.random.Generator, plan: Plan) -> tuple[np.ndarray, ...]:
    """(product index, monthly price, list price): mercenaries ride a promotion."""
    size = plan.size
    business = np.array([p[2] for p in PRODUCTS])
    personal_ids, business_ids = np.flatnonzero(~business), np.flatnonzero(business)
    product = np.where(plan.is_org, rng.choice(business_ids, size), rng.choice(personal_ids, size))
    product[plan.is_ada] = 5  # Home Bundle: mobile included, so Ada has a transfer code
    list_price = np.array([p[1] for p in PRODUCTS])[product]
    discount = np.where(
        plan.segment == MERCENARY, rng.uniform(0.6, 0.75, size), rng.uniform(0.9, 1, size)
    )
    return product, list_price * discount, list_price


def _terms(rng: np.random.Generator, plan: Plan, barriers: Barriers) -> tuple[np.ndarray, ...]:
    """(term months, term end): under 11 months left unless the term holds a hostage."""
    size = plan.size
    term_months = np.where((rng.random(size) < 0.6) & ~plan.is_ada, 1, 12)
    term_months[plan.segment == MERCENARY] = 1
    held = barriers.term
    term_months[held] = rng.choice([24, 36], int(held.sum()))
    days_left = np.where(term_months == 1, rng.uniform(1, 30, size), rng.uniform(10, 330, size))
    days_left[held] = rng.uniform(400, 900, int(held.sum()))
    cancelled = np.isin(plan.segment, (DEFECTOR, TERRORIST)) & ~plan.departed
    days_left[cancelled] = rng.uniform(5, 60, size)[cancelled]
    term_end = plan.as_of + (days_left * DAY).astype(np.int64)
    term_end[plan.departed] = plan.end[plan.departed]
    return term_months, term_end


def _exit_fees(rng: np.random.Generator, plan: Plan, barriers: Barriers) -> np.ndarray:
    """Small fees at most, except the 200-450 EUR fees that hold some hostages."""
    size, segment = plan.size, plan.segment
    loyal = np.isin(segment, (LOYALIST, APOSTLE))
    fee = np.where(loyal & (rng.random(size) < 0.5), rng.uniform(20, 60, size), 0.0)
    fee[plan.is_ada] = 45.0
    fee[segment == HOSTAGE] = rng.uniform(0, 80, size)[segment == HOSTAGE]
    fee[barriers.fee] = rng.uniform(200, 450, int(barriers.fee.sum()))
    return fee


def _write_loyalty(
    rng: np.random.Generator,
    plan: Plan,
    barriers: Barriers,
    last_order: np.ndarray,
    next_ids: dict[str, int],
) -> None:
    size = plan.size
    member = (rng.random(size) < 0.6) | barriers.points | plan.is_ada
    value = rng.uniform(5, 150, size)
    value[barriers.points] = rng.uniform(320, 900, int(barriers.points.sum()))
    chosen = np.flatnonzero(member)
    n = len(chosen)
    expires = plan.as_of + (rng.uniform(60, 400, n) * DAY).astype(np.int64)
    start = next_ids["loyalty"]
    next_ids["loyalty"] += n
    insert_columns(
        LoyaltyBalance,
        {
            "id": range(start, start + n),
            "customer_id": plan.ids[chosen].tolist(),
            "programme": ["Accord Rewards"] * n,
            "points": np.round(value[chosen] * 100).astype(np.int64).tolist(),
            "value": money(value[chosen]),
            "currency": ["EUR"] * n,
            "expires_at": times(expires),
            "updated_at": times(np.maximum(last_order[chosen], plan.start[chosen])),
        },
    )


def _write_costs(rng: np.random.Generator, plan: Plan, next_ids: dict[str, int]) -> None:
    """Monthly cost to serve over the last twelve months of each relationship."""
    as_of_month = np.datetime64(plan.as_of, "s").astype("datetime64[M]").astype(np.int64)
    first = np.maximum(
        plan.start.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64),
        as_of_month - 11,
    )
    last = plan.end.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    count = np.maximum(last - first + 1, 0)
    customer = repeat_index(count)
    month = first[customer] + (
        np.arange(len(customer)) - np.repeat(np.cumsum(count) - count, count)
    )
    unhappy = np.isin(plan.segment, (HOSTAGE, DEFECTOR, TERRORIST))[customer]
    amount = rng.gamma(2.0, 4.0, len(customer)) + np.where(unhappy, 12.0, 3.0)
    start = next_ids["cost"]
    next_ids["cost"] += len(customer)
    insert_columns(
        CostToServe,
        {
            "id": range(start, start + len(customer)),
            "customer_id": plan.ids[customer].tolist(),
            "month_date": np.datetime_as_string(
                month.astype("datetime64[M]").astype("datetime64[D]"), unit="D"
            ).tolist(),
            "amount": money(amount),
            "currency": ["EUR"] * len(customer),
        },
    )
