"""Automated accessibility checks for browser tests: axe-core, offline.

axe-playwright-python ships axe.min.js in its wheel, so nothing is fetched. A page
fails on any violation axe rates serious or critical (WCAG 2.x A/AA and best-practice
rules, axe's defaults); minor and moderate ones are left to review. The failure lists
each rule with the selectors of the offending elements so the fix is obvious.

    from tests.browser.accessibility import assert_accessible
    assert_accessible(page)            # the whole page as it is now
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

FAILING_IMPACTS = frozenset({"serious", "critical"})


@cache
def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe  # late: Playwright may be missing

    return Axe()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page rated serious or critical, as axe reports them."""
    results = _axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with a readable list when axe finds serious or critical violations."""
    violations = serious_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"
