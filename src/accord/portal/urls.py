"""Portal URLs: the customer's side of the relationship, under /portal/."""

from django.urls import path

from accord.portal import (
    control_views,
    exit_views,
    incident_views,
    relationship_views,
    signin_views,
)

app_name = "portal"
urlpatterns = [
    path("", relationship_views.home, name="home"),
    path("sign-in/", signin_views.sign_in_page, name="sign_in"),
    path("sign-in/<str:token>/", signin_views.confirm, name="confirm"),
    path("sign-out/", signin_views.sign_out_view, name="sign_out"),
    path("timeline/", relationship_views.timeline, name="timeline"),
    path("requests/", relationship_views.requests_page, name="requests"),
    path("requests/<int:request_id>/", relationship_views.request_detail, name="request"),
    path("problems/", incident_views.incidents_page, name="incidents"),
    path("promises/", relationship_views.promises_page, name="promises"),
    path("promises/<int:promise_id>/", relationship_views.promise_detail, name="promise"),
    path("data/", relationship_views.held_data, name="data"),
    path("data/rectify/", relationship_views.rectify, name="rectify"),
    path("record-views/", relationship_views.record_views, name="record_views"),
    path("privacy/", relationship_views.privacy, name="privacy"),
    path("consents/", control_views.consents_page, name="consents"),
    path("consents/receipts/<uuid:receipt_id>/", control_views.receipt_download, name="receipt"),
    path("export/", control_views.export_start, name="export_start"),
    path("exports/<uuid:export_id>/", control_views.export_download, name="export"),
    path("erasure/", control_views.erasure_request, name="erasure"),
    path("leave/", exit_views.leave_page, name="leave"),
    path("rejoin/", exit_views.rejoin, name="rejoin"),
]
