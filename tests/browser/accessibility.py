"""axe-core accessibility checks in the browser (offline: axe-playwright-python ships
axe.min.js). `assert_accessible(page)` fails on any serious or critical violation and
names each one with the elements it was found on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

BLOCKING = ("serious", "critical")


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


def assert_accessible(page: Page) -> None:
    violations = serious_violations(page)
    lines = [
        f"{v['impact']}: {v['id']} ({v['help']}) on "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"{page.url}:\n" + "\n".join(lines)
