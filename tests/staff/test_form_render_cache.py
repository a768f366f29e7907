"""Empty desk forms are rendered once and reused (staff/form_support.py): the reused HTML
still follows what it depends on, and a submitted form always renders afresh."""

from __future__ import annotations

import pytest

from accord.staff.customer_forms import TeamMemberForm
from accord.staff.interaction_views import log_form_for
from tests.conftest import make_staff


@pytest.mark.django_db
def test_a_new_colleague_appears_in_the_reused_form() -> None:
    make_staff("amber", function="support")
    first = str(TeamMemberForm(prefix="team"))
    assert "amber" in first.lower() and "zoltan" not in first.lower()
    assert str(TeamMemberForm(prefix="team")) == first  # reused
    make_staff("zoltan", function="sales")
    assert "zoltan" in str(TeamMemberForm(prefix="team")).lower()


@pytest.mark.django_db
def test_initial_values_and_prefix_are_part_of_the_reuse() -> None:
    sales, support = str(log_form_for("sales")), str(log_form_for("support"))
    assert 'value="sales" selected' in sales and 'value="support" selected' in support
    assert 'name="log-function"' in sales
    assert 'name="other-member"' in str(TeamMemberForm(prefix="other"))


@pytest.mark.django_db
def test_a_submitted_form_shows_what_was_typed_and_its_errors() -> None:
    make_staff("amber", function="support")
    empty = str(TeamMemberForm(prefix="team"))
    bound = TeamMemberForm({"team-member": "999999", "team-function": "sales"}, prefix="team")
    assert not bound.is_valid()
    html = str(bound)
    assert html != empty and "field-error" in html and 'value="sales" selected' in html
