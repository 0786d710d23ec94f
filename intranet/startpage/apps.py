from django.apps import AppConfig


class StartPageConfig(AppConfig):
    name = "intranet.startpage"
    label = "startpage"
    verbose_name = "Start page"
