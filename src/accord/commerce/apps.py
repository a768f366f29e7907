from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "accord.commerce"
    label = "commerce"
