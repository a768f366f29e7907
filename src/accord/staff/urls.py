"""Staff UI URLs. Every view here requires login (StaffLoginRequiredMiddleware)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accord.staff import accountability_views, customer_views, insight_views, views
from accord.staff.forms import StaffLoginForm
from accord.staff.stage_views import change_stage_view
from accord.staff.views_exits import exit_friction

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
    path("healthz", views.healthz, name="healthz"),
    path("insight/", insight_views.insight_book, name="insight"),
    path("insight/exits/", exit_friction, name="exits"),
    path("book/", accountability_views.my_book, name="book"),
    path("board/", accountability_views.board, name="board"),
    path("board/transfer/", accountability_views.board_transfer, name="board-transfer"),
    path("customers/<int:customer_id>/", accountability_views.customer_360, name="customer"),
    path(
        "customers/<int:customer_id>/transfer/",
        accountability_views.transfer,
        name="customer-transfer",
    ),
    path("customers/<int:customer_id>/stage/", change_stage_view, name="customer-stage"),
    path(
        "customers/<int:customer_id>/requests/",
        accountability_views.log_request,
        name="customer-log-request",
    ),
    path(
        "conversations/<int:conversation_id>/",
        accountability_views.conversation,
        name="conversation",
    ),
]
