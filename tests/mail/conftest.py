"""A real IMAP server for the mail tests: Debian's Dovecot on a free loopback port, with
its configuration, users and maildirs in tmp_path, stopped after each test.

Without Dovecot the tests skip with the reason, except under CI=true, where a missing
server fails the run (.ci/run installs dovecot-imapd).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from imapclient import IMAPClient

DOVECOT = os.environ.get("ACCORD_DOVECOT", "/usr/sbin/dovecot")
DOVEADM = os.environ.get("ACCORD_DOVEADM", "/usr/bin/doveadm")
PASSWORD = "imap-test-password"


@dataclass(frozen=True)
class Dovecot:
    port: int
    config: Path

    def client(self, user: str) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(user, PASSWORD)
        return client

    def append(self, user: str, raw: bytes, folder: str = "INBOX") -> None:
        client = self.client(user)
        try:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            client.append(folder, raw)
        finally:
            client.logout()

    def set_uidvalidity(self, user: str, folder: str, uidvalidity: int) -> None:
        """Renumber a folder the way a server restore or migration does."""
        subprocess.run(
            [DOVEADM, "-c", str(self.config), "mailbox", "update", "-u", user,
             "--uid-validity", str(uidvalidity), folder],
            check=True, capture_output=True,
        )  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _missing_dovecot() -> str | None:
    if not (os.access(DOVECOT, os.X_OK) or shutil.which(DOVECOT)):
        return f"no Dovecot at {DOVECOT} (apt-get install dovecot-imapd, or set ACCORD_DOVECOT)"
    return None


def _mail_settings(root: Path) -> str:
    """Dovecot refuses to touch mail as root: as root (CI), mail processes run as the
    dovecot user, chrooted into the maildir root (so tmp_path's private parents need no
    opening up), and authentication stays root to read the passwd file there; as anyone
    else, everything runs as that user."""
    if os.geteuid() == 0:
        account = pwd.getpwnam("dovecot")
        os.chown(root, account.pw_uid, account.pw_gid)
        return f"""
first_valid_uid = 1
mail_chroot = {root}
valid_chroot_dirs = {root}
mail_location = maildir:~/Maildir
userdb {{
  driver = static
  args = uid={account.pw_uid} gid={account.pw_gid} home=/%u
}}
service auth {{
  user = root
}}
service auth-worker {{
  user = root
}}
"""
    user = pwd.getpwuid(os.geteuid()).pw_name
    return f"""
default_internal_user = {user}
default_login_user = {user}
first_valid_uid = {os.geteuid()}
mail_location = maildir:{root}/%u/Maildir
userdb {{
  driver = static
  args = uid={os.geteuid()} gid={os.getegid()} home={root}/%u
}}
service imap-login {{
  chroot =
}}
"""


def write_config(directory: Path, port: int, users: list[str], run: Path | None = None) -> Path:
    """dovecot.conf, passwd and empty run/state/mail folders in `directory`. `run` (the
    sockets' folder) may sit elsewhere: a socket's path has at most 107 bytes, which a
    deep pytest folder (xdist adds popen-gwN/) goes past."""
    run = run or directory / "run"
    run.mkdir(exist_ok=True)
    for name in ("state", "mail"):
        (directory / name).mkdir()
    (directory / "passwd").write_text("".join(f"{user}:{{PLAIN}}{PASSWORD}\n" for user in users))
    config = directory / "dovecot.conf"
    config.write_text(
        f"""
base_dir = {run}
state_dir = {directory}/state
log_path = {directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
# Plain-text passwords are fine here: the server listens on loopback only.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Like a provider's account: every user has a Sent folder from the start.
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    auto = create
    special_use = \\Sent
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {directory}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
{_mail_settings(directory / "mail")}
"""
    )
    return config


MAIL_USERS = ["sales@acme.example", "bob@acme.example", "support@acme.example"]


@pytest.fixture
def dovecot(tmp_path: Path) -> Iterator[Dovecot]:
    problem = _missing_dovecot()
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"mail tests cannot run under CI=true: {problem}", pytrace=False)
    if problem:
        pytest.skip(problem)
    directory = tmp_path / "dovecot"
    directory.mkdir()
    port = free_port()
    sockets = Path(tempfile.mkdtemp(prefix="dovecot-"))  # short: see write_config
    config = write_config(directory, port, MAIL_USERS, run=sockets)
    # Without -F the master binds its listeners before it returns, so the port answers
    # as soon as this command exits: no waiting loop needed. Its output goes to a file:
    # the daemon keeps inherited pipes open, and reading one would never end.
    errors = directory / "start.err"
    with errors.open("w") as stderr:
        started = subprocess.run(
            [DOVECOT, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=stderr, check=False
        )
    if started.returncode != 0:
        pytest.fail(f"dovecot did not start: {errors.read_text()}", pytrace=False)
    # The greeting comes from a login process the master starts after writing its pid
    # file; without waiting for it, a very short test could run `dovecot stop` before
    # that file exists, and the server would outlive the test.
    with socket.create_connection(("127.0.0.1", port), timeout=30) as probe:
        greeting = probe.makefile("rb").readline()
    if not greeting.startswith(b"* OK"):
        pytest.fail(f"dovecot greeted with {greeting!r}", pytrace=False)
    try:
        yield Dovecot(port=port, config=config)
    finally:
        subprocess.run(
            [DOVECOT, "-c", str(config), "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(sockets, ignore_errors=True)
