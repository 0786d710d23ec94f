from django.core.management import call_command
from django_tasks import task


@task()
def rebuild_search_index():
    """Build a new index beside the old one and swap them (Wagtail's atomic rebuild): no empty window."""
    # Wagtail's own command: its work has no function of its own to call.
    call_command("update_index", verbosity=0)


@task()
def retry_pending_index_updates():
    from wagtail.search.backends import get_search_backend

    from .backends import is_engine
    from .indexing import retry_pending_updates

    backend = get_search_backend()
    if is_engine(backend):
        retry_pending_updates(backend)


@task()
def prune_search_statistics():
    """The nightly clean-up, as `manage.py prune_search_statistics` does it."""
    from django.utils import timezone

    from .clicks import prune_search_statistics as prune

    prune(timezone.localdate())
