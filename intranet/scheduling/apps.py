from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "intranet.scheduling"
    label = "scheduling"
