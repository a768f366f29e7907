"""The insight engine's app config: listens for customer changes from the domains."""

from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "accord.scoring"
    label = "scoring"

    def ready(self) -> None:
        from accord.core.changes import register_customer_change_listener
        from accord.scoring.queue import on_customers_changed

        register_customer_change_listener(on_customers_changed)
