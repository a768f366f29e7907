from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "accord.members"
    label = "members"
