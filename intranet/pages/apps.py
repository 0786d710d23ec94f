from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "intranet.pages"
    label = "pages"
