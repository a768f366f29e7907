"""Files uploaded through the staff pages, kept under var/imports/<token>/ with a small
upload.json (who, when, the runs started from it), so a run can be previewed, started and
run again after an interruption. One upload may hold several files: a Salesforce Data
Export's Account.csv with the User.csv and Contact.csv its owners and contacts need."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass
class Upload:
    token: str
    files: list[str]  # stored names, in upload order
    size: int
    uploaded_by: int | None
    uploaded_at: str
    run_ids: list[int] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return ", ".join(self.files)

    def path_of(self, name: str) -> Path | None:
        """The stored file of that name; None for a name the upload does not hold."""
        return _folder(self.token) / name if name in self.files else None

    @property
    def default_file(self) -> str:
        """The file to preview first: not the Salesforce User file, which only serves."""
        wanted = [name for name in self.files if Path(name).stem.casefold() != "user"]
        return (wanted or self.files)[0]


def uploads_root() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def _folder(token: str) -> Path:
    return uploads_root() / token


def _stored_name(file_name: str) -> str:
    # Keep the extension (it tells JSON Lines) and a readable stem; never a path.
    cleaned = _UNSAFE.sub("_", Path(file_name).name).strip(" .") or "upload.csv"
    return cleaned[:120]


def save_upload(files: list[tuple[str, Iterable[bytes]]], size: int, by: int | None) -> Upload:
    """Store uploaded files (name, chunks) under a new token; returns the record."""
    token = secrets.token_hex(16)
    folder = _folder(token)
    folder.mkdir(parents=True)
    stored: list[str] = []
    for name, chunks in files:
        stored_name = _stored_name(name)
        if stored_name in stored:
            stored_name = f"{len(stored)}-{stored_name}"
        with (folder / stored_name).open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        stored.append(stored_name)
    upload = Upload(token, stored, size, by, timezone.now().isoformat())
    _write(upload)
    return upload


def get_upload(token: str) -> Upload | None:
    if not _TOKEN.match(token):
        return None
    try:
        data = json.loads((_folder(token) / "upload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Upload(**data)


def record_run(upload: Upload, run_id: int) -> None:
    upload.run_ids.append(run_id)
    _write(upload)


def _write(upload: Upload) -> None:
    target = _folder(upload.token) / "upload.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(upload)), encoding="utf-8")
    temporary.replace(target)


def list_uploads(limit: int = 20) -> list[Upload]:
    """The most recent uploads, newest first."""
    root = uploads_root()
    if not root.is_dir():
        return []
    folders = sorted(
        (p for p in root.iterdir() if _TOKEN.match(p.name)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    found = (get_upload(folder.name) for folder in folders[:limit])
    return [upload for upload in found if upload is not None]
