"""Staff UI forms: the login form that refuses people who left or were deactivated."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class StaffLoginForm(AuthenticationForm):
    def confirm_login_allowed(self, user: Any) -> None:
        # ModelBackend already refuses is_active=False; someone whose leaving date is
        # recorded must not get in either, even if the flag was forgotten.
        super().confirm_login_allowed(user)
        if getattr(user, "left_at", None) is not None:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
