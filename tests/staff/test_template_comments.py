"""Django's {# #} comments end at the line: one spread over lines is printed on the page."""

from __future__ import annotations

from pathlib import Path

import accord

SOURCE = Path(accord.__file__).parent


def test_no_template_comment_spans_lines() -> None:
    broken = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert broken == []
