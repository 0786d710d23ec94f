from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "intranet.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from . import signal_handlers  # noqa: F401
