"""The demo company's staff roster and partners, written once before the customers.

Everyone shares the password `accord-demo`; it is hashed once and the hash reused,
because forty PBKDF2 runs would cost more than generating the whole default book.
"""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.core.bulk import insert_columns
from accord.demo.columns import DAY, FUNCTIONS, F, times
from accord.demo.names import PARTNERS
from accord.members.models import StaffMember
from accord.partners.models import Partner

PASSWORD = "accord-demo"

# (username, first name, last name, function, role, left how many days before as_of)
ROSTER: tuple[tuple[str, str, str, str, str, int | None], ...] = (
    ("maria", "Maria", "Lindqvist", "management", "manager", None),
    ("henrik", "Henrik", "Dahl", "management", "admin", None),
    ("oliver", "Oliver", "Bennett", "success", "member", None),
    ("ines", "Ines", "Moreau", "success", "manager", None),
    ("emma", "Emma", "Fischer", "success", "member", None),
    ("kai", "Kai", "Tanaka", "success", "member", None),
    ("laura", "Laura", "Rossi", "success", "member", None),
    ("theo", "Theo", "Walsh", "success", "member", None),
    ("zoe", "Zoe", "Novak", "success", "member", None),
    ("bruno", "Bruno", "Costa", "success", "member", 180),
    ("sofia", "Sofia", "Garcia", "sales", "member", None),
    ("sven", "Sven", "Olsen", "sales", "manager", None),
    ("daniel", "Daniel", "Weber", "sales", "member", None),
    ("priya", "Priya", "Patel", "sales", "member", None),
    ("mateo", "Mateo", "Lopez", "sales", "member", None),
    ("kofi", "Kofi", "Mensah", "sales", "member", None),
    ("lena", "Lena", "Hoffmann", "sales", "member", 300),
    ("mark", "Mark", "Quinn", "marketing", "member", None),
    ("julia", "Julia", "Keller", "marketing", "member", None),
    ("chen", "Chen", "Wu", "marketing", "member", None),
    ("amara", "Amara", "Okafor", "marketing", "member", None),
    ("nora", "Nora", "Berg", "marketing", "member", None),
    ("sam", "Sam", "Murphy", "service", "member", None),
    ("elena", "Elena", "Silva", "service", "member", None),
    ("yusuf", "Yusuf", "Kaya", "service", "member", None),
    ("hana", "Hana", "Ito", "service", "member", None),
    ("ivan", "Ivan", "Varga", "service", "member", None),
    ("lucas", "Lucas", "Martin", "support", "member", None),
    ("tara", "Tara", "Nakamura", "support", "manager", None),
    ("farah", "Farah", "Ahmed", "support", "member", None),
    ("jonas", "Jonas", "Larsen", "support", "member", None),
    ("mia", "Mia", "Santos", "support", "member", None),
    ("omar", "Omar", "Haddad", "support", "member", None),
    ("rosa", "Rosa", "Greco", "support", "member", 90),
    ("bianca", "Bianca", "Vogel", "billing", "member", None),
    ("felix", "Felix", "Andersen", "billing", "member", None),
    ("uma", "Uma", "Schmidt", "billing", "member", None),
    ("viktor", "Viktor", "Kowalski", "billing", "member", None),
)
OWNER_FUNCTIONS = ("success", "sales", "service")
# Oliver owns about this share of the book (50 customers in the default 2,000).
OLIVER_SHARE = 0.025
NEVER = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Roster:
    """Staff as arrays indexed by staff id (index 0 unused), for vectorised picks."""

    function: np.ndarray  # function code per staff id
    left_at: np.ndarray  # seconds; NEVER for active staff
    owners: np.ndarray  # active staff ids who own relationships
    owner_weights: np.ndarray
    departed_owners: np.ndarray  # staff ids of owners who left
    pool: np.ndarray  # staff ids grouped by function (all staff, departed too)
    pool_start: np.ndarray  # per function code
    pool_size: np.ndarray
    active_pool: np.ndarray
    active_start: np.ndarray
    active_size: np.ndarray
    ids: dict[str, int]


def build_roster(as_of: int) -> Roster:
    count = len(ROSTER) + 1
    function = np.zeros(count, dtype=np.int64)
    left_at = np.full(count, NEVER, dtype=np.int64)
    for staff_id, (_, _, _, func, _, left) in enumerate(ROSTER, start=1):
        function[staff_id] = F[func]
        if left is not None:
            left_at[staff_id] = as_of - left * DAY
    ids = {row[0]: staff_id for staff_id, row in enumerate(ROSTER, start=1)}
    staff_ids = np.arange(1, count)
    is_owner = np.isin(function[1:], [F[name] for name in OWNER_FUNCTIONS])
    is_owner &= np.array([row[4] != "admin" for row in ROSTER])
    active = left_at[1:] == NEVER
    owners = staff_ids[is_owner & active]
    weights = np.where(owners == ids["oliver"], 0.0, 1.0)
    weights = weights / weights.sum() * (1 - OLIVER_SHARE)
    weights[owners == ids["oliver"]] = OLIVER_SHARE
    pool, start, size = _pools(staff_ids, function[1:])
    active_pool, active_start, active_size = _pools(staff_ids[active], function[1:][active])
    return Roster(
        function=function,
        left_at=left_at,
        owners=owners,
        owner_weights=weights,
        departed_owners=staff_ids[is_owner & ~active],
        pool=pool,
        pool_start=start,
        pool_size=size,
        active_pool=active_pool,
        active_start=active_start,
        active_size=active_size,
        ids=ids,
    )


def _pools(staff_ids: np.ndarray, function: np.ndarray) -> tuple[np.ndarray, ...]:
    order = np.argsort(function, kind="stable")
    size = np.bincount(function, minlength=len(FUNCTIONS))
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    return staff_ids[order], start, size


def pick_staff(
    roster: Roster, rng: np.random.Generator, function: np.ndarray, active_only: bool = False
) -> np.ndarray:
    """A staff id of the given function for every row (uniform within the function)."""
    pool, start, size = (
        (roster.active_pool, roster.active_start, roster.active_size)
        if active_only
        else (roster.pool, roster.pool_start, roster.pool_size)
    )
    offset = (rng.random(len(function)) * size[function]).astype(np.int64)
    return pool[start[function] + offset]


def write_staff_and_partners(as_of: int) -> None:
    """Insert the roster (explicit ids 1..n) and the three partners."""
    password = make_password(PASSWORD)
    joined = as_of - 4 * 365 * DAY
    roster = ROSTER
    left = np.array([as_of - row[5] * DAY if row[5] is not None else 0 for row in roster])
    by_name = {row[0]: staff_id for staff_id, row in enumerate(roster, start=1)}
    # Oliver's delegate covers for him; Kai is away this week with Theo covering.
    delegates = {by_name["oliver"]: by_name["emma"], by_name["kai"]: by_name["theo"]}
    away = times(np.array([as_of + 7 * DAY]))[0]
    insert_columns(
        StaffMember,
        {
            "id": list(range(1, len(roster) + 1)),
            "username": [row[0] for row in roster],
            "first_name": [row[1] for row in roster],
            "last_name": [row[2] for row in roster],
            "email": [f"{row[0]}@accord-demo.example" for row in roster],
            "password": [password] * len(roster),
            "function": [row[3] for row in roster],
            "role": [row[4] for row in roster],
            "title": [f"{row[3].capitalize()} {row[4]}" for row in roster],
            "phone": [f"+31 20 555 {1000 + i}" for i in range(len(roster))],
            "is_superuser": [row[4] == "admin" for row in roster],
            "is_staff": [row[4] in ("admin", "manager") for row in roster],
            "is_active": [row[5] is None for row in roster],
            "date_joined": times(np.full(len(roster), joined)),
            "left_at": times(left, missing=left == 0),
            "delegate_id": [delegates.get(i) for i in range(1, len(roster) + 1)],
            "away_until": [
                away if i == by_name["kai"] else None for i in range(1, len(roster) + 1)
            ],
        },
    )
    _write_partners(joined)
    _write_demo_second_factor([i for i, row in enumerate(roster, start=1) if row[4] != "member"])


# Demo only, and published (README, `accord demo`'s output): managers and admins of the
# demo company share this authenticator secret so a visitor can sign in as them at once.
# A real company's managers enrol their own (docs/security.md).
DEMO_TOTP_KEY = b"accord-demo-totp-key"
DEMO_TOTP_SECRET = b32encode(DEMO_TOTP_KEY).decode()


def _write_demo_second_factor(staff_ids: list[int]) -> None:
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user_id=staff_id, name="demo (published secret)", key=DEMO_TOTP_KEY.hex())
        for staff_id in staff_ids
    )


def _write_partners(joined: int) -> None:
    """A payment provider, a delivery company and a mobile network (ids 1-3)."""
    insert_columns(
        Partner,
        {
            "id": [1, 2, 3],
            "name": [row[0] for row in PARTNERS],
            "slug": [row[1] for row in PARTNERS],
            "description": [row[2] for row in PARTNERS],
            "contact_email": [row[3] for row in PARTNERS],
            "role": ["payment", "logistics", "network"],
            "contact_name": ["", "", ""],
            # JSON text: the bulk writer sends it as is (COPY on PostgreSQL).
            "shared_fields": ['["name"]', '["name", "city"]', '["name", "phone"]'],
            "accord_url": ["", "", ""],
            "accord_token": ["", "", ""],
            "is_active": [True, True, True],
            "created_at": times(np.full(3, joined)),
        },
    )
