"""Many regular expressions over one short text, fast: each runs only if its first word can occur.

Python's `re` tries every alternative at every position, so 60 phrase patterns cost about
90 µs a text even when none matches, which is most texts. A pattern that starts at a word
boundary with literal words ("\\b(?:lost|losing) my bag") can only match if the text has
a word starting with one of them; `PhraseSet` indexes patterns by the first 2 or 3
letters of those words (a leading digit class by "0") and tries only the patterns whose
words occur. Patterns whose start cannot be read that way (a one-letter word, "\\w+", no
word boundary) always run, so the index never changes a result, only how many patterns
are tried (tests/voice/test_phrases.py checks this on rated texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

Name = TypeVar("Name")

KEY_LENGTH = 3
# Regular expressions slice the words in C: about 10x faster than a Python loop over them.
_FIRST_TWO = re.compile(r"\b\w\w")
_FIRST_THREE = re.compile(r"\b\w\w\w")
_HAS_DIGIT = re.compile(r"\d")
DIGIT = "0"  # the key of patterns that start with a digit, and of texts that have one
_STOP = set("([.^$|)")
_OPTIONAL = set("*?{")


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of each character outside escapes and [...]."""
    depth, index = 0, start
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = pattern.index("]", index + 2)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        yield index, char, depth
        index += 1


def _closing(pattern: str, start: int) -> int:
    """Index of the parenthesis closing the group that opens at `start`."""
    for index, char, depth in _structure(pattern, start):
        if char == ")" and depth == 0:
            return index
    raise ValueError(f"unbalanced pattern: {pattern!r}")


def _split_alternatives(pattern: str) -> list[str]:
    parts, last = [], 0
    for index, char, depth in _structure(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[last:index])
            last = index + 1
    parts.append(pattern[last:])
    return parts


def _literal_word(alternative: str) -> str:
    """The literal word characters an alternative must start with ("" if unknown)."""
    if alternative.startswith("\\d"):
        return DIGIT
    word: list[str] = []
    index = 0
    while index < len(alternative):
        char = alternative[index]
        if char == "\\" or char in _STOP or char == "+":
            break
        if char in _OPTIONAL:
            if word:
                word.pop()
            break
        if not (char.isalnum() or char == "_"):
            break
        word.append(char)
        index += 1
    return "".join(word)


def first_words(pattern: str) -> list[str] | None:
    """Literal word starts, one of which every match begins with; None if not knowable."""
    words: list[str] = []
    for part in _split_alternatives(pattern):
        index = 0
        anchored = False
        while True:
            if part.startswith("\\b", index) or part.startswith("^", index):
                index += 2 if part[index] == "\\" else 1
                anchored = True
            elif part.startswith("(?<!", index) or part.startswith("(?<=", index):
                index = _closing(part, index) + 1
            else:
                break
        rest = part[index:]
        if not anchored or not rest:
            return None
        if rest.startswith("(?:"):
            end = _closing(rest, 0)
            if end + 1 < len(rest) and rest[end + 1] in _OPTIONAL:
                return None
            starts = [_literal_word(a) for a in _split_alternatives(rest[3:end])]
        elif rest.startswith("("):
            return None
        else:
            starts = [_literal_word(rest)]
        # One-letter starts ("a", "i" of "i'm") would put the pattern under keys most
        # texts have: such patterns simply always run.
        if any(len(start) < 2 and start != DIGIT for start in starts):
            return None
        words.extend(starts)
    return words


def _key(word: str) -> str:
    return word[:KEY_LENGTH]


def word_keys(clean: str) -> set[str]:
    """Index keys of a normalised text: the first 2 and 3 letters of each word."""
    keys = set(_FIRST_TWO.findall(clean))
    keys.update(_FIRST_THREE.findall(clean))
    if _HAS_DIGIT.search(clean):
        keys.add(DIGIT)
    return keys


@dataclass(frozen=True, slots=True)
class _Entry(Generic[Name]):
    order: int
    name: Name
    pattern: re.Pattern[str]


class PhraseSet(Generic[Name]):
    """Named patterns tried in their given order, each only where its first words occur."""

    def __init__(self, patterns: Iterable[tuple[Name, str]]) -> None:
        self._always: list[_Entry[Name]] = []
        self._index: dict[str, list[_Entry[Name]]] = {}
        for order, (name, source) in enumerate(patterns):
            entry = _Entry(order, name, re.compile(source))
            words = first_words(source)
            if words is None:
                self._always.append(entry)
                continue
            for key in {_key(word) for word in words}:
                self._index.setdefault(key, []).append(entry)

    def candidates(self, keys: set[str]) -> list[tuple[Name, re.Pattern[str]]]:
        found = {id(e): e for key in keys & self._index.keys() for e in self._index[key]}
        entries = sorted([*self._always, *found.values()], key=lambda e: e.order)
        return [(entry.name, entry.pattern) for entry in entries]

    def matches(self, clean: str, keys: set[str]) -> Iterator[tuple[Name, re.Match[str]]]:
        """Every match of every candidate pattern, patterns in order, matches left to right."""
        for name, pattern in self.candidates(keys):
            for match in pattern.finditer(clean):
                yield name, match

    def names_found(self, clean: str, keys: set[str]) -> set[Name]:
        names: set[Name] = set()
        for name, pattern in self.candidates(keys):
            if name not in names and pattern.search(clean):
                names.add(name)
        return names
