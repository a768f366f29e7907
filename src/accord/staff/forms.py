"""Staff UI forms: the login form that refuses people who left or were deactivated, and
says plainly when too many failed sign-ins locked the account or the network."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accord.core.clients import client_address
from accord.members.models import FailureKind
from accord.members.signin_guard import lock_message


class StaffLoginForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and self.cleaned_data.get("password"):
            locked = lock_message(FailureKind.PASSWORD, username, client_address(self.request))
            if locked is not None:
                raise forms.ValidationError(locked, code="locked")
        return super().clean()

    def confirm_login_allowed(self, user: Any) -> None:
        # ModelBackend already refuses is_active=False; someone whose leaving date is
        # recorded must not get in either, even if the flag was forgotten.
        super().confirm_login_allowed(user)
        if not getattr(user, "is_working", True):
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
