"""Numbers and booleans as exports and spreadsheets write them: "$1,234.50",
"1.234,50 €", "12 500", "0/1", "true/false", "yes/no"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Currency symbols and ISO codes around an amount; the currency itself is a separate column.
_CURRENCY = re.compile(r"^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$|[$€£¥₹\u00a0\u202f ']")
_TRUE = frozenset({"1", "true", "yes", "y", "t", "x", "ja", "oui", "sí", "si", "wahr", "vrai"})
_FALSE = frozenset({"0", "false", "no", "n", "f", "", "nein", "non", "falsch", "faux"})


class NumberProblem(ValueError):
    """A value that is not a number; the message quotes it."""


def parse_decimal(value: str) -> Decimal:
    """A Decimal from an amount with optional currency sign or code and thousands
    separators. The last "." or "," followed by one or two digits (or by three when the
    other separator also occurs before it) is the decimal point; "1,234" is one thousand
    two hundred and thirty-four, as HubSpot and Salesforce write amounts."""
    text = value.strip()
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    text = _CURRENCY.sub("", text)
    text = _normalise_separators(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberProblem(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise NumberProblem(f"not a number: {value!r}")
    return -number if negative else number


def _normalise_separators(text: str) -> str:
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        # Both occur: whichever comes last is the decimal separator.
        if comma > dot:
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    if comma >= 0:
        decimals = len(text) - comma - 1
        if text.count(",") == 1 and decimals != 3:
            return text.replace(",", ".")
        return text.replace(",", "")
    if dot >= 0 and text.count(".") > 1:
        return text.replace(".", "")
    return text


def parse_bool(value: str) -> bool:
    """True/False from 0/1, true/false, yes/no (and a few other languages); empty is False."""
    key = value.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {value!r}")
