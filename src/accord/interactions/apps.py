from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "accord.interactions"
    label = "interactions"
