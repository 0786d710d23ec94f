from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "intranet.documents"
    label = "documents"
