"""Forms for a customer's record: create (with contacts and owner), edit details and
identities, change stage, team members, and the purpose asked of outsiders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from accord.core.models import Function
from accord.customers.models import CustomerKind, IdentityKind
from accord.promises.models import Promise, PromiseStatus, Side
from accord.relationships.models import Stage
from accord.staff.form_support import DeskForm, staff_choices


class CustomerDetailsForm(DeskForm):
    kind = forms.ChoiceField(
        choices=CustomerKind.choices, initial=CustomerKind.PERSON, widget=forms.RadioSelect
    )
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254, required=False)
    phone = forms.CharField(max_length=40, required=False, widget=forms.TextInput({"type": "tel"}))
    city = forms.CharField(max_length=100, required=False)
    country = forms.CharField(
        max_length=2, required=False, help_text="Two letters (ISO 3166), e.g. DE, FR, GB."
    )


class NewCustomerForm(CustomerDetailsForm):
    owner = forms.TypedChoiceField(coerce=int, label="Accountable owner")
    stage = forms.ChoiceField(choices=Stage.choices, initial=Stage.PROSPECT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [("", "Choose…"), *staff_choices()]


class ContactForm(DeskForm):
    name = forms.CharField(max_length=200, label="Contact name")
    email = forms.EmailField(max_length=254, label="Contact email")
    phone = forms.CharField(max_length=40, required=False, label="Contact phone")
    title = forms.CharField(max_length=120, required=False, label="Job title")


class BaseContactFormSet(forms.BaseFormSet):
    legend = "Contact"


ContactFormSet = forms.formset_factory(ContactForm, formset=BaseContactFormSet, extra=2)


class IdentityForm(DeskForm):
    kind = forms.ChoiceField(choices=IdentityKind.choices)
    source = forms.CharField(
        max_length=40, required=False, help_text="The platform or system, e.g. twitter, hubspot."
    )
    value = forms.CharField(max_length=254)


class StageForm(DeskForm):
    to_stage = forms.ChoiceField(choices=Stage.choices, label="New stage")
    reason = forms.CharField(max_length=200)
    # Departed ends the relationship (end_relationship): staff say which of our open
    # promises were delivered (kept); the others are cancelled with the reason.
    delivered_promise_ids = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="If departed: which of our open promises were delivered?",
        help_text="The others are cancelled with the reason; the customer sees both.",
    )

    def __init__(self, *args: Any, promises: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not promises:
            del self.fields["delivered_promise_ids"]
            return
        field = self.fields["delivered_promise_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(str(pk), description) for pk, description in promises]


def list_open_company_promises(customer_id: int) -> list[tuple[int, str]]:
    """(id, description) of our open promises to the customer, for the stage form."""
    return list(
        Promise.objects.filter(
            customer_id=customer_id, made_by_side=Side.COMPANY, status=PromiseStatus.OPEN
        )
        .order_by("due_at", "pk")
        .values_list("pk", "description")[:50]
    )


class TeamMemberForm(DeskForm):
    member = forms.TypedChoiceField(coerce=int, label="Teammate")
    function = forms.ChoiceField(choices=Function.choices)

    def __init__(
        self, *args: Any, staff: Sequence[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.TypedChoiceField)
        member.choices = [("", "Choose…"), *(staff_choices() if staff is None else staff)]


class PurposeForm(DeskForm):
    reason = forms.CharField(
        max_length=200,
        label="Why are you opening this record?",
        help_text="The customer sees this reason, with your name, in their portal.",
    )
