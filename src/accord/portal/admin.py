"""Admin for the portal's records: erasure requests (with a "process" action), exits.

Magic links and sign-in attempts are left out on purpose: they are security records,
and their hashes are of no use to a person.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from accord.portal.erasure import ErasureError, process_erasure
from accord.portal.models import ErasureRequest, ErasureStatus, ExitRecord


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "customer_id", "requested_at", "due_at", "status", "processed_at")
    list_filter = ("status",)
    ordering = ("status", "due_at")
    readonly_fields = ("customer", "requested_at", "due_at", "status", "processed_at")
    actions = ["process_selected"]

    @admin.action(description="Erase the selected customers now")
    def process_selected(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]) -> None:
        done = 0
        for erasure in queryset.filter(status=ErasureStatus.PENDING):
            try:
                process_erasure(erasure.pk, by=request.user)  # type: ignore[arg-type]
            except ErasureError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"{done} erasure(s) processed.", messages.SUCCESS)


@admin.register(ExitRecord)
class ExitRecordAdmin(admin.ModelAdmin):
    list_display = (
        "customer_id", "requested_at", "completed_at", "seconds", "steps",
        "forced_staff_contacts", "fee_total",
    )  # fmt: skip
    ordering = ("-requested_at",)
    readonly_fields = [field.name for field in ExitRecord._meta.fields]
