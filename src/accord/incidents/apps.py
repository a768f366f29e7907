from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "accord.incidents"
    label = "incidents"
