from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "intranet.security"
    label = "security"

    def ready(self):
        from .choosers import tolerate_bad_ids_in_choosers
        from .spreadsheets import neutralise_wagtail_exports

        neutralise_wagtail_exports()
        tolerate_bad_ids_in_choosers()
