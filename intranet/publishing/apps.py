from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "intranet.publishing"
    label = "publishing"
