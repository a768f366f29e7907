"""Start-up check: an unknown ACCORD_SENTIMENT_ANALYZER stops `accord serve`, `migrate`,
`check` with one line naming the choices, not at the first survey comment scored."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from accord.voice.analyzers import FACTORIES


@register()
def sentiment_analyzer_is_known(app_configs: Any, **kwargs: Any) -> list[Error]:
    name = getattr(settings, "ACCORD_SENTIMENT_ANALYZER", "accord")
    if name in FACTORIES:
        return []
    known = ", ".join(sorted(FACTORIES))
    return [
        Error(
            f"ACCORD_SENTIMENT_ANALYZER: unknown sentiment analyzer {name!r}, use one of: {known}",
            id="accord.voice.E001",
        )
    ]
