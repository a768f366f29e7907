"""Portal forms: each field error names the field, so a 400 says what and where."""

from __future__ import annotations

from django import forms

from accord.consents.models import Purpose
from accord.core.validation import MAX_ID


class EmailForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Your email address")


class RequestForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea, max_length=5000, required=False)


RECTIFIABLE_FIELDS = [
    ("name", "Name"),
    ("email", "Email address"),
    ("phone", "Phone number"),
    ("address", "Address or city"),
    ("other", "Something else"),
]


class RectificationForm(forms.Form):
    field = forms.ChoiceField(choices=RECTIFIABLE_FIELDS, label="What is wrong")
    correction = forms.CharField(max_length=250, label="What it should say")


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices)
    partner = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    decision = forms.ChoiceField(choices=[("grant", "Grant"), ("withdraw", "Withdraw")])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        is_sharing = data.get("purpose") == Purpose.PARTNER_SHARING
        if is_sharing and not data.get("partner"):
            self.add_error("partner", "Choose the partner to share with.")
        if not is_sharing and data.get("partner"):
            self.add_error("partner", "A partner only goes with partner sharing.")
        return data
