from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "intranet.groups"
    label = "groups"
    verbose_name = "Groups"
