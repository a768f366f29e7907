"""Helpers for webhook tests: the documented signature check, a recording HTTP receiver
(http.server) answering scripted statuses, and builders for endpoints and alerts."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from accord.customers.services import create_customer
from accord.scoring.models import Alert
from accord.webhooks.services import CreatedEndpoint, create_endpoint


def verify_accord_signature(secret: str, headers: Message, body: bytes) -> bool:
    """The receiver's check, as docs/webhooks.md gives it (kept independent of Accord's
    own signing code, so a test proves the documented recipe works). Header names are
    case-insensitive, as in every web framework."""
    timestamp = headers.get("X-Accord-Timestamp", "")
    signature = headers.get("X-Accord-Signature", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return False  # stale or missing: maybe a replay
    signed = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


@dataclass
class Received:
    path: str
    headers: Message  # case-insensitive lookups
    body: bytes


@dataclass
class Receiver:
    """`statuses` are answered in order, then 200; `hold` makes the handler wait (timeouts)."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    hold: threading.Event | None = None


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.requests.append(Received(self.path, self.headers, body))
            if receiver.hold is not None:
                receiver.hold.wait(10)
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            answer = b"boom" if status >= 500 else b"ok"
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A sender that timed out has hung up before the held answer: expected here."""


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    found = Receiver()
    server = _QuietServer(("127.0.0.1", 0), _handler(found))
    server.daemon_threads = True
    server.block_on_close = False
    found.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/accord"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return found, server


def make_endpoint(url: str, kinds: list[str], by, *, active: bool = True) -> CreatedEndpoint:
    created = create_endpoint(url=url, event_kinds=kinds, by=by)
    if not active:
        created.endpoint.is_active = False
        created.endpoint.save(update_fields=["is_active"])
    return created


def make_alerts(owner, kinds: list[str], at: datetime) -> list[Alert]:
    """Alerts written the way accord.scoring.store writes them: one bulk_create."""
    customer = create_customer(name="Ada Lovelace", owner=owner)
    return Alert.objects.bulk_create(
        Alert(customer=customer, owner=owner, kind=kind, message=f"{kind} happened", created_at=at)
        for kind in kinds
    )
