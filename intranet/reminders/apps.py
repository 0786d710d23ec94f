from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "intranet.reminders"
    label = "reminders"

    def ready(self):
        from . import signal_handlers  # noqa: F401
