from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "intranet.mail"
    label = "mail"
    verbose_name = "Mail"
