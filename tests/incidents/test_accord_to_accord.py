"""Two Accord servers on loopback, each the other's partner, with their own databases
(SQLite files): an incident opened in Alpha reaches Beta on Beta's matching customer
(signed delivery to Beta's inbox), is resolved in Beta, and shows resolved in Alpha
(Beta's call to Alpha's partner API). Deliveries go out with `accord worker --once`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_serve import free_port, wait_for

ACCORD = str(Path(sys.executable).with_name("accord"))

# One set-up script per server (each `accord` start costs seconds): a manager with an API
# token, the other server registered as a partner, and the shared customer, who has the
# reference LINE-0042 for that partner and consented to sharing with it.
SETUP = """
import json
from accord.consents.services import record_consent
from accord.customers.services import add_identity, create_customer
from accord.members.models import Role, StaffMember
from accord.members.services import issue_api_token
from accord.partners.services import save_partner
owner = StaffMember.objects.create_user(username="owner", password="x", function="management",
                                        role=Role.MANAGER)
partner = save_partner({{"name": {partner!r}, "role": {role!r}, "shared_fields": ["name"]}},
                       by=owner)
customer = create_customer(name={name!r}, owner=owner, email={email!r}, stage="active")
add_identity(customer_id=customer.pk, kind="external", source=partner.slug, value="LINE-0042",
             by=None)
record_consent(customer_id=customer.pk, purpose="partner_sharing", partner_id=partner.pk,
               is_granted=True, method="portal")
token = issue_api_token(staff=owner, name="test").plaintext
print(json.dumps({{"token": token, "customer": customer.pk, "partner": partner.pk,
                  "slug": partner.slug}}))
"""


@dataclass
class Server:
    env: dict[str, str]
    url: str
    process: subprocess.Popen
    staff_token: str = ""

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [ACCORD, *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.url}/api/v1{path}",
            data=json.dumps(payload).encode() if payload is not None else None,
            method=method,
            headers={
                "Authorization": f"Bearer {self.staff_token}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path}: {error.code} {error.read()!r}") from None


def start(tmp: Path, migrated: Path) -> Server:
    """A server on its own copy of a freshly migrated SQLite file (one migrate for both)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ACCORD_VAR_DIR"] = str(tmp)
    tmp.mkdir()
    for part in migrated.glob("accord.sqlite3*"):  # the -wal file too, if one was left
        shutil.copy(part, tmp / part.name)
    port = free_port()
    process = subprocess.Popen(
        [ACCORD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Server(env=env, url=f"http://127.0.0.1:{port}", process=process)


@pytest.fixture
def servers(tmp_path: Path, migrated_sqlite: Path):
    migrated = migrated_sqlite.parent
    alpha = start(tmp_path / "alpha", migrated)
    beta = start(tmp_path / "beta", migrated)
    try:
        wait_for(f"{alpha.url}/healthz", alpha.process)
        wait_for(f"{beta.url}/healthz", beta.process)
        yield alpha, beta
    finally:
        for server in (alpha, beta):
            server.process.terminate()
            server.process.wait(timeout=30)


def test_incident_travels_between_two_accords_and_resolution_flows_back(servers) -> None:
    alpha, beta = servers
    a = json.loads(
        alpha.run(
            "shell",
            "-c",
            SETUP.format(
                partner="Beta Networks",
                role="network",
                name="Ada Lovelace",
                email="ada@alpha.example",
            ),
        ).splitlines()[-1]
    )
    b = json.loads(
        beta.run(
            "shell",
            "-c",
            SETUP.format(
                partner="Alpha Retail",
                role="platform",
                name="A. Lovelace",
                email="ada@beta.example",
            ),
        ).splitlines()[-1]
    )
    alpha.staff_token, beta.staff_token = a["token"], b["token"]
    # Each issues the other a partner token and stores the one the other issued it.
    for_beta = alpha.run("partner", "token", a["slug"], "--name", "beta's accord")
    for_alpha = beta.run("partner", "token", b["slug"], "--name", "alpha's accord")
    alpha.run("partner", "connect", a["slug"], "--url", beta.url, "--token", for_alpha)
    beta.run("partner", "connect", b["slug"], "--url", alpha.url, "--token", for_beta)
    ada_alpha, ada_beta = a["customer"], b["customer"]

    opened = alpha.call(
        "POST",
        "/incidents",
        {
            "title": "Checkout times out on mobile data",
            "journey_steps": ["network", "checkout"],
            "customer_ids": [ada_alpha],
        },
    )
    beta_id_in_alpha = alpha.call("GET", "/incidents")["items"][0]["id"]
    assert beta_id_in_alpha == opened["id"]
    alpha.call(
        "POST",
        f"/incidents/{opened['id']}/attribute",
        {
            "vendor": "partner",
            "partner_id": a["partner"],
            "confidence": 85,
            "evidence": "fails only on Beta's network, since 09:10",
        },
    )
    assert "partner calls: 1 delivered, 0 to retry, 0 failed" in alpha.run("worker", "--once")

    copies = beta.call("GET", "/incidents")["items"]
    assert len(copies) == 1
    copy = copies[0]
    assert copy["customer_ids"] == [ada_beta]
    assert copy["title"] == "Checkout times out on mobile data"
    assert copy["vendor"] == "us" and copy["confidence"] == 85
    assert copy["origin_partner_id"] == b["partner"] and copy["remote_id"] == str(opened["id"])

    beta.call("POST", f"/incidents/{copy['id']}/acknowledge", {"note": "rerouting traffic"})
    beta.call("POST", f"/incidents/{copy['id']}/resolve", {"note": "cell 17 replaced"})
    assert beta.call("GET", f"/incidents/{copy['id']}")["status"] == "resolved"
    assert "partner calls: 2 delivered, 0 to retry, 0 failed" in beta.run("worker", "--once")

    back = alpha.call("GET", f"/incidents/{opened['id']}")
    assert back["status"] == "resolved"
    assert back["shares"][0]["acknowledged_at"] and back["shares"][0]["resolved_at"]
    notes = [(e["kind"], e["by"], e["note"]) for e in back["history"]]
    assert ("acknowledged", "Beta Networks", "rerouting traffic") in notes
    assert ("resolved", "Beta Networks", "cell 17 replaced") in notes
    # Both keep their own history: Beta's copy says Alpha shared it.
    beta_history = beta.call("GET", f"/incidents/{copy['id']}")["history"]
    assert beta_history[0]["by"] == "Alpha Retail"
