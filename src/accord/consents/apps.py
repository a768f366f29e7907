from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "accord.consents"
    label = "consents"
