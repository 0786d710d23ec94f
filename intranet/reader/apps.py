from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    """The built-in reader site staff use every day: its layout, brand settings and the pages around the CMS's."""

    name = "intranet.reader"
    label = "reader"
    verbose_name = _("Reader site")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .page_cache import watch_writes

        connection_created.connect(watch_writes, dispatch_uid="reader-page-cache")
