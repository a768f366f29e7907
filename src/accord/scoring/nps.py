"""Net Promoter Score over the book: by loyalty segment, by the owner's team and by month,
and the detractors who also complain in public. NPS = % promoters (9-10) - % detractors
(0-6) of the answers counted; every answer in the window counts (the usual survey
practice), and a member's dashboard counts their own book only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import connection

from accord.customers.models import Customer
from accord.members.models import StaffMember
from accord.relationships.models import Relationship
from accord.scoring.feature_sql import table_name
from accord.scoring.models import CustomerScore
from accord.voice.models import SocialMention, SurveyResponse

WINDOW_DAYS = 365
PUBLIC_DAYS = 90


def _month(column: str) -> str:
    if connection.vendor == "sqlite":
        return f"strftime('%%Y-%%m', {column})"
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"


_COUNTS = """COUNT(*), SUM(CASE WHEN s.nps >= 9 THEN 1 ELSE 0 END),
    SUM(CASE WHEN s.nps <= 6 THEN 1 ELSE 0 END)"""


def _groups(since: datetime, owner_id: int | None) -> list[tuple[Any, ...]]:
    """(segment, team, month, answers, promoters, detractors) per combination: one scan of
    the year's answers serves all three breakdowns (three scans cost 3x on a big book)."""
    mine = "AND r.owner_id = %(owner)s" if owner_id is not None else ""
    sql = f"""SELECT COALESCE(cs.segment, 'unscored'), COALESCE(m.function, 'no owner'),
        {_month("s.responded_at")}, {_COUNTS}
        FROM {table_name(SurveyResponse)} s
        JOIN {table_name(Relationship)} r ON r.customer_id = s.customer_id
        LEFT JOIN {table_name(CustomerScore)} cs ON cs.customer_id = s.customer_id
        LEFT JOIN {table_name(StaffMember)} m ON m.id = r.owner_id
        WHERE s.nps IS NOT NULL AND s.responded_at >= %(since)s {mine}
        GROUP BY 1, 2, 3"""
    params = {"since": connection.ops.adapt_datetimefield_value(since), "owner": owner_id}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _breakdown(groups: list[tuple[Any, ...]], by: int) -> list[dict[str, Any]]:
    totals: dict[str, list[int]] = {}
    for row in groups:
        counts = totals.setdefault(str(row[by] or ""), [0, 0, 0])
        for i in range(3):
            counts[i] += int(row[3 + i] or 0)
    return [_score(name, *totals[name]) for name in sorted(totals)]


def _score(name: str, answers: int, promoters: int, detractors: int) -> dict[str, Any]:
    nps = round(100.0 * (promoters - detractors) / answers) if answers else 0
    return {
        "name": name,
        "answers": int(answers),
        "promoters": int(promoters),
        "detractors": int(detractors),
        "passives": int(answers - promoters - detractors),
        "nps": nps,
    }


def get_nps_overview(now: datetime, owner_id: int | None = None) -> dict[str, Any]:
    """NPS of the last year by segment, by team and by month, plus the detractors who
    posted negatively in public in the last 90 days (at most 20, newest answers first)."""
    since = now - timedelta(days=WINDOW_DAYS)
    groups = _groups(since, owner_id)
    return {
        "by_segment": _breakdown(groups, 0),
        "by_team": _breakdown(groups, 1),
        "by_month": _breakdown(groups, 2),
        "loud_detractors": _loud_detractors(now, owner_id),
    }


def _loud_detractors(now: datetime, owner_id: int | None) -> list[dict[str, Any]]:
    """Customers whose latest NPS is 0-6 and who posted negatively in the last 90 days."""
    mine = "AND r.owner_id = %(owner)s" if owner_id is not None else ""
    sql = f"""SELECT c.id, c.name, s.nps, s.responded_at, COUNT(m.id), SUM(m.reach)
        FROM {table_name(SurveyResponse)} s
        JOIN {table_name(Customer)} c ON c.id = s.customer_id
        JOIN {table_name(Relationship)} r ON r.customer_id = s.customer_id
        JOIN {table_name(SocialMention)} m ON m.customer_id = s.customer_id
            AND m.sentiment_label = 'negative' AND m.posted_at >= %(public)s
        WHERE s.nps IS NOT NULL AND s.nps <= 6 {mine}
            AND s.responded_at = (SELECT MAX(l.responded_at) FROM {table_name(SurveyResponse)} l
                WHERE l.customer_id = s.customer_id AND l.nps IS NOT NULL)
        GROUP BY c.id, c.name, s.nps, s.responded_at
        ORDER BY s.responded_at DESC, c.id LIMIT 20"""
    params = {
        "public": connection.ops.adapt_datetimefield_value(now - timedelta(days=PUBLIC_DAYS)),
        "owner": owner_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                "customer_id": row[0],
                "name": row[1],
                "nps": row[2],
                "posts": row[4],
                "reach": row[5] or 0,
            }
            for row in cursor.fetchall()
        ]
