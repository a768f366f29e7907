"""Permission-checked getters for the portal: another customer's object is a 404.

Contacts act for their organization, so the check is always on the viewer's customer id.
"""

from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404

from accord.consents.models import ConsentReceipt
from accord.interactions.models import Request
from accord.portal.models import ExportJob
from accord.portal.session import Viewer
from accord.promises.models import Promise


def access_request_for_viewer(request_id: int, viewer: Viewer) -> Request:
    return get_object_or_404(Request, pk=request_id, customer_id=viewer.customer_id)


def access_promise_for_viewer(promise_id: int, viewer: Viewer) -> Promise:
    return get_object_or_404(
        Promise.objects.select_related("staff"), pk=promise_id, customer_id=viewer.customer_id
    )


def access_receipt_for_viewer(receipt_id: UUID, viewer: Viewer) -> ConsentReceipt:
    return get_object_or_404(ConsentReceipt, receipt_id=receipt_id, customer_id=viewer.customer_id)


def access_export_for_viewer(export_id: UUID, viewer: Viewer) -> ExportJob:
    return get_object_or_404(ExportJob, pk=export_id, customer_id=viewer.customer_id)
