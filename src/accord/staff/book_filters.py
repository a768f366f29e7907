"""The filters staff lists and dashboards share: owner, team, stage, segment, health band.

Read from the query string; unknown values are dropped, not errors, so a stale link
still opens. The same names everywhere let a chart link straight into a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from accord.core.models import Function
from accord.core.validation import parse_id
from accord.members.models import StaffMember
from accord.relationships.models import Stage
from accord.scoring.book_queries import BookFilter, resolve_owner_ids
from accord.scoring.models import Segment

HEALTH_BAND_LABELS = [
    (str(band), f"{band * 10}-{band * 10 + 9 if band < 9 else 100}") for band in range(10)
]
# The loyalty matrix's rows (satisfaction) and columns (loyalty): five bands of 20.
MATRIX_BAND_LABELS = [
    (str(band), f"{band * 20}-{band * 20 + 19 if band < 4 else 100}") for band in range(5)
]


@dataclass(frozen=True)
class BookFilters:
    owner_param: str = ""  # "", "me" or a staff id, as given
    owner_id: int | None = None
    team: str = ""
    stage: str = ""
    segment: str = ""
    health_band: int | None = None
    # A loyalty-matrix cell; only the customer list reads these (its cells link there).
    satisfaction_band: int | None = None
    loyalty_band: int | None = None

    @property
    def owner_ids(self) -> tuple[int, ...] | None:
        return resolve_owner_ids(self.owner_id, self.team)

    def as_book_filter(self) -> BookFilter:
        return BookFilter(
            owner_ids=self.owner_ids,
            stage=self.stage,
            segment=self.segment,
            health_band=self.health_band,
        )

    @property
    def is_narrowed(self) -> bool:
        return bool(
            self.owner_id is not None
            or self.team
            or self.stage
            or self.segment
            or self.narrows_within_book
        )

    @property
    def narrows_within_book(self) -> bool:
        """Narrowed by more than owner and team (all a member's own book can be)."""
        return bool(
            self.stage
            or self.segment
            or any(
                band is not None
                for band in (self.health_band, self.satisfaction_band, self.loyalty_band)
            )
        )


def read_book_filters(request: HttpRequest, *, own_book_only: bool = False) -> BookFilters:
    """The filters in the query string. `own_book_only` pins the owner to the signed-in
    member (a member's dashboard shows their own book, whatever the link says)."""
    get = request.GET
    owner_param = get.get("owner", "").strip()
    owner_id: int | None = None
    if own_book_only or owner_param == "me":
        owner_param, owner_id = "me", int(request.user.pk or 0)
    elif parse_id(owner_param) is not None:
        owner_id = parse_id(owner_param)
    else:
        owner_param = ""
    return BookFilters(
        owner_param=owner_param,
        owner_id=owner_id,
        team=_choice(get.get("team", ""), Function.values),
        stage=_choice(get.get("stage", ""), Stage.values),
        segment=_choice(get.get("segment", ""), Segment.values),
        health_band=_band(get.get("health_band", ""), 10),
        satisfaction_band=_band(get.get("satisfaction_band", ""), 5),
        loyalty_band=_band(get.get("loyalty_band", ""), 5),
    )


def _band(raw: str, bands: int) -> int | None:
    raw = raw.strip()
    # isascii: "³".isdigit() is true, but int("³") raises.
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) < bands else None


def _choice(raw: str, allowed: list[str]) -> str:
    return raw if raw in allowed else ""


def filter_options(filters: BookFilters) -> dict[str, Any]:
    """Template context for the filter form (options with the current one selected)."""
    staff = StaffMember.objects.working().order_by("first_name", "last_name", "id")
    owners = [
        (str(pk), f"{first} {last}".strip() or username, str(pk) == filters.owner_param)
        for pk, first, last, username in staff.values_list(
            "id", "first_name", "last_name", "username"
        )
    ]
    return {
        "filters": filters,
        "owners": owners,
        "teams": Function.choices,
        "stages": Stage.choices,
        "segments": Segment.choices,
        "health_bands": HEALTH_BAND_LABELS,
        "health_band_param": _param(filters.health_band),
        "matrix_bands": MATRIX_BAND_LABELS,
        "satisfaction_band_param": _param(filters.satisfaction_band),
        "loyalty_band_param": _param(filters.loyalty_band),
    }


def _param(band: int | None) -> str:
    return "" if band is None else str(band)
