"""Splitting a reply into what the sender wrote and the history they quoted.

Mail clients mark quoted history differently: Gmail and Apple Mail write an attribution
line ("On <date>, <name> wrote:") before "> " lines, Outlook writes a separator
("-----Original Message-----", or a rule followed by From:/Sent: headers) and quotes
without markers. The shown body is the text above the first such marker.
"""

from __future__ import annotations

import re

_ATTRIBUTION = re.compile(
    r"^(on\b.{0,200}\bwrote:|am\b.{0,200}\bschrieb\b.{0,80}:|le\b.{0,200}\ba écrit\s?:)\s*$",
    re.IGNORECASE,
)
_OUTLOOK_SEPARATOR = re.compile(
    r"^-{2,}\s*(original message|ursprüngliche nachricht)\s*-{2,}$", re.I
)
_OUTLOOK_RULE = re.compile(r"^_{10,}$")
_HEADER_BLOCK = re.compile(r"^(from|von|de):\s", re.IGNORECASE)
_SENT_LINE = re.compile(r"^(sent|gesendet|envoyé|date):\s", re.IGNORECASE)


def _next_lines(lines: list[str], index: int, count: int) -> list[tuple[int, str]]:
    """The next `count` non-blank lines after `index` (HTML paragraphs leave blanks)."""
    found = [(at, line.strip()) for at, line in enumerate(lines) if at > index and line.strip()]
    return found[:count]


def _is_outlook_header_block(lines: list[str], index: int) -> bool:
    """A "From: ..." line followed within two lines by "Sent: ..." (Outlook's quote)."""
    if not _HEADER_BLOCK.match(lines[index].strip()):
        return False
    return any(_SENT_LINE.match(line) for _, line in _next_lines(lines, index, 2))


def _quote_start(lines: list[str]) -> int | None:
    for index, raw in enumerate(lines):
        line = raw.strip()
        # Gmail wraps a long attribution line over two lines; join it with the next.
        joined = f"{line} {lines[index + 1].strip()}" if index + 1 < len(lines) else line
        if _ATTRIBUTION.match(line) or (
            line.lower().startswith("on ") and _ATTRIBUTION.match(joined)
        ):
            return index
        if _OUTLOOK_SEPARATOR.match(line) or _is_outlook_header_block(lines, index):
            return index
        if _OUTLOOK_RULE.match(line):
            following = _next_lines(lines, index, 1)
            if following and _is_outlook_header_block(lines, following[0][0]):
                return index
        if line.startswith(">") and all(
            not rest.strip() or rest.lstrip().startswith(">") for rest in lines[index:]
        ):
            return index
    return None


def split_reply(text: str) -> tuple[str, str]:
    """(the new text, the quoted history). History is "" when nothing is quoted; a
    message that is all quote keeps its text as the new text (nothing would show)."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = _quote_start(lines)
    if start is None:
        return text.strip(), ""
    new, quoted = "\n".join(lines[:start]).strip(), "\n".join(lines[start:]).strip()
    if not new:
        return text.strip(), ""
    return new, quoted
