"""Forms for a customer's record: create (with contacts and owner), edit details and
identities, change stage, team members, and the purpose asked of outsiders."""

from __future__ import annotations

from typing import Any

from django import forms

from accord.core.models import Function
from accord.customers.models import CustomerKind, IdentityKind
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


class TeamMemberForm(DeskForm):
    member = forms.TypedChoiceField(coerce=int, label="Teammate")
    function = forms.ChoiceField(choices=Function.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.TypedChoiceField)
        member.choices = [("", "Choose…"), *staff_choices()]


class PurposeForm(DeskForm):
    reason = forms.CharField(
        max_length=200,
        label="Why are you opening this record?",
        help_text="The customer sees this reason, with your name, in their portal.",
    )
