from django.apps import AppConfig


class OwnershipConfig(AppConfig):
    name = "intranet.ownership"
    label = "ownership"
