from django.core.management import call_command
from django_tasks import task


@task()
def archive_overdue_pages():
    call_command("archive_overdue_pages")
