"""Throughput of `accord mail sync` against a real Dovecot on loopback.

Builds a book of customers in a fresh SQLite database in its own ACCORD_VAR_DIR, APPENDs
mail over IMAP (half new threads, half replies in them, some from unknown senders), then
times the first sync (everything new) and repeated syncs with nothing new.

    .venv/bin/python bench/mail_sync.py --messages 2000

Compare two versions of the code by running this file with the other tree's Python (the
`accord` package comes from that interpreter's install):

    ../other-checkout/.venv/bin/python bench/mail_sync.py --messages 2000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def message(number: int, sender: str, reply_to: int | None) -> bytes:
    thread = f"In-Reply-To: <bench-{reply_to}@mail.example>\r\n" if reply_to is not None else ""
    return (
        f"From: Customer {number} <{sender}>\r\nTo: sales@acme.example\r\n"
        f"Subject: =?utf-8?Q?Bestellung_{number}_versp=C3=A4tet?=\r\n"
        f"Date: Tue, 1 Dec 2026 09:14:52 +0100\r\nMessage-ID: <bench-{number}@mail.example>\r\n"
        f"{thread}Content-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        f"Guten Tag,\r\nwo ist Bestellung {number}? 149,00 =80\r\n\r\n"
        "On Mon, 30 Nov 2026, Sales wrote:\r\n> Ihre Bestellung\r\n"
    ).encode("ascii")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument(
        "--contacts", type=int, default=20000, help="contacts in the book (every tenth mail)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="syncs with nothing new")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="accord-bench-mail-"))
    os.environ["ACCORD_VAR_DIR"] = str(work / "var")
    os.environ.pop("DATABASE_URL", None)  # never migrate and fill a configured database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from accord.customers.services import create_customer
    from accord.mail.models import CapturedMessage
    from accord.mail.services import add_mailbox
    from accord.mail.sync import sync_mailbox
    from tests.conftest import make_staff
    from tests.mail.conftest import DOVECOT, PASSWORD, Dovecot, free_port, write_config

    call_command("migrate", verbosity=0)
    owner = make_staff("owner")
    for number in range(args.customers):
        create_customer(name=f"Customer {number}", email=f"c{number}@mail.example", owner=owner)
    # A book's contacts: the address lookup must not read them all for every message.
    from accord.customers.models import Contact, Customer

    customer_ids = list(Customer.objects.values_list("id", flat=True))
    Contact.objects.bulk_create(
        Contact(
            customer_id=customer_ids[n % len(customer_ids)],
            name=f"Contact {n}",
            email=f"k{n}@org.example",
        )
        for n in range(args.contacts)
    )
    (work / "dovecot").mkdir()
    port = free_port()
    config = write_config(work / "dovecot", port, ["sales@acme.example"])
    subprocess.run([DOVECOT, "-c", str(config)], check=True, stdout=subprocess.DEVNULL)
    try:
        server = Dovecot(port=port, config=config)
        client = server.client("sales@acme.example")
        for number in range(args.messages):
            # Every tenth sender is unknown, every tenth a contact; every second message
            # replies to the one before.
            if number % 10 == 9:
                sender = f"x{number}@new.example"
            elif number % 10 == 8 and args.contacts:
                sender = f"k{(number * 7) % args.contacts}@org.example"
            else:
                sender = f"c{number % args.customers}@mail.example"
            reply_to = number - 1 if number % 2 else None
            client.append("INBOX", message(number, sender, reply_to))
        client.logout()
        mailbox = add_mailbox(
            name="sales", host="127.0.0.1", port=port, security="none",
            username="sales@acme.example", password=PASSWORD, address="sales@acme.example",
        )  # fmt: skip
        started = time.perf_counter()
        first = sync_mailbox(mailbox)
        seconds = time.perf_counter() - started
        again = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            sync_mailbox(mailbox)
            again.append(time.perf_counter() - started)
    finally:
        subprocess.run([DOVECOT, "-c", str(config), "stop"], check=False)
    print(first.summary())
    print(f"first sync: {args.messages} messages in {seconds:.2f} s = "
          f"{args.messages / seconds:.0f} messages/s")  # fmt: skip
    print(f"sync with nothing new: median {statistics.median(again) * 1000:.1f} ms "
          f"over {args.repeats}")  # fmt: skip
    print(f"captured rows: {CapturedMessage.objects.count()}")


if __name__ == "__main__":
    main()
