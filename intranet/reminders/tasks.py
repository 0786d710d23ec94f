from django.core.management import call_command
from django_tasks import task


@task()
def send_review_reminders():
    call_command("send_review_reminders")


@task()
def notify_ownerless():
    """When someone leaves: the department's editors get one digest of the pages that became ownerless."""
    from .services import Stage, plan_reminders, send_digests

    send_digests(plan_reminders(stages={Stage.OWNERLESS}))
