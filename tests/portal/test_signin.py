"""Magic-link sign-in: single use, ten minutes, this browser only, rate limits, same
answer for unknown addresses, contacts, idle timeout and sign-out."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from accord.portal.models import MagicLink, SignInAttempt
from accord.portal.session import SESSION_KEY
from accord.relationships.models import Relationship, Stage
from tests.portal.conftest import ask_for_link, sign_in


def test_link_signs_in_and_home_shows_owner(world):
    client = Client()
    assert client.get("/portal/").status_code == 302
    token = ask_for_link(client, "Ada@Example.com ")
    assert mail.outbox[-1].to == ["ada@example.com"]
    # The GET only shows a button (mail scanners follow links): it must not consume.
    page = client.get(f"/portal/sign-in/{token}/")
    assert page.status_code == 200 and b"Sign me in" in page.content
    assert MagicLink.objects.get().used_at is None
    response = client.post(f"/portal/sign-in/{token}/")
    assert response.status_code == 302
    home = client.get("/portal/")
    assert home.status_code == 200
    assert b"Bob" in home.content and b"Call Ada back about the router" in home.content
    assert MagicLink.objects.get().used_at is not None
    # The token itself is never stored, only its hash.
    assert not MagicLink.objects.filter(token_hash=token).exists()


def test_link_is_single_use(world):
    client = Client()
    token = ask_for_link(client, "ada@example.com")
    assert client.post(f"/portal/sign-in/{token}/").status_code == 302
    client.post("/portal/sign-out/")
    again = client.post(f"/portal/sign-in/{token}/")
    assert again.status_code == 400
    assert b"already used" in again.content
    assert client.get("/portal/").status_code == 302


def test_expired_link_is_refused(world):
    client = Client()
    token = ask_for_link(client, "ada@example.com")
    link = MagicLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(minutes=10)
    MagicLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(f"/portal/sign-in/{token}/")
    assert response.status_code == 400 and b"expired" in response.content
    assert MagicLink.objects.get().used_at is None
    assert client.get("/portal/").status_code == 302


def test_link_from_another_browser_is_refused_and_stays_usable_in_the_first(world):
    asking = Client()
    token = ask_for_link(asking, "ada@example.com")
    other = Client()
    response = other.post(f"/portal/sign-in/{token}/")
    assert response.status_code == 400 and b"another browser" in response.content
    assert other.get("/portal/").status_code == 302
    assert MagicLink.objects.get().used_at is None
    assert asking.post(f"/portal/sign-in/{token}/").status_code == 302


def test_brute_forcing_tokens_gets_429(world, settings):
    settings.ACCORD_PORTAL_FAILED_SIGNINS_PER_IP_HOUR = 3
    client = Client()
    for guess in range(3):
        assert client.post(f"/portal/sign-in/guess{guess}/").status_code == 400
    response = client.post("/portal/sign-in/guess4/")
    assert response.status_code == 429
    assert b"Too many refused sign-in attempts" in response.content
    # Even a valid link is refused from this address until the window passes.
    token = ask_for_link(Client(REMOTE_ADDR="10.0.0.9"), "ada@example.com")
    assert client.post(f"/portal/sign-in/{token}/").status_code == 429


def test_link_requests_are_limited_per_address_and_per_ip(world, settings):
    settings.ACCORD_PORTAL_LINKS_PER_ADDRESS_HOUR = 2
    settings.ACCORD_PORTAL_LINKS_PER_IP_HOUR = 3
    client = Client()
    ask_for_link(client, "ada@example.com")
    ask_for_link(client, "ada@example.com")
    response = client.post("/portal/sign-in/", {"email": "ada@example.com"})
    assert response.status_code == 429 and b"this address" in response.content
    assert len(mail.outbox) == 2
    ask_for_link(client, "ben@example.com")
    response = client.post("/portal/sign-in/", {"email": "ben@example.com"})
    assert response.status_code == 429 and b"your network" in response.content
    # Another IP can still ask for ben (the address limit is not reached).
    assert ask_for_link(Client(REMOTE_ADDR="10.0.0.7"), "ben@example.com") is not None
    assert SignInAttempt.objects.count() == 4


def test_unknown_address_gets_the_same_answer_and_no_mail(world):
    known, unknown = Client(), Client()
    a = known.post("/portal/sign-in/", {"email": "ada@example.com"})
    b = unknown.post("/portal/sign-in/", {"email": "nobody@example.com"})
    assert a.status_code == b.status_code == 200
    assert a.content == b.content
    assert set(a.cookies) == set(b.cookies)
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_bad_email_is_a_400_naming_the_field(world):
    response = Client().post("/portal/sign-in/", {"email": "not-an-email"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert not mail.outbox


def test_contact_sees_the_organization(world):
    client = sign_in(Client(), "cb@engines.example")
    home = client.get("/portal/")
    assert b"Charles Babbage" in home.content
    data = client.get("/portal/data/")
    assert b"Analytical Engines Ltd" in data.content
    assert b"Ada Lovelace" not in data.content


def test_email_identity_signs_in(world):
    world.ada.identities.create(kind="email", value="ada.work@example.com")
    client = sign_in(Client(), "ada.work@example.com")
    assert b"Ada Lovelace" in client.get("/portal/data/").content


def test_idle_session_ends(world, settings):
    client = sign_in(Client(), "ada@example.com")
    session = client.session
    data = session[SESSION_KEY]
    data["seen"] -= settings.ACCORD_PORTAL_IDLE_SECONDS + 1
    session[SESSION_KEY] = data
    session.save()
    assert client.get("/portal/").status_code == 302


def test_sign_out_ends_the_session_and_needs_post(world):
    client = sign_in(Client(), "ada@example.com")
    assert client.get("/portal/sign-out/").status_code == 405
    assert client.post("/portal/sign-out/").status_code == 302
    assert client.get("/portal/").status_code == 302


def test_portal_session_is_not_a_staff_login(world):
    client = sign_in(Client(), "ada@example.com")
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_departed_customer_signs_in_during_retention_only(world, settings):
    Relationship.objects.filter(customer=world.ada).update(
        stage=Stage.DEPARTED, ended_at=timezone.now() - timedelta(days=10)
    )
    assert ask_for_link(Client(), "ada@example.com") is not None
    settings.ACCORD_PORTAL_RETENTION_DAYS = 5
    assert ask_for_link(Client(), "ada@example.com") is None


def test_csrf_is_enforced_on_portal_forms(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/portal/sign-in/", {"email": "ada@example.com"}).status_code == 403
    assert not mail.outbox
