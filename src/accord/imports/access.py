"""Who may see an import run: managers (imports are theirs to run); others get 404."""

from __future__ import annotations

from django.http import Http404

from accord.imports.models import ImportRun
from accord.members.models import StaffMember


def access_import_run_for_staff(staff: StaffMember, run_id: int) -> ImportRun:
    """The run if `staff` is a manager, else Http404 (as for a run that does not exist)."""
    run = ImportRun.objects.filter(pk=run_id).first() if staff.is_manager else None
    if run is None:
        raise Http404("No such import run")
    return run
