"""Django's admin, for superusers only: the staff UI is where staff work (and where
admins manage staff), so the admin is an operator's tool, not linked from any page."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class AccordAdminConfig(AdminConfig):
    default_site = "accord.admin_site.SuperuserAdminSite"
