"""Forms for the daily work on a relationship: log a touch, reply, note, reassign and
resolve a conversation, make and settle promises."""

from __future__ import annotations

from typing import Any

from django import forms

from accord.core.models import Channel, Direction, Function, InteractionKind
from accord.promises.models import PromiseKind, Side
from accord.staff.form_support import DeskForm, local_datetime_field

# What staff log by hand; chat, tickets and social arrive through their own channels.
LOG_CHANNELS = [
    (Channel.CALL, "Call"),
    (Channel.MEETING, "Meeting"),
    (Channel.NOTE, "Note"),
    (Channel.EMAIL, "Email"),
    (Channel.LETTER, "Letter"),
]


class LogInteractionForm(DeskForm):
    channel = forms.ChoiceField(choices=LOG_CHANNELS, label="What")
    direction = forms.ChoiceField(choices=Direction.choices)
    function = forms.ChoiceField(choices=Function.choices, label="On behalf of")
    kind = forms.ChoiceField(
        choices=InteractionKind.choices, initial=InteractionKind.OTHER, label="About"
    )
    occurred_at = local_datetime_field("When")
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=20000, required=False, widget=forms.Textarea({"rows": 4}), label="Notes"
    )


class ReplyForm(DeskForm):
    body = forms.CharField(
        max_length=20000,
        widget=forms.Textarea({"rows": 5}),
        label="Reply to the customer",
        help_text="The customer reads this in the portal, and by email if they agreed to it.",
    )


class InternalNoteForm(DeskForm):
    body = forms.CharField(
        max_length=20000,
        widget=forms.Textarea({"rows": 4}),
        label="Internal note",
        help_text="For colleagues only: the customer never sees it.",
    )


class ReassignForm(DeskForm):
    to = forms.TypedChoiceField(coerce=int, label="Reassign to")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose…"), *choices]


class ResolveForm(DeskForm):
    outcome = forms.CharField(
        max_length=2000, help_text="What came of it; the customer reads this in the portal."
    )
    note = forms.CharField(
        max_length=20000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        label="Internal note (optional)",
    )


class PromiseForm(DeskForm):
    made_by_side = forms.ChoiceField(
        choices=Side.choices, initial=Side.COMPANY, label="Who promises", widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(choices=PromiseKind.choices, initial=PromiseKind.CALLBACK)
    description = forms.CharField(max_length=300, label="What")
    due_at = local_datetime_field("Due")
    request = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BreakPromiseForm(DeskForm):
    reason = forms.CharField(max_length=300, label="Why it was broken")


class RenegotiatePromiseForm(DeskForm):
    due_at = local_datetime_field("New due date")
    reason = forms.CharField(max_length=300, label="Why it moves")


class CancelPromiseForm(DeskForm):
    reason = forms.CharField(max_length=300, required=False, label="Why (optional)")
