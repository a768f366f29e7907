from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "accord.relationships"
    label = "relationships"
