"""Requests (cases, tickets): each imported request opens its own conversation, kept in
step with the request's subject and status on re-runs."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection

from accord.core import validation
from accord.core.bulk import insert_columns
from accord.core.models import Function, InteractionKind
from accord.imports import dbvalues, store
from accord.imports.specs.activity import moment
from accord.imports.specs.base import Field, Problem, Row, Spec, staff_field
from accord.interactions.models import Conversation, Request, RequestStatus
from accord.interactions.validators import INTERACTION_FIELDS

if TYPE_CHECKING:
    from accord.imports.engine import Chunk

# A request imported without a due time is due a day after it arrived.
DEFAULT_RESPONSE_TIME = timedelta(days=1)


def _request_rules(values: dict[str, Any]) -> list[Problem]:
    if values["due_at"] is None:
        values["due_at"] = values["received_at"] + DEFAULT_RESPONSE_TIME
    if values["status"] == RequestStatus.RESOLVED and values["resolved_at"] is None:
        return [("resolved_at", "a resolved request needs resolved_at")]
    return []


class RequestSpec(Spec):
    def insert(self, chunk: Chunk, rows: list[Row]) -> None:
        if not rows:
            return
        write_time = dbvalues.writer("datetime", chunk.ctx.vendor)
        ids = store.allocate_ids(Conversation, len(rows))
        for row, conversation_id in zip(rows, ids, strict=True):
            row.values["conversation_id"] = conversation_id
        insert_columns(
            Conversation,
            {
                "id": ids,
                "customer_id": [row.values["customer_id"] for row in rows],
                **_conversation_columns(rows, write_time),
            },
        )
        store.insert_rows(chunk, self, rows, extra={"conversation_id": ids})

    def update(self, chunk: Chunk, rows: list[Row]) -> None:
        if not rows:
            return
        store.update_rows(chunk, self, rows)
        write_time = dbvalues.writer("datetime", chunk.ctx.vendor)
        columns = _conversation_columns(rows, write_time)
        names = list(columns)
        sql = (
            f"UPDATE {Conversation._meta.db_table} SET "
            + ", ".join(f"{name} = %s" for name in names)
            + f" WHERE id = (SELECT conversation_id FROM {Request._meta.db_table} WHERE id = %s)"
        )
        params = [
            [columns[name][i] for name in names] + [row.object_id] for i, row in enumerate(rows)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _conversation_columns(rows: list[Row], write_time: Any) -> dict[str, list[Any]]:
    def last_activity(values: dict[str, Any]) -> Any:
        moments = [values["received_at"], values["first_response_at"], values["resolved_at"]]
        return max(moment for moment in moments if moment is not None)

    return {
        "kind": [row.values["kind"] for row in rows],
        "subject": [row.values["subject"] for row in rows],
        "status": [row.values["status"] for row in rows],
        "opened_at": [write_time(row.values["received_at"]) for row in rows],
        "last_activity_at": [write_time(last_activity(row.values)) for row in rows],
        "resolved_at": [write_time(row.values["resolved_at"]) for row in rows],
        "outcome": [row.values["outcome"] for row in rows],
    }


REQUESTS = RequestSpec(
    entity="requests",
    model=Request,
    check=_request_rules,
    fields=(
        Field("channel", INTERACTION_FIELDS["channel"], required=True),
        Field("kind", INTERACTION_FIELDS["kind"], default=InteractionKind.REQUEST),
        Field(
            "received_by_function",
            validation.choice("received_by_function", Function, default=""),
            default="",
        ),
        Field("subject", validation.text("subject", 200, required=True), required=True),
        Field("body", INTERACTION_FIELDS["body"]),
        Field("status", validation.choice("status", RequestStatus), default=RequestStatus.OPEN),
        moment("received_at", required=True),
        moment("due_at"),
        moment("first_response_at"),
        moment("resolved_at"),
        Field("outcome", validation.text("outcome", 10_000, multiline=True)),
        staff_field("assigned_to_email", "assigned_to_id"),
    ),
)
