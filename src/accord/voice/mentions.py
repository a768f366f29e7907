"""Social mentions in: clean a record from a file or the push API, match its author to a
customer, read it and store it once per (platform, post id); staff link the unmatched.

Matching, strongest first (docs/voice.md): the author's handle is a known social identity
on that platform (1.0) or on another platform (0.7); their email is a customer's, a
contact's or an email identity (0.9); their display name is exactly one customer's name
(0.5). At MATCH_THRESHOLD or more the mention is linked; below, it waits in the inbox
with the suggestion.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core import validation as v
from accord.core.changes import mark_customer_changed, mark_customers_changed
from accord.core.validation import ValidationProblem
from accord.customers.models import Contact, Customer, Identity, IdentityKind
from accord.customers.services import add_identity
from accord.members.models import StaffMember
from accord.voice.models import SocialMention, TextSource
from accord.voice.reading import Reading, read_texts, signal_columns, store_signals

MATCH_THRESHOLD = 0.8
# The most records one call stores (the push API's limit; files go in batches of 2,000).
BATCH_LIMIT = 5000
CONFIDENCE = {"handle": 1.0, "other_platform": 0.7, "email": 0.9, "name": 0.5}

# Column names other tools write for the same thing (social listening exports, platform
# APIs), lower-cased; the first one present wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "platform": ("platform", "network", "source", "site", "channel", "page_type", "domain"),
    "post_id": (
        "post_id",
        "id",
        "mention_id",
        "tweet_id",
        "status_id",
        "external_id",
        "id_str",
    ),
    "author_handle": (
        "author_handle",
        "handle",
        "author",
        "username",
        "user",
        "screen_name",
        "account",
    ),
    "author_name": ("author_name", "name", "display_name", "full_name", "author_full_name"),
    "author_email": ("author_email", "email", "e-mail"),
    "text": ("text", "content", "full_text", "message", "body", "snippet", "post"),
    "url": ("url", "link", "permalink", "post_url"),
    "posted_at": ("posted_at", "date", "created_at", "published", "published_at", "timestamp"),
    "followers": (
        "followers",
        "followers_count",
        "follower_count",
        "author_followers",
        "twitter_followers",
    ),
    "reshares": (
        "reshares",
        "shares",
        "reposts",
        "retweets",
        "retweet_count",
        "boosts",
        "twitter_retweets",
        "reblogs_count",
    ),
    "reach": ("reach", "impressions", "estimated_reach", "audience"),
}

_FIELDS: dict[str, v.Cleaner] = {
    "platform": v.text("platform", 30, required=True),
    "post_id": v.text("post_id", 100, required=True),
    "author_handle": v.text("author_handle", 100),
    "author_name": v.text("author_name", 200),
    "author_email": v.email("author_email"),
    "text": v.text("text", 10_000, required=True, multiline=True),
    "url": v.text("url", 500),
}
_aware = v.aware_datetime("posted_at")
MAX_COUNT = 2_000_000_000
_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def clean_posted_at(value: Any) -> datetime:
    """When the post was made, as platforms and listening tools write it: ISO 8601 (a
    trailing Z too), X's "Wed Oct 10 20:19:24 +0000 2018", RFC 2822, or Unix seconds
    or milliseconds. A time without a zone is UTC (what exports use; docs/voice.md)."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        seconds = number / 1000.0 if number > 1e11 else number
        return datetime.fromtimestamp(seconds, tz=UTC)
    if isinstance(value, str):
        text = value.strip()
        for parse in (
            datetime.fromisoformat,
            lambda t: datetime.strptime(t, "%a %b %d %H:%M:%S %z %Y"),
            parsedate_to_datetime,
        ):
            try:
                parsed = parse(text)
            except (ValueError, TypeError, IndexError):
                continue
            if parsed is None:
                continue
            value = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
            break
    clean = _aware(value)
    assert clean is not None  # required: a blank value raised
    return clean


def clean_count(field: str) -> v.Cleaner:
    """A non-negative count as exports write it: 1234, "1,234", "12.5K", "1.2M"; blank 0."""

    def clean(value: Any) -> int:
        if value is None or (isinstance(value, str) and not value.strip()):
            return 0
        text = str(value).strip().lower().replace(",", "").replace("_", "")
        scale = _SUFFIX.get(text[-1:], 1)
        if scale > 1:
            text = text[:-1]
        try:
            number = float(text) * scale
        except ValueError:
            raise ValidationProblem(field, f"{value!r} is not a count") from None
        if not 0 <= number <= MAX_COUNT:
            raise ValidationProblem(field, f"{value!r} must be between 0 and {MAX_COUNT:,}")
        return int(number)

    return clean


def remembered(clean: v.Cleaner, size: int = 4096) -> v.Cleaner:
    """`clean` answering repeated values from memory: cleaners are pure functions of the
    value, and a file's platform, counts and blank cells repeat on most lines. Refused
    values are not kept (each raises again); only text, whole numbers and None are."""
    kept: dict[Any, Any] = {}

    def clean_remembered(value: Any) -> Any:
        kind = value.__class__
        if kind is not str and kind is not int and value is not None:
            return clean(value)
        found = kept.get(value, _UNKNOWN)
        if found is _UNKNOWN:
            found = clean(value)
            if len(kept) >= size:
                kept.clear()
            kept[value] = found
        return found

    return clean_remembered


_UNKNOWN = object()
_FIELDS.update(
    posted_at=clean_posted_at,
    followers=clean_count("followers"),
    reshares=clean_count("reshares"),
    reach=clean_count("reach"),
)
# Fields whose values repeat across a file's lines (not post ids, texts or times).
for _name in ("platform", "author_name", "author_email", "url", "followers", "reshares", "reach"):
    _FIELDS[_name] = remembered(_FIELDS[_name])


def _flatten(record: Mapping[str, Any]) -> dict[str, Any]:
    """Keys lower-cased with "_" for spaces; a nested object (a platform API's "user":
    {"screen_name", "followers_count"}; JSON text once read from a file) lends its keys
    where the record has none of its own."""
    flat: dict[str, Any] = {}
    nested: list[Mapping[str, Any]] = []
    for key, value in record.items():
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            with contextlib.suppress(ValueError):  # not JSON after all: keep the text
                value = json.loads(value)
        if isinstance(value, Mapping):
            nested.append(value)
            continue
        flat[str(key).strip().lower().replace(" ", "_")] = value
    for inner in nested:
        for key, value in _flatten(inner).items():
            flat.setdefault(key, value)
    return flat


def pick_aliases(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's values under Accord's names, whatever the source called them."""
    plan = _alias_plan(tuple(record))
    if plan is None or _has_nested(record):
        return _pick_flattened(record)
    picked: dict[str, Any] = {}
    for name, keys in plan:
        for key in keys:
            value = record[key]
            if value is not None and value != "":
                picked[name] = value
                break
    return picked


def _pick_flattened(record: Mapping[str, Any]) -> dict[str, Any]:
    lowered = _flatten(record)
    picked: dict[str, Any] = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias in lowered and lowered[alias] not in (None, ""):
                picked[name] = lowered[alias]
                break
    return picked


def _has_nested(record: Mapping[str, Any]) -> bool:
    """Whether _flatten would find an object inside (then the slow path reads it)."""
    for value in record.values():
        if value.__class__ is str:
            if value[:1] == "{":
                return True
        elif isinstance(value, Mapping):
            return True
    return False


_PLANS: dict[tuple[Any, ...], tuple[tuple[str, tuple[Any, ...]], ...] | None] = {}


def _alias_plan(keys: tuple[Any, ...]) -> tuple[tuple[str, tuple[Any, ...]], ...] | None:
    """Per header (a file has one): which of the record's own keys feed each field, in
    alias order; what _flatten and the alias loop would pick, worked out once instead
    of per row. None for keys that are not all strings (the slow path handles them)."""
    if keys in _PLANS:
        return _PLANS[keys]
    plan = None
    if all(key.__class__ is str for key in keys):
        # Later keys win a lower-cased clash, as in _flatten.
        by_lowered = {key.strip().lower().replace(" ", "_"): key for key in keys}
        plan = tuple(
            (name, tuple(by_lowered[alias] for alias in aliases if alias in by_lowered))
            for name, aliases in ALIASES.items()
        )
    if len(_PLANS) > 100:  # API callers may send many shapes; a file sends one
        _PLANS.clear()
    _PLANS[keys] = plan
    return plan


def clean_mention(record: Mapping[str, Any], platform: str = "") -> dict[str, Any]:
    """One mention's fields, cleaned; ValidationProblem names the field at fault.
    `platform` is used for records that do not say (a file from one platform's API)."""
    values = pick_aliases(record)
    if platform and not values.get("platform"):
        values["platform"] = platform
    if not values.get("post_id") and values.get("url"):
        values["post_id"] = str(values["url"]).strip()[-100:]  # the permalink names the post
    clean = v.clean_fields(_FIELDS, values)
    clean["platform"] = normalise_platform(clean["platform"])
    clean["author_handle"] = normalise_handle(clean["author_handle"])
    if not (clean["author_handle"] or clean["author_email"] or clean["author_name"]):
        raise ValidationProblem("author_handle", "a mention needs an author handle, email or name")
    return clean


# One name per platform, whatever the export called it.
PLATFORM_NAMES = {
    "twitter": "x",
    "twitter.com": "x",
    "x.com": "x",
    "ig": "instagram",
    "instagram.com": "instagram",
    "fb": "facebook",
    "facebook.com": "facebook",
    "linkedin.com": "linkedin",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "reddit.com": "reddit",
    "trustpilot.com": "trustpilot",
}


def normalise_platform(platform: str) -> str:
    name = platform.strip().lower()
    if name.startswith("www."):
        name = name[4:]
    return PLATFORM_NAMES.get(name, name)


def normalise_handle(handle: str) -> str:
    return handle.strip().lstrip("@").strip()


def estimate_reach(followers: int, reshares: int, given: int = 0, audience: int = -1) -> int:
    """Estimated audience: the author's followers plus each reshare's audience
    (ACCORD_RESHARE_AUDIENCE followers each, a typical account; `audience` when the
    caller read it once for a batch); a reach the feed measured itself wins when larger."""
    if audience < 0:
        audience = int(settings.ACCORD_RESHARE_AUDIENCE)
    return max(int(given), followers + reshares * audience)


@dataclass(frozen=True)
class Match:
    customer_id: int | None  # linked
    suggested_id: int | None  # a weaker candidate for staff
    by: str
    confidence: float | None


NO_MATCH = Match(None, None, "", None)


def match_authors(records: Sequence[Mapping[str, Any]]) -> list[Match]:
    """One Match per cleaned record: a few IN queries for the whole batch (plain SQL: the
    ORM's per-value preparation of thousand-value IN lists cost more than the queries)."""
    handles = {r["author_handle"].lower() for r in records if r["author_handle"]}
    emails = sorted({r["author_email"] for r in records if r["author_email"]})
    identity = Identity._meta.db_table
    by_handle: dict[str, list[tuple[str, int]]] = {}
    if handles:
        wanted = sorted(handles | {f"@{h}" for h in handles})
        found = _select(
            f"SELECT LOWER(value), source, customer_id FROM {identity} "
            "WHERE kind = %s AND LOWER(value) IN ({})",
            [IdentityKind.SOCIAL],
            wanted,
            # One statement per batch: each scans the social identities (no index on
            # LOWER(value)), and two spellings per handle of a 2,000-post batch fit
            # both databases' parameter limits (SQLite 32,766, PostgreSQL 65,535).
            size=2 * BATCH_LIMIT,
        )
        for value, source, customer_id in found:
            by_handle.setdefault(value.lstrip("@"), []).append(
                (normalise_platform(source), customer_id)
            )
    by_email: dict[str, int] = {}
    if emails:
        for sql, fixed in (
            (f"SELECT email, id FROM {Customer._meta.db_table} WHERE email IN ({{}})", []),
            (
                f"SELECT email, customer_id FROM {Contact._meta.db_table} WHERE email IN ({{}})",
                [],
            ),
            (
                f"SELECT value, customer_id FROM {identity} WHERE kind = %s AND value IN ({{}})",
                [IdentityKind.EMAIL],
            ),
        ):
            by_email.update(_select(sql, fixed, emails))
    # Names as written and title-cased: an IN on the indexed column (a case-blind scan of
    # every customer per batch would not scale), compared case-blind afterwards.
    spelled = {r["author_name"] for r in records if r["author_name"]}
    spelled |= {name.title() for name in spelled}
    by_name: dict[str, list[int]] = {}
    if spelled:
        found = _select(
            f"SELECT name, id FROM {Customer._meta.db_table} "
            "WHERE erased_at IS NULL AND name IN ({})",
            [],
            sorted(spelled),
        )
        for name, customer_id in found:
            ids = by_name.setdefault(name.lower(), [])
            if customer_id not in ids:
                ids.append(customer_id)
    return [_match_one(r, by_handle, by_email, by_name) for r in records]


def _select(sql: str, fixed: list[Any], values: Sequence[Any], size: int = 900) -> list[Any]:
    """Rows of `sql` whose "IN ({})" takes `values`, in parts of `size` (SQLite's
    bound-parameter limit); `fixed` are the parameters before the list."""
    rows: list[Any] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            part = values[start : start + size]
            cursor.execute(sql.format(", ".join(["%s"] * len(part))), [*fixed, *part])
            rows.extend(cursor.fetchall())
    return rows


def _match_one(
    record: Mapping[str, Any],
    by_handle: dict[str, list[tuple[str, int]]],
    by_email: dict[str, int],
    by_name: dict[str, list[int]],
) -> Match:
    candidates = by_handle.get(record["author_handle"].lower(), [])
    same = [c for source, c in candidates if source in (record["platform"], "")]
    if len(set(same)) == 1:
        return Match(same[0], None, "handle", CONFIDENCE["handle"])
    if record["author_email"] in by_email:
        return Match(by_email[record["author_email"]], None, "email", CONFIDENCE["email"])
    others = {c for _, c in candidates}
    if len(others) == 1:
        return _weak(others.pop(), "handle", CONFIDENCE["other_platform"])
    named = by_name.get(record["author_name"].lower(), []) if record["author_name"] else []
    if len(named) == 1:
        return _weak(named[0], "name", CONFIDENCE["name"])
    return NO_MATCH


def _weak(customer_id: int, by: str, confidence: float) -> Match:
    if confidence >= MATCH_THRESHOLD:
        return Match(customer_id, None, by, confidence)
    return Match(None, customer_id, by, confidence)


_COLUMNS = (
    "customer_id",
    "suggested_customer_id",
    "platform",
    "post_id",
    "author_handle",
    "author_name",
    "author_email",
    "text",
    "url",
    "followers",
    "reshares",
    "reach",
    "posted_at",
    "received_at",
    "sentiment",
    "sentiment_label",
    "exit_intent",
    "complaint",
    "topic",
    "matched_by",
    "match_confidence",
)


@dataclass
class StoredMentions:
    """What one batch did: the new mentions (id, customer, reading) and the repeats."""

    ids: list[int]
    records: list[dict[str, Any]]
    matches: list[Match]
    readings: list[Reading]
    reaches: list[int]
    repeated: int


def store_mentions(
    records: Sequence[dict[str, Any]], *, now: datetime | None = None
) -> StoredMentions:
    """Store the cleaned records not stored before (by platform and post id), matched and
    read, with the signals of matched ones; joins the caller's transaction. A repeat of
    a stored post changes nothing. Marks matched customers for rescoring."""
    now = now or timezone.now()
    fresh = _unseen(records)
    repeated = len(records) - len(fresh)
    if not fresh:
        return StoredMentions([], [], [], [], [], repeated)
    matches = match_authors(fresh)
    readings = read_texts([r["text"] for r in fresh])
    adapt = connection.ops.adapt_datetimefield_value
    received_at = adapt(now)
    audience = int(settings.ACCORD_RESHARE_AUDIENCE)
    reaches = [estimate_reach(r["followers"], r["reshares"], r["reach"], audience) for r in fresh]
    rows = [
        (
            m.customer_id,
            m.suggested_id,
            r["platform"],
            r["post_id"],
            r["author_handle"],
            r["author_name"],
            r["author_email"],
            r["text"],
            r["url"],
            r["followers"],
            r["reshares"],
            reach,
            adapt(r["posted_at"]),
            received_at,
            g.score,
            g.label,
            g.exit_intent,
            g.complaint,
            g.topic,
            m.by,
            m.confidence,
        )
        for r, m, g, reach in zip(fresh, matches, readings, reaches, strict=True)
    ]
    names = ", ".join(_COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    with transaction.atomic(), connection.cursor() as cursor:
        # ON CONFLICT: a concurrent batch with the same post stores it once.
        cursor.executemany(
            f"INSERT INTO voice_social_mention ({names}) VALUES ({marks}) "
            "ON CONFLICT (platform, post_id) DO NOTHING",
            rows,
        )
        ids = _ids_of(fresh)
        linked = [i for i, m in enumerate(matches) if m.customer_id is not None]
        store_signals(
            signal_columns(
                [matches[i].customer_id for i in linked],
                TextSource.MENTION,
                [ids[i] for i in linked],
                [fresh[i]["posted_at"] for i in linked],
                [fresh[i]["text"] for i in linked],
                [readings[i] for i in linked],
            )
        )
        # One notice for the batch: a few customers rescore at once, more go to the worker.
        mark_customers_changed(m.customer_id for m in matches if m.customer_id is not None)
    return StoredMentions(ids, list(fresh), matches, readings, reaches, repeated)


def _keys(records: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], int]:
    """(platform, post id) -> mention id for the stored ones among the records."""
    found: dict[tuple[str, str], int] = {}
    by_platform: dict[str, set[str]] = {}
    for record in records:
        by_platform.setdefault(record["platform"], set()).add(record["post_id"])
    # Platform first: the unique index (platform, post_id) answers each lookup.
    sql = (
        f"SELECT id, post_id FROM {SocialMention._meta.db_table} "
        "WHERE platform = %s AND post_id IN ({})"
    )
    for platform, wanted in by_platform.items():
        for pk, post_id in _select(sql, [platform], sorted(wanted)):
            found[(platform, post_id)] = pk
    return found


def _unseen(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records whose post is not stored yet; within the batch the first copy wins."""
    stored = _keys(records)
    fresh: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        key = (record["platform"], record["post_id"])
        if key not in stored and key not in fresh:
            fresh[key] = record
    return list(fresh.values())


def _ids_of(records: Sequence[Mapping[str, Any]]) -> list[int]:
    stored = _keys(records)
    return [stored[(r["platform"], r["post_id"])] for r in records]


def link_mention(*, mention: SocialMention, customer_id: int, by: StaffMember) -> SocialMention:
    """Staff say who wrote an unmatched mention: it joins the customer, its signals count,
    and the author's handle becomes the customer's identity on that platform, so their
    next posts match by themselves (and every earlier unmatched post by them is linked)."""
    if not Customer.objects.filter(pk=customer_id, erased_at__isnull=True).exists():
        raise ValidationProblem("customer_id", f"no customer {customer_id}")
    with transaction.atomic():
        if mention.author_handle:
            add_identity(
                customer_id=customer_id,
                kind=IdentityKind.SOCIAL,
                source=mention.platform,
                value=mention.author_handle,
                by=by,
            )
            same_author = SocialMention.objects.filter(
                customer__isnull=True,
                platform=mention.platform,
                author_handle=mention.author_handle,
            )
        else:
            same_author = SocialMention.objects.filter(pk=mention.pk, customer__isnull=True)
        linked = list(same_author.select_for_update())
        for post in linked:
            post.customer_id = customer_id
            post.matched_by = "staff"
            post.match_confidence = 1.0
            post.suggested_customer = None
        SocialMention.objects.bulk_update(
            linked, ["customer", "matched_by", "match_confidence", "suggested_customer"]
        )
        readings = [
            Reading(p.sentiment, p.sentiment_label, p.exit_intent, p.complaint, p.topic)
            for p in linked
        ]
        store_signals(
            signal_columns(
                [customer_id] * len(linked),
                TextSource.MENTION,
                [p.pk for p in linked],
                [p.posted_at for p in linked],
                [p.text for p in linked],
                readings,
            )
        )
        record_event(
            action="mention.link",
            actor=by,
            customer_id=customer_id,
            object_type="social_mention",
            object_id=mention.pk,
            details={"linked": len(linked), "handle": mention.author_handle},
        )
        mark_customer_changed(customer_id)
    mention.refresh_from_db()
    return mention
