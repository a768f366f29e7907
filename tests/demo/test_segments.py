"""Each customer's planted segment shows the signals a behaviour-based classifier reads."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Avg, F, Max, Q, Sum

from accord.commerce.models import LoyaltyBalance, Order, Subscription
from accord.demo.models import DemoBook, PlantedSituation
from accord.promises.models import Promise
from accord.relationships.models import Relationship
from accord.voice.models import SocialMention, SurveyResponse

pytestmark = pytest.mark.django_db
SEGMENTS = ("loyalist", "apostle", "mercenary", "hostage", "defector", "terrorist")


def segment_of() -> dict[int, str]:
    rows = PlantedSituation.objects.filter(situation__in=SEGMENTS).values_list(
        "customer_id", "situation"
    )
    return dict(rows)


def latest_nps() -> dict[int, int]:
    latest: dict[int, int] = {}
    for customer, nps in SurveyResponse.objects.order_by(
        "customer_id", "responded_at", "id"
    ).values_list("customer_id", "nps"):
        latest[customer] = nps
    return latest


def barriers(as_of) -> set[int]:  # type: ignore[no-untyped-def]
    held = set(
        Subscription.objects.filter(
            Q(term_end_date__gte=(as_of + timedelta(days=365)).date())
            | Q(early_termination_fee__gte=200)
        ).values_list("customer_id", flat=True)
    )
    return held | set(
        LoyaltyBalance.objects.filter(value__gte=300).values_list("customer_id", flat=True)
    )


def matched_mentions(positive: bool) -> set[int]:
    condition = Q(sentiment__gt=0.05) if positive else Q(sentiment__lt=-0.05)
    return set(
        SocialMention.objects.filter(condition, customer__isnull=False).values_list(
            "customer_id", flat=True
        )
    )


def test_every_customer_has_exactly_one_segment_in_plausible_shares(demo_book):
    segments = segment_of()
    assert len(segments) == Relationship.objects.count() == 300
    assert PlantedSituation.objects.filter(situation__in=SEGMENTS).count() == 300
    shares = Counter(segments.values())
    assert 0.45 <= shares["loyalist"] / 300 <= 0.6
    for name, low in (("apostle", 0.05), ("mercenary", 0.1), ("hostage", 0.07), ("defector", 0.07)):
        assert shares[name] / 300 >= low, name
    assert shares["terrorist"] >= 3


def test_satisfaction_follows_the_segment(demo_book):
    nps, segments = latest_nps(), segment_of()
    assert set(nps) == set(segments), "everyone answered at least one survey"
    for customer, segment in segments.items():
        if segment in ("hostage", "defector", "terrorist"):
            assert nps[customer] <= 5, (customer, segment)
        else:
            assert nps[customer] >= 7, (customer, segment)
        if segment == "apostle":
            assert nps[customer] >= 9, customer


def test_barriers_hold_hostages_and_nobody_else(demo_book):
    as_of = DemoBook.objects.get().as_of
    segments = segment_of()
    hostages = {c for c, s in segments.items() if s == "hostage"}
    assert barriers(as_of) == hostages


def test_public_voice_marks_apostles_and_terrorists_only(demo_book):
    segments = segment_of()
    praising, attacking = matched_mentions(True), matched_mentions(False)
    assert praising == {c for c, s in segments.items() if s == "apostle"}
    assert attacking == {c for c, s in segments.items() if s == "terrorist"}


def test_commitment_signals(demo_book):
    as_of = DemoBook.objects.get().as_of
    segments = segment_of()
    orders = {
        row["customer_id"]: row
        for row in Order.objects.values("customer_id").annotate(
            last=Max("occurred_at"), paid=Sum("amount"), listed=Sum("list_amount")
        )
    }
    stages = dict(Relationship.objects.values_list("customer_id", "stage"))
    for customer, segment in segments.items():
        row = orders[customer]
        if segment in ("loyalist", "apostle", "hostage"):
            assert row["last"] >= as_of - timedelta(days=60), (customer, segment)
            assert stages[customer] != "departed"
        if segment == "mercenary":
            assert row["last"] <= as_of - timedelta(days=120), customer
            assert row["paid"] / row["listed"] < Decimal("0.8"), customer
        if segment in ("defector", "terrorist"):
            assert stages[customer] in ("departed", "at_risk"), customer
            assert row["last"] <= as_of - timedelta(days=60), customer
    assert Order.objects.values("customer_id").distinct().count() == 300
    assert Order.objects.aggregate(n=Avg(F("amount")))["n"] > 0


def test_broken_promises_and_the_viral_mention(demo_book):
    as_of = DemoBook.objects.get().as_of
    broken = set(
        Promise.objects.filter(made_by_side="company", status="broken").values_list(
            "customer_id", flat=True
        )
    )
    assert broken and broken == set(
        PlantedSituation.objects.filter(situation="broken_promise").values_list(
            "customer_id", flat=True
        )
    )
    assert not Promise.objects.filter(status="open", due_at__lte=as_of).exists()
    (viral,) = PlantedSituation.objects.filter(situation="viral_negative_mention")
    mention = SocialMention.objects.get(customer_id=viral.customer_id, reach__gte=250_000)
    assert mention.sentiment < -0.5
    assert as_of - timedelta(days=7) <= mention.posted_at <= as_of
    burst = SocialMention.objects.filter(
        posted_at__gte=mention.posted_at, posted_at__lte=as_of, sentiment__lt=-0.05
    ).count()
    assert burst >= 5


def test_comment_sentiment_reads_the_way_the_segment_feels(demo_book):
    segments = segment_of()
    for customer, sentiment in SurveyResponse.objects.values_list(
        "customer_id", "comment_sentiment"
    ):
        if segments[customer] in ("hostage", "defector", "terrorist"):
            assert sentiment < -0.05, customer
        elif segments[customer] == "apostle":
            assert sentiment > 0.05, customer
        else:
            assert sentiment > -0.05, customer


def test_every_template_text_scores_with_its_intended_sign():
    from accord.demo import texts
    from accord.demo.voice import sentiment_of as scores

    def sentiment_of(text: str) -> float:
        return scores([text])[0] or 0.0

    for text in texts.POSITIVE_COMMENTS + texts.POSITIVE_MENTIONS:
        assert sentiment_of(text) > 0.05, text
    for text in texts.NEGATIVE_COMMENTS + texts.NEGATIVE_MENTIONS + texts.BURST_MENTIONS:
        assert sentiment_of(text) < -0.05, text
    for text in texts.NEUTRAL_COMMENTS:
        assert sentiment_of(text) > -0.05, text
    assert sentiment_of(texts.VIRAL_MENTION) < -0.5
