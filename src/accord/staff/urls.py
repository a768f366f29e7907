"""Staff UI URLs. Every view here requires login (StaffLoginRequiredMiddleware)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accord.staff import (
    accountability_views,
    conversation_views,
    customer_360_views,
    customer_edit_views,
    customer_views,
    dashboard_views,
    exit_views,
    health_views,
    import_views,
    incident_views,
    insight_views,
    interaction_views,
    mail_views,
    partner_views,
    promise_views,
    purpose,
    scorecard_views,
    second_factor_views,
    staff_views,
    voice_views,
)
from accord.staff.forms import StaffLoginForm

app_name = "staff"
urlpatterns = [
    path("", customer_views.customer_list, name="customers"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html",
            authentication_form=StaffLoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/verify/", second_factor_views.verify_view, name="second-factor-verify"),
    path("account/second-factor/", second_factor_views.enrol_view, name="second-factor"),
    path("healthz", health_views.healthz, name="healthz"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("staff/", staff_views.staff_list, name="staff-list"),
    path("staff/new/", staff_views.staff_create, name="staff-create"),
    path("staff/<int:staff_id>/", staff_views.staff_detail, name="staff-detail"),
    path(
        "staff/<int:staff_id>/deactivate/",
        staff_views.staff_deactivate,
        name="staff-deactivate",
    ),
    path("insight/", insight_views.insight_book, name="insight"),
    path("partners/", partner_views.partner_list, name="partners"),
    path("partners/new/", partner_views.partner_create, name="partner-new"),
    path("partners/scorecards/", scorecard_views.scorecards, name="partner-scorecards"),
    path("partners/<int:partner_id>/", partner_views.partner_detail, name="partner"),
    path("partners/<int:partner_id>/tokens/", partner_views.token_issue, name="partner-token"),
    path(
        "partners/<int:partner_id>/tokens/<int:token_id>/revoke/",
        partner_views.token_revoke,
        name="partner-token-revoke",
    ),
    path("incidents/", incident_views.incident_list, name="incidents"),
    path("incidents/<int:incident_id>/", incident_views.incident_detail, name="incident"),
    path(
        "incidents/<int:incident_id>/attribute/",
        incident_views.incident_attribute,
        name="incident-attribute",
    ),
    path(
        "incidents/<int:incident_id>/<str:action>/",
        incident_views.incident_action,
        name="incident-action",
    ),
    path(
        "customers/<int:customer_id>/incidents/new/",
        incident_views.incident_open,
        name="customer-incident-new",
    ),
    path("insight/exits/", exit_views.exit_friction, name="exits"),
    path("book/", accountability_views.my_book, name="book"),
    path("voice/mentions/", voice_views.mentions_inbox, name="mentions"),
    path(
        "voice/mentions/<int:mention_id>/link/",
        voice_views.link_mention_view,
        name="mention-link",
    ),
    path("voice/escalations/", voice_views.escalations_list, name="escalations"),
    path(
        "voice/escalations/<int:escalation_id>/resolve/",
        voice_views.resolve_escalation_view,
        name="escalation-resolve",
    ),
    path("board/", accountability_views.board, name="board"),
    path("board/transfer/", accountability_views.board_transfer, name="board-transfer"),
    path("customers/new/", customer_edit_views.new_customer, name="customer-new"),
    path("customers/<int:customer_id>/", customer_360_views.customer_360, name="customer"),
    path("customers/<int:customer_id>/purpose/", purpose.purpose_view, name="customer-purpose"),
    path(
        "customers/<int:customer_id>/transfer/",
        customer_360_views.transfer,
        name="customer-transfer",
    ),
    path(
        "customers/<int:customer_id>/edit/", customer_edit_views.edit_customer, name="customer-edit"
    ),
    path(
        "customers/<int:customer_id>/identities/",
        customer_edit_views.add_identity_view,
        name="customer-identity-add",
    ),
    path(
        "customers/<int:customer_id>/identities/<int:identity_id>/remove/",
        customer_edit_views.remove_identity_view,
        name="customer-identity-remove",
    ),
    path(
        "customers/<int:customer_id>/stage/", customer_edit_views.stage_view, name="customer-stage"
    ),
    path(
        "customers/<int:customer_id>/team/", customer_edit_views.team_add_view, name="customer-team"
    ),
    path(
        "customers/<int:customer_id>/team/<int:membership_id>/remove/",
        customer_edit_views.team_remove_view,
        name="customer-team-remove",
    ),
    path(
        "customers/<int:customer_id>/log/",
        interaction_views.log_interaction_view,
        name="customer-log",
    ),
    path(
        "customers/<int:customer_id>/promises/",
        promise_views.make_promise_view,
        name="customer-promise",
    ),
    path("promises/<int:promise_id>/keep/", promise_views.keep_promise_view, name="promise-keep"),
    path(
        "promises/<int:promise_id>/break/", promise_views.break_promise_view, name="promise-break"
    ),
    path(
        "promises/<int:promise_id>/renegotiate/",
        promise_views.renegotiate_promise_view,
        name="promise-renegotiate",
    ),
    path(
        "promises/<int:promise_id>/cancel/",
        promise_views.cancel_promise_view,
        name="promise-cancel",
    ),
    path(
        "customers/<int:customer_id>/requests/",
        accountability_views.log_request,
        name="customer-log-request",
    ),
    path(
        "conversations/<int:conversation_id>/",
        conversation_views.conversation,
        name="conversation",
    ),
    path(
        "conversations/<int:conversation_id>/reply/",
        conversation_views.reply_view,
        name="conversation-reply",
    ),
    path(
        "conversations/<int:conversation_id>/note/",
        conversation_views.note_view,
        name="conversation-note",
    ),
    path(
        "conversations/<int:conversation_id>/reassign/",
        conversation_views.reassign_view,
        name="conversation-reassign",
    ),
    path(
        "conversations/<int:conversation_id>/resolve/",
        conversation_views.resolve_view,
        name="conversation-resolve",
    ),
    path("mail/", mail_views.inbox, name="mail-inbox"),
    path("mail/<int:message_id>/", mail_views.message_detail, name="mail-message"),
    path("mail/<int:message_id>/link/", mail_views.link, name="mail-link"),
    path("imports/", import_views.imports_home, name="imports"),
    path("imports/upload/", import_views.upload_file, name="imports-upload"),
    path("imports/<str:token>/", import_views.preview, name="import-preview"),
    path("imports/<str:token>/start/", import_views.start, name="import-start"),
    path("imports/<str:token>/runs/<int:run_id>/", import_views.run_status, name="import-run"),
    path(
        "imports/<str:token>/runs/<int:run_id>/progress/",
        import_views.run_progress,
        name="import-progress",
    ),
    path(
        "imports/<str:token>/runs/<int:run_id>/errors.csv",
        import_views.error_report,
        name="import-errors",
    ),
]
