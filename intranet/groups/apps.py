from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "intranet.groups"
    label = "groups"
    verbose_name = "Groups"

    def ready(self):
        from . import signal_handlers  # noqa: F401
