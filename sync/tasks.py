import logging

from django_tasks import task

from .service import sync_directory

logger = logging.getLogger(__name__)


def _sync(full):
    summary = sync_directory(full=full)
    for line in summary.lines():
        logger.info(line)


@task()
def sync_directory_incremental():
    _sync(full=False)


@task()
def sync_directory_full():
    """Nightly: an incremental run cannot see accounts deleted from the directory; a full one can."""
    _sync(full=True)
