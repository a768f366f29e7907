from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "accord.members"
    label = "members"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accord.members.second_factor import note_at_sign_in

        user_logged_in.connect(note_at_sign_in, dispatch_uid="accord-second-factor-note")
