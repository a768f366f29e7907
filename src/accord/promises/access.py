"""Who may settle a promise: the customer's owner, team and managers; others get 404."""

from __future__ import annotations

from django.http import Http404

from accord.members.models import StaffMember
from accord.promises.models import Promise
from accord.relationships.access import access_relationship_for_team_work


def access_promise_for_team_work(staff: StaffMember, promise_id: int) -> Promise:
    """The promise (with its customer) if `staff` may change it, else Http404."""
    promise = Promise.objects.select_related("customer").filter(pk=promise_id).first()
    if promise is None:
        raise Http404("No such promise")
    access_relationship_for_team_work(staff, promise.customer_id)
    return promise
