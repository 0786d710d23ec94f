from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "intranet.security"
    label = "security"

    def ready(self):
        from .spreadsheets import neutralise_wagtail_exports

        neutralise_wagtail_exports()
