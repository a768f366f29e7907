"""Erasure: asked for in the portal, processed by staff with `accord erasures`; personal
data goes, anonymous aggregates stay, sessions end, partners that got data are told."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from accord.commerce.models import Subscription
from accord.consents.models import Consent, ConsentReceipt
from accord.customers.models import Customer, Identity
from accord.incidents.models import Incident, IncidentEvent
from accord.interactions.models import Interaction, Request
from accord.portal.models import ErasureRequest, PartnerNotification
from accord.promises.models import Promise
from accord.relationships.models import Relationship
from accord.voice.models import TextSignal
from accord.voice.reading import read_new_texts
from tests.portal.conftest import ask_for_link


@pytest.fixture
def erased(world, ada_client, alice) -> dict[str, object]:
    """Ada shares with a partner, asks for erasure (twice), and alice processes it."""
    ada_client.post(
        "/portal/consents/",
        {"purpose": "partner_sharing", "partner": world.partner.pk, "decision": "grant"},
    )
    ada_client.post("/portal/requests/", {"subject": "Secret thing", "body": "private"})
    ada_client.post("/portal/requests/", {"subject": "How do I cancel?", "body": "I want out."})
    read_new_texts()
    signals_before = TextSignal.objects.filter(customer=world.ada).count()
    ada_client.post("/portal/problems/", {"title": "My secret router", "description": "at home"})
    assert ada_client.post("/portal/erasure/").status_code == 302
    ada_client.post("/portal/erasure/")  # twice: still one request
    erasure = ErasureRequest.objects.get()
    assert (erasure.due_at - erasure.requested_at).days == 30
    assert b"it will be done by" in ada_client.get("/portal/data/").content
    listing = StringIO()
    call_command("erasures", stdout=listing)
    assert f"customer {world.ada.pk}" in listing.getvalue()
    before = Interaction.objects.filter(customer=world.ada).count()
    out = StringIO()
    call_command("erasures", "--process", erasure.pk, "--by", "alice", stdout=out)
    erasure.refresh_from_db()
    return {
        "erasure": erasure,
        "interactions_before": before,
        "output": out.getvalue(),
        "signals_before": signals_before,
    }


def test_erasure_removes_personal_data_and_keeps_aggregates(world, erased):
    ada = Customer.objects.get(pk=world.ada.pk)
    assert (ada.name, ada.email, ada.erased_at is not None) == (
        f"Erased customer {ada.pk}", "", True,
    )  # fmt: skip
    assert not Identity.objects.filter(customer=ada).exists()
    # What her words said (an exit ask, with an excerpt) goes with them.
    assert erased["signals_before"] >= 1
    assert not TextSignal.objects.filter(customer=ada).exists()
    assert not ConsentReceipt.objects.filter(customer=ada).exists()
    # Erasure ended the live relationship first: one more entry, the ending notice.
    assert Interaction.objects.filter(customer=ada).count() == erased["interactions_before"] + 1
    assert not Interaction.objects.filter(customer=ada, subject="Secret thing").exists()
    assert Relationship.objects.get(customer=ada).stage == "departed"
    assert not Request.objects.filter(customer=ada).exclude(status="resolved").exists()
    promise = Promise.objects.get(pk=world.ada_promise.pk)
    assert (promise.description, promise.status, promise.resolution_note) == (
        "(erased)", "cancelled", "",
    )  # fmt: skip
    assert Subscription.objects.get(customer=ada).transfer_code == ""
    assert Consent.objects.filter(customer=ada).count() == 1  # anonymous history stays
    assert Customer.objects.get(pk=world.ben.pk).name == "Ben Okri"
    incident = Incident.objects.get(affected__customer=ada)
    assert (incident.title, incident.description, incident.source) == ("(erased)", "", "portal")
    labels = list(
        IncidentEvent.objects.filter(incident=incident).values_list("actor_label", "note")
    )
    assert labels == [("customer (erased)", "")]


def test_erasure_ends_sessions_and_notifies_partners(world, erased, ada_client, ben_client, alice):
    assert "1 partner(s) notified" in erased["output"]
    notification = PartnerNotification.objects.get()
    assert (notification.partner, notification.sent_to) == (world.partner, "privacy@netco.example")
    assert (erased["erasure"].status, erased["erasure"].processed_by) == ("done", alice)
    assert ada_client.get("/portal/").status_code == 302
    assert ask_for_link(Client(), "ada@example.com") is None
    assert ben_client.get("/portal/").status_code == 200


def test_partner_is_emailed_on_commit(world, ada_client, django_capture_on_commit_callbacks):
    ada_client.post(
        "/portal/consents/",
        {"purpose": "partner_sharing", "partner": world.partner.pk, "decision": "grant"},
    )
    ada_client.post("/portal/erasure/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erasures", "--process-all", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["privacy@netco.example"]]


def test_processing_twice_or_unknown_is_a_clear_error(world, ada_client):
    ada_client.post("/portal/erasure/")
    erasure = ErasureRequest.objects.get()
    call_command("erasures", "--process", erasure.pk, stdout=StringIO())
    with pytest.raises(CommandError, match="already processed"):
        call_command("erasures", "--process", erasure.pk, stdout=StringIO())
    with pytest.raises(CommandError, match="no erasure request 999"):
        call_command("erasures", "--process", 999, stdout=StringIO())


def test_staff_process_erasure_from_the_admin(world, ada_client):
    from accord.members.models import StaffMember

    ada_client.post("/portal/erasure/")
    erasure = ErasureRequest.objects.get()
    root = StaffMember.objects.create_superuser("root", "root@example.com", "root-password-1")
    staff = Client()
    staff.force_login(root)
    response = staff.post(
        "/admin/portal/erasurerequest/",
        {"action": "process_selected", "_selected_action": [erasure.pk]},
    )
    assert response.status_code == 302
    erasure.refresh_from_db()
    assert (erasure.status, erasure.processed_by) == ("done", root)
    assert Customer.objects.get(pk=world.ada.pk).erased_at is not None
