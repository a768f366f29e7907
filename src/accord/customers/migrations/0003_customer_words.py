"""The word index behind customer search (accord.customers.search), and identities by
value (search matches an identity exactly, whatever its kind and source).

SQLite: an FTS5 table with external content (the customer table) kept by triggers.
PostgreSQL: a GIN index on a tsvector of the unaccented words; `unaccent` is a contrib
extension, created here (needs a role allowed to create it, as the test databases have).
"""

from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE customers_customer_words USING fts5("
    "name, email, phone, content='customers_customer', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO customers_customer_words(customers_customer_words) VALUES ('rebuild')",
    "CREATE TRIGGER customers_customer_words_insert AFTER INSERT ON customers_customer BEGIN "
    "INSERT INTO customers_customer_words(rowid, name, email, phone) "
    "VALUES (new.id, new.name, new.email, new.phone); END",
    "CREATE TRIGGER customers_customer_words_delete AFTER DELETE ON customers_customer BEGIN "
    "INSERT INTO customers_customer_words(customers_customer_words, rowid, name, email, phone) "
    "VALUES ('delete', old.id, old.name, old.email, old.phone); END",
    "CREATE TRIGGER customers_customer_words_update "
    "AFTER UPDATE OF name, email, phone ON customers_customer BEGIN "
    "INSERT INTO customers_customer_words(customers_customer_words, rowid, name, email, phone) "
    "VALUES ('delete', old.id, old.name, old.email, old.phone); "
    "INSERT INTO customers_customer_words(rowid, name, email, phone) "
    "VALUES (new.id, new.name, new.email, new.phone); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS customers_customer_words_insert",
    "DROP TRIGGER IF EXISTS customers_customer_words_delete",
    "DROP TRIGGER IF EXISTS customers_customer_words_update",
    "DROP TABLE IF EXISTS customers_customer_words",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    # Immutable (an index needs it): unaccent with its dictionary named is.
    "CREATE OR REPLACE FUNCTION accord_customer_words(name text, email text, phone text) "
    "RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT to_tsvector('simple'::regconfig, regexp_replace(public.unaccent("
    "'public.unaccent'::regdictionary, coalesce(name, '') || ' ' || coalesce(email, '') "
    "|| ' ' || coalesce(phone, '')), '[^[:alnum:]]+', ' ', 'g')) $$",
    "CREATE INDEX customer_words ON customers_customer "
    "USING gin (accord_customer_words(name, email, phone))",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS customer_words",
    "DROP FUNCTION IF EXISTS accord_customer_words(text, text, text)",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_contact_email_lower"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="identity",
            index=models.Index(fields=["value"], name="identity_value"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
