"""Screenshots of the pages a browser journey visits, kept in the run's output folder.

The folder is $ACCORD_TEST_OUTPUT, else test-output/ under the run's ACCORD_VAR_DIR,
with one subfolder per test; files are numbered in visiting order.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Page


def output_folder() -> Path:
    root = os.environ.get("ACCORD_TEST_OUTPUT")
    return Path(root) if root else Path(settings.VAR_DIR) / "test-output"


class Screens:
    def __init__(self, test_name: str) -> None:
        self.folder = output_folder() / re.sub(r"[^\w.-]+", "_", test_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.taken: list[Path] = []

    def take(self, page: Page, name: str) -> Path:
        """A full-page PNG of what the browser shows now."""
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path
