"""Portal URLs: the customer's side of the relationship, under /portal/."""

from django.urls import path

from accord.portal import views, views_controls, views_exit, views_incidents, views_signin

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views_signin.sign_in_page, name="sign_in"),
    path("sign-in/<str:token>/", views_signin.confirm, name="confirm"),
    path("sign-out/", views_signin.sign_out_view, name="sign_out"),
    path("timeline/", views.timeline, name="timeline"),
    path("requests/", views.requests_page, name="requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("problems/", views_incidents.incidents_page, name="incidents"),
    path("promises/", views.promises_page, name="promises"),
    path("promises/<int:promise_id>/", views.promise_detail, name="promise"),
    path("data/", views.held_data, name="data"),
    path("data/rectify/", views.rectify, name="rectify"),
    path("record-views/", views.record_views, name="record_views"),
    path("privacy/", views.privacy, name="privacy"),
    path("consents/", views_controls.consents_page, name="consents"),
    path("consents/receipts/<uuid:receipt_id>/", views_controls.receipt_download, name="receipt"),
    path("export/", views_controls.export_start, name="export_start"),
    path("exports/<uuid:export_id>/", views_controls.export_download, name="export"),
    path("erasure/", views_controls.erasure_request, name="erasure"),
    path("leave/", views_exit.leave_page, name="leave"),
    path("rejoin/", views_exit.rejoin, name="rejoin"),
]
