"""Customer change notices: after the commit only, and batched where a bulk path asks."""

from __future__ import annotations

import pytest
from django.db import transaction

from accord.core import changes
from accord.core.changes import (
    batched_customer_changes,
    mark_customer_changed,
    mark_customers_changed,
)


@pytest.fixture
def heard(monkeypatch) -> list[list[int]]:
    calls: list[list[int]] = []
    # Only this test's listener: the scoring one would look for the customers.
    monkeypatch.setattr(changes, "_listeners", [calls.append])
    return calls


@pytest.mark.django_db
def test_each_commit_is_heard_on_its_own(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mark_customers_changed([2, 1, 2])
    with django_capture_on_commit_callbacks(execute=True):
        mark_customer_changed(3)
    assert heard == [[1, 2], [3]]


@pytest.mark.django_db
def test_a_batch_is_heard_once_at_its_end_without_rolled_back_changes(
    heard, django_capture_on_commit_callbacks
):
    with batched_customer_changes():
        with django_capture_on_commit_callbacks(execute=True):
            mark_customers_changed([1, 2])
        with django_capture_on_commit_callbacks(execute=True):
            mark_customer_changed(2)
            with pytest.raises(RuntimeError), transaction.atomic():
                mark_customer_changed(9)
                raise RuntimeError("rolled back")
        # A nested batch joins the outer one.
        with batched_customer_changes(), django_capture_on_commit_callbacks(execute=True):
            mark_customer_changed(3)
        assert heard == []
    assert heard == [[1, 2, 3]]
    with django_capture_on_commit_callbacks(execute=True):
        mark_customer_changed(4)
    assert heard == [[1, 2, 3], [4]]


@pytest.mark.django_db
def test_a_batch_left_by_an_error_still_tells_what_committed(
    heard, django_capture_on_commit_callbacks
):
    with pytest.raises(ValueError), batched_customer_changes():
        with django_capture_on_commit_callbacks(execute=True):
            mark_customer_changed(5)
        raise ValueError("the sync broke off")
    assert heard == [[5]]
