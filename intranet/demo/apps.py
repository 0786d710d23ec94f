from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "intranet.demo"
    label = "demo"
