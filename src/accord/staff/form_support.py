"""What every desk form shares: errors beside their field (with aria links), domain
refusals mapped onto the field they name, and the page that re-renders an invalid form
with everything typed (400), so nothing the user entered is lost."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString

from accord.core.validation import ValidationProblem
from accord.members.models import StaffMember

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"
# Rendered empty forms (DeskForm.render), least recently used dropped past the limit.
_RENDERED: OrderedDict[tuple[Any, ...], SafeString] = OrderedDict()
_RENDERED_LOCK = threading.Lock()
_RENDERED_MAX = 512


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; values are in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL_DATETIME)


def local_datetime_field(label: str, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=LocalDateTimeInput(), input_formats=[LOCAL_DATETIME], **kwargs
    )


class DeskForm(forms.Form):
    """A form whose invalid fields point at their message (aria-describedby) so screen
    readers read the message with the field, and whose domain refusals land on a field."""

    template_name = "staff/partials/form_fields.html"

    def render(
        self, template_name: str | None = None, context: Any = None, renderer: Any = None
    ) -> SafeString:
        """An empty form renders to the same HTML every time, so it is rendered once.

        Why: the customer 360 shows six empty forms, and Django renders every widget,
        option and attribute through the template engine: ~20 of the page's ~60 ms of
        CPU. A bound or refused form (errors, typed values) always renders afresh.
        """
        if self.is_bound or getattr(self, "_errors", None) or template_name or context or renderer:
            return super().render(template_name, context, renderer)
        key = self._render_key()
        with _RENDERED_LOCK:
            html = _RENDERED.get(key)
            if html is not None:
                _RENDERED.move_to_end(key)
                return html
        html = super().render()
        with _RENDERED_LOCK:
            _RENDERED[key] = html
            while len(_RENDERED) > _RENDERED_MAX:
                _RENDERED.popitem(last=False)
        return html

    # Django binds these to the base class's render; point them at the one above.
    __str__ = render
    __html__ = render

    def _render_key(self) -> tuple[Any, ...]:
        """Everything the empty form's HTML depends on: its class, prefix, and for each
        field the initial value, widget attributes and choices (which may come from the
        database, e.g. staff names, so they are read each time)."""
        fields = []
        for name, field in self.fields.items():
            choices = getattr(field, "choices", None)
            fields.append(
                (
                    name,
                    repr(self.get_initial_for_field(field, name)),
                    field.required,
                    field.disabled,
                    str(field.label),
                    str(field.help_text),
                    type(field.widget).__qualname__,
                    repr(sorted(field.widget.attrs.items())),
                    None if choices is None else tuple((str(v), str(t)) for v, t in choices),
                )
            )
        kind = type(self)
        return (kind.__module__, kind.__qualname__, self.prefix, self.auto_id, *fields)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def add_problem(self, problem: ValidationProblem, fields: dict[str, str] | None = None) -> None:
        """Put a domain refusal beside the form field it names (`fields` maps a domain
        field name to a form field), or above the form when no field matches."""
        name = (fields or {}).get(problem.field, problem.field)
        message = getattr(problem, "message", str(problem))
        self.add_error(name if name in self.fields else None, message)


def staff_choices(queryset: Any = None) -> list[tuple[str, str]]:
    """(id, name) for working staff members, by name."""
    rows = (queryset if queryset is not None else StaffMember.objects).working()
    rows = rows.order_by("first_name", "last_name", "username")
    return [
        (str(pk), f"{first} {last}".strip() or username)
        for pk, first, last, username in rows.values_list(
            "pk", "first_name", "last_name", "username"
        )
    ]


def form_page(
    request: HttpRequest,
    *,
    title: str,
    form: forms.Form,
    action: str,
    back: str,
    submit: str,
    intro: str = "",
    extra_forms: list[forms.BaseFormSet] | None = None,
    status: int = 400,
) -> HttpResponse:
    """The form on a page of its own: where an invalid submission comes back (400) with
    every value typed and the message beside the field; also the no-JavaScript way in."""
    context = {
        "title": title,
        "form": form,
        "formsets": extra_forms or [],
        "action": action,
        "back": back,
        "submit": submit,
        "intro": intro,
    }
    return render(request, "staff/form_page.html", context, status=status)


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """To the page named in the form's `next` (same host only), else `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def user_of(request: HttpRequest) -> StaffMember:
    user = request.user
    assert isinstance(user, StaffMember)
    return user


def posted(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty: an empty form is an invalid one, not
    a blank one to show), None on GET."""
    return request.POST if request.method == "POST" else None
