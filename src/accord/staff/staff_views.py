"""Managing staff in the staff UI: the list, adding someone, roles, functions and
delegates (admins), and deactivation with the hand-over of their relationships.

Permission lives in accord.members.access (404 for everyone else); deactivation goes
through accord.relationships.departures, which moves or orphans the leaver's book.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accord.core.models import Function
from accord.members.access import (
    access_member_for_staff,
    access_staff_admin_for_staff,
    access_staff_list_for_staff,
    can_deactivate,
    deactivation_refusal,
    is_admin,
)
from accord.members.models import Role, StaffMember
from accord.members.services import StaffError, create_staff, update_staff
from accord.relationships.departures import deactivate_staff
from accord.relationships.queries import count_books
from accord.relationships.services import OwnershipError


def _working() -> Any:
    return StaffMember.objects.filter(is_active=True, left_at__isnull=True).order_by(
        "first_name", "last_name", "username"
    )


class StaffCreateForm(forms.Form):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, required=False, label="Last name")
    email = forms.EmailField(required=False)
    function = forms.ChoiceField(choices=Function.choices)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=True),
        label="Initial password",
        help_text="They can change it later; at least 12 characters.",
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if StaffMember.objects.filter(username__iexact=username).exists():
            raise ValidationError("Someone already has this username.")
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class StaffEditForm(forms.Form):
    function = forms.ChoiceField(choices=Function.choices)
    role = forms.ChoiceField(choices=Role.choices)
    title = forms.CharField(max_length=120, required=False)
    delegate = forms.ModelChoiceField(
        queryset=StaffMember.objects.none(), required=False, empty_label="Nobody"
    )
    away_until = forms.DateTimeField(
        required=False,
        label="Away until",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, member: StaffMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["delegate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _working().exclude(pk=member.pk)


class DeactivateForm(forms.Form):
    reassign_to = forms.ModelChoiceField(
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label="Nobody: show them as orphaned on the board",
        label="Hand their relationships over to",
    )

    def __init__(self, *args: Any, member: StaffMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reassign_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _working().exclude(pk=member.pk)


def _user(request: HttpRequest) -> StaffMember:
    user = request.user
    assert isinstance(user, StaffMember)
    return user


def staff_list(request: HttpRequest) -> HttpResponse:
    me = _user(request)
    access_staff_list_for_staff(me)
    people = list(
        StaffMember.objects.select_related("delegate").order_by(
            "-is_active", "first_name", "last_name", "username"
        )
    )
    books = count_books()
    for person in people:
        person.relationships = books.get(person.pk, 0)  # type: ignore[attr-defined]
    context = {"people": people, "can_create": is_admin(me)}
    return render(request, "staff/staff_list.html", context)


def staff_create(request: HttpRequest) -> HttpResponse:
    me = _user(request)
    access_staff_admin_for_staff(me)
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = create_staff(**form.cleaned_data, by=me)
        messages.success(request, f"{member} can now sign in.")
        return HttpResponseRedirect(f"/staff/{member.pk}/")
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/staff_create.html", {"form": form}, status=status)


def staff_detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    me = _user(request)
    member = access_member_for_staff(me, staff_id)
    edit_form = StaffEditForm(
        member=member,
        initial={
            "function": member.function,
            "role": member.role,
            "title": member.title,
            "delegate": member.delegate_id,
            "away_until": member.away_until,
        },
    )
    if request.method == "POST":
        access_staff_admin_for_staff(me)
        edit_form = StaffEditForm(request.POST, member=member)
        if edit_form.is_valid():
            data = edit_form.cleaned_data
            try:
                update_staff(
                    staff_id=member.pk,
                    by=me,
                    function=data["function"],
                    role=data["role"],
                    title=data["title"],
                    delegate_id=data["delegate"].pk if data["delegate"] else None,
                    away_until=data["away_until"],
                )
            except StaffError as error:
                edit_form.add_error(error.field, str(error))
            else:
                messages.success(request, f"{member} saved.")
                return HttpResponseRedirect(f"/staff/{member.pk}/")
    return _render_detail(request, member, edit_form, DeactivateForm(member=member))


def _render_detail(
    request: HttpRequest,
    member: StaffMember,
    edit_form: StaffEditForm,
    deactivate_form: DeactivateForm,
    status: int | None = None,
) -> HttpResponse:
    me = _user(request)
    bound = edit_form.is_bound or deactivate_form.is_bound
    context = {
        "member": member,
        "edit_form": edit_form,
        "deactivate_form": deactivate_form,
        "can_edit": is_admin(me) and member.is_active,
        "can_deactivate": member.is_active and can_deactivate(me, member),
        "relationships": member.owned_relationships.exclude(stage="departed").count(),
    }
    invalid = bound and (edit_form.errors or deactivate_form.errors)
    status = status or (400 if invalid else 200)
    return render(request, "staff/staff_detail.html", context, status=status)


@require_POST
def staff_deactivate(request: HttpRequest, staff_id: int) -> HttpResponse:
    me = _user(request)
    member = access_member_for_staff(me, staff_id)
    refusal = deactivation_refusal(me, member)
    if refusal is not None:
        # 403, not 404: a manager sees the staff list, so the person's existence is no
        # secret; the rank rule is, and it is said plainly. Nothing changes.
        messages.error(request, f"Refused: {refusal.capitalize()}. Nothing was changed.")
        edit_form = StaffEditForm(member=member, initial={"function": member.function})
        return _render_detail(request, member, edit_form, DeactivateForm(member=member), 403)
    form = DeactivateForm(request.POST, member=member)
    if form.is_valid():
        successor = form.cleaned_data["reassign_to"]
        try:
            departure = deactivate_staff(member, by=me, reassign_to=successor)
        except OwnershipError as error:
            form.add_error("reassign_to", str(error))
        else:
            if successor:
                done = f"{departure.relationships_moved} relationship(s) now belong to {successor}."
            else:
                done = f"{departure.relationships_orphaned} relationship(s) are now orphaned."
            messages.success(request, f"{member} is deactivated. {done}")
            return HttpResponseRedirect("/staff/")
    edit_form = StaffEditForm(member=member, initial={"function": member.function})
    return _render_detail(request, member, edit_form, form)
