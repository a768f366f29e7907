from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "accord.voice"
    label = "voice"
