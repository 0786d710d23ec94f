from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "intranet.people"
    label = "people"
    verbose_name = "People"
