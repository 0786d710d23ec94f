from django_tasks import task

from . import services


@task()
def archive_overdue_pages():
    """The nightly archiving, as `manage.py archive_overdue_pages` does it."""
    services.archive_overdue_pages()
