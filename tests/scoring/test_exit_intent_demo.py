"""On the demo company, the customers planted asking to leave are found from what they
wrote (precision and recall of at least 0.95), none is called loyalist or apostle, each
is told in words, and the viral post escalated to its owner (the ground truth says so)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from accord.demo.generate import generate_company
from accord.demo.models import PlantedSituation
from accord.scoring.models import Alert, CustomerScore
from accord.voice.models import Escalation

AS_OF = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def planted(situation: str) -> set[int]:
    rows = PlantedSituation.objects.filter(situation=situation)
    return set(rows.values_list("customer_id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_planted_exit_intent_is_found_and_never_called_loyal():
    generate_company(customers=400, seed=11, as_of=AS_OF)
    call_command("score", "--as-of", "demo", "--quiet")

    truth = planted("exit_intent")
    scores = {s.customer_id: s for s in CustomerScore.objects.all()}
    found = {c for c, s in scores.items() if s.exit_asks > 0}
    hits = len(truth & found)
    precision, recall = hits / max(len(found), 1), hits / max(len(truth), 1)
    print(f"exit intent: precision {precision:.3f} recall {recall:.3f} planted {len(truth)}")
    assert len(truth) >= 20
    assert precision >= 0.95 and recall >= 0.95
    assert not {c for c in truth if scores[c].segment in ("loyalist", "apostle")}
    hostages = planted("hostage") & truth
    assert hostages and all(scores[c].segment in ("hostage", "departed") for c in hostages)
    # Named in the explanation, with how often and since when.
    said = [
        d["text"]
        for c in hostages
        for d in scores[c].explanation["drivers"]
        if d["text"].startswith("asked ")
    ]
    assert said and all(" since " in text for text in said)


@pytest.mark.django_db(transaction=True)
def test_the_viral_post_escalated_to_the_accountable_owner():
    generate_company(customers=200, seed=3, as_of=AS_OF)
    viral = planted("escalation")
    assert len(viral) == 1
    customer_id = viral.pop()
    escalation = Escalation.objects.get(customer_id=customer_id, kind="reach")
    assert escalation.reach >= 250_000 and escalation.owner_id
    alert = Alert.objects.get(customer_id=customer_id, kind="escalation")
    assert alert.owner_id == escalation.owner_id and alert.due_at is not None
    # Its echoes burst book-wide within the hour.
    assert Escalation.objects.filter(customer__isnull=True, kind="burst").exists()
    assert json.dumps(escalation.message)
