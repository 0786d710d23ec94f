from django_tasks import task

from . import digest


class DigestsNotSent(Exception):
    """Some digests did not go; the next run sends them (nothing was recorded for them)."""


@task()
def send_notification_digests():
    """The daily digests, as `manage.py send_notification_digests` sends them; fails when some did not go."""
    outcome = digest.send_notification_digests()
    if outcome.shortfall():
        raise DigestsNotSent(outcome.shortfall())
