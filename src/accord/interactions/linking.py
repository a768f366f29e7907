"""Issue-shopping detection: is a new request about the same issue as an open conversation?

Pure functions, no database. The method (weighted token overlap on subject and body,
plus agreement on kind) and its measured precision and recall are in
docs/accountability.md; tests/interactions/test_linking.py re-measures them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words that carry no issue: greetings, pronouns, filler and request boilerplate.
STOPWORDS = frozenset(
    """
    a about after again all also am an and any are as at be been before being but by can
    could did do does doing don for from get got had has have having hello hi how i if in
    into is it its just me my no not now of on once only or our out please regards same
    so still than thanks thank that the their them then there these they this to too up
    us very was we were what when where which while who why will with would you your yours
    dear team hey help need want wanted issue problem question again today yesterday
    week month sorry ok okay sent send asking ask contact contacted reply every order
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

# Everyday variants customers use for the same thing; mapped to one token so that
# "invoice"/"bill" or "charged twice"/"double charge" meet.
SYNONYMS = {
    "bill": "invoice",
    "billed": "invoice",
    "billing": "invoice",
    "invoiced": "invoice",
    "statement": "invoice",
    "double": "twice",
    "duplicate": "twice",
    "charge": "charg",
    "charged": "charg",
    "charging": "charg",
    "payment": "charg",
    "paid": "charg",
    "pay": "charg",
    "refunded": "refund",
    "money": "refund",
    "broken": "fault",
    "faulty": "fault",
    "defective": "fault",
    "damaged": "fault",
    "login": "log",
    "logged": "log",
    "signin": "log",
    "password": "log",
    "delivery": "deliver",
    "delivered": "deliver",
    "parcel": "deliver",
    "package": "deliver",
    "shipment": "deliver",
    "arrived": "deliver",
    "cancel": "cancel",
    "cancelled": "cancel",
    "cancellation": "cancel",
    "terminate": "cancel",
    "internet": "connect",
    "connection": "connect",
    "wifi": "connect",
    "outage": "connect",
    "offline": "connect",
}

# A request is linked when its score against an open conversation reaches the threshold.
# Chosen on tests/data/issue_pairs.json (see docs/accountability.md for the figures).
LINK_THRESHOLD = 0.4
# One shared word ("invoice", "export") is a topic, not an issue: two are required.
MIN_SHARED_WORDS = 2
# Agreeing on the kind (complaint, billing, support...) is evidence, not proof: the same
# complaint can be filed as "billing" at one desk and "complaint" at another.
SAME_KIND_BONUS = 0.15

_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """A deliberately crude suffix stripper: plurals and -ing/-ed forms meet their stem."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def issue_tokens(text: str) -> frozenset[str]:
    """The content words of a text, lower-cased, synonym-folded and stemmed."""
    tokens = set()
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or (len(word) < 3 and not word.isdigit()):
            continue
        tokens.add(SYNONYMS.get(word, _stem(word)))
    return frozenset(tokens)


def text_similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """Overlap coefficient |A and B| / min(|A|, |B|): a short chat line inside a long email
    still scores high, which plain Jaccard (|A and B| / |A or B|) would punish."""
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def issue_score(kind: str, text: str, other_kind: str, other_texts: Iterable[str]) -> float:
    """Similarity of a new request to a conversation (its subject and every request's text)."""
    words = issue_tokens(text)
    other = frozenset().union(*(issue_tokens(t) for t in other_texts))
    if len(words & other) < MIN_SHARED_WORDS:
        return 0.0
    score = text_similarity(words, other)
    return score + (SAME_KIND_BONUS if kind == other_kind else 0.0)


def is_same_issue(kind: str, text: str, other_kind: str, other_texts: Iterable[str]) -> bool:
    return issue_score(kind, text, other_kind, other_texts) >= LINK_THRESHOLD
