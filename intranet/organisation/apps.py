from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "intranet.organisation"
    label = "organisation"

    def ready(self):
        from . import signal_handlers  # noqa: F401
