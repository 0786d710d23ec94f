from django_tasks import task

from . import services
from .models import Stage


class RemindersNotSent(Exception):
    """Some digests did not go; the next run sends them (nothing was recorded for them)."""


@task()
def send_review_reminders():
    """The daily digests, as `manage.py send_review_reminders` sends them; fails when some did not go."""
    _, outcome = services.send_review_reminders()
    if outcome.shortfall():
        raise RemindersNotSent(outcome.shortfall())


@task()
def notify_ownerless():
    """When someone leaves: the department's editors get one digest of the pages that became ownerless."""
    services.send_digests(services.plan_reminders(stages={Stage.OWNERLESS}))
