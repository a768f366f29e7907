"""Reading IMAP mailboxes with imapclient: only new mail, by UIDVALIDITY and the last UID
per folder; IMAP IDLE to hear of new mail at once, or polling.

Crash-safe without a transaction around the network: a folder's last UID moves after
each message is captured, and a message read twice (crash between the two, a reset
UIDVALIDITY, the same mail in two folders) is a duplicate by Message-ID.
"""

from __future__ import annotations

import ssl
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from accord.core.changes import batched_customer_changes
from accord.mail.addresses import load_company_addresses
from accord.mail.capture import capture_mail
from accord.mail.models import Mailbox, MailboxFolder, Security

FETCH_BATCH = 50
# RFC 2177: clients should re-issue IDLE at least every 29 minutes.
IDLE_SECONDS = 25 * 60
TIMEOUT_SECONDS = 60
# What a broken server, network or login raises; one mailbox failing must not stop the rest.
SYNC_ERRORS = (IMAPClientError, OSError, ssl.SSLError)


@dataclass
class SyncResult:
    mailbox: str
    counts: Counter[str] = field(default_factory=Counter)
    error: str = ""

    def summary(self) -> str:
        read = sum(self.counts.values())
        parts = ", ".join(f"{count} {outcome}" for outcome, count in sorted(self.counts.items()))
        text = f"{self.mailbox}: read {read} new messages" + (f" ({parts})" if parts else "")
        return f"{text}; error: {self.error}" if self.error else text


def connect(mailbox: Mailbox) -> IMAPClient:
    """A logged-in client; implicit TLS or STARTTLS verify the server's certificate."""
    context = ssl.create_default_context()
    client = IMAPClient(
        mailbox.host,
        port=mailbox.port,
        ssl=mailbox.security == Security.TLS,
        ssl_context=context,
        timeout=TIMEOUT_SECONDS,
    )
    # Aware INTERNALDATEs (imapclient would otherwise convert them to naive local time).
    client.normalise_times = False
    if mailbox.security == Security.STARTTLS:
        client.starttls(context)
    client.login(mailbox.username, mailbox.password)
    return client


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _received_at(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def sync_folder(client: IMAPClient, mailbox: Mailbox, folder: str) -> Counter[str]:
    """Capture the folder's mail newer than its last UID; leaves the folder selected."""
    state, _ = MailboxFolder.objects.get_or_create(mailbox=mailbox, name=folder)
    selected = client.select_folder(folder, readonly=True)
    uidvalidity = int(selected[b"UIDVALIDITY"])
    if state.uidvalidity != uidvalidity:
        # The server renumbered the folder (restored, migrated): its UIDs say nothing
        # now, so read it all again; Message-IDs keep what was captured from repeating.
        state.uidvalidity, state.last_uid = uidvalidity, 0
        state.save(update_fields=["uidvalidity", "last_uid"])
    # "n:*" always matches the newest message, even below n: keep only what is new.
    uids = sorted(
        uid for uid in client.search(["UID", f"{state.last_uid + 1}:*"]) if uid > state.last_uid
    )
    counts: Counter[str] = Counter()
    # Read once per folder, not per message (a few queries each time).
    company = load_company_addresses()
    for batch in _chunks(uids, FETCH_BATCH):
        fetched = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
        for uid in batch:
            data = fetched.get(uid)
            if data is not None:  # None: expunged since the search
                capture = capture_mail(
                    mailbox=mailbox,
                    raw=data[b"BODY[]"],
                    folder=folder,
                    uid=uid,
                    received_at=_received_at(data.get(b"INTERNALDATE")),
                    company=company,
                )
                counts[capture.outcome] += 1
            MailboxFolder.objects.filter(pk=state.pk).update(last_uid=uid)
    return counts


def _sync_with(client: IMAPClient, mailbox: Mailbox, result: SyncResult) -> None:
    errors = []
    # Customers are marked for rescoring once per sync, not once per message.
    with batched_customer_changes():
        for folder in mailbox.folders:
            try:
                result.counts.update(sync_folder(client, mailbox, folder))
            except IMAPClientError as error:  # a folder missing on the server, say
                errors.append(f"{folder}: {error}")
    result.error = "; ".join(errors)


def _finish(mailbox: Mailbox, result: SyncResult) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_synced_at=timezone.now(), last_error=result.error[:2000]
    )


def sync_mailbox(mailbox: Mailbox) -> SyncResult:
    """Read every folder of one mailbox once. Never raises for server or network
    trouble: the error is in the result and on the mailbox (last_error)."""
    result = SyncResult(mailbox.name)
    try:
        client = connect(mailbox)
        try:
            _sync_with(client, mailbox, result)
        finally:
            client.logout()
    except SYNC_ERRORS as error:
        result.error = f"{type(error).__name__}: {error}"
    _finish(mailbox, result)
    return result


def list_mailboxes(names: list[str] | None = None) -> list[Mailbox]:
    mailboxes = Mailbox.objects.filter(is_active=True).select_related("staff").order_by("name")
    if names:
        mailboxes = mailboxes.filter(name__in=names)
    return list(mailboxes)


def claim_due_mailboxes(now: datetime | None = None) -> list[Mailbox]:
    """Mailboxes due for a poll, each claimed by moving next_sync_at forward with a
    conditional UPDATE: of several workers, exactly one gets each mailbox."""
    now = now or timezone.now()
    due = Mailbox.objects.filter(is_active=True).filter(
        Q(next_sync_at__isnull=True) | Q(next_sync_at__lte=now)
    )
    claimed = []
    following = now + timedelta(seconds=settings.ACCORD_MAIL_POLL_SECONDS)
    for mailbox in due.select_related("staff").order_by("pk"):
        won = Mailbox.objects.filter(pk=mailbox.pk, next_sync_at=mailbox.next_sync_at).update(
            next_sync_at=following
        )
        if won:
            claimed.append(mailbox)
    return claimed


def sync_due_mailboxes() -> list[SyncResult]:
    """The worker's share: every mailbox whose poll interval has passed."""
    return [sync_mailbox(mailbox) for mailbox in claim_due_mailboxes()]


def watch_mailbox(
    mailbox: Mailbox,
    report: Callable[[str], None],
    rounds: int | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Sync, then wait on the first folder with IDLE (or poll every
    ACCORD_MAIL_POLL_SECONDS where the server has no IDLE), and sync again; until
    `stop` is set, or after `rounds` syncs following the first."""
    stop = stop or threading.Event()
    done = 0
    client = connect(mailbox)
    try:
        watched = mailbox.folders[0]
        # The watched folder is synced last, so it stays selected: mail arriving after
        # that sync is announced by the server as soon as IDLE starts.
        mailbox.folders = [*mailbox.folders[1:], watched]
        while not stop.is_set():
            result = SyncResult(mailbox.name)
            _sync_with(client, mailbox, result)
            _finish(mailbox, result)
            report(result.summary())
            if rounds is not None and done >= rounds:
                return
            done += 1
            _wait_for_mail(client, mailbox, watched, report, stop)
    finally:
        client.logout()


def _wait_for_mail(
    client: IMAPClient,
    mailbox: Mailbox,
    folder: str,
    report: Callable[[str], None],
    stop: threading.Event,
) -> None:
    if b"IDLE" not in client.capabilities():
        report(f"{mailbox.name}: no IDLE on this server, polling {folder}")
        stop.wait(settings.ACCORD_MAIL_POLL_SECONDS)
        return
    client.idle()
    try:
        report(f"{mailbox.name}: waiting for mail in {folder} (IDLE)")
        client.idle_check(timeout=IDLE_SECONDS)
    finally:
        client.idle_done()
