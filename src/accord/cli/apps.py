from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "accord.cli"
    label = "cli"
