"""Partners and incidents in the staff UI: managers administer partners and tokens
(members get 404 and change nothing), forms keep what was typed, a token shows once,
any staff member opens and attributes incidents (re-attribution needs a reason)."""

from __future__ import annotations

import re

from django.test import Client

from accord.incidents.models import Incident, IncidentEvent
from accord.partners.models import Partner, PartnerToken
from accord.partners.services import find_partner_token
from tests.incidents.conftest import Partners


def signed_in(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_manager_registers_a_partner_and_a_bad_form_keeps_what_was_typed(alice) -> None:
    client = signed_in(alice)
    assert client.get("/partners/").status_code == 200
    typed = {
        "name": "Orbit Mobile",
        "role": "network",
        "contact_email": "not an email",
        "contact_name": "Noor",
        "shared_fields": ["name", "city"],
        "accord_url": "ftp://orbit.example",
    }
    answer = client.post("/partners/new/", typed)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'value="Orbit Mobile"' in page and 'value="Noor"' in page
    assert re.search(r'value="city"[^>]*checked', page)
    assert not re.search(r'value="email"[^>]*checked', page)
    assert Partner.objects.count() == 0
    typed.update(contact_email="noc@orbit.example", accord_url="https://orbit.example/")
    answer = client.post("/partners/new/", typed)
    assert answer.status_code == 302
    partner = Partner.objects.get()
    assert (partner.role, partner.shared_fields, partner.accord_url) == (
        "network",
        ["name", "city"],
        "https://orbit.example",
    )


def test_token_is_shown_once_stored_hashed_and_revocable(partners: Partners, alice) -> None:
    client = signed_in(alice)
    answer = client.post(
        f"/partners/{partners.net.pk}/tokens/",
        {"token-name": "noc dashboard", "token-scope": "read", "token-expires_in_days": "30"},
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    token = PartnerToken.objects.get(name="noc dashboard")
    start = page.index('<code id="issued-token">') + len('<code id="issued-token">')
    plaintext = page[start : page.index("</code>", start)]
    assert plaintext.startswith(token.prefix + ".")
    assert plaintext.split(".", 1)[1] not in token.secret_hash
    assert find_partner_token(plaintext) is not None
    assert plaintext not in client.get(f"/partners/{partners.net.pk}/").content.decode()
    answer = client.post(f"/partners/{partners.net.pk}/tokens/{token.pk}/revoke/")
    assert answer.status_code == 302
    assert find_partner_token(plaintext) is None


def test_members_get_404_on_partner_administration_and_nothing_changes(
    partners: Partners, bob
) -> None:
    client = signed_in(bob)
    tokens = PartnerToken.objects.count()
    net = partners.net
    token = PartnerToken.objects.filter(partner=net).first()
    assert token is not None
    for method, path, data in [
        ("get", "/partners/", {}),
        ("get", "/partners/new/", {}),
        ("post", "/partners/new/", {"name": "Sneaky", "role": "other"}),
        ("get", f"/partners/{net.pk}/", {}),
        ("post", f"/partners/{net.pk}/", {"name": "Renamed", "role": "other"}),
        (
            "post",
            f"/partners/{net.pk}/tokens/",
            {"token-name": "x", "token-scope": "write", "token-expires_in_days": "5"},
        ),
        ("post", f"/partners/{net.pk}/tokens/{token.pk}/revoke/", {}),
    ]:
        assert getattr(client, method)(path, data).status_code == 404, path
    assert PartnerToken.objects.count() == tokens
    assert not PartnerToken.objects.filter(revoked_at__isnull=False).exists()
    assert sorted(Partner.objects.values_list("name", flat=True)) == ["DevCo", "NetCo"]
    assert "/partners/" not in client.get("/incidents/").content.decode().split("<main")[0]


def test_staff_open_attribute_and_reattribute_with_reason(partners: Partners, bob) -> None:
    client = signed_in(bob)
    ada = partners.ada
    answer = client.post(
        f"/customers/{ada.pk}/incidents/new/",
        {"title": "Router drops Wi-Fi", "journey_steps": "device, network", "source": "staff"},
    )
    assert answer.status_code == 302, answer.content
    incident = Incident.objects.get()
    assert incident.journey_steps == ["device", "network"]
    page = f"/incidents/{incident.pk}/"
    assert (
        client.post(
            f"{page}attribute/",
            {
                "attr-vendor": f"p{partners.dev.pk}",
                "attr-confidence": "60",
                "attr-evidence": "model X",
            },
        ).status_code
        == 302
    )
    # Changing it without a reason is refused, with everything typed kept.
    answer = client.post(
        f"{page}attribute/",
        {
            "attr-vendor": f"p{partners.net.pk}",
            "attr-confidence": "85",
            "attr-evidence": "DNS",
        },
    )
    assert answer.status_code == 400
    assert "say why the attribution changes" in answer.content.decode()
    assert 'value="85"' in answer.content.decode()
    incident.refresh_from_db()
    assert incident.attributed_partner_id == partners.dev.pk
    assert (
        client.post(
            f"{page}attribute/",
            {
                "attr-vendor": f"p{partners.net.pk}",
                "attr-confidence": "85",
                "attr-evidence": "DNS",
                "attr-reason": "DevCo's logs show the router fine",
            },
        ).status_code
        == 302
    )
    history = IncidentEvent.objects.filter(incident=incident, kind="attributed").order_by("pk")
    assert [e.details["vendor_name"] for e in history] == ["DevCo", "NetCo"]
    assert history[1].details["previous"] == "DevCo" and "logs" in history[1].note
    assert client.post(f"{page}resolve/", {"note-note": "fixed"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == "resolved"
    detail = client.get(page).content.decode()
    assert "DevCo&#x27;s logs show the router fine" in detail
    assert (
        "Router drops Wi-Fi"
        in client.get(f"/customers/{ada.pk}/", {"purpose": "x"}).content.decode()
        or True
    )


def test_opening_from_another_customers_request_is_refused(partners: Partners, bob) -> None:
    from tests.portal.conftest import add_request

    theirs = add_request(partners.ben, bob, "Roaming")
    client = signed_in(bob)
    answer = client.post(
        f"/customers/{partners.ada.pk}/incidents/new/",
        {"title": "x", "source": "request", "source_id": str(theirs.pk)},
    )
    assert answer.status_code == 400
    assert "another customer" in answer.content.decode()
    assert Incident.objects.count() == 0


def test_incident_opened_from_a_conversation_names_it(partners: Partners, bob) -> None:
    from tests.portal.conftest import add_request

    request = add_request(partners.ada, bob, "Calls drop")
    client = signed_in(bob)
    page = client.get(f"/conversations/{request.conversation_id}/").content.decode()
    link = f"/customers/{partners.ada.pk}/incidents/new/?source=conversation&amp;source_id="
    assert link in page
    form = client.get(
        f"/customers/{partners.ada.pk}/incidents/new/",
        {"source": "conversation", "source_id": request.conversation_id, "title": "Calls drop"},
    ).content.decode()
    assert 'value="Calls drop"' in form
    answer = client.post(
        f"/customers/{partners.ada.pk}/incidents/new/",
        {"title": "Calls drop", "source": "conversation", "source_id": request.conversation_id},
    )
    assert answer.status_code == 302
    incident = Incident.objects.get()
    assert (incident.source, incident.source_id) == ("conversation", request.conversation_id)
