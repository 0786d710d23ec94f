from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "intranet.archive"
    label = "archive"

    def ready(self):
        from . import signal_handlers  # noqa: F401
