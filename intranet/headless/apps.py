from django.apps import AppConfig


class HeadlessConfig(AppConfig):
    name = "intranet.headless"
    label = "headless"
