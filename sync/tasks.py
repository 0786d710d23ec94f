from django.core.management import call_command
from django_tasks import task


@task()
def sync_directory_incremental():
    call_command("sync_directory", verbosity=0)


@task()
def sync_directory_full():
    """Nightly: an incremental run cannot see accounts deleted from the directory; a full one can."""
    call_command("sync_directory", "--full", verbosity=0)
