"""The few cell cleaners the domains' validators (accord.<domain>.validators) do not have:
references kept as text until the engine resolves them, and bounded floats.

Each raises ValueError with a message for the error report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Cleaner = Callable[[str], Any]


def long_text(raw: str) -> str:
    """Text as given, stripped: a staff email or name, resolved later, set-based."""
    return raw.strip()


def number(minimum: float, maximum: float) -> Cleaner:
    def clean(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        if not minimum <= value <= maximum:
            raise ValueError(f"{value} is not between {minimum} and {maximum}")
        return value

    return clean
