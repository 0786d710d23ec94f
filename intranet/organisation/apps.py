from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "intranet.organisation"
    label = "organisation"
