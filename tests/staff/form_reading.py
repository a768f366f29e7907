"""Reading a rendered form back: the value each field shows and the message beside it,
so tests can say "an invalid submission keeps every typed value" exactly."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._error_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and a.get("type") not in ("hidden", "submit"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.values[name] = a.get("value", "on")
            else:
                self.values[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""
        elif tag == "select":
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "p" and a.get("id", "").endswith("_error"):
            self._error_for = a["id"].removeprefix("id_").removesuffix("_error")
            self.errors[self._error_for] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "p":
            self._error_for = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += (
                data.removeprefix("\n") if not self.values[self._textarea] else data
            )
        if self._error_for is not None:
            self.errors[self._error_for] += data


def read_form(html: str) -> tuple[dict[str, str], dict[str, str]]:
    """(values by field name, error message by field name) of every form on the page."""
    reader = _FormReader()
    reader.feed(html)
    return reader.values, reader.errors
