from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    label = "directory_sync"
    verbose_name = "Directory sync"
