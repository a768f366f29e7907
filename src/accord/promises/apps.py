from django.apps import AppConfig


class PromisesConfig(AppConfig):
    name = "accord.promises"
    label = "promises"
