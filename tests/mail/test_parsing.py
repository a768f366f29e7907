"""Decoding real-world mail without a server: what capture keeps of odd messages."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from django.test import override_settings

from accord.customers.services import create_customer
from accord.interactions.models import Interaction
from accord.mail.capture import capture_mail
from accord.mail.models import CapturedMessage
from accord.mail.parsing import parse_mail
from accord.portal.erasure import process_erasure, request_erasure
from tests.mail import messages as mail

pytestmark = pytest.mark.django_db

GMAIL_REPLY = mail.crlf(
    """From: Anna <anna.mueller@outlook.de>
To: sales@acme.example
Subject: =?UTF-8?B?UmU6IERhbmtl?=
Date: Thu, 3 Dec 2026 08:00:00 -0800
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

"""
) + mail.crlf(
    base64.encodebytes(
        "Passt, danke!\n\nOn Wed, Dec 2, 2026 at 5:40\u202fPM Bob <bob@acme.example>\n"
        "wrote:\n\n> das Paket ging verloren\n> Bob\n".encode()
    ).decode()
)


def test_gmail_reply_base64_utf8_quote_trimmed_and_subject_decoded() -> None:
    parsed = parse_mail(GMAIL_REPLY)
    assert (parsed.subject, parsed.body) == ("Re: Danke", "Passt, danke!")
    assert parsed.quoted.endswith("> das Paket ging verloren\n> Bob")
    assert parsed.sent_at.isoformat() == "2026-12-03T08:00:00-08:00"


def test_a_message_without_message_id_is_still_captured_once(alice) -> None:
    create_customer(name="Anna Müller", email="anna.mueller@outlook.de", owner=alice)
    first = capture_mail(mailbox=None, raw=GMAIL_REPLY)
    again = capture_mail(mailbox=None, raw=GMAIL_REPLY)
    assert (first.outcome, again.outcome) == ("captured", "duplicate")
    assert first.message.message_id.endswith("@accord.no-message-id")
    assert Interaction.objects.count() == 1


def test_broken_headers_and_unknown_charsets_do_not_stop_capture() -> None:
    raw = mail.crlf(
        """From: =?x-unknown?Q?Br=FCcke?= <bruecke@example.net>
To: sales@acme.example
Subject: =?utf-8?B?not-base64!!?=
Date: not a date
Message-ID: <broken-1@example.net>
Content-Type: text/plain; charset="x-made-up"

"""
    ) + "Stra\xdfe \x00 kaputt\r\n".encode("latin-1")
    parsed = parse_mail(raw)
    assert parsed.message_id == "broken-1@example.net"
    assert parsed.from_address == "bruecke@example.net"
    assert parsed.sent_at is None
    # Unknown charset: UTF-8 fails, windows-1252 reads it; NUL (refused by PostgreSQL) dropped.
    assert parsed.body == "Straße  kaputt"


def test_attachments_are_kept_only_when_configured(alice, tmp_path: Path) -> None:
    create_customer(name="Anna Müller", email="anna.mueller@outlook.de", owner=alice)
    with override_settings(
        ACCORD_MAIL_KEEP_ATTACHMENTS=True, ACCORD_MAIL_ATTACHMENT_DIR=tmp_path / "files"
    ):
        capture_mail(mailbox=None, raw=mail.ANNA_FIRST)
    (attachment,) = CapturedMessage.objects.get().attachments
    stored = tmp_path / "files" / attachment["stored_as"]
    assert stored.read_bytes() == mail.PDF
    assert (attachment["name"], attachment["size"]) == ("Rechnung_4711.pdf", len(mail.PDF))


def test_company_addresses_setting_tells_outbound_mail(alice) -> None:
    anna = create_customer(name="Anna Müller", email="anna.mueller@outlook.de", owner=alice)
    raw = mail.BOB_REPLY.replace(b"bob@acme.example", b"service@acme.example")
    with override_settings(ACCORD_COMPANY_ADDRESSES=["@acme.example"]):
        capture = capture_mail(mailbox=None, raw=raw)
    assert capture.outcome == "captured"
    interaction = Interaction.objects.get(customer=anna)
    # No thread known and no staff member writes from service@: an outbound touch.
    assert (interaction.direction, interaction.staff, interaction.source) == (
        "outbound", None, "mail",
    )  # fmt: skip
    assert interaction.external_id == mail.BOB_REPLY_ID


def test_erasure_forgets_what_the_mail_said_but_keeps_it_a_duplicate(alice) -> None:
    anna = create_customer(name="Anna Müller", email="anna.mueller@outlook.de", owner=alice)
    capture_mail(mailbox=None, raw=mail.ANNA_FIRST)
    process_erasure(request_erasure(customer_id=anna.pk, actor_label="customer").pk, by=alice)

    kept = CapturedMessage.objects.get()
    assert (kept.message_id, kept.from_address, kept.subject, kept.body, kept.attachments) == (
        mail.ANNA_FIRST_ID, "", "", "", [],
    )  # fmt: skip
    assert capture_mail(mailbox=None, raw=mail.ANNA_FIRST).outcome == "duplicate"


def test_erasure_deletes_kept_attachment_files(
    alice, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    anna = create_customer(name="Anna Müller", email="anna.mueller@outlook.de", owner=alice)
    files = tmp_path / "files"
    with override_settings(ACCORD_MAIL_KEEP_ATTACHMENTS=True, ACCORD_MAIL_ATTACHMENT_DIR=files):
        capture_mail(mailbox=None, raw=mail.ANNA_FIRST)
        (stored,) = files.iterdir()
        with django_capture_on_commit_callbacks(execute=True):
            erasure = request_erasure(customer_id=anna.pk, actor_label="customer")
            process_erasure(erasure.pk, by=alice)
    assert not stored.exists()
