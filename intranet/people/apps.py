from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "intranet.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
