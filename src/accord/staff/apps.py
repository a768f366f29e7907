from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "accord.staff"
    label = "staff"
