"""Raw RFC 5322 bytes -> ParsedMail: the headers and text Accord keeps of a message.

Real mail is messy: RFC 2047 encoded words in headers, quoted-printable and base64
bodies, charsets that are declared wrong or not at all (windows-1252 text labelled
iso-8859-1), HTML-only bodies, missing Message-IDs. Nothing here raises on bad input:
every field falls back to something usable, because one odd message must not stop a
mailbox from syncing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from accord.mail.html_text import html_to_text
from accord.mail.quoting import split_reply

_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
# PostgreSQL refuses NUL in text; other control characters are noise in a timeline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Labels mail clients get wrong: text declared iso-8859-1 is very often windows-1252
# (curly quotes, the euro sign in 0x80-0x9f, where latin-1 has only control codes), and
# text declared ascii or nothing is usually UTF-8, else windows-1252.
_LATIN = ("cp1252", "utf-8")
_UNLABELLED = ("utf-8", "cp1252")
_CHARSET_CANDIDATES = {
    "iso-8859-1": _LATIN,
    "latin-1": _LATIN,
    "latin1": _LATIN,
    "windows-1252": _LATIN,
    "us-ascii": _UNLABELLED,
    "ascii": _UNLABELLED,
    "": _UNLABELLED,
}


@dataclass(frozen=True)
class Attachment:
    name: str
    size: int  # bytes, decoded
    content_type: str
    payload: bytes = field(repr=False, default=b"")


@dataclass(frozen=True)
class ParsedMail:
    message_id: str  # without angle brackets; synthesised from the bytes when missing
    in_reply_to: list[str]
    references: list[str]
    from_address: str  # lower case
    from_name: str
    to_addresses: list[str]
    cc_addresses: list[str]
    subject: str
    sent_at: datetime | None
    body: str  # the new text, quoted history trimmed
    quoted: str  # the trimmed history, kept for the record
    attachments: list[Attachment]

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this message answers, nearest first (In-Reply-To, then References
        from the newest back)."""
        seen: list[str] = []
        for message_id in [*self.in_reply_to, *reversed(self.references)]:
            if message_id not in seen and message_id != self.message_id:
                seen.append(message_id)
        return seen


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # malformed encoded words or addresses
        value = None
        raw = message.get_all(name, failobj=[])
        if raw:
            value = str(raw[0])
    return clean_text(" ".join(str(value or "").split()))


def _message_ids(raw: str) -> list[str]:
    return _MESSAGE_ID.findall(raw)


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    try:
        values = [str(value) for value in message.get_all(name, failobj=[])]
    except (ValueError, IndexError, TypeError):  # an address header beyond repair
        return []
    pairs = []
    for display, address in getaddresses(values):
        address = address.strip().lower()
        if "@" in address:
            pairs.append((clean_text(display), address))
    return pairs


def _sent_at(message: Message) -> datetime | None:
    raw = _header(message, "Date")
    if not raw:
        return None
    try:
        sent = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    # A Date without a zone is local time somewhere; UTC is the least wrong reading.
    return sent if sent.tzinfo else sent.replace(tzinfo=UTC)


def decode_part(part: Message) -> str:
    """The text of a text/* part, whatever its transfer encoding and declared charset."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = (part.get_content_charset() or "").lower()
    for candidate in _CHARSET_CANDIDATES.get(charset, (charset, "utf-8")):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("cp1252", errors="replace")


def _body_text(message: EmailMessage) -> str:
    """Prefer text/plain; fall back to HTML turned into text."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError):
        part = None
    if part is None:
        return ""
    text = decode_part(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return clean_text(text)


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments() if message.is_multipart() else []:
        found.extend(_attachment_parts(part))
    return found


def _attachment_parts(part: Message) -> list[Attachment]:
    if part.is_multipart():
        # A forwarded message or a related bundle: its own attachments count too.
        subparts = [sub for sub in part.get_payload() if isinstance(sub, Message)]
        return [attachment for sub in subparts for attachment in _attachment_parts(sub)]
    payload = part.get_payload(decode=True)
    payload = payload if isinstance(payload, bytes) else b""
    name = part.get_filename() or ""
    if (
        not name
        and part.get_content_maintype() == "text"
        and part.get_content_disposition() != "attachment"
    ):
        return []  # an alternative body, not an attachment
    return [
        Attachment(
            name=clean_text(name or "unnamed")[:255],
            size=len(payload),
            content_type=part.get_content_type(),
            payload=payload,
        )
    ]


def parse_mail(raw: bytes) -> ParsedMail:
    """Parse one message. Never raises for malformed mail (see module docstring)."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    ids = _message_ids(_header(message, "Message-ID"))
    # Without a Message-ID, the bytes themselves are the identity: a second sync of the
    # same message finds the same synthesised id.
    message_id = ids[0] if ids else f"{hashlib.sha256(raw).hexdigest()}@accord.no-message-id"
    senders = _addresses(message, "From")
    text = _body_text(message)
    body, quoted = split_reply(text)
    return ParsedMail(
        message_id=message_id[:900],
        in_reply_to=_message_ids(_header(message, "In-Reply-To")),
        references=_message_ids(_header(message, "References")),
        from_address=senders[0][1] if senders else "",
        from_name=senders[0][0] if senders else "",
        to_addresses=[address for _, address in _addresses(message, "To")],
        cc_addresses=[address for _, address in _addresses(message, "Cc")],
        subject=_header(message, "Subject"),
        sent_at=_sent_at(message),
        body=body,
        quoted=quoted,
        attachments=_attachments(message),
    )
