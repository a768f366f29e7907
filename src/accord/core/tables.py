"""Table names for raw SQL, read from the model registry.

Raw SQL names its tables from `Model._meta.db_table` (or, in a domain below the model's
own, from `table("app.Model")`), so a renamed table fails where the name is read (at
import, in every test) instead of in the one query that nobody ran.
"""

from __future__ import annotations

from django.apps import apps


def table(label: str) -> str:
    """The table of the model `app_label.ModelName`, e.g. table("promises.Promise").

    For SQL in a lower layer that reads a higher domain's rows: importing the model
    would break the layering, the registry does not (and still fails on a rename)."""
    return apps.get_model(label)._meta.db_table
