from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "accord.voice"
    label = "voice"

    def ready(self) -> None:
        from accord.voice import checks  # noqa: F401  (registers the start-up check)
