"""Voice of the customer for a chunk: survey responses, social mentions, consents.

The latest survey carries the segment's satisfaction; matched social mentions exist
only for apostles (positive) and terrorists (negative), so advocacy is unambiguous.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import numpy as np

from accord.consents.models import Consent, ConsentReceipt
from accord.consents.receipts import build_receipt
from accord.core.bulk import insert_columns
from accord.demo.columns import DAY, HOUR, YEAR, repeat_index, times
from accord.demo.names import PARTNERS
from accord.demo.people import Handles
from accord.demo.plan import APOSTLE, DEFECTOR, HOSTAGE, MERCENARY, TERRORIST, Plan
from accord.demo.texts import (
    BURST_MENTIONS,
    NEGATIVE_COMMENTS,
    NEGATIVE_MENTIONS,
    NEUTRAL_COMMENTS,
    NEUTRAL_MENTIONS,
    POSITIVE_COMMENTS,
    POSITIVE_MENTIONS,
    VIRAL_MENTION,
)
from accord.scoring.escalations import NewMention, escalate_mentions
from accord.voice.models import SocialMention, SurveyResponse, TextSource
from accord.voice.reading import read_texts, signal_columns, store_signals

VIRAL_REACH = 250_000


def sentiment_of(texts: list[str]) -> list[float | None]:
    """The default analyzer's score (-1..+1) per text; each template is read once."""
    return [reading.score for reading in read_texts(texts)]


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> list[str]:
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), n)].tolist()


def write_surveys(rng: np.random.Generator, plan: Plan, next_ids: dict[str, int]) -> None:
    customer, at, is_latest = _survey_times(rng, plan)
    n = len(customer)
    sad = plan.segment[customer] >= HOSTAGE
    nps = _nps(rng, plan.segment[customer], is_latest)
    high, low = rng.integers(3, 6, (6, n)), rng.integers(1, 4, (6, n))
    items = np.where(sad, low, high)
    # Mercenaries rate the price well: they only buy at a discount.
    items[1] = np.where(plan.segment[customer] == MERCENARY, rng.integers(4, 6, n), items[1])
    comments = _comments(rng, plan.segment[customer])
    start = next_ids["survey"]
    next_ids["survey"] += n
    insert_columns(
        SurveyResponse,
        {
            "id": range(start, start + n),
            "customer_id": plan.ids[customer].tolist(),
            "responded_at": times(at),
            "nps": nps.tolist(),
            "csat": np.where(sad, rng.integers(1, 3, n), rng.integers(4, 6, n)).tolist(),
            "ces": np.where(sad, rng.integers(1, 4, n), rng.integers(5, 8, n)).tolist(),
            "value_quality": items[0].tolist(),
            "value_price": items[1].tolist(),
            "value_convenience": items[2].tolist(),
            "brand_awareness": high[3].tolist(),
            "brand_attitude": items[4].tolist(),
            "brand_ethics": items[5].tolist(),
            "comment": comments,
            "comment_sentiment": sentiment_of(comments),
        },
    )


def _survey_times(
    rng: np.random.Generator, plan: Plan
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(customer, responded_at, is the customer's latest) for 1-3+ responses each."""
    size = plan.size
    tenure_years = (plan.end - plan.start) / YEAR
    count = 1 + rng.poisson(np.minimum(tenure_years, 3) * 0.7)
    customer = repeat_index(count)
    n = len(customer)
    rank = np.arange(n) - np.repeat(np.cumsum(count) - count, count)
    is_latest = rank == count[customer] - 1
    latest = np.where(
        plan.departed,
        plan.end - (rng.uniform(1, 20, size) * DAY).astype(np.int64),
        plan.as_of - (rng.uniform(5, 150, size) * DAY).astype(np.int64),
    )
    latest = np.maximum(latest, plan.start + DAY)
    earliest = plan.start[customer] + 14 * DAY
    span = np.maximum(latest[customer] - earliest, DAY)
    earlier = earliest + (rng.random(n) * span).astype(np.int64)
    at = np.where(is_latest, latest[customer], np.minimum(earlier, latest[customer] - DAY))
    order = np.lexsort((at, customer))
    return customer[order], at[order], is_latest[order]


def _nps(rng: np.random.Generator, segment: np.ndarray, is_latest: np.ndarray) -> np.ndarray:
    """Latest answers sit firmly inside the segment's band; earlier ones wander a little."""
    n = len(segment)
    sad = segment >= HOSTAGE
    nps = np.where(sad, rng.integers(0, 6, n), rng.integers(7, 11, n))
    nps = np.where(~is_latest & ~sad, rng.integers(6, 11, n), nps)
    nps = np.where(is_latest & (segment == APOSTLE), rng.integers(9, 11, n), nps)
    return np.where(is_latest & (segment == TERRORIST), rng.integers(0, 4, n), nps)


def _comments(rng: np.random.Generator, segment: np.ndarray) -> list[str]:
    n = len(segment)
    sad = segment >= HOSTAGE
    positive = ~sad & ((segment == APOSTLE) | (rng.random(n) < 0.7))
    negative_text = np.asarray(_pick(rng, NEGATIVE_COMMENTS, n), dtype=object)
    positive_text = np.asarray(_pick(rng, POSITIVE_COMMENTS, n), dtype=object)
    neutral_text = np.asarray(_pick(rng, NEUTRAL_COMMENTS, n), dtype=object)
    chosen = np.where(sad, negative_text, np.where(positive, positive_text, neutral_text))
    return list(chosen.tolist())


def write_mentions(
    rng: np.random.Generator, plan: Plan, handles: Handles, next_ids: dict[str, int]
) -> None:
    """Apostles praise and terrorists attack in public; strangers talk; one post goes viral."""
    matched = _matched_mentions(rng, plan)
    strangers = _stranger_mentions(rng, int(rng.poisson(0.3 * plan.size)), plan.as_of)
    parts = [matched, strangers]
    viral = np.flatnonzero(plan.is_viral)
    if len(viral):
        parts.append(_viral_mentions(rng, viral, plan.as_of))
    rows = {name: np.concatenate([part[name] for part in parts]) for name in matched}
    _insert_mentions(rng, plan, handles, rows, next_ids)


def _matched_mentions(rng: np.random.Generator, plan: Plan) -> dict[str, np.ndarray]:
    apostles = np.flatnonzero(plan.segment == APOSTLE)
    terrorists = np.flatnonzero(plan.segment == TERRORIST)
    customer = np.concatenate(
        [
            np.repeat(apostles, rng.integers(1, 4, len(apostles))),
            np.repeat(terrorists, rng.integers(1, 3, len(terrorists))),
        ]
    )
    n = len(customer)
    text = np.where(
        plan.segment[customer] == APOSTLE,
        np.asarray(_pick(rng, POSITIVE_MENTIONS, n), dtype=object),
        np.asarray(_pick(rng, NEGATIVE_MENTIONS, n), dtype=object),
    )
    lower = np.maximum(plan.start[customer], plan.as_of - 2 * YEAR)
    upper = np.minimum(plan.end[customer] + 20 * DAY, plan.as_of)
    at = lower + (rng.random(n) * (upper - lower)).astype(np.int64)
    reach = np.exp(rng.normal(6, 1.2, n)).astype(np.int64) + 10
    return {"customer": customer, "text": text, "at": at, "reach": reach}


def _stranger_mentions(rng: np.random.Generator, n: int, as_of: int) -> dict[str, np.ndarray]:
    """Posts by people who are not (known) customers: 30% positive, 30% negative."""
    tone = rng.random(n)
    text = np.where(
        tone < 0.3,
        np.asarray(_pick(rng, POSITIVE_MENTIONS, n), object),
        np.where(
            tone < 0.7,
            np.asarray(_pick(rng, NEUTRAL_MENTIONS, n), object),
            np.asarray(_pick(rng, NEGATIVE_MENTIONS, n), object),
        ),
    )
    return {
        "customer": np.full(n, -1),
        "text": text,
        "at": as_of - (rng.random(n) * 2 * YEAR).astype(np.int64),
        "reach": np.exp(rng.normal(6, 1.2, n)).astype(np.int64) + 10,
    }


def _viral_mentions(
    rng: np.random.Generator, viral: np.ndarray, as_of: int
) -> dict[str, np.ndarray]:
    """One very negative post with a huge reach a few days ago, then a burst of echoes."""
    posted = as_of - int(rng.uniform(2, 4) * DAY)
    # Echoes: most within the first hour (the burst an escalation catches), then a tail.
    echoes = np.array([*BURST_MENTIONS, *BURST_MENTIONS, *BURST_MENTIONS], dtype=object)
    early = len(BURST_MENTIONS) * 2
    delay = np.concatenate(
        [rng.uniform(0.02, 0.9, early), rng.uniform(1.5, 30, len(echoes) - early)]
    )
    return {
        "customer": np.concatenate([viral[:1], np.full(len(echoes), -1)]),
        "text": np.concatenate([np.array([VIRAL_MENTION], dtype=object), echoes]),
        "at": np.concatenate([[posted], posted + (delay * HOUR).astype(np.int64)]),
        "reach": np.concatenate([[VIRAL_REACH], rng.integers(200, 5000, len(echoes))]),
    }


def _insert_mentions(
    rng: np.random.Generator, plan: Plan, handles: Handles, rows: dict, next_ids: dict[str, int]
) -> None:
    order = np.lexsort((rows["at"],))
    customer = rows["customer"][order]
    n = len(order)
    start = next_ids["mention"]
    next_ids["mention"] += n
    platforms, authors, urls = [], [], []
    stranger = rng.integers(10_000, 99_999, n).tolist()
    for k, index in enumerate(customer.tolist()):
        if index >= 0:
            platform, author = handles.platform[index], handles.handle[index]
        else:
            platform, author = ("x", "instagram", "mastodon")[stranger[k] % 3], f"fan{stranger[k]}"
        platforms.append(platform)
        authors.append(author)
        urls.append(f"https://{platform}.example/{author}/{start + k}")
    texts = rows["text"][order].tolist()
    readings = read_texts(texts)
    customer_ids = [plan.ids[i].item() if i >= 0 else None for i in customer.tolist()]
    posted = np.minimum(rows["at"][order], plan.as_of - 60)
    followers = rows["reach"][order].tolist()
    matched = [c is not None for c in customer_ids]
    insert_columns(
        SocialMention,
        {
            "id": range(start, start + n),
            "customer_id": customer_ids,
            "platform": platforms,
            "post_id": [str(start + k) for k in range(n)],
            "author_handle": authors,
            "text": texts,
            "url": urls,
            "followers": followers,
            "reach": followers,
            "posted_at": times(posted),
            "received_at": times(posted + 60),
            "sentiment": [r.score for r in readings],
            "sentiment_label": [r.label for r in readings],
            "exit_intent": [r.exit_intent for r in readings],
            "complaint": [r.complaint for r in readings],
            "topic": [r.topic for r in readings],
            "matched_by": ["handle" if m else "" for m in matched],
            "match_confidence": [1.0 if m else None for m in matched],
        },
    )
    linked = [k for k, m in enumerate(matched) if m]
    store_signals(
        signal_columns(
            [customer_ids[k] for k in linked],
            TextSource.MENTION,
            [start + k for k in linked],
            [datetime.fromtimestamp(int(posted[k]), tz=UTC) for k in linked],
            [texts[k] for k in linked],
            [readings[k] for k in linked],
        )
    )


def write_consents(rng: np.random.Generator, plan: Plan, next_ids: dict[str, int]) -> None:
    """Choices at sign-up; leaving customers withdrew marketing on the way out."""
    rows = _consent_rows(rng, plan)
    order = np.lexsort((rows["at"], rows["customer"]))
    rows = {name: values[order] for name, values in rows.items()}
    n = len(order)
    halves = rng.integers(0, 2**63, (n, 2), dtype=np.int64).tolist()
    receipts = [uuid.UUID(int=(high << 64) | low) for high, low in halves]
    start = next_ids["consent"]
    next_ids["consent"] += n
    insert_columns(
        Consent,
        {
            "id": range(start, start + n),
            "customer_id": plan.ids[rows["customer"]].tolist(),
            "purpose": rows["purpose"].tolist(),
            "partner_id": rows["partner"].tolist(),
            "is_granted": rows["granted"].tolist(),
            "recorded_at": times(rows["at"]),
            "method": rows["method"].tolist(),
            "receipt_id": [receipt.hex for receipt in receipts],
        },
    )
    ada = np.flatnonzero(plan.is_ada[rows["customer"]])
    if len(ada):
        _write_receipts(rows, ada, start, receipts, next_ids)


def _write_receipts(
    rows: dict[str, np.ndarray],
    chosen: np.ndarray,
    first_id: int,
    receipts: list[uuid.UUID],
    next_ids: dict[str, int],
) -> None:
    """Kantara receipts for Ada's consents, so the portal showcase has them (a receipt
    per consent of every customer would double the book's size for little)."""
    documents, issued = [], []
    for index in chosen.tolist():
        at = datetime.fromtimestamp(int(rows["at"][index]), tz=UTC)
        partner = rows["partner"][index]
        documents.append(
            json.dumps(
                build_receipt(
                    receipt_id=receipts[index],
                    recorded_at=at,
                    principal="ada@example.com",
                    purpose=rows["purpose"][index],
                    is_granted=bool(rows["granted"][index]),
                    method=rows["method"][index],
                    partner_name=PARTNERS[partner - 1][0] if partner else None,
                )
            )
        )
        issued.append(at.strftime("%Y-%m-%d %H:%M:%S"))
    start = next_ids["receipt"]
    next_ids["receipt"] += len(chosen)
    insert_columns(
        ConsentReceipt,
        {
            "id": range(start, start + len(chosen)),
            "customer_id": [1] * len(chosen),
            "consent_id": (chosen + first_id).tolist(),
            "receipt_id": [receipts[i].hex for i in chosen.tolist()],
            "issued_at": issued,
            "document": documents,
        },
    )


def _consent_rows(rng: np.random.Generator, plan: Plan) -> dict[str, np.ndarray]:
    size = plan.size
    choices = (
        ("marketing", None, 0.7),
        ("analytics", None, 0.8),
        ("retention_contact", None, 0.3),
        ("partner_sharing", 1, 0.5),
        ("partner_sharing", 3, 0.3),
    )
    parts = []
    for purpose, partner, share in choices:
        sharing = purpose == "partner_sharing"
        asked = rng.random(size) < 0.7 if sharing else np.ones(size, dtype=bool)
        granted = (rng.random(size) < share) | plan.is_ada
        chosen = np.flatnonzero(asked)
        parts.append((chosen, plan.start[chosen], purpose, partner, granted[chosen], "signup form"))
        if purpose == "marketing":
            leaving = np.flatnonzero(granted & (plan.segment >= DEFECTOR))
            at = np.minimum(plan.end[leaving], plan.as_of) - 30 * DAY
            at = np.maximum(at, plan.start[leaving] + DAY)
            parts.append((leaving, at, purpose, None, np.zeros(len(leaving), bool), "portal"))
    return {
        "customer": np.concatenate([p[0] for p in parts]),
        "at": np.concatenate([p[1] for p in parts]),
        "purpose": np.concatenate([np.full(len(p[0]), p[2], dtype=object) for p in parts]),
        "partner": np.concatenate([np.full(len(p[0]), p[3], dtype=object) for p in parts]),
        "granted": np.concatenate([p[4] for p in parts]),
        "method": np.concatenate([np.full(len(p[0]), p[5], dtype=object) for p in parts]),
    }


def escalate_last_week(as_of: datetime) -> int:
    """Replay the week's negative posts before as_of through the escalation rules, one by
    one in the order they arrived (as ingest would have seen them): the viral post
    escalates by reach, its echoes as a book-wide burst. Returns escalations opened."""
    posts = SocialMention.objects.filter(
        posted_at__gt=as_of - timedelta(days=7), posted_at__lte=as_of, sentiment_label="negative"
    ).order_by("posted_at", "pk")
    opened = 0
    for post in posts:
        arrived = post.received_at or post.posted_at
        opened += len(
            escalate_mentions(
                [
                    NewMention(
                        id=post.pk,
                        customer_id=post.customer_id,
                        negative=True,
                        topic=post.topic,
                        reach=post.reach,
                        posted_at=post.posted_at,
                        handle=post.author_handle,
                        platform=post.platform,
                        text=post.text,
                    )
                ],
                arrived,
            )
        )
    return opened
