"""Finding customers by what staff type: every word typed is the start of a word of the
customer's name, email or phone (any case, accents ignored), or the whole text is exactly
one of their identities (a phone number, a handle, an external id).

Answered by a word index kept by the database itself, so every writer (services, bulk
imports, the demo, raw SQL) keeps it current without knowing about it:
- SQLite: an FTS5 table over name, email and phone (`unicode61 remove_diacritics 2`),
  filled by triggers on the customer table (migration customers.0003). A migration that
  rebuilds the customer table (SQLite's way to alter a column) drops those triggers: the
  search tests then fail on customers created after migrating, which is the alarm.
- PostgreSQL: a GIN index on `accord_customer_words(name, email, phone)`, a tsvector of
  the unaccented words ('simple' configuration: no stemming, no stop words).

Words are runs of letters and digits: "cid@acme.test" is the words cid, acme and test, so
"acme" finds it, as a "contains" search did, but "cme" no longer does.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from accord.customers.models import Identity

# Letters and digits of any script; "_" is a separator for both databases' tokenizers.
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8

FTS_TABLE = "customers_customer_words"
_SQLITE_WORDS = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
_POSTGRESQL_WORDS = (
    "SELECT id FROM customers_customer "
    "WHERE accord_customer_words(name, email, phone) @@ to_tsquery('simple', "
    "public.unaccent('public.unaccent'::regdictionary, %s))"
)


def search_words(text: str) -> list[str]:
    """The words of a search, as the index splits them (case and accents are the
    database's to fold)."""
    return _WORD.findall(text)[:MAX_WORDS]


def _word_query(words: list[str]) -> tuple[str, str]:
    """(SQL selecting the ids of customers with a word starting with each of `words`,
    its one parameter). Words hold letters and digits only, so quoting them is safe."""
    if connection.vendor == "postgresql":
        return _POSTGRESQL_WORDS, " & ".join(f"'{word}':*" for word in words)
    return _SQLITE_WORDS, " ".join(f'"{word}"*' for word in words)


def customer_search(text: str) -> Q:
    """Customers whose words start with the typed words, or with exactly that identity."""
    identity = Identity.objects.filter(value=text.lower() if "@" in text else text)
    found = Q(pk__in=identity.values("customer_id"))
    words = search_words(text)
    if words:
        sql, param = _word_query(words)
        found |= Q(pk__in=RawSQL(sql, [param]))
    return found
